"""Which sentences describe a humanitarian access constraint, and of which OCHA category.

The phrasings are data (``lang/<language>-access.yaml``); this module holds the grammar that
turns a rule's words into one pattern.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sitrep.extract import vocab
from sitrep.extract.vocab import any_of as _any


def _pattern(rule: dict[str, Any]) -> re.Pattern[str]:
    """One rule as a pattern: any phrase, or a subject then an event close after it."""
    if "phrases" in rule:
        text = rf"\b(?:{_any(rule['phrases'])})\b"
    else:
        gap = f"[^.;]{{0,{int(rule.get('within', 60))}}}"
        text = rf"\b(?:{_any(rule['subjects'])})\b{gap}\b(?:{_any(rule['events'])})\b"
    return re.compile(text, re.IGNORECASE)


@cache
def rules(language: str = "en") -> list[tuple[re.Pattern[str], str]]:
    """The access rules of ``language``, compiled, in the order they are tried."""
    data = vocab.load("access", language)
    return [(_pattern(rule), rule["category"]) for rule in data["rules"]]


@cache
def _causes(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    causes = vocab.load("access", language)["causes"]
    return (re.compile(rf"\b(?:{_any(causes['physical'])})\b", re.IGNORECASE),
            re.compile(rf"\b(?:{_any(causes['hostilities'])})\b", re.IGNORECASE))


def category(sentence: str, language: str = "en") -> str | None:
    """The OCHA access category ``sentence`` describes, if it describes a constraint."""
    if _grammar(language)["hypothetical"].search(sentence):
        return None
    found = next((c for pattern, c in rules(language) if pattern.search(sentence)), None)
    if found is None:
        return _clause(sentence, language)
    if found == "interference":
        return _after(sentence, language) or found
    return _by_cause(found, sentence, language) if found == "physical_environment" else found


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_any(words)})(?![\w-])", re.IGNORECASE)


@cache
def _grammar(language: str) -> dict[str, Any]:
    """The clause grammar's words, compiled: each object and impediment kind, each cue."""
    data = vocab.load("access", language)["clause"]
    return {"split": re.compile(data["split"], re.IGNORECASE),
            "within": int(data.get("within", 90)),
            "objects": {k: _words(v) for k, v in data["objects"].items()},
            "impediments": {k: _words(v) for k, v in data["impediments"].items()},
            "cues": {k: _words(v) for k, v in data["cues"].items()},
            "guards": _words(data["guards"]),
            "hypothetical": _words(data["hypothetical"])}


def _gap(x: re.Match[str], y: re.Match[str]) -> int:
    """The characters between two matches, less than nothing when one holds the other ("only
    three of the 11 health centres are open" holds its object)."""
    return max(x.start(), y.start()) - min(x.end(), y.end())


_AFTER = re.compile(r"\b(?:after|following|because of|due to|when|as)\b", re.IGNORECASE)


def _after(sentence: str, language: str) -> str | None:
    """Work an agency stopped is interference unless the cause that follows says otherwise:
    "suspended its clinics after shells landed nearby" is hostilities, "after armed men
    threatened the staff" violence against aid workers."""
    cause = _AFTER.search(sentence)
    if cause is None:
        return None
    g = _grammar(language)
    tail = sentence[cause.end():]
    if g["impediments"]["violent"].search(tail) and (g["objects"]["staff"].search(tail)
                                                      or g["objects"]["aid"].search(tail)):
        return "violence_against_aid_workers"
    return "active_hostilities" if g["cues"]["hostile"].search(tail) else None


# impediments that count only for some objects, and only just after them (harm to aid
# workers: "a volunteer was killed") or anywhere in the clause (wreckage of a route)
_ONLY = {"harm": ({"staff"}, 12), "wreck": ({"route", "aid"}, 10_000)}


def _fits(hit: re.Match[str], objects: list[tuple[str, re.Match[str]]], kinds: set[str],
          within: int) -> bool:
    if within < 10_000:
        before = [(_gap(hit, m), k) for k, m in objects if m.end() <= hit.start()]
        return bool(before) and min(before)[0] <= within and min(before)[1] in kinds
    return any(k in kinds for k, _ in objects)


def _clause(sentence: str, language: str) -> str | None:
    """A clause naming an access object and an impediment to it, close together; the cue words
    of the sentence, the object's kind and the impediment's kind decide the category."""
    g = _grammar(language)
    for clause in g["split"].split(sentence):
        if not clause or g["guards"].search(clause):
            continue
        objects = [(k, m) for k, p in g["objects"].items() for m in p.finditer(clause)]
        if not objects:
            continue
        near: set[str] = set()  # the kind of each impediment's object: its subject, the
        kinds: set[str] = set()  # closest before it, else the closest after it or within it
        for kind, pattern in g["impediments"].items():
            for hit in pattern.finditer(clause):
                if kind in _ONLY:
                    if not _fits(hit, objects, *_ONLY[kind]):
                        continue
                    kind = "violent" if kind == "harm" else "physical"
                before = [(_gap(hit, m), k) for k, m in objects if m.end() <= hit.start()]
                gap, thing = min(before) if before and min(before)[0] <= 40 else \
                    min((_gap(hit, m), k) for k, m in objects)
                if gap <= g["within"]:
                    kinds.add(kind)
                    near.add(thing)
                after = [(_gap(hit, m), k) for k, m in objects if m.start() >= hit.start()]
                if kind == "violent" and after and min(after)[0] <= g["within"]:
                    near.add(min(after)[1])  # "threatened the staff": its object follows
        if kinds:
            return _decide(sentence, near, kinds, g["cues"])
    return None


def _decide(sentence: str, objects: set[str], impediments: set[str],
            cues: dict[str, re.Pattern[str]]) -> str | None:
    """The category of a clause's constraint, from its words and the sentence's cues."""
    cue = {k for k, p in cues.items() if p.search(sentence)}
    if "explosive" in cue:
        return "explosive_hazards"
    if "violent" in impediments:
        if objects & {"staff", "aid"}:
            return "violence_against_aid_workers"
        if len(impediments) == 1:
            return None  # a market looted, a hospital attacked: a figure's sentence, not access
    if "hostile" in cue:
        return "active_hostilities"
    if objects == {"comms"}:
        return "physical_environment"
    if "physical" in impediments or ("physical" in cue and "authority" not in impediments):
        if not objects - {"service", "comms"}:  # "floods submerged 24 health facilities"
            return None if impediments == {"physical"} else "restricted_access_to_services"
        return "physical_environment"
    if "service" in objects:
        return "restricted_access_to_services"
    if "interference" in cue:
        return "interference"
    if "entry" in cue:
        return "entry_impediments"
    return "movement_restrictions"


def _by_cause(category: str, sentence: str, language: str) -> str:
    """A road cut or a town cut off is physical_environment only when nature or the terrain is
    its cause: "blocked by armed men" restricts movement, "cut by the fighting" is hostilities."""
    physical, hostile = _causes(language)
    if physical.search(sentence):
        return category
    return "active_hostilities" if hostile.search(sentence) else "movement_restrictions"
