"""Words and numbers for templates: every value a report prints is formatted here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal

from sitrep.models import ACCESS_CATEGORIES, SEVERITY, Entry, Figure, Revision, Source

QUALIFIER_WORDS = {"exact": "", "approx": "about", "at_least": "at least",
                   "more_than": "more than", "up_to": "up to"}


class Formatter:
    """Locale-aware formatting, exposed to templates as filters."""

    def __init__(self, locale: str):
        # Parsed once: Babel would parse a locale string again on every call.
        self.locale = Locale.parse(locale)
        self._numbers: dict[int | float, str] = {}

    def filters(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in (
            "number", "day", "span", "amount", "when", "change", "words", "severity",
            "category", "age", "who", "headline", "subject", "qualifier", "bare", "step",
            "isoday", "casualty_groups", "revision", "key_value")}

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

    def amount(self, fig: Figure) -> str:
        """``more than 948,000``, ``299–372``, ``1,200 households (about 6,600 people)``."""
        if fig.value is not None:
            number = self.number(fig.value)
        else:
            number = f"{self.number(fig.min or 0)}–{self.number(fig.max or 0)}"
        words = QUALIFIER_WORDS.get(fig.qualifier, "")
        text = f"{words} {number}".strip()
        if fig.unit == "households" and fig.household_size:
            people = round((fig.value if fig.value is not None else fig.min or 0)
                           * fig.household_size)
            text += f" households (about {self.number(people)} people)"
        return text

    def headline(self, entry: Entry) -> str:
        """The value a key figure shows: a range when disputed, marked when a claim."""
        if entry.disputed:
            text = f"{self.number(entry.low)}–{self.number(entry.high)} (disputed)"
        else:
            text = self.amount(entry.headline)
        if entry.claim:
            text += f", {self.who(entry.sources[0])}"
        return text

    def step(self, pair: tuple[Figure | None, Figure | None]) -> str:
        """The change between two issues' headline figures: ``▲ 48,000``."""
        before, after = pair
        if before is None or after is None or before.value is None or after.value is None:
            return "" if before is None else "–"
        delta = after.value - before.value
        if delta == 0:
            return "no change"
        return f"{'▲' if delta > 0 else '▼'} {self.number(abs(delta))}"

    def revision(self, item: Revision, sources: Mapping[str, Source]) -> str:
        """A revision notice's sentence, after "Revised on <date>:"."""
        fig = item.after or item.before
        assert fig is not None
        source = sources.get(fig.source)
        what = (f"{self.subject(fig).capitalize()} in {fig.location.name} "
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
        """A key figure as the series index shows it, from the values the manifest keeps."""
        if not isinstance(box, Mapping) or not box.get("figure"):
            return ""
        if box.get("disputed"):
            return f"{self.number(box['low'])}–{self.number(box['high'])}"
        return self.amount(Figure.model_validate(box["figure"]))

    def _dated(self, fig: Figure | None) -> str:
        assert fig is not None
        return f"{self.amount(fig)} {self.when(fig)}".strip()

    @staticmethod
    def isoday(text: str) -> date:
        return date.fromisoformat(text)

    @staticmethod
    def casualty_groups(rows: Sequence[tuple[object, Mapping[str, Figure]]]) -> list[str]:
        """The population groups a casualty trend has figures for, civilians first."""
        order = ["civilians", "children", "women", "men", "people"]
        found = {g for _, row in rows for g in row}
        return sorted(found, key=lambda g: (order.index(g) if g in order else len(order), g))

    @staticmethod
    def qualifier(fig: Figure) -> str:
        """The qualifier in words: ``more than``; empty for exact figures."""
        return QUALIFIER_WORDS.get(fig.qualifier, "")

    def bare(self, fig: Figure) -> str:
        """The number alone, without its qualifier."""
        return self.amount(fig.model_copy(update={"qualifier": "exact"}))

    def when(self, fig: Figure) -> str:
        if fig.as_of is not None:
            return f"as of {self.day(fig.as_of)}"
        if fig.period is not None:
            return self.span(fig.period.start, fig.period.end)
        return ""

    def change(self, entry: Entry) -> str:
        if entry.kind != "stock":
            return "new in this period"
        if entry.change is None:
            return "first reported"
        if entry.change == 0:
            return "no change"
        arrow = "▲" if entry.change > 0 else "▼"
        return f"{arrow} {self.number(abs(entry.change))}"

    def age(self, entry: Entry) -> str:
        days = entry.age_days
        return "last updated today" if days == 0 else \
            f"last updated {days} day{'s' if days != 1 else ''} ago"

    @staticmethod
    def subject(entry: Entry | Figure) -> str:
        """What an entry counts, in words: ``children killed``, ``facilities damaged``."""
        measure = entry.measure.replace("_", " ")
        if entry.population:
            return f"{entry.population.replace('_', ' ')} {measure}"
        return measure if entry.measure.startswith("facilities") else f"people {measure}"

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
