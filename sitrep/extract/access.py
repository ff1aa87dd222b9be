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
    found = next((c for pattern, c in rules(language) if pattern.search(sentence)), None)
    return _by_cause(found, sentence, language) if found == "physical_environment" else found


def _by_cause(category: str, sentence: str, language: str) -> str:
    """A road cut or a town cut off is physical_environment only when nature or the terrain is
    its cause: "blocked by armed men" restricts movement, "cut by the fighting" is hostilities."""
    physical, hostile = _causes(language)
    if physical.search(sentence):
        return category
    return "active_hostilities" if hostile.search(sentence) else "movement_restrictions"
