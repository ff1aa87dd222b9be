"""The one atomic writer: a file is replaced whole, or left as it was."""

from pathlib import Path

import pytest

from sitrep import write
from sitrep.errors import SitrepError


def test_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a" / "sheet.yaml"
    write.atomic(target, b"first\n")
    write.atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["sheet.yaml"]


def test_atomic_failure_says_which_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "sent.json").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(SitrepError) as caught:
        write.atomic(tmp_path / "sent.json", b"{}", "reports/2024-01-12/sent.json")
    assert str(caught.value) == "cannot write reports/2024-01-12/sent.json: Is a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sent.json"]
