"""Stage 1, load: read the workspace's files into located documents."""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError

from sitrep import calendar, schema
from sitrep.config import Config, Workspace
from sitrep.errors import InputError, Problem, WorkspaceError, display_path
from sitrep.models import MEASURES
from sitrep.yamldoc import Document, parse

CONFIG_NAME = "config.yaml"
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
    if config is not None:
        problems += config_rules(doc, config)
    if problems:
        raise InputError(problems)
    assert config is not None
    return Workspace(root.resolve(), config)


def config_rules(doc: Document, config: Config) -> list[Problem]:
    """Rules across config settings: cadence, measures, locale."""
    problems = [doc.problem(loc, message, hint)
                for loc, message, hint in calendar.config_problems(config)]
    known = [*MEASURES, *config.measures]
    for index, key in enumerate(config.key_figures):
        if key.measure not in known:
            problems.append(doc.problem(("key_figures", index, "measure"),
                                        f'"{key.measure}" is not a known measure',
                                        schema.suggest(key.measure, known, "measures")))
    try:
        Locale.parse(config.locale)
    except (ValueError, UnknownLocaleError):
        problems.append(doc.problem(("locale",), f'"{config.locale}" is not a known locale',
                                    "use a code like en_GB, fr_FR or ar_SY"))
    return problems


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, or say why it cannot be read."""
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
