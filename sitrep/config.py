"""The workspace's ``config.yaml``: one typed model, paths resolved against its folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from sitrep.models import Day, Ident, Strict

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HEADLINE_RULES = {
    "reliable": "the most recent figure from the most reliable non-partisan source; "
                "ties go to the most conservative value",
    "conservative": "the most conservative value among non-partisan sources",
    "recent": "the most recently reported figure from a non-partisan source; "
              "ties go to the most conservative value",
}


class Cadence(Strict):
    every: Literal["week"] = "week"
    weekday: Literal[WEEKDAYS] = "friday"  # type: ignore[valid-type]

    @property
    def weekday_index(self) -> int:
        return WEEKDAYS.index(self.weekday)


class Paths(Strict):
    facts: str = "facts"
    articles: str = "articles"
    templates: str = "templates"
    output: str = "reports"


class KeyFigure(Strict):
    """Selects one key figure: a measure, optionally narrowed by population and place."""

    measure: str
    population: str | None = None
    location: str | None = None
    label: str | None = None


class Config(Strict):
    title: str
    organisation: str
    crisis: str
    slug: Ident
    series_start: Day
    series_end: Day | None = None
    cadence: Cadence = Cadence()
    locale: str = "en_GB"
    language: str = "en"
    freshness_days: Annotated[int, Field(ge=1, le=366)] = 14
    headline_rule: Literal[tuple(HEADLINE_RULES)] = "reliable"  # type: ignore[valid-type]
    key_figures: list[KeyFigure] = []
    measures: list[Ident] = []
    populations: list[Ident] = []
    contact: str | None = None
    paths: Paths = Paths()


class Workspace:
    """A config plus the folder it lives in; every path is resolved here."""

    def __init__(self, root: Path, config: Config):
        self.root = root
        self.config = config

    def path(self, name: str) -> Path:
        return (self.root / getattr(self.config.paths, name)).resolve()
