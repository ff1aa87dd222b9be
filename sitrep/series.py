"""The series: which issues to build, what changed since the last build, and the index.

A manifest in the output folder records, for every issue built, a digest of its Markdown
and HTML (which fix the PDF), its headline figures and any revisions.  An issue whose
digest has not changed is not rendered to PDF again; one whose headline figures changed
after it was published says so, and its earlier PDF is kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitrep import __version__, layout
from sitrep.config import Workspace
from sitrep.models import Report


def fingerprint(ws: Workspace) -> str:
    """A digest of everything a build reads: sitrep's version, config, facts, articles,
    templates (workspace and built-in)."""
    from importlib.metadata import version

    from sitrep.render.templating import BUILTIN

    digest = hashlib.sha256(f"{__version__} {version('weasyprint')}".encode())
    folders = [ws.path("facts"), ws.path("articles"), ws.path("templates"), BUILTIN]
    files = [ws.root / "config.yaml", *(p for folder in folders if folder.is_dir()
                                        for p in sorted(folder.rglob("*")) if p.is_file())]
    for path in files:  # names relative to their folder: a moved workspace is the same
        name = path.name if path.parent == ws.root else path.relative_to(path.parents[1])
        digest.update(str(name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def digest(files: dict[str, bytes]) -> str:
    """What fixes an issue's PDF: its Markdown, HTML and chart."""
    text = hashlib.sha256()
    for name in sorted(files):
        if not name.endswith(".pdf"):
            text.update(name.encode() + b"\0" + files[name] + b"\0")
    return text.hexdigest()


@dataclass
class Manifest:
    """What the output folder holds, as of the last build."""

    inputs: str = ""
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, out_root: Path) -> Manifest:
        path = layout.manifest_path(out_root)
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(inputs=data.get("inputs", ""), issues=data.get("issues", {}))
        except (OSError, ValueError):
            return cls()  # unreadable: everything is built again, nothing is lost

    def to_bytes(self) -> bytes:
        return json.dumps({"inputs": self.inputs, "issues": self.issues}, indent=1,
                          sort_keys=True).encode()

    def current(self, out_root: Path, day: date, files: dict[str, bytes]) -> bool:
        """Whether the issue's files on disk are those ``files`` would make."""
        entry = self.issues.get(day.isoformat())
        if entry is None or entry.get("digest") != digest(files):
            return False
        folder = out_root / layout.folder_name(day)
        return all((folder / name).is_file() for name in entry.get("files", []))


def headlines(report: Report, fmt: Any) -> dict[str, str]:
    """Each key figure's value as printed (with ``fmt``, a Formatter), by label: what a
    revision compares."""
    out = {}
    for box in report.key_figures:
        entry = box.entry
        if entry is None:
            out[box.label] = "no figure"
        elif entry.disputed:
            out[box.label] = f"{fmt.number(entry.low)}–{fmt.number(entry.high)}"
        else:
            out[box.label] = fmt.amount(entry.headline)
    return out


def revisions(before: dict[str, str], after: dict[str, str], on: date
              ) -> list[dict[str, str]]:
    """The key figures that changed since the issue was last published."""
    return [{"on": on.isoformat(), "figure": label, "from": before[label], "to": value}
            for label, value in after.items() if label in before and before[label] != value]
