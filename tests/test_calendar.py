"""The series calendar, cadence by cadence: numbers, periods, next issue, latest issue, the
issue dates in a span, and why a day is not an issue date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep import calendar
from sitrep.config import Config
from sitrep.errors import NotAnIssueDate, SitrepError
from tests.conftest import copy_workspace, run

D = date


def config(every: str, start: date, end: date | None = None, **cadence: str) -> Config:
    return Config.model_validate({
        "title": "T", "organisation": "O", "crisis": "C", "slug": "t", "series_start": start,
        "series_end": end, "cadence": {"every": every, **cadence}})


def summary(cfg: Config, day: date) -> tuple[int, date, date | None]:
    issue = calendar.issue(cfg, day)
    assert issue.date == day
    return issue.number, issue.start, issue.next


def reason(cfg: Config, day: date) -> str:
    with pytest.raises(NotAnIssueDate) as caught:
        calendar.issue(cfg, day)
    assert caught.value.day == day
    return str(caught.value)


# week -------------------------------------------------------------------------------------

WEEK = config("week", D(2024, 1, 5))


def test_week_numbers_periods_and_next_issue() -> None:
    assert summary(WEEK, D(2024, 1, 5)) == (1, D(2023, 12, 30), D(2024, 1, 12))
    assert summary(WEEK, D(2024, 1, 19)) == (3, D(2024, 1, 13), D(2024, 1, 26))


def test_week_latest_and_span() -> None:
    assert calendar.latest(WEEK, D(2024, 1, 18)) == D(2024, 1, 12)
    assert calendar.latest(WEEK, D(2024, 1, 19)) == D(2024, 1, 19)
    assert calendar.dates(WEEK, D(2024, 1, 6), D(2024, 1, 25)) == [D(2024, 1, 12),
                                                                   D(2024, 1, 19)]


def test_week_off_cadence_names_the_nearest_issues() -> None:
    assert reason(WEEK, D(2024, 1, 13)) == (
        "2024-01-13 is not an issue date (fridays from 2024-01-05) "
        "(the nearest issues are 2024-01-12 and 2024-01-19)")


# 2 weeks ----------------------------------------------------------------------------------

FORTNIGHT = config("2 weeks", D(2024, 1, 5), weekday="friday")


def test_two_weeks_numbers_periods_and_next_issue() -> None:
    assert summary(FORTNIGHT, D(2024, 1, 5)) == (1, D(2023, 12, 23), D(2024, 1, 19))
    assert summary(FORTNIGHT, D(2024, 2, 2)) == (3, D(2024, 1, 20), D(2024, 2, 16))


def test_two_weeks_latest_and_span() -> None:
    assert calendar.latest(FORTNIGHT, D(2024, 1, 18)) == D(2024, 1, 5)
    assert calendar.dates(FORTNIGHT, D(2024, 1, 6), D(2024, 2, 16)) == [
        D(2024, 1, 19), D(2024, 2, 2), D(2024, 2, 16)]


def test_two_weeks_off_cadence_on_the_weekday_between_issues() -> None:
    assert reason(FORTNIGHT, D(2024, 1, 12)) == (
        "2024-01-12 is not an issue date (every other friday from 2024-01-05) "
        "(the nearest issues are 2024-01-05 and 2024-01-19)")


# month ------------------------------------------------------------------------------------

MONTH_END = config("month", D(2024, 1, 31))
MONTH_MID = config("month", D(2023, 12, 12))


def test_month_keeps_the_day_and_clamps_to_the_month_end() -> None:
    assert [calendar.nth(MONTH_END, i) for i in range(-1, 5)] == [
        D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30),
        D(2024, 5, 31)]


def test_month_numbers_periods_and_next_issue() -> None:
    assert summary(MONTH_END, D(2024, 1, 31)) == (1, D(2024, 1, 1), D(2024, 2, 29))
    assert summary(MONTH_END, D(2024, 4, 30)) == (4, D(2024, 4, 1), D(2024, 5, 31))
    assert summary(MONTH_MID, D(2024, 1, 12)) == (2, D(2023, 12, 13), D(2024, 2, 12))


def test_month_latest_and_span() -> None:
    assert calendar.latest(MONTH_END, D(2024, 5, 30)) == D(2024, 4, 30)
    assert calendar.latest(MONTH_MID, D(2024, 3, 11)) == D(2024, 2, 12)
    assert calendar.dates(MONTH_END, None, D(2024, 3, 31)) == [
        D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]


def test_month_off_cadence_names_the_nearest_issues() -> None:
    assert reason(MONTH_END, D(2024, 4, 29)) == (
        "2024-04-29 is not an issue date (day 31 of each month, or the month's last day, "
        "from 2024-01-31) (the nearest issues are 2024-03-31 and 2024-04-30)")
    assert reason(MONTH_MID, D(2024, 1, 31)) == (
        "2024-01-31 is not an issue date (day 12 of each month from 2023-12-12) "
        "(the nearest issues are 2024-01-12 and 2024-02-12)")


# daily ------------------------------------------------------------------------------------

DAILY = config("daily", D(2024, 1, 5), D(2024, 1, 8))


def test_daily_numbers_periods_and_last_issue() -> None:
    assert summary(DAILY, D(2024, 1, 5)) == (1, D(2024, 1, 5), D(2024, 1, 6))
    assert summary(DAILY, D(2024, 1, 7)) == (3, D(2024, 1, 7), D(2024, 1, 8))
    assert summary(DAILY, D(2024, 1, 8)) == (4, D(2024, 1, 8), None)  # series_end


def test_daily_latest_and_span() -> None:
    assert calendar.latest(DAILY, D(2024, 1, 6)) == D(2024, 1, 6)
    assert calendar.latest(DAILY, D(2024, 3, 1)) == D(2024, 1, 8)  # the series has ended
    assert calendar.dates(DAILY, D(2024, 1, 7), D(2024, 3, 1)) == [D(2024, 1, 7),
                                                                   D(2024, 1, 8)]


def test_daily_off_cadence_only_outside_the_series() -> None:
    assert reason(DAILY, D(2024, 1, 4)) == ("2024-01-04 is before the series starts "
                                            "(2024-01-05) (use an issue date on or after "
                                            "series_start)")
    assert reason(DAILY, D(2024, 1, 9)) == "2024-01-09 is after the series ends (2024-01-08)"


# across cadences --------------------------------------------------------------------------

def test_nearest_issue_is_one_when_the_next_is_past_the_series_end() -> None:
    cfg = config("week", D(2024, 1, 5), D(2024, 1, 15))
    assert reason(cfg, D(2024, 1, 14)) == (
        "2024-01-14 is not an issue date (fridays from 2024-01-05) "
        "(the nearest issue is 2024-01-12)")


def test_previous_and_past_issues() -> None:
    this = calendar.issue(MONTH_END, D(2024, 3, 31))
    assert [i.date for i in calendar.past(MONTH_END, this)] == [
        D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]
    previous = calendar.previous(MONTH_END, this)
    assert previous is not None and (previous.number, previous.date) == (2, D(2024, 2, 29))
    assert calendar.previous(MONTH_END, calendar.issue(MONTH_END, D(2024, 1, 31))) is None


def test_no_issue_before_the_series_starts() -> None:
    with pytest.raises(SitrepError) as caught:
        calendar.latest(WEEK, D(2023, 12, 1))
    assert str(caught.value) == ("the series starts on 2024-01-05: there is no issue yet on "
                                 "2023-12-01 (ask for an issue on or after 2024-01-05)")
    with pytest.raises(SitrepError) as caught:
        calendar.dates(MONTH_MID, D(2024, 1, 13), D(2024, 2, 11))
    assert str(caught.value) == "no issue of the series falls between 2024-01-13 and 2024-02-11"


# config rules -----------------------------------------------------------------------------

def write_config(tmp_path: Path, old: str, new: str) -> Path:
    ws = copy_workspace("minimal", tmp_path)
    path = ws / "config.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return ws


def test_weekday_must_match_series_start_every_two_weeks(tmp_path: Path) -> None:
    ws = write_config(tmp_path, "every: week", "every: 2 weeks")
    (ws / "config.yaml").write_text((ws / "config.yaml").read_text().replace(
        "series_start: 2024-01-05", "series_start: 2024-01-06"))
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "config.yaml:5:15: series_start: 2024-01-06 is a saturday, but issues come out on "
        "fridays (set cadence.weekday: saturday, or move series_start)")


def test_weekday_does_not_apply_to_monthly_issues(tmp_path: Path) -> None:
    ws = write_config(tmp_path, "every: week", "every: month")
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    assert result.stderr == (
        "config.yaml:8:12: cadence.weekday: does not apply to monthly issues, which come out "
        "on the day of the month of series_start (remove weekday:, or set every: week)\n"
        "sitrep: 1 problem in 1 file; nothing was written\n")


def test_unknown_cadence_is_refused(tmp_path: Path) -> None:
    ws = write_config(tmp_path, "every: week", "every: fortnight")
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'config.yaml:7:10: cadence.every: "fortnight" is not allowed here (use one of: '
        "daily, week, 2 weeks or month)")


# end to end -------------------------------------------------------------------------------

def test_monthly_series_builds_end_to_end(tmp_path: Path) -> None:
    ws = copy_workspace("monthly", tmp_path)
    result = run("build", "-w", ws, "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    reports = ws / "reports"
    for day in ("2023-12-12", "2024-01-12", "2024-02-12"):
        assert (reports / day / f"monthly-{day}.pdf").is_file()
    head = (reports / "2024-01-12" / "monthly-2024-01-12.md").read_text().splitlines()[2:7]
    assert head == ["**Test crisis** · Issue No. 2 · as of 12 January 2024", "",
                    "This report is produced by Test Unit.",
                    "It covers the period from 13 December 2023 to 12 January 2024.",
                    "The next report will be issued on or around 12 February 2024."]
    last = (reports / "2024-02-12" / "monthly-2024-02-12.md").read_text()
    assert "This is the last report of the series.\n" in last
    index = (reports / "index.md").read_text()
    assert "| No. 3 | 12 February 2024 |" in index
    bad = run("build", "-w", ws, "--date", "2024-01-31", "--no-pdf")
    assert bad.exit_code == 2  # a wrong command line
    assert bad.stderr == ("sitrep: --date 2024-01-31: 2024-01-31 is not an issue date (day 12 "
                          "of each month from 2023-12-12) (the nearest issues are 2024-01-12 "
                          "and 2024-02-12)\n")
