"""The files an issue was built from, to carry inside its archival PDF.

That is everything the build read except templates: config.yaml, every fact sheet and every
article (validation needs each article a figure cites, so all of them) and the map's boundary
file, so the issue can be
checked and rebuilt from the PDF alone.  config.yaml goes in without its ``email:`` section:
the PDF is what gets emailed, and recipients (Bcc included) and mail server settings are
nobody else's business.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path

from sitrep.config import Workspace
from sitrep.errors import RenderError, display_path
from sitrep.load import CONFIG_NAME, article_files, fact_files
from sitrep.models import Report
from sitrep.typeset import Embedded


def sources(ws: Workspace, rep: Report) -> tuple[list[Embedded], list[str]]:
    """config.yaml, the fact sheets and the articles, with a warning for each file skipped."""
    when = datetime.combine(rep.issue.date, time())  # the report date: rebuilds are identical
    wanted = [(ws.root / CONFIG_NAME, "Report series settings (sitrep config.yaml)")]
    wanted += [(path, "Fact sheet") for path in fact_files(ws)]
    wanted += [(path, "Article source") for path in article_files(ws)]
    boundaries = ws.boundaries()
    if boundaries is not None and boundaries.is_file():
        wanted.append((boundaries, "Boundary file of the map (GeoJSON)"))
    embedded, warnings = [], []
    for path, description in wanted:
        shown = display_path(path, ws.root)
        if not path.resolve().is_relative_to(ws.root):
            warnings.append(f"{shown} is outside the workspace and was not embedded "
                            "in the archival PDF")
            continue
        data = _read(path, shown)
        if shown == CONFIG_NAME:
            data = without_email(data)
        embedded.append(Embedded(shown, data, description, when))
    return embedded, warnings


_TOP_KEY = re.compile(rb"[^\s#]")
LEFT_OUT = b"# email: left out of the archival PDF (recipients and mail server settings)\n"


def without_email(config: bytes) -> bytes:
    """config.yaml with its top-level ``email:`` block replaced by a comment saying so."""
    lines = config.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rb"email\s*:", line)), None)
    if start is None:
        return config
    end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])),
               len(lines))
    while end - 1 > start and re.match(rb"(#|\s*$)", lines[end - 1]):
        end -= 1  # comments and blank lines at the margin belong to what follows
    return b"".join([*lines[:start], LEFT_OUT, *lines[end:]])


def _read(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"{shown}: cannot be read for the archival PDF: {exc.strerror}"
                          ) from exc
