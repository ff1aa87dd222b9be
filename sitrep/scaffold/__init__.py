"""``sitrep init``: a new workspace that builds straight away."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from string import Template

from sitrep import calendar
from sitrep.errors import WorkspaceError

SKELETON = Path(__file__).resolve().parent / "workspace"


def create(folder: Path, today: date) -> list[Path]:
    """Copy the skeleton into ``folder``, dated so that its first issue is the latest Friday."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise WorkspaceError(f"{folder} already exists and is not empty "
                             "(choose a new folder name)")
    friday = calendar.on_or_before(today, "friday")
    values = {"start": friday.isoformat(), "as_of": (friday - timedelta(days=2)).isoformat(),
              "published": (friday - timedelta(days=1)).isoformat()}
    written = []
    try:
        for source in sorted(SKELETON.rglob("*")):
            if source.is_dir() or source.name.startswith("__"):
                continue
            target = folder / source.relative_to(SKELETON)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = Template(source.read_text(encoding="utf-8")).safe_substitute(values)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as exc:
        raise WorkspaceError(f"cannot create the workspace in {folder}: {exc.strerror}") from exc
    return written
