"""A build that fails writes nothing; a killed build loses nothing; builds take turns."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run, snapshot

CONFIG_END = "series_end: 2024-01-26\n"
DAYS = ["2024-01-05", "2024-01-12", "2024-01-19", "2024-01-26"]

#: Run the CLI, but die (SIGKILL, no clean-up) at the Nth rename of the writer.
KILLED_AT = """
import os, signal, sys
from sitrep import write
count = 0
real = os.replace
def replace(src, dst):
    global count
    count += 1
    if count == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
write.os.replace = replace
from sitrep.cli import main
main(sys.argv[2:])
"""


@pytest.fixture
def series(minimal: Path) -> Path:
    cfg = minimal / "config.yaml"
    cfg.write_text(cfg.read_text() + CONFIG_END)
    assert run("build", "-w", minimal, "--all", "-j", "1").exit_code == 0
    return minimal


def correct(ws: Path) -> None:
    """A correction to a figure issues 2 to 4 showed: each of them is revised."""
    sheet = ws / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("    value: 1500\n", "    value: 1400\n"))


def test_a_file_in_the_way_changes_nothing(series: Path) -> None:
    """Issue 4's folder is a file: issues 2 and 3 must stay as they were published."""
    correct(series)
    last = series / "reports" / DAYS[3]
    for path in last.iterdir():
        path.unlink()
    last.rmdir()
    last.write_text("not a folder")
    before = snapshot(series / "reports")
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"sitrep: cannot write to {series / 'reports'}: ")
    assert result.stderr.splitlines()[-1].endswith("; nothing was written")
    assert snapshot(series / "reports") == before
    assert sorted(p.name for p in (series / "reports").iterdir()) == [
        ".sitrep-manifest.json", *DAYS, "index.html", "index.md"]


@pytest.mark.parametrize("kill_at", [1, 3, 5, 9, 14, 20])
def test_a_killed_build_loses_no_published_pdf(series: Path, kill_at: int) -> None:
    published = {day: (series / "reports" / day / f"minimal-{day}.pdf").read_bytes()
                 for day in DAYS}
    correct(series)
    before = snapshot(series / "reports")
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, str(kill_at), "build", "-w",
                             str(series), "--all", "-j", "1"], capture_output=True, cwd=ROOT)
    assert killed.returncode == -9, killed.stderr
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    # whatever the kill left, the published PDFs are the earlier versions now
    for day in DAYS[1:]:
        folder = series / "reports" / day
        assert (folder / f"minimal-{day}-v1.pdf").read_bytes() == published[day], day
        assert not (folder / f"minimal-{day}-v2.pdf").exists()
        assert "more than 1,400" in (folder / f"minimal-{day}.md").read_text()
    assert (series / "reports" / DAYS[0] / f"minimal-{DAYS[0]}.pdf").read_bytes() == \
        published[DAYS[0]]
    assert not [p for p in (series / "reports").iterdir() if p.name.startswith(".tmp-")]
    assert not (series / "reports" / ".sitrep-journal.json").exists()
    assert before  # the kill happened after a full build


def test_staging_left_by_a_killed_run_is_removed(series: Path) -> None:
    stale = series / "reports" / ".tmp-abandoned"
    (stale / "2024-01-05").mkdir(parents=True)
    (stale / "2024-01-05" / "minimal-2024-01-05.md").write_text("half")
    correct(series)
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    assert not stale.exists()


def test_two_builds_of_one_workspace_take_turns(series: Path) -> None:
    from sitrep import write

    correct(series)
    command = [sys.executable, "-m", "sitrep", "build", "-w", str(series), "--all", "-j", "1"]
    with write.locked(series, "the workspace"):
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=ROOT)
        time.sleep(3)  # time enough to check, resolve and render, if it did not wait
        assert proc.poll() is None, "the second build did not wait for the first"
        assert "more than 1,500" in (series / "reports" / DAYS[1] / "minimal-2024-01-12.md"
                                     ).read_text()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "revised 2024-01-12" in out


def test_an_output_folder_that_loops_is_a_message(minimal: Path) -> None:
    (minimal / "reports").symlink_to(minimal / "reports2")
    (minimal / "reports2").symlink_to(minimal / "reports")
    result = run("build", "-w", minimal, "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == ("sitrep: the output folder reports is a loop of symbolic links "
                             "(make it a real folder, or set paths.output in config.yaml)\n")
