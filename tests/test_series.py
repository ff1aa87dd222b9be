"""The series: --all, incremental rebuilds, parallel output, revisions, the index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import run, snapshot

CONFIG_END = "series_end: 2024-01-26\n"
UP_TO_DATE = ("4 issues up to date: nothing they are made from has changed since they were "
              "built, and their files are intact (--force builds them again)\n")
TEACHERS = """  - measure: killed
    population: teachers
    location: Beta
    kind: flow
    period: {start: 2024-01-08, end: 2024-01-09}
    value: 3
    source: agency
"""


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
    assert ("| No. 2 | 12 January 2024 | more than 1,500 (10 Jan) | "
            "12 (6\u2009–\u200911 January 2024), claimed by Test Militia |") in index


def test_no_change_rebuild_writes_nothing(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    before = snapshot(series / "reports")
    result = run("build", "-w", series, "--all")
    assert result.exit_code == 0
    assert result.output == UP_TO_DATE
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
    # the displacement figure of 10 January is shown by issues 2 to 4, not by issue 1
    sheet.write_text(sheet.read_text().replace("    value: 1500\n", "    value: 1600\n"))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    after = built_files(series)
    changed = sorted({k.split("/")[0] for k in after if after[k] != before.get(k)})
    assert changed == ["2024-01-12", "2024-01-19", "2024-01-26", "index.html", "index.md"]
    assert result.output.splitlines()[-1] == "built 3 issues; 1 issue up to date"


def test_a_correction_is_stated_and_the_earlier_pdf_kept(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    folder = series / "reports" / "2024-01-12"
    published = (folder / "minimal-2024-01-12.pdf").read_bytes()
    sheet = series / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("    value: 1500\n", "    value: 1400\n"))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert ("revised 2024-01-12: 1 figure changed since it was published; the earlier PDF is "
            "kept as minimal-2024-01-12-v1.pdf" in result.output.splitlines())
    text = (folder / "minimal-2024-01-12.md").read_text()
    notice = ("People displaced in Alpha (Test Agency) changed from more than 1,500 to more "
              "than 1,400.")
    assert f"> **Revised on {date.today():%-d %B %Y}:** {notice}" in text
    assert (folder / "minimal-2024-01-12-v1.pdf").read_bytes() == published
    from pypdf import PdfReader

    pdf_text = " ".join(p.extract_text() for p in PdfReader(folder / "minimal-2024-01-12.pdf")
                        .pages)
    assert notice in " ".join(pdf_text.split())
    manifest = json.loads((series / "reports" / ".sitrep-manifest.json").read_text())
    revision = manifest["issues"]["2024-01-12"]["revisions"][0]
    assert (revision["before"]["value"], revision["after"]["value"]) == (1500, 1400)
    assert revision["before"]["qualifier"] == "more_than"
    assert "(revised)" in (series / "reports" / "index.md").read_text()
    # issue 3 showed the same figure: revised too, and the earlier issues keep one notice
    assert "revised 2024-01-19: 1 figure" in result.output
    again = run("build", "-w", series, "--all", "--force", "-j", "1")
    assert again.exit_code == 0 and "revised" not in again.output
    assert (folder / "minimal-2024-01-12.md").read_text().count("Revised on") == 1
    assert not (folder / "minimal-2024-01-12-v2.pdf").exists()
    kept = json.loads((series / "reports" / ".sitrep-manifest.json").read_text())
    assert kept["issues"]["2024-01-12"]["kept"] == ["minimal-2024-01-12-v1.pdf"]  # after --force
    assert (folder / "minimal-2024-01-12-v1.pdf").read_bytes() == published


def test_a_changed_figure_outside_the_key_figures_is_a_revision(series: Path) -> None:
    sheet = series / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("access:\n", TEACHERS + "access:\n"))
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    folder = series / "reports" / "2024-01-12"
    published = (folder / "minimal-2024-01-12.pdf").read_bytes()
    sheet.write_text(sheet.read_text().replace(TEACHERS, TEACHERS.replace("3\n", "4\n")))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert ("revised 2024-01-12: 1 figure changed since it was published; the earlier PDF is "
            "kept as minimal-2024-01-12-v1.pdf" in result.output.splitlines())
    assert (folder / "minimal-2024-01-12-v1.pdf").read_bytes() == published
    assert ("Teachers killed in Beta (Test Agency) changed from 3 to 4."
            in (folder / "minimal-2024-01-12.md").read_text())
    # teachers are in no key figure and no trend: no later issue shows them
    assert [line for line in result.output.splitlines() if line.startswith("revised")] == [
        "revised 2024-01-12: 1 figure changed since it was published; the earlier PDF is kept "
        "as minimal-2024-01-12-v1.pdf"]
    assert result.output.splitlines()[-1] == "built 1 issue; 3 issues up to date"


def test_a_new_locale_rebuilds_without_revising(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    cfg = series / "config.yaml"
    cfg.write_text(cfg.read_text().replace("locale: en_GB", "locale: de_DE"))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "revised" not in result.output
    assert result.output.splitlines()[-1] == "built 4 issues"
    text = (series / "reports" / "2024-01-12" / "minimal-2024-01-12.md").read_text()
    assert "mehr als 1.500" in text or "more than 1.500" in text
    assert "Revised" not in text
    assert list((series / "reports").glob("*/*-v*.pdf")) == []


@pytest.mark.parametrize("change", ["delete", "edit"])
def test_a_missing_or_edited_file_is_built_again(series: Path, change: str) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    pdf = series / "reports" / "2024-01-19" / "minimal-2024-01-19.pdf"
    original = pdf.read_bytes()
    if change == "delete":
        pdf.unlink()
    else:
        middle = len(original) // 2  # same size: only the digest tells
        pdf.write_bytes(original[:middle] + bytes([original[middle] ^ 1]) + original[middle + 1:])
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "wrote reports/2024-01-19/minimal-2024-01-19.md",
        "wrote reports/2024-01-19/minimal-2024-01-19.html",
        "wrote reports/2024-01-19/minimal-2024-01-19-displacement.svg",
        "wrote reports/2024-01-19/minimal-2024-01-19.pdf",
        "built 1 issue; 3 issues up to date"]  # the index is the same: not written again
    assert pdf.read_bytes() == original
    assert run("build", "-w", series, "--all").output == UP_TO_DATE


def test_an_unreadable_manifest_builds_everything_again(series: Path) -> None:
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    for text in ("[]", '"x"', '{"issues": {"2024-01-05": "x"}}', "[" * 100_000, "{"):
        (series / "reports" / ".sitrep-manifest.json").write_text(text)
        result = run("build", "-w", series, "--all", "-j", "1", "--no-pdf")
        assert result.exit_code == 0, (text[:20], result.output)


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


def test_only_editions_whose_inputs_changed_are_rendered(series: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolved report, the templates and the config decide what is rendered again; an
    issue whose inputs are unchanged is not rendered to find out that it is unchanged."""
    from sitrep import render

    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    rendered: list[str] = []
    real = render.report

    def counting(ws: object, rep: object, *args: object, **kwargs: object) -> object:
        rendered.append(rep.issue.date.isoformat())  # type: ignore[attr-defined]
        return real(ws, rep, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "report", counting)
    sheet = series / "facts" / "facts.yaml"
    # the access constraint of 11 January is shown by issue 2 only
    sheet.write_text(sheet.read_text().replace("Checkpoints closed the road to Alpha.",
                                               "Checkpoints closed both roads to Alpha."))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert rendered == ["2024-01-12"]
    assert result.output.splitlines()[-1] == "built 1 issue; 3 issues up to date"
    rendered.clear()
    templates = series / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text('{% extends "builtin/report.md.j2" %}\n')
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert rendered == ["2024-01-05", "2024-01-12", "2024-01-19", "2024-01-26"]


def test_strict_fails_on_warnings_even_when_nothing_changed(series: Path) -> None:
    sheet = series / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("      - Displacement in Alpha rose.\n",
                                               "      - Displacement in Alpha rose by 77.\n"))
    assert run("build", "-w", series, "--date", "2024-01-12").exit_code == 0
    result = run("build", "-w", series, "--date", "2024-01-12", "--strict")
    assert result.exit_code == 1
    assert '"77" is not a figure of this issue' in result.output


def test_an_editions_digest_reads_the_report_as_repr_writes_it(tmp_path: Path) -> None:
    """The digest that decides whether an edition is rendered again writes each report out
    with a cache for fact-sheet objects; it must write exactly what repr writes, or a
    change could go unnoticed."""
    from sitrep import build, calendar, render, resolve
    from sitrep import series as digests
    from tests.conftest import ROOT

    ws, facts, _ = build.check(ROOT)
    memo, seen = resolve.Memo(), {}
    for day in calendar.dates(ws.config, None, ws.config.series_end):
        report = resolve.report(ws, facts, day, memo)
        assert digests.written(report, seen) == repr(report)
        french = render.in_language(ws, facts, report, "fr")
        assert digests.written(french, seen) == repr(french)
    assert seen  # fact-sheet objects were met again and written from the cache


def test_the_toolchain_digest_knows_each_packages_installed_version() -> None:
    """A new release of a package that renders PDFs must make every edition be built again:
    the versions the digest reads are the ones importlib.metadata reports."""
    from importlib.metadata import version

    from sitrep import series as digests

    installed = digests._installed()
    assert {name: installed.get(name) for name in digests._PACKAGES} == {
        name: version(name) for name in digests._PACKAGES}


def test_an_issue_resolved_as_when_last_built_is_left_with_its_revisions(series: Path) -> None:
    """After a correction, a figure that only the last issue can see rebuilds that issue:
    the corrected issues, resolved exactly as when they were last built, are not worked out
    again, and keep their one revision notice."""
    assert run("build", "-w", series, "--all", "-j", "1").exit_code == 0
    sheet = series / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("    value: 1500\n", "    value: 1400\n"))
    assert "revised 2024-01-12" in run("build", "-w", series, "--all", "-j", "1").output
    before = built_files(series)
    sheet.write_text(sheet.read_text().replace("access:\n", """  - measure: displaced
    location: Alpha
    kind: stock
    as_of: 2024-01-24
    value: 1450
    source: agency
access:
""", 1))
    result = run("build", "-w", series, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "built 1 issue; 3 issues up to date"
    after = built_files(series)
    assert sorted({k.split("/")[0] for k in after if after[k] != before.get(k)}) == [
        "2024-01-26", "index.html", "index.md"]
    text = (series / "reports" / "2024-01-19" / "minimal-2024-01-19.md").read_text()
    assert text.count("Revised on") == 1
    manifest = json.loads((series / "reports" / ".sitrep-manifest.json").read_text())
    assert all(manifest["issues"][day].get("resolved") for day in
               ("2024-01-05", "2024-01-12", "2024-01-19", "2024-01-26"))
    assert run("build", "-w", series, "--all").output == UP_TO_DATE


def test_a_template_moved_out_of_use_rebuilds_the_issue(minimal: Path) -> None:
    """A template moved into a subfolder is no longer used: the issue is built again with
    the built-in one, though the file's name and bytes are the same."""
    from sitrep.render import templating

    builtin = (templating.BUILTIN / "report.md.j2").read_text()
    custom = minimal / "templates" / "report.md.j2"
    custom.parent.mkdir(exist_ok=True)
    custom.write_text("CUSTOM\n" + builtin)
    assert run("build", "-w", minimal, "--date", "2024-01-12").exit_code == 0
    text = minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.md"
    assert text.read_text().startswith("CUSTOM")
    (custom.parent / "old").mkdir()
    custom.rename(custom.parent / "old" / "report.md.j2")
    result = run("build", "-w", minimal, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "built 1 issue"
    assert not text.read_text().startswith("CUSTOM")
