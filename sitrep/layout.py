"""Where sitrep's files go: the one place that maps an issue date to folders and file names.

Every module and template asks here, so a report's PDF, its earlier versions, the record of
what was sent and the series index always agree on their names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitrep.config import Workspace

MANIFEST = ".sitrep-manifest.json"
SENT = "sent.json"
INDEX_MD = "index.md"
INDEX_HTML = "index.html"
REVIEW_SUFFIX = ".review.yaml"


@dataclass(frozen=True)
class IssueFiles:
    """The names of one edition of an issue's files: ``<date>/<slug>-<date>.md`` and its
    siblings; an edition in another language than the series' own carries its language
    before the extension (``<slug>-<date>.fr.pdf``)."""

    slug: str
    day: date
    language: str = ""  # empty for the edition in the series' own language

    @property
    def suffix(self) -> str:
        return f".{self.language}" if self.language else ""

    @property
    def key(self) -> str:
        """The edition's entry in the manifest: the date, then ``.fr`` for another language."""
        return f"{self.day.isoformat()}{self.suffix}"

    @property
    def folder(self) -> str:
        """The issue's folder, relative to the output folder."""
        return folder_name(self.day)

    @property
    def stem(self) -> str:
        return f"{self.slug}-{self.day.isoformat()}"

    @property
    def md(self) -> str:
        return f"{self.stem}{self.suffix}.md"

    @property
    def html(self) -> str:
        return f"{self.stem}{self.suffix}.html"

    @property
    def pdf(self) -> str:
        return f"{self.stem}{self.suffix}.pdf"

    @property
    def chart(self) -> str:
        """The displacement trend chart beside the Markdown."""
        return f"{self.stem}-displacement{self.suffix}.svg"

    @property
    def map(self) -> str:
        """The map beside the Markdown."""
        return f"{self.stem}-map{self.suffix}.svg"

    def earlier_pdf(self, version: int) -> str:
        """The name kept for the PDF as published before revision ``version``."""
        return f"{self.stem}-v{version}{self.suffix}.pdf"

    def link(self, kind: str) -> str:
        """A file's path relative to the output folder (``md``, ``html`` or ``pdf``), for
        the series index."""
        names = {"md": self.md, "html": self.html, "pdf": self.pdf}
        return f"{self.folder}/{names[kind]}"


def folder_name(day: date) -> str:
    """The name of the folder of the issue dated ``day``: ``2024-01-12``."""
    return day.isoformat()


def issue(ws: Workspace, day: date, language: str | None = None) -> IssueFiles:
    """The file names of the issue dated ``day``, in ``language`` (default: the series' own
    language)."""
    other = language if language and language != ws.config.language else ""
    return IssueFiles(ws.config.slug, day, other)


def editions(ws: Workspace, day: date) -> list[IssueFiles]:
    """The file names of every edition of the issue dated ``day``, the series' own first."""
    return [issue(ws, day, language) for language in ws.config.edition_languages]


def issue_folder(ws: Workspace, day: date) -> Path:
    """The folder of the issue dated ``day``."""
    return ws.path("output") / folder_name(day)


def issue_path(ws: Workspace, day: date, name: str) -> Path:
    """A file of the issue dated ``day``, by name."""
    return issue_folder(ws, day) / name


def pdf_path(ws: Workspace, day: date, language: str | None = None) -> Path:
    """The PDF of the issue dated ``day``, in ``language``."""
    return issue_path(ws, day, issue(ws, day, language).pdf)


def manifest_path(out_root: Path) -> Path:
    """The record of what the output folder holds."""
    return out_root / MANIFEST


def sent_record(folder: Path) -> Path:
    """The record of what was sent, beside the issue's PDF."""
    return folder / SENT


def review_path(article: Path) -> Path:
    """The review file of an article, beside it: ``<article>.review.yaml``."""
    return article.with_name(article.stem + REVIEW_SUFFIX)
