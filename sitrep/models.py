"""The nouns of sitrep: sources, figures, access constraints, narrative, articles.

These models check shape and types only; rules that need other files or the
config (known measures, source ids, quotes) live in :mod:`sitrep.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sitrep import FIRST_YEAR, LAST_YEAR
from sitrep.geo import Boundaries
from sitrep.i18n import N_

MEASURES = ("displaced", "returned", "refugees", "killed", "injured", "missing", "affected",
            "in_need", "detained", "facilities_damaged")
POPULATIONS = ("people", "civilians", "children", "women", "men", "elderly", "troops",
               "fighters", "aid_workers", "health_workers", "teachers", "journalists")
SOURCE_KINDS = ("un", "ngo", "government", "party_to_conflict", "media", "local",
                "academic", "other")
#: OCHA's access monitoring and reporting categories, as slugs.
ACCESS_CATEGORIES = {
    "needs_denied": N_("Denial of humanitarian needs or entitlements"),
    "restricted_access_to_services": N_("People's access to services and assistance restricted"),
    "entry_impediments": N_("Impediments to entering the country"),
    "movement_restrictions": N_("Restrictions on movement within the area"),
    "interference": N_("Interference in humanitarian activities"),
    "violence_against_aid_workers": N_("Violence against aid workers, assets and facilities"),
    "active_hostilities": N_("Active hostilities"),
    "explosive_hazards": N_("Mines and explosive remnants of war"),
    "physical_environment": N_("Physical environment and infrastructure"),
}
#: The ACAPS-style humanitarian access severity scale.
SEVERITY = (N_("none"), N_("low"), N_("moderate"), N_("high"), N_("very high"),
            N_("extreme"))
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "up_to")

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _iso_day(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if not _DAY.match(text):
        raise PydanticCustomError("sitrep", "{message}", {
            "message": f'expected a date as YYYY-MM-DD, got "{text}"', "hint": ""})
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("sitrep", "{message}", {
            "message": f'"{text}" is not a real date', "hint": "check the day and month"},
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PydanticCustomError("sitrep", "{message}", {
            "message": f"{text} is outside the years sitrep works with ({FIRST_YEAR} to "
                       f"{LAST_YEAR})", "hint": "check the year"})
    return day


def _ident(value: Any) -> Any:
    text = str(value)
    if not _ID.match(text):
        raise PydanticCustomError("sitrep", "{message}", {
            "message": f'"{text}" is not a valid id',
            "hint": "use lowercase letters, digits, '-' and '_', like white-helmets"})
    return text


def _web_url(value: Any) -> Any:
    text = str(value)
    if not re.match(r"https?://[^\s/$.?#<>\"`][^\s<>\"`]*\Z", text, re.IGNORECASE):
        raise PydanticCustomError("sitrep", "{message}", {
            "message": f'"{text}" is not a web address',
            "hint": "write a full address starting with https:// or http://"})
    return text


def _place(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
Ident = Annotated[str, BeforeValidator(_ident)]
WebUrl = Annotated[str, BeforeValidator(_web_url)]
_WHOLE = re.compile(r"[+-]?\d+\Z")


def _whole(value: Any) -> Any:
    """Only digits make a whole number: "5.0", "1_000" and "1e3" are refused, not guessed."""
    if isinstance(value, str) and not _WHOLE.match(value.strip()):
        raise PydanticCustomError("int_parsing", "expected a whole number")
    return value


#: A whole number written in digits (and nothing else).
Whole = Annotated[int, BeforeValidator(_whole)]
#: A count of people, households, things: no count sitrep reports comes near 10^15.
Count = Annotated[Whole, Field(ge=0, le=10**15)]
#: Where a quote is in its article file: [start, end) character offsets.
Offsets = Annotated[list[Annotated[Whole, Field(ge=0)]], Field(min_length=2, max_length=2)]


class Strict(BaseModel):
    """Base for input models: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(Strict):
    name: str
    pcode: str | None = None
    admin_level: Annotated[Whole, Field(ge=0, le=5)] | None = None


Place = Annotated[Location, BeforeValidator(_place)]


class PlaceEntry(Strict):
    """A place of the workspace's gazetteer (the ``places:`` list, kept in facts/places.yaml).

    A place with a p-code has an admin level; a region (an area the reports name that is no
    administrative unit, like "North-west Syria") has neither, and a place whose p-code is
    not known may give its level alone.  ``parent`` is the p-code of the place it lies in,
    or the name of a region.  The rules are in :mod:`sitrep.places`."""

    name: str
    pcode: str | None = None
    admin_level: Annotated[Whole, Field(ge=0, le=5)] | None = None
    parent: str | None = None
    aliases: list[str] = []  # other spellings: "Idlib" for "Idleb"
    note: str | None = None


class Period(Strict):
    start: Day
    end: Day


class Source(Strict):
    id: Ident
    name: str
    kind: str
    url: WebUrl | None = None
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = None
    aliases: list[str] = []  # other names the source goes by: "the White Helmets"

    @property
    def partisan(self) -> bool:
        """A party to the conflict: its figures are claims."""
        return self.kind == "party_to_conflict"

    @property
    def short(self) -> str:
        """The name for tight places (key-figure boxes): the abbreviation a name ends with in
        brackets ("… (OCHA)" gives OCHA), else the whole name."""
        match = re.search(r"\(([^()]{1,40})\)\s*\Z", self.name)
        return match.group(1) if match else self.name


class _Sourced(Strict):
    """What every figure and constraint carries: who said it, through what, and when."""

    source: Ident
    via: str | None = None
    quote: str | None = None
    offsets: Offsets | None = None
    url: WebUrl | None = None
    reported: Day | None = None
    note: str | None = None
    status: Literal["candidate", "accepted"] | None = None
    # whom the sentence names as telling it, when extraction could only give the publisher
    speaker: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_article(cls, data: Any, info: ValidationInfo) -> Any:
        """Fill ``reported`` from the via article's date, given in the validation context."""
        published = (info.context or {}).get("published", {})
        if isinstance(data, dict) and data.get("reported") is None \
                and isinstance(data.get("via"), str) and data["via"] in published:
            return {**data, "reported": published[data["via"]]}
        return data

    @property
    def counted_to(self) -> dt.date | None:
        """The last day the item counts for."""
        raise NotImplementedError

    @property
    def reported_on(self) -> dt.date | None:
        """When it was made public: reported, else the via article's date, else counted_to."""
        return self.reported or self.counted_to


class Figure(_Sourced):
    id: Ident | None = None
    measure: str
    population: str | None = None
    location: Place
    kind: str
    as_of: Day | None = None
    since: Day | None = None
    period: Period | None = None
    value: Count | None = None
    min: Count | None = None
    max: Count | None = None
    qualifier: str = "exact"
    unit: Literal["people", "households"] = "people"
    household_size: Annotated[float, Field(gt=0, le=30)] | None = None

    @property
    def counted_to(self) -> dt.date | None:
        """Its as_of date, or the end of its period."""
        return self.as_of or (self.period.end if self.period else None)

    @property
    def per_unit(self) -> float:
        """People per unit counted: the household size for households, else 1."""
        return self.household_size if self.unit == "households" and self.household_size else 1


class AccessConstraint(_Sourced):
    location: Place
    date: Day | None = None
    period: Period | None = None
    #: In force until this day (a closed crossing, a checkpoint): shown in every issue till then.
    until: Day | None = None
    #: In force with no end known: shown in every issue until the sheet gives ``until:``.
    ongoing: bool = False
    category: str
    severity: Annotated[Whole, Field(ge=0, le=5)] | None = None
    description: str

    @property
    def counted_to(self) -> dt.date | None:
        """Its date, or the end of its period."""
        return self.date or (self.period.end if self.period else None)

    @property
    def starts(self) -> dt.date:
        """The day it began (its date, or its period's start)."""
        day = self.date or (self.period.start if self.period else None)
        assert day is not None  # validation requires a date or a period
        return day

    @property
    def ends(self) -> dt.date | None:
        """The last day it is in force; None while ongoing."""
        if self.ongoing:
            return None
        return self.until or self.counted_to


_CURRENCY_CODE = re.compile(r"[A-Z]{3}\Z")


def _currency(value: Any) -> Any:
    text = str(value).strip()
    if not _CURRENCY_CODE.match(text.upper()):
        raise PydanticCustomError("sitrep", "{message}", {
            "message": f'"{text}" is not a currency code',
            "hint": "write its ISO 4217 code, like USD, EUR or CHF"})
    return text.upper()


class Funding(_Sourced):
    """An appeal's funding as of a date: what it requires and what it has received."""

    appeal: str
    as_of: Day
    currency: Annotated[str, BeforeValidator(_currency)] = "USD"
    requirement: Annotated[Count, Field(gt=0)]
    received: Count | None = None

    @property
    def counted_to(self) -> dt.date | None:
        return self.as_of

    @property
    def gap(self) -> int | None:
        """What is still missing (nothing when fully funded); None when receipts are unknown."""
        return None if self.received is None else max(self.requirement - self.received, 0)

    @property
    def share(self) -> float | None:
        """The part of the requirement received, from 0 (1 when fully funded or more)."""
        return None if self.received is None else self.received / self.requirement


class Response(_Sourced):
    """A cluster's or sector's needs, response and gaps on a date, with its people targeted
    and reached when given."""

    cluster: str
    date: Day
    needs: str = ""
    response: str = ""
    gaps: str = ""
    targeted: Count | None = None
    reached: Count | None = None

    @property
    def counted_to(self) -> dt.date | None:
        return self.date


class Narrative(Strict):
    date: Day
    #: The language it is written in; none: the series' own language (config ``language``).
    language: str | None = None
    highlights: list[str] = []
    overview: str = ""


class ArticleHeader(Strict):
    title: str
    publisher: str
    url: WebUrl | None = None
    published: Day
    language: str = "en"
    source: Ident | None = None
    note: str | None = None


class Article(BaseModel):
    """An article source: its header, its text and where the body starts."""

    model_config = ConfigDict(frozen=True)

    id: str
    path: str
    header: ArticleHeader
    text: str
    body_start: int

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


class Facts(BaseModel):
    """Everything a workspace knows, checked and cross-referenced."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    sources: dict[str, Source]
    articles: dict[str, Article]
    figures: list[Figure]
    access: list[AccessConstraint]
    narrative: dict[dt.date, Narrative]
    #: Narrative in the other editions' languages, by issue date and language.
    translations: dict[tuple[dt.date, str], Narrative] = {}
    funding: list[Funding] = []
    response: list[Response] = []
    #: The gazetteer's places, checked (see sitrep.places); empty when there is none.
    places: list[PlaceEntry] = []
    #: The map's boundary file (see sitrep.geo); None without a map.
    boundaries: Boundaries | None = None


# --- The resolved report -------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One issue of the series: its number, date and the period it covers."""

    number: int
    date: dt.date
    start: dt.date
    next: dt.date | None


@dataclass
class Citation:
    """A numbered entry of the sources list: one article (with every source it is quoted
    for, and what it quotes), or one source cited directly."""

    number: int
    source: Source
    article: Article | None
    url: str | None
    quotes: list[str] = field(default_factory=list)
    #: Every source the entry stands for, in the order the report cites them, with the
    #: sentences quoted for each (an article can carry figures of several sources).
    voices: list[tuple[Source, list[str]]] = field(default_factory=list)

    def voice(self, source: Source) -> list[str]:
        """The quotes list of one source of this entry, added when new."""
        for known, quotes in self.voices:
            if known.id == source.id:
                return quotes
        self.voices.append((source, []))
        return self.voices[-1][1]


@dataclass
class Entry:
    """One row of figures resolved for a report: comparable figures (see
    :mod:`sitrep.comparable`) of one measure, population, place and definition, at one time.

    ``figures`` lists the headline first, then every other source's figure, claims by parties
    to the conflict included; ``compared`` holds the non-partisan ones, which alone make the
    range and decide whether sources agree, differ or are disputed."""

    measure: str
    population: str | None
    location: Location
    kind: str
    headline: Figure
    figures: list[Figure]
    sources: list[Source]
    claim: bool
    age_days: int
    stale: bool
    compared: list[Figure] = field(default_factory=list)
    #: agree | differ | disputed, among the non-partisan figures
    status: str = "agree"
    #: The change in people since ``previous``: the same source's earlier comparable figure.
    change: int | None = None
    previous: Figure | None = None
    #: The headline is the very figure the previous issue showed: nothing new was reported.
    unchanged: bool = False
    #: No earlier figure of this series at all (from any source).
    first: bool = True
    notes: list[int] = field(default_factory=list)
    #: Footnote numbers of the figures' notes (``note:``), in the figures' order.
    remarks: list[int | None] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return self.status == "disputed"

    @property
    def differ(self) -> bool:
        return self.status == "differ"

    @property
    def low(self) -> int:
        return min(stated(f)[0] for f in self.compared or self.figures)

    @property
    def high(self) -> int:
        return max(stated(f)[1] for f in self.compared or self.figures)

    @property
    def claims(self) -> list[tuple[Figure, Source]]:
        """Figures of parties to the conflict shown beside a neutral headline."""
        if self.claim:
            return []
        return [(f, s) for f, s in zip(self.figures, self.sources, strict=True) if s.partisan]

    @property
    def since(self) -> dt.date | None:
        """What a stock counts from, when it says."""
        return self.headline.since


def stated(fig: Figure) -> tuple[int, int]:
    """The lowest and highest number of people a figure states (qualifiers not read),
    households converted with the figure's household size."""
    size = fig.per_unit
    if fig.value is not None:
        return round(fig.value * size), round(fig.value * size)
    return round((fig.min or 0) * size), round((fig.max or 0) * size)


@dataclass(frozen=True)
class Revision:
    """A figure an issue showed that changed after the issue was published: ``before`` is
    None for a figure added since, ``after`` None for one withdrawn."""

    on: dt.date
    before: Figure | None
    after: Figure | None


@dataclass
class KeyBox:
    """A box in the key-figures strip: a label and the entry it shows, if any.

    With no current figure, ``last`` is the latest figure of the declared series the series
    has had, so the box can say "no new figure since …" rather than switch definition."""

    label: str
    entry: Entry | None
    last: Figure | None = None
    last_source: Source | None = None
    #: A share: the part and the whole it is computed from, when both are known.
    part: Figure | None = None
    whole: Figure | None = None

    @property
    def share(self) -> float | None:
        """The part as a share of the whole, in people (households converted)."""
        if self.part is None or self.whole is None:
            return None
        whole = stated(self.whole)[0]
        return stated(self.part)[0] / whole if whole else None


@dataclass(frozen=True)
class TrendPoint:
    """One issue's point in a trend: the series' headline figure then, or None (a gap), and
    the part of it a subset counts ("of which children"), from the same source and period."""

    issue: Issue
    figure: Figure | None
    part: Figure | None = None


@dataclass
class AreaMap:
    """An issue's map: every shape of the boundary file, the entry each area shows, by
    p-code (areas without one have no figure), and what the figures count."""

    boundaries: Boundaries
    entries: dict[str, Entry]
    label: str


@dataclass
class Report:
    """Everything a template needs for one issue."""

    issue: Issue
    previous: Issue | None
    key_figures: list[KeyBox]
    displacement: list[Entry]
    casualties: list[Entry]
    other: list[Entry]
    access: list[AccessConstraint]
    narrative: Narrative | None
    trend: list[tuple[Issue, Figure | None]]
    trend_label: str
    citations: list[Citation]
    notes: dict[tuple[str | None, str | None, str | None], int]
    rule: str
    #: The "killed" key figure's series, issue by issue (see :class:`TrendPoint`).
    casualty_trend: list[TrendPoint] = field(default_factory=list)
    casualty_label: str = ""
    #: The population counted "of which" in the casualty trend (children of civilians).
    casualty_part: str | None = None
    #: Figures that changed after this issue was first published (see sitrep.revise).
    revisions: list[Revision] = field(default_factory=list)
    #: Every source of the workspace by id, to name the sources of revised figures.
    sources: dict[str, Source] = field(default_factory=dict)
    #: The narrative parts an edition shows in the series' own language, for want of a
    #: translation (see sitrep.render.in_language).
    untranslated: tuple[str, ...] = ()
    #: Footnotes that are figures' notes, numbered after the sources: (number, text).
    remarks: list[tuple[int, str]] = field(default_factory=list)
    #: The figures the narrative cites by reference ("{displaced-nw}"), by id.
    references: dict[str, Figure] = field(default_factory=dict)
    #: Each appeal's latest funding known on the issue date.
    funding: list[Funding] = field(default_factory=list)
    #: Each cluster's latest needs, response and gaps reported in the issue's period.
    response: list[Response] = field(default_factory=list)
    #: The map of a measure by area (see config's map:), when any area has a figure.
    map: AreaMap | None = None

    @property
    def has_disputes(self) -> bool:
        return any(b.entry and b.entry.disputed for b in self.key_figures) or any(
            e.disputed for e in self.displacement + self.casualties + self.other)

    def note(self, item: Cited) -> int:
        """The sources-list number of a figure or constraint."""
        return self.notes[citation_key(item)]

    def remark(self, item: Cited) -> int | None:
        """The footnote number of an item's note, when it has one."""
        return next((n for n, text in self.remarks if text == item.note), None)

    def refs(self, items: list[Figure]) -> list[int]:
        """The sources-list numbers of several figures, each once, in order."""
        return list(dict.fromkeys(self.note(item) for item in items))


#: What a footnote can point from.
Cited = Figure | AccessConstraint | Funding | Response


def citation_key(item: Cited) -> tuple[str | None, str | None, str | None]:
    """What a footnote points at: the article a figure came through (one entry however many
    sources it quotes), else the source itself and the address given."""
    if item.via:
        return (None, item.via, None)
    return (item.source, None, item.url)
