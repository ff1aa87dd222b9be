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

from sitrep.extract import numbers
from sitrep.models import Figure

#: A figure reference in narrative: its id in braces.
REFERENCE = re.compile(r"\{([a-z0-9][a-z0-9_-]*)\}")
#: What says "one" in a quote without a number: "a hospital", "an IDP site".
_ONE = re.compile(r"\b(?:a|an|one|single)\b", re.IGNORECASE)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
#: After the first day of two: "14 and 15 February", "14 to 16 March".
_FIRST_DAY = re.compile(rf"\s*(?:and|to|or|&)\s+\d{{1,2}}\s+(?:{_MONTHS})\b")
#: Markdown that is not prose: a link's address, code, an HTML tag or an autolink.
_MARKUP = re.compile(r"\]\([^)\n]*\)|`[^`\n]*`|<[^<>\n]*>")
#: What narrative holds besides prose, left out of the number check: the markup above,
#: references and list numbers like "(1)".
_NOT_PROSE = re.compile(rf"{_MARKUP.pattern}|{REFERENCE.pattern}|\(\d{{1,2}}\)")
#: Any text in braces, to tell a reference that is misspelt from ordinary text.
_BRACED = re.compile(r"\{([^{}\n]{1,80})\}")


@dataclass(frozen=True)
class Reference:
    """A reference found in narrative text: where it is and the figure id it names."""

    start: int
    end: int
    id: str


def references(text: str) -> list[Reference]:
    """Every ``{id}`` in the prose of ``text`` (not in a link's address, code or a tag)."""
    prose = _blank(_MARKUP, text)
    return [Reference(m.start(), m.end(), m.group(1)) for m in REFERENCE.finditer(prose)]


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with what ``pattern`` matches replaced by spaces (offsets stay as they were)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def counts(text: str) -> list[numbers.Mention]:
    """The counts in ``text``, without years, dates ("14 and 15 February" too), percentages,
    money and the like."""
    return [m for m in numbers.mentions(text) if not numbers.is_not_a_count(text, m)
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
    if fig.value is not None and fig.value in _shares(fig.quote):
        return None  # "half of the city's 2.9 million residents", as extraction reads it
    found = counts(fig.quote)
    if fig.value == 1 and not found and _ONE.search(fig.quote):
        return None  # "a hospital was hit", and no other number
    if fig.value is not None:
        field, number, verb = "value", str(fig.value), "does"
    else:
        field, number, verb = "min", f"min {fig.min} and max {fig.max}", "do"
    if not found:
        return (field, f"{number} {'is' if verb == 'does' else 'are'} not in the quote, which "
                "gives no number", "quote the sentence that gives the number")
    said = " and ".join(f'"{m.text}"' for m in found[:3])
    hint = "correct the number, or quote the sentence it comes from"
    ranged = next((m for m in found if m.value is None and fig.value in (m.low, m.high)), None)
    if ranged:
        hint = (f"the quote gives a range: write min: {ranged.low} and max: {ranged.high} "
                "instead of value:")
    return field, f"{number} {verb} not match the quote, which says {said}", hint


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


_SHARE_WORDS = {"half": 1 / 2, "a third": 1 / 3, "two thirds": 2 / 3, "a quarter": 1 / 4,
                "three quarters": 3 / 4}


def _shares(quote: str) -> set[int]:
    """The parts of a number a quote names: "half of the city's 2.9 million" is 1,450,000."""
    named = [part for word, part in _SHARE_WORDS.items()
             if re.search(rf"\b{word}\s+of\b", quote, re.IGNORECASE)]
    return {round(m.value * part) for m in numbers.mentions(quote) if m.value
            for part in named}


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
    blanked = _blank(_NOT_PROSE, text)
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
    return [(m.start(), m.group()) for m in _BRACED.finditer(_blank(_MARKUP, text))
            if not REFERENCE.fullmatch(m.group())]
