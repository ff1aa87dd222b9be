"""When figures can be compared, and whether they agree.

Two figures are *comparable* when they count the same thing the same way: the same measure,
population, place (by p-code where one is known), kind and definition (a stock's ``since``, a
flow's first day), in people once households are converted with the household size the figure
cites.  Only comparable figures share a row, a change arrow or a trend line.

Comparable figures from several sources *agree* when they give one number, *differ* when their
numbers are consistent once qualifiers are read ("at least 299" and 372 can both be true), and
are *disputed* only when no number fits every one of them (22 and 23, both exact).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sitrep.models import Figure, stated

#: How far "about N" reaches either side of N when checking agreement.
APPROX = 0.10

#: A figure's series: measure, population, place, kind, definition, unit.
SeriesKey = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class Bounds:
    """The numbers of people a figure allows: ``low`` to ``high`` (``inf`` when open)."""

    low: float
    high: float


def place_id(fig: Figure) -> str:
    """A place's identity: its p-code when known, else its name."""
    return fig.location.pcode or fig.location.name


def definition(fig: Figure) -> str:
    """What a figure counts from: a stock's ``since``, a flow's first day."""
    if fig.kind == "flow" and fig.period is not None:
        return f"from {fig.period.start.isoformat()}"
    return f"since {fig.since.isoformat()}" if fig.since else "total"


def unit(fig: Figure) -> str:
    """``people`` once households can be converted; ``households`` when they cannot."""
    return "households" if fig.unit == "households" and not fig.household_size else "people"


def series(fig: Figure) -> SeriesKey:
    """The series a figure belongs to: figures with equal keys are comparable."""
    return (fig.measure, fig.population or "people", place_id(fig), fig.kind,
            definition(fig), unit(fig))


def _people(number: int, fig: Figure) -> float:
    return number * fig.per_unit


def bounds(fig: Figure) -> Bounds:
    """The interval of people a figure allows, its qualifier read."""
    if fig.value is not None:
        low = high = _people(fig.value, fig)
    else:
        low, high = _people(fig.min or 0, fig), _people(fig.max or 0, fig)
    qualifier = fig.qualifier
    if qualifier == "approx" or (fig.unit == "households" and fig.household_size):
        # a household size is an average: the people it makes are approximate too
        low, high = low * (1 - APPROX), high * (1 + APPROX)
    if qualifier == "at_least":
        high = math.inf
    elif qualifier == "more_than":
        low, high = low + 1, math.inf
    elif qualifier == "up_to":
        low = 0
    return Bounds(low, high)


def people(fig: Figure) -> int:
    """The central number of people a figure gives: its value, or a range's middle."""
    if fig.value is not None:
        return round(_people(fig.value, fig))
    return round((_people(fig.min or 0, fig) + _people(fig.max or 0, fig)) / 2)


def agreement(figs: Iterable[Figure]) -> str:
    """``agree``, ``differ`` or ``disputed``: see the module's docstring."""
    figs = list(figs)
    if len({stated(f) for f in figs}) <= 1:
        return "agree"
    spans = [bounds(f) for f in figs]
    if max(s.low for s in spans) <= min(s.high for s in spans):
        return "differ"
    return "disputed"


def counted_to(fig: Figure) -> date:
    """The day a figure counts to: its as_of, or its period's end."""
    day = fig.counted_to
    assert day is not None  # validation requires one
    return day
