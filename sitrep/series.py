"""The series: which issues to build, what changed since the last build, and the index.

A manifest in the output folder records, for every issue built, a digest of what fixes its
output (its Markdown, HTML and chart, and the tools that turn them into a PDF), the digest
of every file written, the figures it showed (as values) and its revision notices.  An
issue whose digest is the same and whose files are intact is not made again.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sitrep import layout
from sitrep.config import Workspace

#: The Python packages whose version can change what a report says or looks like.
_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools",
             "pillow", "babel", "jinja2", "markupsafe", "markdown", "nh3", "pydantic",
             "pyyaml")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
_PACKAGE = Path(__file__).resolve().parent


def inputs(ws: Workspace) -> str:
    """A digest of everything a build reads from the workspace: config, facts, articles,
    templates, the map's boundary file."""
    digest = hashlib.sha256()
    _add_files(digest, ws.root, _workspace_files(ws, "facts", "articles", "templates"))
    return digest.hexdigest()


def presentation(ws: Workspace) -> str:
    """A digest of what shapes an issue's files besides the resolved report: the config, the
    templates, the map's boundary file and the toolchain."""
    digest = hashlib.sha256(toolchain().encode())
    _add_files(digest, ws.root, _workspace_files(ws, "templates"))
    return digest.hexdigest()


def _workspace_files(ws: Workspace, *folders: str) -> list[Path]:
    """The config, every file in the workspace's ``folders`` and the map's boundary file."""
    files = [ws.root / "config.yaml"]
    for name in folders:
        folder = ws.path(name)
        files += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    boundaries = ws.boundaries()
    return files + ([boundaries] if boundaries and boundaries.is_file() else [])


def _add_files(digest: Any, root: Path, files: list[Path]) -> None:
    """Add each file to ``digest`` with where it is within ``root`` (so that a moved folder
    is the same, and a template moved into a subfolder, no longer used, is not) and its
    length (a file may hold "\0")."""
    for path in files:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode() + data)


def resolved(report: Any, translations: list[Any], seen: dict[int, tuple[BaseModel, str]],
             shape: str, variant: str) -> str:
    """A digest of an issue as resolved, before revisions, with the narratives its other
    editions show in their languages, what shapes its files (:func:`presentation`) and the
    kind of PDF: equal digests, equal issues."""
    return hashlib.sha256("\0".join((shape, variant, written(report, seen),
                                      written(translations, seen))).encode()).hexdigest()


def source(shown: Any, report: Any, text: str, shape: str, key: str, variant: str) -> str:
    """What an edition is made from, as one digest: the resolved report (every value its
    templates can reach, in order), what shapes it (:func:`presentation`), the edition and
    the PDF variant.  Equal digests make equal files, so the edition need not be rendered
    again to find out.

    ``shown`` is the edition's report, made from the issue's ``report`` (whose ``repr`` is
    ``text``) by replacing a few fields: the labels and narrative in the edition's
    language.  The issue is written out once, not once per edition; an edition adds the
    fields it replaced."""
    own = [f"{f.name}={getattr(shown, f.name)!r}" for f in fields(shown)
           if getattr(shown, f.name) is not getattr(report, f.name)]
    return hashlib.sha256("\0".join((shape, key, variant, text, *own)).encode()).hexdigest()


def written(value: Any, seen: dict[int, tuple[BaseModel, str]]) -> str:
    """A report written out as text for :func:`source`: what ``repr`` writes, with each
    frozen fact-sheet object (met again in issue after issue: a figure in every trend that
    shows it, the sources in every issue) written once per build, not every time.  ``seen``
    holds what a build has written so far (each object kept alive with its text, so that
    its id is not reused)."""
    kind = type(value)
    if kind in _PLAIN:
        return repr(value)
    # (plain values are written here rather than by a call each: they are most of a report)
    if kind is list:
        return "[" + ", ".join([repr(item) if type(item) in _PLAIN else written(item, seen)
                                for item in value]) + "]"
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = _fields_of(kind)
    if names:  # a dataclass: its fields, as its repr would write them
        inner = ", ".join([f"{name}={repr(item) if type(item) in _PLAIN else written(item, seen)}"
                           for name in names for item in (getattr(value, name),)])
        return f"{kind.__qualname__}({inner})"
    if isinstance(value, BaseModel) and value.model_config.get("frozen"):
        hit = seen.get(id(value))
        if hit is None or hit[0] is not value:
            hit = seen[id(value)] = (value, repr(value))
        return hit[1]
    if kind is tuple:
        items = [written(item, seen) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if kind is dict:
        return "{" + ", ".join([f"{k!r}: {written(v, seen)}" for k, v in value.items()]) + "}"
    return repr(value)


_PLAIN = {str, int, float, bool, type(None), date}
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields_of(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields that its repr shows; none for other types."""
    return tuple(f.name for f in fields(kind) if f.repr) if is_dataclass(kind) else ()


@cache
def toolchain() -> str:
    """A digest of what turns inputs into output besides the workspace: all of sitrep's own
    code and templates, and everything :func:`pdf_tools` covers."""
    return _tree_digest(_PACKAGE, pdf_tools())


@cache
def pdf_tools() -> str:
    """A digest of what turns an issue's HTML into its PDF: the Python packages that format
    and render, CLDR, Pango, HarfBuzz, the installed fonts, and sitrep's render stage."""
    installed = _installed()
    parts = [f"{name} {installed.get(name, 'none')}" for name in _PACKAGES]
    parts += [f"pango {_c_version('libpango-1.0.so.0', 'pango_version_string')}",
              f"harfbuzz {_c_version('libharfbuzz.so.0', 'hb_version_string')}",
              f"fonts {_fonts()}"]
    return _tree_digest(_PACKAGE / "render", "\n".join(parts))


def _tree_digest(folder: Path, start: str) -> str:
    digest = hashlib.sha256(start.encode())
    _add_files(digest, folder, [p for p in sorted(folder.rglob("*"))
                                if p.is_file() and "__pycache__" not in p.parts])
    return digest.hexdigest()


def _installed() -> dict[str, str]:
    """The version of every installed distribution, by normalised name, read from the names
    of the ``.dist-info`` folders on the path (one listing per folder: asking
    importlib.metadata for each package searches the whole path every time)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            stem = entry[:-len(".dist-info")]
            if entry.endswith(".dist-info") and stem.count("-") == 1:  # name-version
                name, _, number = stem.partition("-")
                found.setdefault(re.sub(r"[-_.]+", "-", name).lower(), number)
    return found


def _c_version(library: str, function: str) -> str:
    """A C library's own version string, or "none" when it cannot be loaded."""
    try:
        call = getattr(ctypes.CDLL(library), function)
    except (OSError, AttributeError):
        return "none"
    call.restype = ctypes.c_char_p
    return call().decode()


def _fonts() -> str:
    """A digest of the fonts fontconfig can find (names and sizes): a font installed,
    removed or upgraded can change every PDF."""
    digest = hashlib.sha256()
    for folder in _FONT_DIRS:
        for top, dirs, names in sorted(os.walk(os.path.expanduser(folder))):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(top, name)
                try:
                    digest.update(f"{path} {os.stat(path).st_size}\n".encode())
                except OSError:
                    continue
    return digest.hexdigest()


def digest(files: dict[str, bytes], variant: str) -> str:
    """What fixes an issue's PDF: its Markdown, HTML and chart, the kind of PDF (``variant``),
    and the tools that make it."""
    text = hashlib.sha256(f"{pdf_tools()} {variant}".encode())
    for name in sorted(files):
        if not name.endswith(".pdf"):
            text.update(name.encode() + b"\0" + files[name] + b"\0")
    return text.hexdigest()


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """What the output folder holds, as of the last build."""

    inputs: str = ""
    toolchain: str = ""
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, out_root: Path) -> Manifest:
        path = layout.manifest_path(out_root)
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            issues = data.get("issues", {})
            if not isinstance(issues, dict) or not all(isinstance(v, dict)
                                                       for v in issues.values()):
                return cls()
            return cls(inputs=str(data.get("inputs", "")),
                       toolchain=str(data.get("toolchain", "")), issues=issues)
        except (OSError, ValueError, AttributeError, RecursionError):
            return cls()  # unreadable: everything is built again, nothing is lost

    def to_bytes(self) -> bytes:
        """The manifest as JSON, one line per edition: json's C encoder writes each line
        (an indented dump goes through its pure-Python encoder, 20 times slower at 780
        editions), and a change to one edition is a one-line diff."""
        issues = ",\n".join(f"  {json.dumps(key)}: {_compact(self.issues[key])}"
                             for key in sorted(self.issues))
        return (f'{{\n "inputs": {json.dumps(self.inputs)},\n "issues": {{\n{issues}\n }},\n'
                f' "toolchain": {json.dumps(self.toolchain)}\n}}\n').encode()

    def intact(self, out_root: Path, names: layout.IssueFiles) -> bool:
        """Whether every file the edition's last build wrote is there, as it was written."""
        entry = self.issues.get(names.key)
        files = entry.get("files") if entry else None
        if not isinstance(files, dict) or not files:
            return False
        folder = out_root / names.folder
        return all(_unchanged(folder / name, seen) for name, seen in files.items())

    def current(self, out_root: Path, names: layout.IssueFiles, files: dict[str, bytes],
                variant: str) -> bool:
        """Whether the edition's files on disk are those ``files`` would make."""
        entry = self.issues.get(names.key)
        return entry is not None and entry.get("digest") == digest(files, variant) \
            and self.intact(out_root, names)

    def unchanged(self, out_root: Path, editions: list[layout.IssueFiles], inputs: str
                  ) -> bool:
        """Whether nothing a build of ``editions`` reads has changed and their files are
        intact."""
        return self.inputs == inputs and self.toolchain == toolchain() and all(
            self.intact(out_root, names) for names in editions)


def files_seen(files: dict[str, bytes], stamps: dict[str, int] | None = None
               ) -> dict[str, dict[str, Any]]:
    """What the manifest records of each file an issue writes: its size and digest, and the
    time the file was written (``stamps``, in nanoseconds) where known."""
    stamps = stamps or {}
    return {name: {"size": len(data), "sha256": file_digest(data),
                   **({"mtime_ns": stamps[name]} if name in stamps else {})}
            for name, data in files.items()}


def _unchanged(path: Path, seen: Any) -> bool:
    """Whether a file is as recorded: the same size and modification time as when it was
    written (as make and git decide), else the same digest (read only when the size
    matches)."""
    if not isinstance(seen, dict):
        return False
    try:
        stat = path.stat()
        if stat.st_size != seen.get("size"):
            return False
        return stat.st_mtime_ns == seen.get("mtime_ns") or \
            file_digest(path.read_bytes()) == seen.get("sha256")
    except OSError:
        return False
    try:
        return path.stat().st_size == seen.get("size") and \
            file_digest(path.read_bytes()) == seen.get("sha256")
    except OSError:
        return False
