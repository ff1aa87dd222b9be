"""Shared fixtures: real workspaces copied to a temporary folder, and the CLI runner."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sitrep.cli import main

ROOT = Path(__file__).resolve().parent.parent
WORKSPACES = Path(__file__).resolve().parent / "workspaces"
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE_PARTS = ("config.yaml", "facts", "articles", "templates", "geo")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite tests/golden/ from the current output.")


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


def copy_workspace(name: str, dest: Path) -> Path:
    """Copy a fixture workspace (or "example", the repository's own) into ``dest``."""
    target = dest / name
    if name == "example":
        target.mkdir()
        for part in EXAMPLE_PARTS:
            src = ROOT / part
            if src.is_dir():
                shutil.copytree(src, target / part)
            else:
                shutil.copy(src, target / part)
    else:
        shutil.copytree(WORKSPACES / name, target)
    return target


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return copy_workspace("minimal", tmp_path)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_workspace("example", tmp_path)


def run(*args: str | Path) -> Result:
    """Run the sitrep CLI in-process, as a user would call it."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False,
                              prog_name="sitrep", terminal_width=80)


def assert_golden(actual: str, name: str, regen: bool) -> None:
    """Compare with tests/golden/<name>, showing a readable diff; rewrite with --regen-golden."""
    path = GOLDEN / name
    if regen:
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "actual"))
        pytest.fail(f"output differs from tests/golden/{name} "
                    f"(run pytest --regen-golden if the change is intended):\n{diff}")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}
