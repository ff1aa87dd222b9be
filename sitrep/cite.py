"""Numbers in text held to the figures: a quote must say the figure's number, narrative may
cite a figure by reference ("{displaced-nw}"), and a number written in the narrative must
be one of the figures known on the issue's date.

Numbers are read with the extractor's own reader, so "948,000", "1.2 million", "nearly one
million" and "between 400 and 600" read here as they do in ``sitrep extract``; what it does
not count (years, dates, percentages, money, ordinals, measurements) is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sitrep.extract import classify, numbers
from sitrep.models import Figure

#: A figure reference in narrative: its id in braces.
REFERENCE = re.compile(r"\{([a-z0-9][a-z0-9_-]*)\}")
#: What says "one" without a number: "a hospital", "an IDP site".
_ONE = re.compile(r"\b(?:a|an|one|single)\b", re.IGNORECASE)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
#: After the first day of two: "14 and 15 February", "14 to 16 March".
_FIRST_DAY = re.compile(rf"\s*(?:and|to|or|&)\s+\d{{1,2}}\s+(?:{_MONTHS})\b")
#: What narrative holds besides prose, left out of the check: references, link targets,
#: code, HTML tags and list numbers like "(1)".
_NOT_PROSE = re.compile(r"\{[a-z0-9][a-z0-9_-]*\}|\]\([^)\n]*\)|`[^`\n]*`|<[^<>\n]*>|\(\d{1,2}\)")
#: Any text in braces, to tell a reference that is misspelt from ordinary text.
_BRACED = re.compile(r"\{([^{}\n]{1,80})\}")


@dataclass(frozen=True)
class Reference:
    """A reference found in narrative text: where it is and the figure id it names."""

    start: int
    end: int
    id: str


def references(text: str) -> list[Reference]:
    """Every ``{id}`` in ``text``."""
    return [Reference(m.start(), m.end(), m.group(1)) for m in REFERENCE.finditer(text)]


def counts(text: str) -> list[numbers.Mention]:
    """The counts in ``text``, without years, dates ("14 and 15 February" too), percentages,
    money and the like."""
    return [m for m in numbers.mentions(text) if not classify.is_not_a_count(text, m)
            and not _FIRST_DAY.match(text, m.end)]


def readings(fig: Figure) -> set[int]:
    """The numbers a figure may be written as: its value or range ends, and for households
    the people they make."""
    found = {n for n in (fig.value, fig.min, fig.max) if n is not None}
    if fig.unit == "households" and fig.household_size:
        found |= {round(n * fig.household_size) for n in list(found)}
    return found


def quote_problem(fig: Figure) -> tuple[str, str, str] | None:
    """Why the figure's quote does not say its number: (field, message, hint), or None."""
    if not fig.quote or _says(fig, numbers.mentions(fig.quote)):
        return None
    if fig.value == 1 and _ONE.search(fig.quote):
        return None  # "a hospital was hit"
    found = counts(fig.quote)
    if fig.value is not None:
        field, number = "value", str(fig.value)
    else:
        field, number = "min", f"{fig.min}–{fig.max} (min–max)"
    if not found:
        return (field, f"{number} is not in the quote, which gives no number",
                "quote the sentence that gives the number")
    said = " and ".join(f'"{m.text}"' for m in found[:3])
    return (field, f"{number} does not match the quote, which says {said}",
            "correct the number, or quote the sentence it comes from")


def _says(fig: Figure, found: list[numbers.Mention]) -> bool:
    if fig.value is not None:
        wanted = readings(fig)
        return any(m.value in wanted for m in found)
    ends = {(m.low, m.high) for m in found if m.value is None}
    single = {m.value for m in found}
    if fig.unit == "households" and fig.household_size:
        people = fig.model_copy(update={"unit": "people", "household_size": None,
                                        "min": round((fig.min or 0) * fig.household_size),
                                        "max": round((fig.max or 0) * fig.household_size)})
        if _says(people, found):
            return True
    return (fig.min, fig.max) in ends or {fig.min, fig.max} <= single


@dataclass(frozen=True)
class Unmatched:
    """A number in narrative text that is none of the figures: where, and as written."""

    start: int
    text: str


def unmatched(text: str, figures: Iterable[Figure]) -> list[Unmatched]:
    """Numbers written in digits in ``text`` that match no figure of ``figures`` (references
    are left out: they show a figure by construction).  Numbers written in words ("twelve
    observation posts") are not checked: that is how a number that is no figure is written."""
    known: set[int] = set()
    for fig in figures:
        known |= readings(fig)
    blanked = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    out = []
    for mention in counts(blanked):
        if not re.search(r"\d", mention.text):
            continue
        values = [mention.value] if mention.value is not None else [mention.low, mention.high]
        if any(v not in known for v in values):
            out.append(Unmatched(mention.start, " ".join(mention.text.split())))
    return out


def misspelt(text: str) -> list[tuple[int, str]]:
    """Text in braces that is not a reference (``{Displaced NW}``): where, and as written."""
    return [(m.start(), m.group()) for m in _BRACED.finditer(text)
            if not REFERENCE.fullmatch(m.group())]
