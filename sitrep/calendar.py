"""The series calendar: which days are issue dates, their numbers and the periods they cover.

The cadence comes from config (``cadence.every``):

- ``daily``: an issue every day from ``series_start``;
- ``week``: every 7 days from ``series_start``, which falls on ``cadence.weekday``;
- ``2 weeks``: every 14 days from ``series_start``, which falls on ``cadence.weekday``;
- ``month``: on the day of the month of ``series_start``, or on the month's last day when it
  is shorter (a series started on 31 January has issues on 29 February and 31 March).

Issue No. N is the Nth issue date from ``series_start``.  An issue covers the days after the
previous issue date, up to and including its own date (issue No. 1 covers the span one
cadence step before it).  Nothing here reads the clock: every day is passed in.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from sitrep.config import WEEKDAYS, Config
from sitrep.errors import NotAnIssueDate, SitrepError
from sitrep.models import Issue

_STEP_DAYS = {"daily": 1, "week": 7, "2 weeks": 14}
WEEKLY = ("week", "2 weeks")


def nth(cfg: Config, index: int) -> date:
    """The date of issue No. ``index + 1`` (``index`` may be -1: the step before the start)."""
    start, every = cfg.series_start, cfg.cadence.every
    if every in _STEP_DAYS:
        return start + timedelta(days=_STEP_DAYS[every] * index)
    months = start.year * 12 + start.month - 1 + index
    year, month = divmod(months, 12)
    return date(year, month + 1, min(start.day, monthrange(year, month + 1)[1]))


def _floor_index(cfg: Config, day: date) -> int:
    """The index of the latest issue date on or before ``day`` (-1 and below: before start)."""
    start, every = cfg.series_start, cfg.cadence.every
    if every in _STEP_DAYS:
        return (day - start).days // _STEP_DAYS[every]
    index = (day.year - start.year) * 12 + day.month - start.month
    return index if nth(cfg, index) <= day else index - 1


def off_cadence(cfg: Config, day: date) -> tuple[str, str] | None:
    """Say why ``day`` is not an issue date of the series (reason, hint), or ``None``."""
    if day < cfg.series_start:
        return (f"{day} is before the series starts ({cfg.series_start})",
                "use an issue date on or after series_start")
    if cfg.series_end and day > cfg.series_end:
        return (f"{day} is after the series ends ({cfg.series_end})", "")
    index = _floor_index(cfg, day)
    before = nth(cfg, index)
    if before == day:
        return None
    after = nth(cfg, index + 1)
    hint = (f"the nearest issue is {before}" if cfg.series_end and after > cfg.series_end
            else f"the nearest issues are {before} and {after}")
    return f"{day} is not an issue date ({describe(cfg)})", hint


def describe(cfg: Config) -> str:
    """The cadence in words, as messages give it: ``fridays from 2024-01-05``."""
    start, every = cfg.series_start, cfg.cadence.every
    if every == "daily":
        return f"every day from {start}"
    if every == "week":
        return f"{cfg.cadence.weekday}s from {start}"
    if every == "2 weeks":
        return f"every other {cfg.cadence.weekday} from {start}"
    last = ", or the month's last day," if start.day > 28 else ""
    return f"day {start.day} of each month{last} from {start}"


def issue(cfg: Config, day: date) -> Issue:
    """The issue published on ``day``; NotAnIssueDate if the series has none that day."""
    problem = off_cadence(cfg, day)
    if problem:
        raise NotAnIssueDate(day, *problem)
    return _issue(cfg, _floor_index(cfg, day))


def _issue(cfg: Config, index: int) -> Issue:
    day, following = nth(cfg, index), nth(cfg, index + 1)
    end = cfg.series_end
    return Issue(number=index + 1, date=day, start=nth(cfg, index - 1) + timedelta(days=1),
                 next=None if end and following > end else following)


def previous(cfg: Config, this: Issue) -> Issue | None:
    """The issue before ``this``, or ``None`` for issue No. 1."""
    return _issue(cfg, this.number - 2) if this.number > 1 else None


def past(cfg: Config, this: Issue) -> list[Issue]:
    """Every issue from No. 1 up to and including ``this``."""
    return [_issue(cfg, index) for index in range(this.number)]


def latest(cfg: Config, today: date) -> date:
    """The most recent issue date on or before ``today``."""
    last = min(today, cfg.series_end) if cfg.series_end else today
    if last < cfg.series_start:
        raise SitrepError(f"the series starts on {cfg.series_start}: there is no issue yet "
                          f"on {today} (ask for an issue on or after {cfg.series_start})")
    return nth(cfg, _floor_index(cfg, last))


def dates(cfg: Config, first: date | None, last: date) -> list[date]:
    """Every issue date from ``first`` (default: the series start) to ``last``."""
    start = cfg.series_start
    end = min(last, cfg.series_end) if cfg.series_end else last
    index = _floor_index(cfg, max(first or start, start))
    if nth(cfg, index) < max(first or start, start):
        index += 1  # round up to an issue date
    days = []
    while nth(cfg, index) <= end:
        days.append(nth(cfg, index))
        index += 1
    if not days:
        raise SitrepError(f"no issue of the series falls between {first or start} and {last}")
    return days


def config_problems(cfg: Config) -> list[tuple[tuple[str, ...], str, str]]:
    """What is wrong with the cadence settings: (where in config, message, hint) each."""
    problems: list[tuple[tuple[str, ...], str, str]] = []
    cadence = cfg.cadence
    weekday = WEEKDAYS[cfg.series_start.weekday()]
    if cadence.every in WEEKLY and weekday != cadence.weekday:
        problems.append((("series_start",), f"{cfg.series_start} is a {weekday}, but issues "
                         f"come out on {cadence.weekday}s",
                         f"set cadence.weekday: {weekday}, or move series_start"))
    elif cadence.every not in WEEKLY and "weekday" in cadence.model_fields_set:
        which = ("daily issues" if cadence.every == "daily" else "monthly issues, which "
                 "come out on the day of the month of series_start")
        problems.append((("cadence", "weekday"), f"does not apply to {which}",
                         "remove weekday:, or set every: week"))
    if cfg.series_end and cfg.series_end < cfg.series_start:
        problems.append((("series_end",), "the series ends before it starts",
                         "series_end must be on or after series_start"))
    return problems


def on_or_before(day: date, weekday: str) -> date:
    """The latest ``weekday`` (``"friday"``) on or before ``day``."""
    return day - timedelta(days=(day.weekday() - WEEKDAYS.index(weekday)) % 7)
