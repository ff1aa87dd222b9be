"""Words and numbers for templates: every value a report prints is formatted here, in the
language, locale and digits of its edition."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from sitrep.comparable import counted_to, people
from sitrep.config import Measure
from sitrep.i18n import N_, Edition
from sitrep.models import (
    ACCESS_CATEGORIES,
    SEVERITY,
    AccessConstraint,
    Entry,
    Figure,
    Issue,
    Revision,
    Source,
    stated,
)

QUALIFIER_WORDS = {"exact": "", "approx": N_("about"), "at_least": N_("at least"),
                   "more_than": N_("more than"), "up_to": N_("up to")}
#: What a figure counts when it names no population, by measure.
MEASURE_WORDS = {
    "displaced": N_("people displaced"), "returned": N_("people returned"),
    "refugees": N_("refugees"), "killed": N_("people killed"), "injured": N_("people injured"),
    "missing": N_("people missing"), "affected": N_("people affected"),
    "in_need": N_("people in need"), "detained": N_("people detained"),
    "facilities_damaged": N_("facilities damaged")}
#: The same, for one population group: ``%(population)s`` is the group's word below.
GROUP_WORDS = {
    "displaced": N_("%(population)s displaced"), "returned": N_("%(population)s returned"),
    "refugees": N_("%(population)s refugees"), "killed": N_("%(population)s killed"),
    "injured": N_("%(population)s injured"), "missing": N_("%(population)s missing"),
    "affected": N_("%(population)s affected"), "in_need": N_("%(population)s in need"),
    "detained": N_("%(population)s detained"),
    "facilities_damaged": N_("%(population)s facilities damaged")}
POPULATION_WORDS = {
    "people": N_("people"), "civilians": N_("civilians"), "children": N_("children"),
    "women": N_("women"), "men": N_("men"), "elderly": N_("elderly"), "troops": N_("troops"),
    "fighters": N_("fighters"), "aid_workers": N_("aid workers"),
    "health_workers": N_("health workers"), "teachers": N_("teachers"),
    "journalists": N_("journalists")}
_NARROW_MONTH = re.compile(r"(?<!M)MMM(?!M)")
#: "1 mars" as French writes it: "1er mars" (a day 1 followed by a month's name).
_FIRST_OF_MONTH = re.compile(r"(?<![\d/.])1(?=[ \u00a0\u202f][^\W\d])")


class Formatter:
    """Locale-aware formatting in one edition's language, exposed to templates as filters."""

    def __init__(self, edition: Edition, measures: Sequence[Measure] = ()):
        self.edition = edition
        #: Measures declared in config, by id: their words, and money formatted as money.
        self.measures = {m.id: m for m in measures}
        # Parsed once: Babel would parse a locale string again on every call.
        self.locale = edition.babel_locale
        self._ = edition.gettext.gettext
        self._n = edition.gettext.ngettext
        self._numbers: dict[int | float, str] = {}

    def filters(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in (
            "number", "day", "span", "amount", "when", "change", "words", "severity",
            "category", "age", "who", "headline", "subject", "qualifier", "bare", "step",
            "isoday", "revision", "key_value", "in_force", "claims", "last", "short",
            "agreement", "upper_first", "counted", "money", "percent", "isolate", "population",
            "range_to")}

    def plain_number(self, value: int | float) -> str:
        """``948,000`` (en_GB), ``948 000`` (fr_FR), ``948٬000`` (Arabic-Indic digits), each
        value formatted once; never isolated (for charts)."""
        text = self._numbers.get(value)
        if text is None:
            system = "arab" if self.edition.digits == "arab" else "latn"
            # Babel's numbering system sets the separators (٬ ٫); the digits are ours to set
            text = self._numbers[value] = self.edition.digits_of(
                format_decimal(value, locale=self.locale, numbering_system=system))
        return text

    def number(self, value: int | float) -> str:
        """A number, kept whole inside right-to-left text."""
        return self.isolate(self.plain_number(value))

    def isolate(self, text: Any) -> Any:
        """Text that runs left to right (a number, a source's name, an address), isolated
        in a right-to-left edition."""
        return self.edition.isolate(text) if isinstance(text, str) else text

    def day(self, value: date, style: str = "long") -> str:
        return self._dated_text(format_date(value, format=style, locale=self.locale))

    def _dated_text(self, text: str) -> str:
        """A formatted date as the edition writes it: its digits, and French's "1er" for
        the first of the month, which CLDR does not write."""
        if self.locale.language == "fr":
            text = _FIRST_OF_MONTH.sub("1er", text)
        return self.edition.digits_of(text)

    def span(self, start: date, end: date) -> str:
        """``22–28 February 2020``: the locale's own way of writing a range of days, with
        the month written as in a single date (CLDR would abbreviate it)."""
        if start == end:
            return self.day(start)
        field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
        first, last = self.locale.interval_formats["yMMMd"][field]
        text = "".join(format_date(d, _NARROW_MONTH.sub("MMMM", pattern), locale=self.locale)
                       for d, pattern in ((start, first), (end, last)))
        return self._dated_text(text)

    def money(self, value: int, currency: str) -> str:
        """``US$500,000,000`` (en_GB), ``500 000 000 $US`` (fr_FR): whole units."""
        pattern = re.sub(r"\.0+", "", self.locale.currency_formats["standard"].pattern)
        return self.isolate(self.edition.digits_of(format_currency(
            value, currency, pattern, locale=self.locale, currency_digits=False)))

    def percent(self, share: float) -> str:
        """``50%`` (en_GB), ``50 %`` (fr_FR): a whole percentage."""
        return self.isolate(self.edition.digits_of(
            format_percent(share, "#,##0%", locale=self.locale)))

    def range_to(self, low: int, high: int) -> str:
        """``299–372``; in right-to-left text each number is isolated and the range reads
        from the right, as a range of days does."""
        return f"{self.number(low)}–{self.number(high)}"

    def amount(self, fig: Figure) -> str:
        """``more than 948,000``, ``299–372``, ``1,200 households (about 6,600 people)``;
        money as money (``US$30,000,000``)."""
        declared = self.measures.get(fig.measure)
        currency = declared.currency if declared else None
        if currency and fig.value is not None:
            number = self.money(fig.value, currency)
        elif currency:
            number = f"{self.money(fig.min or 0, currency)}–{self.money(fig.max or 0, currency)}"
        elif fig.value is not None:
            number = self.number(fig.value)
        else:
            number = self.range_to(fig.min or 0, fig.max or 0)
        text = f"{self.qualifier(fig)} {number}".strip()
        if fig.unit == "households" and fig.household_size:
            text = self._("%(amount)s households (about %(people)s people)") % {
                "amount": text, "people": self.number(stated(fig)[0])}
        return text

    def headline(self, entry: Entry) -> str:
        """The value a row shows: the headline, the range when sources differ or dispute it
        (non-partisan figures only), marked when the only figures are claims."""
        text = self.amount(entry.headline)
        if entry.disputed:
            text = self._("%(range)s (disputed)") % {"range": self.range_to(entry.low,
                                                                           entry.high)}
        elif entry.differ:
            text = self._("%(value)s (sources differ: %(range)s)") % {
                "value": text, "range": self.range_to(entry.low, entry.high)}
        if entry.claim:
            text = self._("%(value)s, %(claimed)s") % {"value": text,
                                                        "claimed": self.who(entry.sources[0])}
        return text

    def claims(self, entry: Entry) -> str:
        """Claims listed beside a neutral headline: ``309 claimed by …``."""
        return self._("; ").join(self._("%(value)s %(claimed)s") % {
            "value": self.amount(f), "claimed": self.who(s)} for f, s in entry.claims)

    def agreement(self, entry: Entry) -> str:
        """How the non-partisan sources of a row relate, in words (empty when one source)."""
        if entry.disputed:
            return self._("disputed: no number fits every source")
        if entry.differ:
            return self._("sources differ, but do not contradict each other")
        return ""

    def step(self, pair: tuple[Figure | None, Figure | None]) -> str:
        """The change between two consecutive points of a trend: ``▲ 48,000``; nothing
        after a gap, since a gap says nothing about the change."""
        before, after = pair
        if before is None or after is None:
            return ""
        if before == after:
            return self._("no new figure")
        delta = people(after) - people(before)
        if delta == 0:
            return self._("no change")
        return f"{'▲' if delta > 0 else '▼'} {self.number(abs(delta))}"

    def revision(self, item: Revision, sources: Mapping[str, Source]) -> str:
        """A revision notice's sentence, after "Revised on <date>:"."""
        fig = item.after or item.before
        assert fig is not None
        source = sources.get(fig.source)
        what = self._("%(what)s in %(place)s (%(source)s)") % {
            "what": self.upper_first(self.subject(fig)),
            "place": self.isolate(fig.location.name),
            "source": self.who(source) if source else self.isolate(fig.source)}
        if item.before is None:
            return self._("%(what)s: %(figure)s was added.") % {
                "what": what, "figure": self._dated(item.after)}
        if item.after is None:
            return self._("%(what)s: %(figure)s was withdrawn.") % {
                "what": what, "figure": self._dated(item.before)}
        if item.before.as_of != item.after.as_of:
            before, after = self._dated(item.before), self._dated(item.after)
        else:
            before, after = self.amount(item.before), self.amount(item.after)
        return self._("%(what)s changed from %(before)s to %(after)s.") % {
            "what": what, "before": before, "after": after}

    def key_value(self, box: Mapping[str, Any] | None) -> str:
        """A key figure as the series index shows it, from the values the manifest keeps,
        with what it counts to, so that figures of different periods are not read as one."""
        if isinstance(box, Mapping) and isinstance(box.get("share"), float):
            return self.percent(box["share"])
        if not isinstance(box, Mapping) or not box.get("figure"):
            return ""
        fig = Figure.model_validate(box["figure"])
        value = self.range_to(box["low"], box["high"]) if box.get("disputed") else \
            self.amount(fig)
        if box.get("differ"):
            value = self._("%(value)s (sources differ: %(range)s)") % {
                "value": value, "range": self.range_to(box["low"], box["high"])}
        value = self._("%(value)s (%(when)s)") % {"value": value, "when": self.short(fig)}
        if box.get("claimed_by"):
            value = self._("%(value)s, %(claimed)s") % {
                "value": value, "claimed": self._("claimed by %(source)s") % {
                    "source": self.isolate(box["claimed_by"])}}
        return value

    def counted(self, fig: Figure) -> str:
        """When a figure counts to, without what it counts from."""
        if fig.as_of:
            return self._("as of %(date)s") % {"date": self.day(fig.as_of)}
        return self.when(fig)

    def _dated(self, fig: Figure | None) -> str:
        assert fig is not None
        return f"{self.amount(fig)} {self.when(fig)}".strip()

    @staticmethod
    def isoday(text: str) -> date:
        return date.fromisoformat(text)

    def qualifier(self, fig: Figure) -> str:
        """The qualifier in words: ``more than``; empty for exact figures."""
        words = QUALIFIER_WORDS.get(fig.qualifier, "")
        return self._(words) if words else ""

    def bare(self, fig: Figure) -> str:
        """The number alone, without its qualifier."""
        return self.amount(fig.model_copy(update={"qualifier": "exact"}))

    def when(self, fig: Figure) -> str:
        """When a figure counts to: ``as of 23 February 2020, counted since 1 December 2019``
        (a stock's ``since`` is part of what it means), or a flow's period."""
        if fig.as_of is not None:
            if fig.since:
                return self._("as of %(date)s, counted since %(since)s") % {
                    "date": self.day(fig.as_of), "since": self.day(fig.since)}
            return self._("as of %(date)s") % {"date": self.day(fig.as_of)}
        if fig.period is not None:
            return self.span(fig.period.start, fig.period.end)
        return ""

    def change(self, entry: Entry) -> str:
        """The change since the last issue, saying what it compares: the same source's
        earlier comparable figure, never another source's or another definition's."""
        if entry.unchanged:
            return self._("no new figure since the last issue")
        if entry.previous is None:
            return self._("first reported") if entry.first else \
                self._("no earlier figure from this source")
        assert entry.change is not None
        was = self._("from %(amount)s %(when)s") % {
            "amount": self.amount(entry.previous), "when": self.counted(entry.previous)}
        was = was.strip()
        if entry.change == 0:
            return self._("no change (%(was)s)") % {"was": was}
        arrow = "▲" if entry.change > 0 else "▼"
        if entry.headline.unit == "households":
            return self._("%(arrow)s %(number)s people (%(was)s)") % {
                "arrow": arrow, "number": self.number(abs(entry.change)), "was": was}
        return self._("%(arrow)s %(number)s (%(was)s)") % {
            "arrow": arrow, "number": self.number(abs(entry.change)), "was": was}

    def age(self, entry: Entry) -> str:
        days = entry.age_days
        if days == 0:
            return self._("counted today")
        return self._n("counted %(num)s day before this issue",
                       "counted %(num)s days before this issue", days) % {
            "num": self.number(days)}

    def last(self, fig: Figure, source: Source | None) -> str:
        """A key figure with nothing current: when it was last counted, and what it said."""
        if source is None:
            who = self.isolate(fig.source)
        elif source.partisan:
            who = self._("claimed by %(source)s") % {"source": self.isolate(source.short)}
        else:
            who = self.isolate(source.short)
        return self._("no new figure since %(date)s (last: %(amount)s, %(source)s)") % {
            "date": self.day(counted_to(fig)), "amount": self.amount(fig), "source": who}

    def in_force(self, item: AccessConstraint, issue: Issue) -> str:
        """When a constraint applies: its date or period, or "ongoing since …"."""
        ends = item.ends
        if item.starts < issue.start and (ends is None or ends >= issue.date):
            text = self._("ongoing since %(date)s") % {"date": self.day(item.starts)}
            if ends and item.until:
                text = self._("%(text)s, until %(date)s") % {"text": text,
                                                              "date": self.day(ends)}
            return text
        if item.period:
            return self.span(item.period.start, item.period.end)
        text = self.day(item.starts)
        if item.until:
            text = self._("%(text)s, until %(date)s") % {"text": text,
                                                          "date": self.day(item.until)}
        return self._("%(text)s, ongoing") % {"text": text} if item.ongoing else text

    def short(self, fig: Figure) -> str:
        """A trend point's axis label: the period a flow counts, or the day a stock does."""
        if fig.period is not None:
            return self.span(fig.period.start, fig.period.end)
        return self.day(counted_to(fig), "d MMM")

    def subject(self, entry: Entry | Figure) -> str:
        """What a row counts, in words: ``children killed``, ``facilities damaged``, a
        declared measure's label (``schools damaged``, never "people schools damaged")."""
        own = dict(self.edition.measures)
        declared = self.measures.get(entry.measure)
        if entry.measure in own and not entry.population:
            return own[entry.measure]
        if declared is not None and (declared.label or declared.unit != "people"):
            return own.get(entry.measure, declared.words)
        return self.label(entry.measure, entry.population)

    def label(self, measure: str, population: str | None) -> str:
        """What a measure of a population counts, in words: ``children killed``."""
        if population:
            group = GROUP_WORDS.get(measure)
            words = self.population(population)
            if group:
                return self._(group) % {"population": words}
            return f"{words} {dict(self.edition.measures).get(measure, self.words(measure))}"
        if measure in MEASURE_WORDS:
            return self._(MEASURE_WORDS[measure])
        own = dict(self.edition.measures)  # a measure of the workspace's own, in its words
        if measure in own:
            return own[measure]
        words = self.words(measure)
        return words if measure.startswith("facilities") else \
            self._("people %(measure)s") % {"measure": words}

    def population(self, slug: str) -> str:
        """A population group in words: ``children``, ``aid workers``."""
        return self._(POPULATION_WORDS[slug]) if slug in POPULATION_WORDS else self.words(slug)

    @staticmethod
    def upper_first(text: str) -> str:
        """The first letter in capitals, the rest as it is (unlike ``capitalize``)."""
        return text[:1].upper() + text[1:]

    @staticmethod
    def words(slug: str | None) -> str:
        return (slug or "").replace("_", " ")

    def severity(self, level: int | None) -> str:
        if level is None:
            return self._("not graded")
        return f"{self.plain_number(level)} – {self._(SEVERITY[level])}"

    def category(self, slug: str) -> str:
        return self._(ACCESS_CATEGORIES[slug]) if slug in ACCESS_CATEGORIES else slug

    def who(self, source: object) -> str:
        """A source's name, marked as a claim when it is a party to the conflict."""
        name = self.isolate(getattr(source, "name", ""))
        if getattr(source, "partisan", False):
            return self._("claimed by %(source)s") % {"source": name}
        return name
