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


class AccessConstraint(_Sourced):
    location: Place
    date: Day | None = None
    period: Period | None = None
    category: str
    severity: Annotated[Whole, Field(ge=0, le=5)] | None = None
    description: str

    @property
    def counted_to(self) -> dt.date | None:
        """Its date, or the end of its period."""
        return self.date or (self.period.end if self.period else None)


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

    model_config = ConfigDict(frozen=True)

    sources: dict[str, Source]
    articles: dict[str, Article]
    figures: list[Figure]
    access: list[AccessConstraint]
    narrative: dict[dt.date, Narrative]
    #: Narrative in the other editions' languages, by issue date and language.
    translations: dict[tuple[dt.date, str], Narrative] = {}


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
    """A numbered entry of the sources list: who, through which publication, what quoted."""

    number: int
    source: Source
    article: Article | None
    url: str | None
    quotes: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """One key figure (measure × population × place, at one time) resolved for a report."""

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
    change: int | None = None
    previous: Figure | None = None
    notes: list[int] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return len({_low(f) for f in self.figures} | {_high(f) for f in self.figures}) > 1

    @property
    def low(self) -> int:
        return min(_low(f) for f in self.figures)

    @property
    def high(self) -> int:
        return max(_high(f) for f in self.figures)


def _low(fig: Figure) -> int:
    return fig.value if fig.value is not None else fig.min or 0


def _high(fig: Figure) -> int:
    return fig.value if fig.value is not None else fig.max or 0


@dataclass(frozen=True)
class Revision:
    """A figure an issue showed that changed after the issue was published: ``before`` is
    None for a figure added since, ``after`` None for one withdrawn."""

    on: dt.date
    before: Figure | None
    after: Figure | None


@dataclass
class KeyBox:
    """A box in the key-figures strip: a label and the entry it shows, if any."""

    label: str
    entry: Entry | None


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
    notes: dict[tuple[str, str | None, str | None], int]
    rule: str
    #: People killed by population group, issue by issue (claims left out).
    casualty_trend: list[tuple[Issue, dict[str, Figure]]] = field(default_factory=list)
    #: Figures that changed after this issue was first published (see sitrep.revise).
    revisions: list[Revision] = field(default_factory=list)
    #: Every source of the workspace by id, to name the sources of revised figures.
    sources: dict[str, Source] = field(default_factory=dict)
    #: The narrative parts an edition shows in the series' own language, for want of a
    #: translation (see sitrep.render.in_language).
    untranslated: tuple[str, ...] = ()

    @property
    def has_disputes(self) -> bool:
        return any(b.entry and b.entry.disputed for b in self.key_figures) or any(
            e.disputed for e in self.displacement + self.casualties + self.other)

    def note(self, item: Figure | AccessConstraint) -> int:
        """The sources-list number of a figure or constraint."""
        return self.notes[citation_key(item)]


def citation_key(item: Figure | AccessConstraint) -> tuple[str, str | None, str | None]:
    return (item.source, item.via, None if item.via else item.url)
