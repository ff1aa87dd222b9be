"""load reads every input; validate checks what was read and reads nothing itself."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitrep import load, validate


def test_validate_reads_no_file(minimal: Path) -> None:
    ws = load.workspace(minimal)
    read = load.inputs(ws)
    assert [d.path for d in read.documents] == ["facts/facts.yaml"]
    assert [a.path for a in read.articles] == ["articles/update-1.md"]
    shutil.rmtree(minimal / "facts")
    shutil.rmtree(minimal / "articles")
    facts, warnings = validate.facts(ws, read)
    assert (len(facts.sources), len(facts.figures), len(facts.access),
            sorted(facts.articles), warnings) == (2, 3, 1, ["update-1"], [])
    assert facts.figures[0].quote == "About 1,000 people fled Alpha."
