"""The command line: help texts that the README repeats, init, check, default date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.cli import main
from tests.conftest import ROOT, run

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_readme_shows_current_help(command: str) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = run(*args)
    assert result.exit_code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```text\n{result.output}```" in readme, f"README's help for '{command}' is stale"


@pytest.mark.parametrize("name", ["README.md", "CHANGES.md"])
def test_docs_are_lint_clean(name: str) -> None:
    from pymarkdown.api import PyMarkdownApi

    result = PyMarkdownApi().disable_rule_by_identifier("md013").scan_path(str(ROOT / name))
    assert [(f.line_number, f.rule_id) for f in result.scan_failures] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    assert (main.commands[command].help or "").strip()


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert block is not None and readme.index("```sh") < readme.index("\n## ")
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands == ["make example", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_init_builds_a_working_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    result = run("init", folder)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"next: cd {folder} && sitrep build"
    assert run("check", "-w", folder).exit_code == 0
    result = run("build", "-w", folder, "--no-pdf")
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (folder / "reports").rglob("*.md"))
    assert len(built) == 1 and built[0].startswith("sitrep-")


def test_init_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    result = run("init", tmp_path / "used")
    assert result.exit_code == 1
    assert result.stderr == (f"sitrep: {tmp_path / 'used'} already exists and is not empty "
                             "(choose a new folder name)\n")
    assert (tmp_path / "used" / "notes.txt").read_text() == "mine"


def test_check_summary(example: Path) -> None:
    result = run("check", "-w", example)
    assert result.exit_code == 0
    assert result.output == ("ok: 12 sources, 30 figures, 8 access constraints, 9 articles, "
                             "4 narratives, 20 places, 1 funding figures, 2 response entries\n")


def test_default_date_is_the_latest_issue(example: Path) -> None:
    # The example series ended on 2020-02-28: without --date, that issue is built.
    result = run("build", "-w", example, "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "wrote reports/2020-02-28/nw-syria-2020-02-28.md" in result.output.splitlines()


def test_bad_date_format() -> None:
    result = run("build", "--date", "28/02/2020")
    assert result.exit_code == 2
    assert "'28/02/2020' is not a date written YYYY-MM-DD, like 2020-02-28" in \
        result.output.replace('"', "'")


def test_python_dash_m(example: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "sitrep", "check", "-w", str(example)],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("ok: ")


def test_only_the_cli_reads_the_clock() -> None:
    """Dates are inputs: below the CLI, nothing asks the system for today or now."""
    clock = re.compile(r"\b(?:date\.today|datetime\.(?:now|today|utcnow)|time\.time)\(")
    readers = [path.relative_to(ROOT).as_posix() for path in (ROOT / "sitrep").rglob("*.py")
               if clock.search(path.read_text(encoding="utf-8"))]
    assert readers == ["sitrep/cli.py"]


def test_an_internal_error_is_one_line_and_exit_4(minimal: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug shows no traceback: one line with what failed and where the details are."""
    import tempfile

    from sitrep import resolve

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("could not convert string to float: '1.2m'")

    monkeypatch.setattr(resolve, "report", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = run("build", "-w", minimal, "--no-pdf")
    assert result.exit_code == 4
    assert result.stdout == ""
    [saved] = tmp_path.glob("sitrep-crash-*.txt")
    line = next(n for n, text in enumerate(
        (ROOT / "sitrep" / "build.py").read_text().splitlines(), start=1)
        if "resolve.report(ws, facts, day, memo)" in text)
    assert result.stderr == (
        f"sitrep: internal error: ValueError in sitrep/build.py:{line} (the details are in "
        f"{saved}; this is a bug in sitrep, not in your files: please report it with that "
        "file)\n")
    details = saved.read_text()
    assert "Traceback (most recent call last)" in details
    assert "ValueError: could not convert string to float: '1.2m'" in details
    assert not (minimal / "reports").exists()


def test_usage_errors_exit_2() -> None:
    assert run("build", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_the_command_keeps_its_exit_status_and_output(tmp_path: Path) -> None:
    """`sitrep` exits without the interpreter's teardown: status and output must survive."""
    import subprocess
    import sys

    ok = subprocess.run([sys.executable, "-m", "sitrep", "--version"], capture_output=True,
                        text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("sitrep, version ")
    bad = subprocess.run([sys.executable, "-m", "sitrep", "check", "-w", str(tmp_path)],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "config.yaml" in bad.stderr
    usage = subprocess.run([sys.executable, "-m", "sitrep", "build", "--date", "2020-02-31"],
                           capture_output=True, text=True)
    assert usage.returncode == 2 and "is not a date" in usage.stderr
