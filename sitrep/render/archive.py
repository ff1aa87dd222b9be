"""The files an issue was built from, to carry inside its archival PDF."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from sitrep.config import Workspace
from sitrep.errors import RenderError, display_path
from sitrep.load import CONFIG_NAME
from sitrep.models import Report
from sitrep.render.pdf import Embedded


def sources(ws: Workspace, rep: Report) -> tuple[list[Embedded], list[str]]:
    """config.yaml, every fact sheet and each article the issue cites; warnings for skips."""
    when = datetime.combine(rep.issue.date, time())  # the report date: rebuilds are identical
    wanted = [(ws.root / CONFIG_NAME, "Report series settings")]
    wanted += [(path, "Fact sheet") for path in _fact_sheets(ws)]
    cited = {c.article.id: c.article for c in rep.citations if c.article is not None}
    wanted += [(ws.root / a.path, f"Article: {a.header.title} ({a.header.publisher}, "
                f"{a.header.published.isoformat()})") for a in sorted(
                    cited.values(), key=lambda a: a.path)]
    embedded, warnings = [], []
    for path, description in wanted:
        shown = display_path(path, ws.root)
        if not path.resolve().is_relative_to(ws.root):
            warnings.append(f"{shown} is outside the workspace and was not embedded "
                            "in the archival PDF")
            continue
        embedded.append(Embedded(shown, _read(path, shown), description, when))
    return embedded, warnings


def _fact_sheets(ws: Workspace) -> list[Path]:
    folder = ws.path("facts")
    return sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]) if folder.is_dir() else []


def _read(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"{shown}: cannot be read for the archival PDF: {exc.strerror}"
                          ) from exc
