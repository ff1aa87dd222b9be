"""Resolving an issue: numbering, headline rule, disputes, claims, change, staleness."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from sitrep import load, resolve, validate
from tests.conftest import run

EXTRA = """
  - measure: killed
    population: civilians
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 20
    source: monitor
  - measure: killed
    population: civilians
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 15
    qualifier: at_least
    source: ngo
"""
SOURCES = """  - id: monitor
    name: Local Monitor
    kind: local
    reliability: C
  - id: ngo
    name: Relief NGO
    kind: ngo
    reliability: B
"""


def facts_of(ws: Path):
    space = load.workspace(ws)
    return space, validate.facts(space, load.inputs(space))[0]


def disputed(ws: Path) -> Path:
    sheet = ws / "facts" / "facts.yaml"
    text = sheet.read_text().replace("figures:\n", SOURCES + "figures:\n", 1)
    sheet.write_text(text.replace("access:\n", EXTRA.lstrip("\n") + "access:\n", 1))
    return ws


def test_headline_by_reliability_excludes_partisan(minimal: Path) -> None:
    space, facts = facts_of(disputed(minimal))
    report = resolve.report(space, facts, date(2024, 1, 12))
    entry = report.key_figures[1].entry
    assert entry is not None and entry.differ and not entry.disputed  # "at least 15" and 20
    assert entry.headline.source == "ngo"  # B beats C; the militia (partisan) never leads
    assert (entry.low, entry.high) == (15, 20)  # the militia's 12 does not widen the range
    assert [s.id for _, s in entry.claims] == ["militia"]
    assert not entry.claim


def test_exact_figures_that_contradict_are_disputed(minimal: Path) -> None:
    ws = disputed(minimal)
    sheet = ws / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("    value: 15\n    qualifier: at_least\n",
                                               "    value: 15\n"))
    space, facts = facts_of(ws)
    entry = resolve.report(space, facts, date(2024, 1, 12)).key_figures[1].entry
    assert entry is not None and entry.disputed and (entry.low, entry.high) == (15, 20)


RULES_SOURCES = SOURCES + """  - id: watch
    name: Casualty Watch
    kind: local
    reliability: D
"""
#: Three neutral figures that each rule ranks differently: the NGO is the most reliable,
#: the watch the most conservative, the monitor the most recent.
RULES_FIGURES = """
  - measure: killed
    population: civilians
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 15
    source: ngo
  - measure: killed
    population: civilians
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 20
    reported: 2024-01-12
    source: monitor
  - measure: killed
    population: civilians
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 9
    source: watch
"""


@pytest.mark.parametrize(("rule", "source"), [("reliable", "ngo"), ("conservative", "watch"),
                                              ("recent", "monitor")])
def test_each_headline_rule_picks_its_own_figure(minimal: Path, rule: str, source: str
                                                 ) -> None:
    cfg = minimal / "config.yaml"
    cfg.write_text(cfg.read_text() + f"headline_rule: {rule}\n")
    sheet = minimal / "facts" / "facts.yaml"
    text = sheet.read_text().replace("figures:\n", RULES_SOURCES + "figures:\n", 1)
    sheet.write_text(text.replace("access:\n", RULES_FIGURES.lstrip("\n") + "access:\n", 1))
    space, facts = facts_of(minimal)
    entry = resolve.report(space, facts, date(2024, 1, 12)).key_figures[1].entry
    assert entry is not None and entry.headline.source == source
    assert (entry.low, entry.high) == (9, 20)  # the militia's 12 is inside; never leads


def test_only_partisan_source_is_a_claim(minimal: Path) -> None:
    space, facts = facts_of(minimal)
    entry = resolve.report(space, facts, date(2024, 1, 12)).key_figures[1].entry
    assert entry is not None and entry.claim and entry.headline.source == "militia"


def test_change_since_previous_issue_and_staleness(minimal: Path) -> None:
    space, facts = facts_of(minimal)
    second = resolve.report(space, facts, date(2024, 1, 12)).key_figures[0].entry
    assert second is not None and second.change == 500 and not second.stale
    fourth = resolve.report(space, facts, date(2024, 1, 26)).key_figures[0].entry
    assert fourth is not None and fourth.unchanged and fourth.change is None
    assert fourth.stale and fourth.age_days == 16


def test_figures_reported_later_are_not_known_earlier(minimal: Path) -> None:
    sheet = minimal / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace(
        "    qualifier: more_than\n", "    qualifier: more_than\n    reported: 2024-01-18\n"))
    space, facts = facts_of(minimal)
    entry = resolve.report(space, facts, date(2024, 1, 12)).key_figures[0].entry
    assert entry is not None and entry.headline.value == 1000
    assert resolve.report(space, facts, date(2024, 1, 19)).key_figures[0].entry.headline.value \
        == 1500


def test_flows_belong_to_the_period_they_were_reported_in(minimal: Path) -> None:
    space, facts = facts_of(minimal)
    assert resolve.report(space, facts, date(2024, 1, 12)).casualties
    assert resolve.report(space, facts, date(2024, 1, 19)).casualties == []


def test_p_codes_and_norway_survive(minimal: Path) -> None:
    sheet = minimal / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace(
        "    location: Alpha\n    kind: stock\n    as_of: 2024-01-10",
        "    location: {name: NO, pcode: 0123}\n    kind: stock\n    as_of: 2024-01-10"))
    # "0123" is no OCHA p-code, but it reaches the message as written, its zero kept
    result = run("check", "-w", minimal)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'facts/facts.yaml:19:33: figures[1].location.pcode: "0123" is not a p-code (a p-code '
        "is the country's two capital letters and then pairs of digits, like SY07 or SY0703)")
    sheet.write_text(sheet.read_text().replace("pcode: 0123", "pcode: NO0123"))
    space, facts = facts_of(minimal)
    place = next(f.location for f in facts.figures if f.location.name != "Alpha")
    assert (place.name, place.pcode) == ("NO", "NO0123")


def test_citations_numbered_in_order_of_use(minimal: Path) -> None:
    space, facts = facts_of(disputed(minimal))
    report = resolve.report(space, facts, date(2024, 1, 12))
    assert [c.source.id for c in report.citations] == ["agency", "ngo", "monitor", "militia"]


def test_candidates_never_reach_a_report(minimal: Path) -> None:
    sheet = minimal / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace(
        "    value: 1500\n    qualifier: more_than\n",
        "    value: 1500\n    qualifier: more_than\n    status: candidate\n"))
    space, facts = facts_of(minimal)
    entry = resolve.report(space, facts, date(2024, 1, 12)).key_figures[0].entry
    assert entry is not None and entry.headline.value == 1000  # the accepted figure only
    result = run("check", "-w", minimal)
    assert result.exit_code == 0
    assert result.stderr == ("warning: facts/facts.yaml:24:13: figures[1].status: a candidate "
                             "is left out of every report (set status: accepted once you have "
                             "checked it)\n")


def test_stock_rows_kept_up_to_date_match_reading_every_stock(tmp_path: Path) -> None:
    """The rows of stock series, kept up to date from one issue to the next, are those got
    by reading every stock written, whatever order the issues are resolved in: random
    stocks by neutral sources and a party, reported late, out of order, some tied."""
    import random

    from sitrep import build, calendar
    from tests.test_trust import KILLED, workspace

    rng = random.Random(7)
    lines = []
    for n in range(300):
        as_of = date(2024, 1, 1) + timedelta(days=rng.randrange(88))
        late = f"\n    reported: {as_of + timedelta(days=rng.randrange(1, 20))}" \
            if rng.random() < .2 else ""
        lines.append(f"""  - measure: killed
    population: {rng.choice(["civilians", "children"])}
    location: {rng.choice(["Alpha", "Beta"])}
    kind: stock
    as_of: {as_of}
    value: {100 + n}
    source: {rng.choice(["ocha", "ngo", "media", "army", "army"])}{late}
""")
    root = workspace(tmp_path, "random-stocks", KILLED, "".join(lines))
    ws, facts, _ = build.check(root)
    days = calendar.dates(ws.config, None, date(2024, 3, 29))
    reference = {day: resolve.stock_groups(resolve.Memo(), facts, day) for day in days}
    for order in (days, rng.sample(days, len(days)), list(reversed(days))):
        memo = resolve.Memo()
        for day in order:
            assert memo.current_stocks(facts, day) == reference[day], day
    assert any(len(figs) > 1 for rows in reference.values() for _, figs in rows)
