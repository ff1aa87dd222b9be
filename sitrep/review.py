"""Review files: candidates from `sitrep extract`, and accepting them into a fact sheet.

Accepting splices the accepted items into the sheet's text, so its comments and layout stay
exactly as they were; the result is checked before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitrep import layout, load, schema, validate, write
from sitrep.config import Workspace
from sitrep.errors import InputError, Problem, SitrepError, display_path
from sitrep.extract.propose import Candidates, extract
from sitrep.models import AccessConstraint, Facts, Figure, Source
from sitrep.yamldoc import Document, Loc, parse

SECTIONS = ("sources", "figures", "access")
_MODELS: dict[str, type[Any]] = {"sources": Source, "figures": Figure,
                                 "access": AccessConstraint}


def propose(ws: Workspace, facts: Facts, paths: list[Path]) -> list[tuple[Path, Candidates]]:
    """Extract candidates from each article and write its review file beside it."""
    by_path = {(ws.root / a.path).resolve(): a for a in facts.articles.values()}
    gazetteer = {text for e in facts.places for text in (e.name, *e.aliases)}
    places = sorted({f.location.name for f in facts.figures} | gazetteer
                    | {a.location.name for a in facts.access} - {validate.NOT_STATED})
    problems, chosen = [], []
    for path in paths:
        article = by_path.get(path.resolve())
        if article is None:
            problems.append(Problem(str(path), 1, 1, "file", "is not an article of this "
                                    "workspace", f"put it in {ws.config.paths.articles}/ "
                                    "with a front-matter header, then extract again"))
        else:
            chosen.append((path, article))
    if problems:
        raise InputError(problems)
    results = [(path, extract(article, places, facts.sources)) for path, article in chosen]
    for path, found in results:
        out = layout.review_path(path)
        _replace(out, render_review(found, display_path(out, ws.root)))
    return results


def render_review(found: Candidates, shown: str) -> str:
    """The review file's text: a how-to header, then every candidate, numbered."""
    art = found.article
    cited = {item["source"] for item in found.figures + found.access}
    lines = [f"# Candidates proposed by `sitrep extract` from {art.path}",
             f"# ({art.header.title!r}, {art.header.publisher}, {art.header.published}).",
             "# Nothing here is in a report yet.  For each candidate you accept, check its fields",
             "# and change `status: candidate` to `status: accepted`; delete those you reject.",
             f"# Then run:  sitrep accept {shown} --into facts/<sheet>.yaml",
             "# Projections (\"could reach 200,000\") and vague amounts (\"dozens\") are listed",
             "# last, for your information only: they are forecasts or words, not counts.", ""]
    lines += _section("sources", [s for k, s in found.sources.items() if k in cited])
    lines += _section("figures", found.figures, numbered=True)
    lines += _section("access", found.access, numbered=True)
    lines += _section("projections", found.projections)
    lines += _section("vague", found.vague)
    return "\n".join(lines).rstrip() + "\n"


def _section(name: str, items: list[dict[str, Any]], numbered: bool = False) -> list[str]:
    if not items:
        return [f"{name}: []", ""]
    lines = [f"{name}:"]
    for number, item in enumerate(items, start=1):
        if numbered:
            lines.append(f"  # {number}")
        lines += ["  " + line for line in _dump(item).splitlines()]
    return [*lines, ""]


class _Dumper(yaml.SafeDumper):
    """Never write aliases: sitrep refuses to read them (a one-day period shares its date)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(item: dict[str, Any]) -> str:
    # Long lines are kept whole, so that a quote stays on one line for the reviewer.
    return yaml.dump([item], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=10_000, default_flow_style=None)


@dataclass
class Accepted:
    """What `accept` moved: counts by section, and what is left to review."""

    counts: dict[str, int]
    remaining: int


def accept(ws: Workspace, facts: Facts, review: Path, sheet: Path) -> Accepted:
    """Move the accepted candidates of ``review`` into ``sheet``; write nothing on error.

    The workspace is checked as it would be after the accept, in memory, by the same
    validation as ``sitrep check``; problems with accepted items are shown in the review
    file, where the reviewer can fix them."""
    shown = display_path(review, ws.root)
    text = _read(review, shown)
    doc, problems = parse(text, shown)
    if problems:
        raise InputError(problems)
    chosen, left, problems = _split(doc)
    typed, trouble = _typed(facts, doc, chosen)
    problems += trouble
    if problems:
        raise InputError(problems)
    counts = {k: len(v) for k, v in typed.items() if v}
    if not any(counts.get(s) for s in ("figures", "access")):
        raise SitrepError(f"{shown}: no candidate has status: accepted (change status: "
                          "candidate to status: accepted for each one you accept)")
    sheet_shown = _sheet_shown(ws, sheet)
    old_text = _read(sheet, sheet_shown) if sheet.exists() else ""
    new_text = splice(old_text, typed)
    _check_after(ws, doc, typed, old_text, new_text, sheet_shown)
    _replace(sheet, new_text)
    _replace(review, _rest_text(text, left))
    return Accepted(counts, sum(len(left.get(k, [])) for k in ("figures", "access")))


def _sheet_shown(ws: Workspace, sheet: Path) -> str:
    """The sheet as check would name it; an error if check would never read it."""
    shown = display_path(sheet, ws.root)
    folder = ws.path("facts")
    if sheet.suffix not in (".yaml", ".yml") or not sheet.resolve().is_relative_to(folder):
        raise SitrepError(f"{shown}: is not a fact sheet of this workspace, so no report would "
                          f"use what it holds (choose a .yaml file in "
                          f"{display_path(folder, ws.root)}/)")
    return shown


def _check_after(ws: Workspace, review: Document,
                 typed: dict[str, list[tuple[Loc, dict[str, Any]]]], old_text: str,
                 new_text: str, sheet_shown: str) -> None:
    """Validate the whole workspace with the sheet's new text in place of its old one."""
    new_doc, problems = parse(new_text, sheet_shown)
    if problems:
        raise InputError(problems)
    old_doc, _ = parse(old_text, sheet_shown)
    spliced = _spliced(old_doc, typed)
    try:
        validate.facts(ws, load.inputs(ws).with_sheet(new_doc))
    except InputError as exc:
        raise InputError([_relocate(p, sheet_shown, spliced, review)
                          for p in exc.problems]) from None


def _spliced(old: Document, typed: dict[str, list[tuple[Loc, dict[str, Any]]]]
             ) -> dict[tuple[str, int], Loc]:
    """Where each accepted item lands in the sheet (after those already there), mapped to
    where it was in the review file."""
    data = old.data if isinstance(old.data, dict) else {}
    out: dict[tuple[str, int], Loc] = {}
    for section, items in typed.items():
        before = len(data.get(section) or [])
        for index, (loc, _) in enumerate(items):
            out[(section, before + index)] = loc
    return out


_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def _relocate(problem: Problem, sheet_shown: str, spliced: dict[tuple[str, int], Loc],
              review: Document) -> Problem:
    """A problem with an accepted item, moved to that item in the review file."""
    if problem.path != sheet_shown:
        return problem
    loc: Loc = tuple(int(m[1]) if m[1] else m[2] for m in _PART.finditer(problem.field))
    origin = spliced.get((str(loc[0]), loc[1])) \
        if len(loc) >= 2 and isinstance(loc[1], int) else None
    if origin is None:
        return problem
    return review.problem((*origin, *loc[2:]), problem.message, problem.hint)


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SitrepError(f"{shown}: cannot be read: {exc.strerror}") from exc


def _split(doc: Document) -> tuple[dict[str, list[tuple[Loc, dict[str, Any]]]],
                                   dict[str, list[dict[str, Any]]], list[Problem]]:
    """Accepted items (with their place in the file), the rest, and shape problems."""
    if not isinstance(doc.data, dict):
        return {}, {}, [doc.problem((), "a review file must be a mapping",
                                    "run sitrep extract again to make a fresh one")]
    chosen: dict[str, list[tuple[Loc, dict[str, Any]]]] = {s: [] for s in SECTIONS}
    left: dict[str, list[dict[str, Any]]] = {s: [] for s in (*SECTIONS, "vague")}
    for section, items in doc.data.items():
        for index, item in enumerate(items or []):
            accepted = isinstance(item, dict) and item.get("status") == "accepted"
            if section in ("figures", "access") and accepted:
                chosen[section].append(((section, index), {**item}))
            elif section in left:
                left[section].append(item)
    cited = {item.get("source") for s in ("figures", "access") for _, item in chosen[s]}
    for index, source in enumerate(left.pop("sources")):
        if isinstance(source, dict) and source.get("id") in cited:
            chosen["sources"].append((("sources", index), source))
        else:
            left.setdefault("sources", []).append(source)
    return chosen, left, []


def _typed(facts: Facts, doc: Document,
           chosen: dict[str, list[tuple[Loc, dict[str, Any]]]]
           ) -> tuple[dict[str, list[tuple[Loc, dict[str, Any]]]], list[Problem]]:
    """Type the accepted items as a fact sheet's would be; return the reviewer's fields,
    typed ("1000000" becomes 1000000), and the problems located in the review file."""
    problems: list[Problem] = []
    typed: dict[str, list[tuple[Loc, dict[str, Any]]]] = {s: [] for s in SECTIONS}
    context = {"published": {k: a.header.published for k, a in facts.articles.items()}}
    for section, items in chosen.items():
        for loc, data in items:
            model, trouble = schema.validate(doc, _MODELS[section], data, loc, context)
            problems += trouble
            if model is not None:
                dumped = model.model_dump(mode="python", exclude_none=True)
                fields = {k: dumped[k] for k in data if k in dumped}  # the reviewer's order
                if isinstance(fields.get("location"), dict) and len(fields["location"]) == 1:
                    fields["location"] = fields["location"]["name"]
                typed[section].append((loc, fields))
                problems += _already_known(doc, loc, model, facts)
    return typed, problems


def _already_known(doc: Document, loc: Loc, item: Any, facts: Facts) -> list[Problem]:
    """An accepted figure that the fact sheets already hold (same sentence and number)."""
    if not isinstance(item, Figure):
        return []
    for known in facts.figures:
        if (known.via, known.quote, known.measure, known.value, known.min) == \
                (item.via, item.quote, item.measure, item.value, item.min):
            return [doc.problem(loc, "this figure is already in the fact sheets",
                                "delete it from the review file")]
    return []


def splice(sheet: str, chosen: dict[str, list[tuple[Loc, dict[str, Any]]]]) -> str:
    """Insert items at the end of their sections; leave every other line as it was."""
    for section in SECTIONS:
        items = [item for _, item in chosen.get(section, [])]
        if items:
            sheet = _insert(sheet, section, items)
    return sheet


def _insert(sheet: str, section: str, items: list[dict[str, Any]]) -> str:
    lines = sheet.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"{section}:\s*(?:\[\s*\])?\s*(?:#.*)?$", line)), None)
    if start is None:
        lines += (["", f"{section}:"] if lines else [f"{section}:"])
        start, end = len(lines) - 1, len(lines)
    else:
        lines[start] = re.sub(r":\s*\[\s*\]", ":", lines[start])
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#]", lines[i])),
                   len(lines))
        while end - 1 > start and not lines[end - 1].strip():
            end -= 1
    indent = next((m.group(1) for line in lines[start + 1:end]
                   if (m := re.match(r"(\s*)- ", line))), "  ")
    spaced = any(not lines[i].strip() and lines[i + 1].startswith(indent + "- ")
                 for i in range(start + 1, end - 1))  # the sheet leaves a line between items
    body = []
    for item in items:
        item = {**item, "status": "accepted"} if section != "sources" else item
        body += [""] * spaced + [indent + line for line in _dump(item).splitlines()]
    return "\n".join([*lines[:end], *body, *lines[end:]]).rstrip("\n") + "\n"


def _rest_text(text: str, left: dict[str, list[Any]]) -> str:
    header = "\n".join(line for line in text.splitlines() if line.startswith("# ")) + "\n\n"
    body = []
    for section in (*SECTIONS, "vague"):
        body += _section(section, left.get(section, []), numbered=section in ("figures",
                                                                             "access"))
    return header + "\n".join(body).rstrip() + "\n"


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with sitrep's one atomic writer."""
    write.atomic(path, text.encode("utf-8"))
