"""The series: --all, incremental rebuilds, parallel output, revisions, the index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run, snapshot

CONFIG_END = "series_end: 2024-01-26\n"


@pytest.fixture
def series(minimal: Path) -> Path:
    """The minimal workspace as a closed series of four issues."""
    cfg = minimal / "config.yaml"
    cfg.write_text(cfg.read_text() + CONFIG_END)
    return minimal


def built_files(ws: Path) -> dict[str, tuple[bytes, int]]:
    return {k: v for k, v in snapshot(ws / "reports").items() if not k.startswith(".")}


def test_all_builds_every_issue_and_the_index(series: Path) -> None:
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    days = ["2024-01-05", "2024-01-12", "2024-01-19", "2024-01-26"]
    for day in days:
        assert (series / "reports" / day / f"minimal-{day}.pdf").is_file()
    index = (series / "reports" / "index.md").read_text()
    for number, day in enumerate(days, start=1):
        assert f"| No. {number} |" in index
        assert f"[PDF]({day}/minimal-{day}.pdf)" in index
    assert "| No. 2 | 12 January 2024 | more than 1,500 | 12 |" in index


def test_no_change_rebuild_writes_nothing(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    before = snapshot(series / "reports")
    result = run("build", "-w", series, "--all")
    assert result.exit_code == 0
    assert result.output == "4 issues unchanged (--force builds them again)\n"
    assert snapshot(series / "reports") == before


def test_force_builds_again_identically(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    before = {k: v[0] for k, v in built_files(series).items()}
    result = run("build", "-w", series, "--all", "--force", "-j", "1")
    assert result.exit_code == 0 and "unchanged" not in result.output
    assert {k: v[0] for k, v in built_files(series).items()} == before


def test_parallel_output_is_identical_to_serial(series: Path, tmp_path: Path) -> None:
    other = tmp_path / "parallel"
    import shutil

    shutil.copytree(series, other)
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    assert run("build", "-w", other, "--all", "-j", "2").exit_code == 0
    serial = {k: v[0] for k, v in built_files(series).items()}
    parallel = {k: v[0] for k, v in built_files(other).items()}
    assert serial.keys() == parallel.keys()
    assert [k for k in serial if serial[k] != parallel[k]] == []


def test_a_change_rebuilds_only_the_issues_it_affects(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    before = built_files(series)
    sheet = series / "facts" / "facts.yaml"
    # the militia's claim is a flow reported in issue 2's week only, not in any trend
    sheet.write_text(sheet.read_text().replace("    value: 12\n", "    value: 13\n"))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    after = built_files(series)
    changed = sorted({k.split("/")[0] for k in after if after[k] != before.get(k)})
    assert changed == ["2024-01-12", "index.html", "index.md"]
    assert "3 issues unchanged" in result.output


def test_a_correction_is_stated_and_the_earlier_pdf_kept(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    folder = series / "reports" / "2024-01-12"
    published = (folder / "minimal-2024-01-12.pdf").read_bytes()
    sheet = series / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("    value: 1500\n", "    value: 1400\n"))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert ("revised 2024-01-12: its key figures changed; the earlier PDF is kept beside it"
            in result.output.splitlines())
    text = (folder / "minimal-2024-01-12.md").read_text()
    assert "changed from more than 1,500 to more than 1,400." in text
    assert (folder / "minimal-2024-01-12-v1.pdf").read_bytes() == published
    from pypdf import PdfReader

    pdf_text = " ".join(p.extract_text() for p in PdfReader(folder / "minimal-2024-01-12.pdf")
                        .pages)
    assert "changed from more than 1,500 to more than 1,400" in " ".join(pdf_text.split())
    manifest = json.loads((series / "reports" / ".sitrep-manifest.json").read_text())
    assert manifest["issues"]["2024-01-12"]["revisions"][0]["from"] == "more than 1,500"
    assert "(revised)" in (series / "reports" / "index.md").read_text()


def test_range_and_bad_range(series: Path) -> None:
    result = run("build", "-w", series, "--from", "2024-01-10", "--to", "2024-01-20", "-j", "1",
                 "--no-pdf")
    assert result.exit_code == 0
    assert sorted(p.name for p in (series / "reports").iterdir()) == ["2024-01-12",
                                                                      "2024-01-19"]
    result = run("build", "-w", series, "--from", "2024-02-10", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == ("sitrep: no issue of the series falls between 2024-02-10 and "
                             "2024-01-26\n")
    result = run("build", "-w", series, "--all", "--date", "2024-01-12")
    assert result.exit_code == 2


def test_killed_worker_leaves_nothing_half_written(series: Path) -> None:
    """Kill a PDF worker mid-build: the build fails cleanly, and the next one completes."""
    assert run("build", "-w", series, "--date", "2024-01-05").exit_code == 0
    before = snapshot(series / "reports")
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "build", "-w", str(series),
                             "--all", "--force", "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 30
    worker = ""
    while not worker and time.monotonic() < deadline and proc.poll() is None:
        worker = children.read_text().split()[0] if children.read_text().split() else ""
        time.sleep(0.01)
    assert worker, "no worker process appeared"
    time.sleep(0.3)  # let it start on a PDF
    os.kill(int(worker), signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, out + err
    assert err.splitlines()[-1] == ("sitrep: a PDF worker stopped before it finished; nothing "
                                    "was written (run the build again)")
    assert snapshot(series / "reports") == before
    assert not [p for p in (series / "reports").iterdir() if p.name.startswith(".tmp-")]
    assert run("build", "-w", series, "--all", "-j", "2").exit_code == 0
    assert len(list((series / "reports").glob("*/minimal-*.pdf"))) == 4
