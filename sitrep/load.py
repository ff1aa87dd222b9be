"""Stage 1, load: read the workspace's files (config, fact sheets, articles) into located
documents.  Nothing here checks more than it must to read a file; validate does the rest."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitrep import geo, schema
from sitrep.config import Config, Workspace
from sitrep.errors import InputError, Problem, WorkspaceError, display_path
from sitrep.models import Article, ArticleHeader
from sitrep.yamldoc import Document, gc_paused, parse

CONFIG_NAME = "config.yaml"
#: No fact sheet, article or config is larger than this (the example's are a few kB).
MAX_BYTES = 50_000_000
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")


def workspace(root: Path) -> Workspace:
    """Read and check ``config.yaml`` in ``root``."""
    path = root / CONFIG_NAME
    if not path.is_file():
        raise WorkspaceError(
            f"no {CONFIG_NAME} in {root.resolve()} "
            "(run sitrep in a workspace folder, pass --workspace DIR, or create one with "
            "sitrep init DIR)")
    text, problems = read_text(path, CONFIG_NAME)
    config = None
    doc, more = parse(text or "", CONFIG_NAME)
    problems += more
    if not problems:
        config, problems = schema.validate(doc, Config, doc.data)
    if problems:
        raise InputError(problems)
    assert config is not None
    ws = Workspace(root.resolve(), config, doc)
    problems = [doc.problem(loc, message, hint) for loc, message, hint in ws.folder_problems()]
    if problems:  # before anything is read from those folders
        raise InputError(problems)
    return ws


@dataclass(frozen=True)
class Inputs:
    """A workspace's fact sheets and articles, read and parsed, not yet checked."""

    documents: list[Document]
    articles: list[Article]
    problems: list[Problem]  # what kept a file from being read or parsed
    broken_articles: frozenset[str]  # ids of article files that could not be read
    #: The map's boundary file, read (None without a map, or when it cannot be used).
    boundaries: geo.Boundaries | None = None
    #: What is doubtful, not wrong, in what was read (a boundary file missing …).
    warnings: list[Problem] = field(default_factory=list)

    def with_sheet(self, doc: Document) -> Inputs:
        """These inputs with the fact sheet shown as ``doc.path`` replaced by ``doc``
        (or added, for a new sheet): the workspace as it would be after writing it."""
        others = [d for d in self.documents if d.path != doc.path]
        return replace(self, documents=sorted([*others, doc], key=lambda d: d.path))


def inputs(ws: Workspace) -> Inputs:
    """Read every fact sheet and article of ``ws``."""
    with gc_paused():
        docs, problems = fact_documents(ws)
        articles, trouble = read_articles(ws)
        boundaries, bad, doubts = read_boundaries(ws)
    return Inputs(docs, articles, problems + trouble + bad,
                  frozenset(Path(p.path).stem for p in trouble), boundaries, doubts)


def read_boundaries(ws: Workspace) -> tuple[geo.Boundaries | None, list[Problem],
                                            list[Problem]]:
    """The map's boundary file: (boundaries or None, problems, warnings).  A file that is
    not there is only a warning: the reports are built without the map."""
    path, spec = ws.boundaries(), ws.config.map
    if path is None or spec is None:
        return None, [], []
    shown = display_path(path, ws.root)
    if not path.exists():
        return None, [], [ws.document.problem(
            ("map", "boundaries"), f"the boundary file {shown} does not exist",
            "the reports have no map until it does: copy the file there, or correct the path")]
    if path.is_file() and path.stat().st_size > geo.MAX_BYTES:
        return None, [Problem(shown, 1, 1, "file", f"is {path.stat().st_size // 1_000_000} MB, "
                              f"more than the {geo.MAX_BYTES // 1_000_000} MB a map reads",
                              geo.SIMPLIFY_HINT)], []
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems, []
    return geo.parse(text, shown, spec.pcode_property, spec.name_property)


def read_articles(ws: Workspace) -> tuple[list[Article], list[Problem]]:
    """Read every article file: front matter typed, text kept for quotes."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in article_files(ws):
        article, trouble = read_article(path, display_path(path, ws.root))
        problems += trouble
        if article is not None:
            articles.append(article)
    return articles, problems


def read_article(path: Path, shown: str) -> tuple[Article | None, list[Problem]]:
    """One article file, or the problems with its front matter."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    header_text, body_start, problems = split_front_matter(text, shown)
    if header_text is None:
        return None, problems
    doc, problems = parse(header_text, shown, line_offset=1)
    if problems:
        return None, problems
    header, problems = schema.validate(doc, ArticleHeader, doc.data)
    if header is None:
        return None, problems
    return Article(id=path.stem, path=shown, header=header, text=text,
                   body_start=body_start), []


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, or say why it cannot be read."""
    try:
        info = path.stat()
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "file", f"cannot be read: {exc.strerror}", "")]
    if not stat.S_ISREG(info.st_mode):  # a device like /dev/zero, a pipe: never read
        return None, [Problem(shown, 1, 1, "file", "is not a regular file",
                              "it is a device, a pipe or a socket; remove it or rename it")]
    if info.st_size > MAX_BYTES:
        return None, [Problem(shown, 1, 1, "file", f"is {info.st_size // 1_000_000} MB, more "
                              f"than the {MAX_BYTES // 1_000_000} MB sitrep reads",
                              "split it into smaller files")]
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, 1, "encoding", "the file is not UTF-8 text",
                              "save it as UTF-8 in your editor")]
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "file", f"cannot be read: {exc.strerror}", "")]


def fact_documents(ws: Workspace) -> tuple[list[Document], list[Problem]]:
    """Parse every ``*.yaml``/``*.yml`` file under the facts folder."""
    folder = ws.path("facts")
    if not folder.is_dir():
        shown = display_path(folder, ws.root)
        return [], [Problem(CONFIG_NAME, 1, 1, "paths.facts",
                            f"the facts folder {shown} does not exist",
                            "create it or fix the path")]
    docs, problems = [], []
    for path in fact_files(ws):
        shown = display_path(path, ws.root)
        text, trouble = read_text(path, shown)
        if text is None:
            problems += trouble
            continue
        doc, trouble = parse(text, shown)
        docs.append(doc)
        problems += trouble
    return docs, problems


def fact_files(ws: Workspace) -> list[Path]:
    """Every fact sheet (``*.yaml``, ``*.yml``) under the facts folder, in a stable order."""
    folder = ws.path("facts")
    return sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]) if folder.is_dir() else []


def article_files(ws: Workspace) -> list[Path]:
    """Every article file, in a stable order."""
    folder = ws.path("articles")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES
                  and p.is_file() and not p.name.startswith("."))


def split_front_matter(text: str, shown: str) -> tuple[str | None, int, list[Problem]]:
    """Return the front matter text and the offset where the body starts."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, 0, [Problem(shown, 1, 1, "front matter", "is missing",
                                 "start the file with a line '---', then title:, publisher:, "
                                 "published: and a closing '---'")]
    offset = len(lines[0])
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "".join(lines[1:number]), offset + len(line), []
        offset += len(line)
    return None, 0, [Problem(shown, 1, 1, "front matter", "is not closed",
                             "end the header with a line '---' before the text")]
