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

from sitrep import layout, schema, validate, write
from sitrep.config import Workspace
from sitrep.errors import InputError, Problem, SitrepError, display_path
from sitrep.extract import Candidates, extract
from sitrep.models import AccessConstraint, Facts, Figure, Source
from sitrep.yamldoc import Document, Loc, parse

SECTIONS = ("sources", "figures", "access")
_MODELS: dict[str, type[Any]] = {"sources": Source, "figures": Figure,
                                 "access": AccessConstraint}


def propose(ws: Workspace, facts: Facts, paths: list[Path]) -> list[tuple[Path, Candidates]]:
    """Extract candidates from each article and write its review file beside it."""
    by_path = {(ws.root / a.path).resolve(): a for a in facts.articles.values()}
    places = sorted({f.location.name for f in facts.figures}
                    | {a.location.name for a in facts.access} - {"not stated"})
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
    """Move the accepted candidates of ``review`` into ``sheet``; write nothing on error."""
    shown = display_path(review, ws.root)
    text = _read(review, shown)
    doc, problems = parse(text, shown)
    if problems:
        raise InputError(problems)
    chosen, left, problems = _split(doc)
    typed, trouble = _check(ws, facts, doc, chosen)
    problems += trouble
    if problems:
        raise InputError(problems)
    chosen = typed
    counts = {k: len(v) for k, v in chosen.items() if v}
    if not any(counts.get(s) for s in ("figures", "access")):
        raise SitrepError(f"{shown}: no candidate has status: accepted (change status: "
                          "candidate to status: accepted for each one you accept)")
    new_text = splice(_read(sheet, display_path(sheet, ws.root)) if sheet.exists() else "",
                      chosen)
    _verify(new_text, display_path(sheet, ws.root))
    _replace(sheet, new_text)
    _replace(review, _rest_text(text, left))
    return Accepted(counts, sum(len(left.get(k, [])) for k in ("figures", "access")))


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


def _check(ws: Workspace, facts: Facts, doc: Document,
           chosen: dict[str, list[tuple[Loc, dict[str, Any]]]]
           ) -> tuple[dict[str, list[tuple[Loc, dict[str, Any]]]], list[Problem]]:
    """Validate accepted items as if they were already in a fact sheet; return them typed."""
    problems: list[Problem] = []
    typed: dict[str, list[tuple[Loc, dict[str, Any]]]] = {s: [] for s in SECTIONS}
    context = {"published": {k: a.header.published for k, a in facts.articles.items()}}
    valid: dict[str, list[tuple[Document, Loc, Any]]] = {s: [] for s in SECTIONS}
    for section, items in chosen.items():
        for loc, data in items:
            model, trouble = schema.validate(doc, _MODELS[section], data, loc, context)
            problems += trouble
            if model is not None:
                valid[section].append((doc, loc, model))
                # the reviewer's own fields, typed: "1000000" becomes 1000000
                dumped = model.model_dump(mode="python", exclude_none=True)
                fields = {k: dumped[k] for k in data if k in dumped}  # the reviewer's order
                if isinstance(fields.get("location"), dict) and len(fields["location"]) == 1:
                    fields["location"] = fields["location"]["name"]
                typed[section].append((loc, fields))
                problems += _already_known(doc, loc, model, facts)
    checker = validate.Checker(ws, facts.articles, set(), set())
    checker.known_sources = dict(facts.sources)
    problems += checker.sources(valid["sources"])
    problems += checker.figures(valid["figures"])
    problems += checker.access(valid["access"])
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


def _verify(text: str, shown: str) -> None:
    doc, problems = parse(text, shown)
    for section in SECTIONS:
        for index, data in enumerate((doc.data or {}).get(section) or []):
            problems += schema.validate(doc, _MODELS[section], data, (section, index))[1]
    if problems:
        raise InputError(problems)


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
