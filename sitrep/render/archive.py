"""The files an issue was built from, to carry inside its archival PDF.

That is everything the build read except templates: config.yaml, every fact sheet and every
article (validation needs each article a figure cites, so all of them), so the issue can be
checked and rebuilt from the PDF alone.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from sitrep.config import Workspace
from sitrep.errors import RenderError, display_path
from sitrep.load import CONFIG_NAME, article_files, fact_files
from sitrep.models import Report
from sitrep.render.pdf import Embedded


def sources(ws: Workspace, rep: Report) -> tuple[list[Embedded], list[str]]:
    """config.yaml, the fact sheets and the articles, with a warning for each file skipped."""
    when = datetime.combine(rep.issue.date, time())  # the report date: rebuilds are identical
    wanted = [(ws.root / CONFIG_NAME, "Report series settings (sitrep config.yaml)")]
    wanted += [(path, "Fact sheet") for path in fact_files(ws)]
    wanted += [(path, "Article source") for path in article_files(ws)]
    embedded, warnings = [], []
    for path, description in wanted:
        shown = display_path(path, ws.root)
        if not path.resolve().is_relative_to(ws.root):
            warnings.append(f"{shown} is outside the workspace and was not embedded "
                            "in the archival PDF")
            continue
        embedded.append(Embedded(shown, _read(path, shown), description, when))
    return embedded, warnings


def _read(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"{shown}: cannot be read for the archival PDF: {exc.strerror}"
                          ) from exc
