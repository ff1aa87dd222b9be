"""Words and numbers for templates: every value a report prints is formatted here."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_currency, format_decimal, format_percent

from sitrep.comparable import counted_to, people
from sitrep.config import Measure
from sitrep.models import (
    ACCESS_CATEGORIES,
    SEVERITY,
    AccessConstraint,
    Entry,
    Figure,
    Issue,
    Revision,
    Source,
)

QUALIFIER_WORDS = {"exact": "", "approx": "about", "at_least": "at least",
                   "more_than": "more than", "up_to": "up to"}


class Formatter:
    """Locale-aware formatting, exposed to templates as filters."""

    def __init__(self, locale: str, measures: Sequence[Measure] = ()):
        # Parsed once: Babel would parse a locale string again on every call.
        self.locale = Locale.parse(locale)
        self._numbers: dict[int | float, str] = {}
        #: Measures declared in config, by id: their words, and money formatted as money.
        self.measures = {m.id: m for m in measures}

    def filters(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in (
            "number", "day", "span", "amount", "when", "change", "words", "severity",
            "category", "age", "who", "headline", "subject", "qualifier", "bare", "step",
            "isoday", "revision", "key_value", "in_force", "claims", "last", "short",
            "agreement", "upper_first", "counted", "money", "percent")}

    def number(self, value: int | float) -> str:
        """``948,000`` (en_GB), ``948 000`` (fr_FR): each value formatted once."""
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format_decimal(value, locale=self.locale)
        return text

    def day(self, value: date, style: str = "long") -> str:
        return format_date(value, format=style, locale=self.locale)

    def span(self, start: date, end: date) -> str:
        if start == end:
            return self.day(start)
        return format_interval(start, end, "yMMMMd", locale=self.locale)

    def money(self, value: int, currency: str) -> str:
        """``US$500,000,000`` (en_GB), ``500 000 000 $US`` (fr_FR): whole units."""
        pattern = re.sub(r"\.0+", "", self.locale.currency_formats["standard"].pattern)
        return format_currency(value, currency, pattern, locale=self.locale,
                               currency_digits=False)

    def percent(self, share: float) -> str:
        """``50%`` (en_GB), ``50 %`` (fr_FR): a whole percentage."""
        return format_percent(share, "#,##0%", locale=self.locale)

    def amount(self, fig: Figure) -> str:
        """``more than 948,000``, ``299–372``, ``1,200 households (about 6,600 people)``;
        money as money (``US$30,000,000``)."""
        declared = self.measures.get(fig.measure)
        currency = declared.currency if declared else None
        show = (lambda n: self.money(n, currency)) if currency else self.number
        if fig.value is not None:
            number = show(fig.value)
        else:
            number = f"{show(fig.min or 0)}–{show(fig.max or 0)}"
        words = QUALIFIER_WORDS.get(fig.qualifier, "")
        text = f"{words} {number}".strip()
        if fig.unit == "households" and fig.household_size:
            people = round((fig.value if fig.value is not None else fig.min or 0)
                           * fig.household_size)
            text += f" households (about {self.number(people)} people)"
        return text

    def headline(self, entry: Entry) -> str:
        """The value a row shows: the headline, the range when sources differ or dispute it
        (non-partisan figures only), marked when the only figures are claims."""
        text = self.amount(entry.headline)
        if entry.disputed:
            text = f"{self.number(entry.low)}–{self.number(entry.high)} (disputed)"
        elif entry.differ:
            text += f" (sources differ: {self.number(entry.low)}–{self.number(entry.high)})"
        if entry.claim:
            text += f", {self.who(entry.sources[0])}"
        return text

    def claims(self, entry: Entry) -> str:
        """Claims listed beside a neutral headline: ``309 claimed by …``."""
        return "; ".join(f"{self.amount(f)} {self.who(s)}" for f, s in entry.claims)

    def agreement(self, entry: Entry) -> str:
        """How the non-partisan sources of a row relate, in words (empty when one source)."""
        if entry.disputed:
            return "disputed: no number fits every source"
        if entry.differ:
            return "sources differ, but do not contradict each other"
        return ""

    def step(self, pair: tuple[Figure | None, Figure | None]) -> str:
        """The change between two consecutive points of a trend: ``▲ 48,000``; nothing
        after a gap, since a gap says nothing about the change."""
        before, after = pair
        if before is None or after is None:
            return ""
        if before == after:
            return "no new figure"
        delta = people(after) - people(before)
        if delta == 0:
            return "no change"
        return f"{'▲' if delta > 0 else '▼'} {self.number(abs(delta))}"

    def revision(self, item: Revision, sources: Mapping[str, Source]) -> str:
        """A revision notice's sentence, after "Revised on <date>:"."""
        fig = item.after or item.before
        assert fig is not None
        source = sources.get(fig.source)
        what = (f"{self.upper_first(self.subject(fig))} in {fig.location.name} "
                f"({self.who(source) if source else fig.source})")
        if item.before is None:
            return f"{what}: {self._dated(item.after)} was added."
        if item.after is None:
            return f"{what}: {self._dated(item.before)} was withdrawn."
        if item.before.as_of != item.after.as_of:
            return (f"{what} changed from {self._dated(item.before)} to "
                    f"{self._dated(item.after)}.")
        return f"{what} changed from {self.amount(item.before)} to {self.amount(item.after)}."

    def key_value(self, box: Mapping[str, Any] | None) -> str:
        """A key figure as the series index shows it, from the values the manifest keeps,
        with what it counts to, so that figures of different periods are not read as one."""
        if isinstance(box, Mapping) and isinstance(box.get("share"), float):
            return self.percent(box["share"])
        if not isinstance(box, Mapping) or not box.get("figure"):
            return ""
        fig = Figure.model_validate(box["figure"])
        if box.get("disputed"):
            value = f"{self.number(box['low'])}–{self.number(box['high'])}"
        else:
            value = self.amount(fig)
        if box.get("differ"):
            value += f" (sources differ: {self.number(box['low'])}–{self.number(box['high'])})"
        claim = f", claimed by {box['claimed_by']}" if box.get("claimed_by") else ""
        return f"{value} ({self.short(fig)}){claim}"

    def counted(self, fig: Figure) -> str:
        """When a figure counts to, without what it counts from."""
        return f"as of {self.day(fig.as_of)}" if fig.as_of else self.when(fig)

    def _dated(self, fig: Figure | None) -> str:
        assert fig is not None
        return f"{self.amount(fig)} {self.when(fig)}".strip()

    @staticmethod
    def isoday(text: str) -> date:
        return date.fromisoformat(text)

    @staticmethod
    def qualifier(fig: Figure) -> str:
        """The qualifier in words: ``more than``; empty for exact figures."""
        return QUALIFIER_WORDS.get(fig.qualifier, "")

    def bare(self, fig: Figure) -> str:
        """The number alone, without its qualifier."""
        return self.amount(fig.model_copy(update={"qualifier": "exact"}))

    def when(self, fig: Figure) -> str:
        """When a figure counts to: ``as of 23 February 2020, counted since 1 December 2019``
        (a stock's ``since`` is part of what it means), or a flow's period."""
        if fig.as_of is not None:
            since = f", counted since {self.day(fig.since)}" if fig.since else ""
            return f"as of {self.day(fig.as_of)}{since}"
        if fig.period is not None:
            return self.span(fig.period.start, fig.period.end)
        return ""

    def change(self, entry: Entry) -> str:
        """The change since the last issue, saying what it compares: the same source's
        earlier comparable figure, never another source's or another definition's."""
        if entry.unchanged:
            return "no new figure since the last issue"
        if entry.previous is None:
            return "first reported" if entry.first else "no earlier figure from this source"
        assert entry.change is not None
        was = f"from {self.amount(entry.previous)} {self.counted(entry.previous)}".strip()
        if entry.change == 0:
            return f"no change ({was})"
        arrow = "▲" if entry.change > 0 else "▼"
        people = " people" if entry.headline.unit == "households" else ""
        return f"{arrow} {self.number(abs(entry.change))}{people} ({was})"

    def age(self, entry: Entry) -> str:
        days = entry.age_days
        return "counted today" if days == 0 else \
            f"counted {days} day{'s' if days != 1 else ''} before this issue"

    def last(self, fig: Figure, source: Source | None) -> str:
        """A key figure with nothing current: when it was last counted, and what it said."""
        who = (f"claimed by {source.short}" if source.partisan else source.short) if source \
            else fig.source
        return (f"no new figure since {self.day(counted_to(fig))} (last: {self.amount(fig)}, "
                f"{who})")

    def in_force(self, item: AccessConstraint, issue: Issue) -> str:
        """When a constraint applies: its date or period, or "ongoing since …"."""
        ends = item.ends
        if item.starts < issue.start and (ends is None or ends >= issue.date):
            text = f"ongoing since {self.day(item.starts)}"
            return text + (f", until {self.day(ends)}" if ends and item.until else "")
        if item.period:
            return self.span(item.period.start, item.period.end)
        text = self.day(item.starts)
        return text + (f", until {self.day(item.until)}" if item.until else "") + \
            (", ongoing" if item.ongoing else "")

    def short(self, fig: Figure) -> str:
        """A trend point's axis label: the period a flow counts, or the day a stock does."""
        if fig.period is not None:
            return self.span(fig.period.start, fig.period.end)
        return self.day(counted_to(fig), "d MMM")

    def subject(self, entry: Entry | Figure) -> str:
        """What a row counts, in words: ``children killed``, ``facilities damaged``, a
        declared measure's label (``schools damaged``, never "people schools damaged")."""
        declared = self.measures.get(entry.measure)
        if declared is not None and (declared.label or declared.unit != "people"):
            return declared.words
        measure = entry.measure.replace("_", " ")
        if entry.population:
            return f"{entry.population.replace('_', ' ')} {measure}"
        return measure if entry.measure.startswith("facilities") else f"people {measure}"

    @staticmethod
    def upper_first(text: str) -> str:
        """The first letter in capitals, the rest as it is (unlike ``capitalize``)."""
        return text[:1].upper() + text[1:]

    @staticmethod
    def words(slug: str | None) -> str:
        return (slug or "").replace("_", " ")

    @staticmethod
    def severity(level: int | None) -> str:
        return "not graded" if level is None else f"{level} – {SEVERITY[level]}"

    @staticmethod
    def category(slug: str) -> str:
        return ACCESS_CATEGORIES.get(slug, slug)

    @staticmethod
    def who(source: object) -> str:
        """A source's name, marked as a claim when it is a party to the conflict."""
        name = getattr(source, "name", "")
        return f"claimed by {name}" if getattr(source, "partisan", False) else name
