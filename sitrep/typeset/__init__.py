"""Stage 5, typeset: HTML in, PDF out.

WeasyPrint, behind a fetcher that reads only the templates' own assets, its warnings
captured.  The stage is sealed: a :class:`Job` says everything a PDF needs, so that it can
be made in another process (:mod:`sitrep.typeset.workers`), and importing the stage loads
nothing of the rest of sitrep, so that such a process starts small.
"""

from __future__ import annotations

import io
import logging
import warnings as py_warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sitrep.errors import RenderError


@dataclass(frozen=True)
class Embedded:
    """A file to carry inside the PDF, given as bytes (the fetcher is not involved)."""

    name: str
    data: bytes
    description: str
    modified: datetime


@dataclass(frozen=True)
class Metadata:
    """The PDF's document information, set in code so that no template can drop it."""

    title: str
    authors: tuple[str, ...]
    created: str  # a W3C date (2020-02-28): the report date, so rebuilds are deterministic
    lang: str


def variant(archival: bool, tagged: bool) -> str | None:
    """WeasyPrint's PDF variant: PDF/A-3 for archival (level A when tagged), PDF/UA-1 if tagged."""
    if archival:
        return "pdf/a-3a" if tagged else "pdf/a-3b"
    return "pdf/ua-1" if tagged else None


@dataclass(frozen=True)
class Job:
    """Everything one PDF needs, and nothing else: it can be made in another process."""

    name: str  # the PDF's file name
    html: str
    base: Path  # relative URLs in the HTML are relative to this folder
    allowed: tuple[Path, ...]  # the folders whose files the HTML may use
    kind: str | None  # the PDF variant (see variant())
    attachments: tuple[Embedded, ...]
    skipped: tuple[str, ...]  # warnings about attachments left out
    meta: Metadata


def make(job: Job) -> tuple[bytes, list[str]]:
    """Make one PDF: its bytes and WeasyPrint's warnings."""
    return write_pdf(job.html, job.base, list(job.allowed), job.meta, kind=job.kind,
                     attachments=list(job.attachments))


def write_pdf(html: str, base: Path, allowed: Sequence[Path], meta: Metadata,
              kind: str | None = None, attachments: Sequence[Embedded] = ()
              ) -> tuple[bytes, list[str]]:
    """Render ``html`` to PDF bytes (variant ``kind``) with ``meta`` as its document
    information; return them with WeasyPrint's warnings."""
    from sitrep.typeset import engine

    weasyprint = engine.weasyprint()  # heavy: imported only when a PDF is made

    fetcher = _fetcher_class(weasyprint.URLFetcher)([p.resolve() for p in allowed])
    files = [weasyprint.Attachment(
        file_obj=io.BytesIO(item.data), url_fetcher=fetcher, name=item.name,
        description=item.description, created=item.modified, modified=item.modified,
        relationship="Source") for item in attachments]
    document = None
    options = {"pdf_tags": False, "pdf_variant": kind, "attachments": files or None}
    with _captured("weasyprint") as warnings:
        try:
            page = weasyprint.HTML(string=html, base_url=base.resolve().as_uri() + "/",
                                   url_fetcher=fetcher)
            with py_warnings.catch_warnings():
                # PDF/A makes WeasyPrint open its sRGB profile and leave the file to the GC.
                py_warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc",
                                           ResourceWarning)
                document = page.render(**options, font_config=engine.font_config())
                _set_metadata(document.metadata, meta)
                pdf = document.write_pdf(**options)
        except Exception as exc:  # WeasyPrint raises many kinds; all mean the same to a user
            raise RenderError(f"the PDF could not be made: {exc}") from exc
        finally:
            document = None  # a laid-out document is a large web of cycles (see pool.py)
    assert pdf is not None
    return pdf, warnings


def _set_metadata(found: Any, meta: Metadata) -> None:
    """Dates, authors and language always from sitrep; the title from the template's
    ``<title>`` when it has one (an override may retitle the report), else sitrep's."""
    found.title = found.title or meta.title
    found.authors = list(meta.authors)
    found.created = found.modified = meta.created
    found.lang = meta.lang


def _fetcher_class(base: type) -> type:
    class WorkspaceFetcher(base):  # type: ignore[misc, valid-type]
        """Allow ``data:`` URLs and files under the template folders; refuse the rest."""

        def __init__(self, roots: list[Path]):
            super().__init__(allow_redirects=False)
            self.roots = roots

        def fetch(self, url: str, headers: object = None) -> object:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError("sitrep reads only data: URLs and files in the templates folders")

    return WorkspaceFetcher


@contextmanager
def _captured(name: str) -> Iterator[list[str]]:
    """Collect a logger's warnings instead of letting them scroll past."""
    logger = logging.getLogger(name)
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
