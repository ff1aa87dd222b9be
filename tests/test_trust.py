"""Numbers a reader can trust: one small workspace per case of issue "Numbers a reader can
trust", built from the command line, with the rendered Markdown asserted.

Each workspace is written here in full, so the case can be read in one place: its sources,
its figures, and what the report must (and must not) say about them.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run

CONFIG = """title: Trust test
organisation: Test Unit
crisis: Test crisis
slug: trust
series_start: 2024-01-05
cadence:
  every: week
  weekday: friday
locale: en_GB
freshness_days: 10
key_figures:
{keys}
"""
SOURCES = """sources:
  - id: ocha
    name: OCHA
    kind: un
    reliability: A
  - id: unicef
    name: UNICEF
    kind: un
    reliability: A
  - id: monitor
    name: Local Monitor
    kind: local
    reliability: C
  - id: ngo
    name: Relief NGO
    kind: ngo
    reliability: B
  - id: media
    name: Daily News
    kind: media
    reliability: C
  - id: army
    name: State Army
    kind: party_to_conflict
"""


def workspace(tmp: Path, name: str, keys: str, figures: str, access: str = "") -> Path:
    """A workspace named after its case, with the standard sources."""
    root = tmp / name
    (root / "facts").mkdir(parents=True)
    (root / "config.yaml").write_text(CONFIG.format(keys=keys))
    text = SOURCES + "figures:\n" + figures
    if access:
        text += "access:\n" + access
    (root / "facts" / "facts.yaml").write_text(text)
    return root


def build(root: Path, *days: str) -> dict[str, str]:
    """Build the given issues (Markdown only) and return each one's text."""
    args: list[str] = ["build", "--no-pdf", "--workspace", str(root)]
    for day in days:
        args += ["--date", day]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return {day: (root / "reports" / day / f"trust-{day}.md").read_text() for day in days}


def row(text: str, first_cell: str) -> list[str]:
    """The cells of every table row whose first cell is ``first_cell``."""
    return [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]


def stock(value: str, as_of: str, source: str, extra: str = "", measure: str = "killed",
          population: str = "civilians") -> str:
    return f"""  - measure: {measure}
    population: {population}
    location: Alpha
    kind: stock
    as_of: {as_of}
    {value}
    source: {source}
{extra}"""


KILLED = """  - measure: killed
    population: civilians
    location: Alpha
    label: Civilians killed
"""


def test_case_1_changes_compare_the_same_source_only(tmp_path: Path) -> None:
    """Last week only the army gave a toll (74); this week OCHA gives 360: no arrow between
    them, since OCHA has no earlier figure; OCHA's next figure is compared with OCHA's."""
    figures = (stock("value: 74", "2024-01-10", "army")
               + stock("value: 360\n    qualifier: at_least", "2024-01-17", "ocha")
               + stock("value: 400", "2024-01-24", "ocha"))
    out = build(workspace(tmp_path, "changes-across-sources", KILLED, figures),
                "2024-01-19", "2024-01-26")
    second = row(out["2024-01-19"], "Civilians killed")[0]
    assert "at least 360 |" in second and "▲" not in second and "▼" not in second
    assert "| no earlier figure from this source |" in second
    third = row(out["2024-01-26"], "Civilians killed")[0]
    assert "| ▲ 40 (from at least 360 as of 17 January 2024) |" in third


def test_case_2_a_newer_claim_does_not_replace_the_neutral_figure(tmp_path: Path) -> None:
    """OCHA's "at least 360" and a media range 400-600, then a party's 433 a day later: OCHA
    leads, the media range stays, the claim is listed beside, never widening the range."""
    figures = (stock("value: 360\n    qualifier: at_least", "2024-01-17", "ocha")
               + stock("min: 400\n    max: 600", "2024-01-17", "media")
               + stock("value: 433", "2024-01-18", "army"))
    out = build(workspace(tmp_path, "newer-claim", KILLED, figures), "2024-01-19")
    key = row(out["2024-01-19"], "Civilians killed")[0]
    assert "| at least 360 (sources differ: 360–600); 433 claimed by State Army |" in key
    table = row(out["2024-01-19"], "Civilians killed | Alpha")
    assert table and "at least 360, OCHA" in table[0] and "400–600, Daily News" in table[0]
    assert "433 as of 18 January 2024, claimed by State Army" in table[0]


def test_case_3_households_are_converted_before_comparing(tmp_path: Path) -> None:
    """1,200 households of 5.5 are about 6,600 people: they agree with 6,600 people; the next
    issue's 7,000 is compared in people with the same source's 6,600."""
    keys = """  - measure: displaced
    location: Alpha
    label: People displaced
"""
    figures = (stock("value: 1200\n    unit: households\n    household_size: 5.5",
                     "2024-01-10", "ngo", measure="displaced", population="people")
               + stock("value: 6600", "2024-01-10", "ocha", measure="displaced",
                       population="people")
               + stock("value: 7000", "2024-01-17", "ocha", measure="displaced",
                       population="people"))
    out = build(workspace(tmp_path, "households", keys, figures), "2024-01-12", "2024-01-19")
    first = row(out["2024-01-12"], "People displaced")[0]
    assert "disputed" not in first and "differ" not in first
    assert "| 6,600 |" in first
    table = row(out["2024-01-12"], "People displaced | Alpha")
    assert "1,200 households (about 6,600 people), Relief NGO" in table[0]
    second = row(out["2024-01-19"], "People displaced")[0]
    assert "| ▲ 400 (from 6,600 as of 10 January 2024) |" in second


def test_case_4_qualifiers_read_before_calling_a_dispute(tmp_path: Path) -> None:
    """"at least 299" and 372 differ but do not contradict; a party's 3 never widens the
    range of "at least 10" and 12-15; 22 and 23, both exact, are disputed."""
    figures = (stock("value: 299\n    qualifier: at_least", "2024-01-10", "ocha")
               + stock("value: 372", "2024-01-10", "monitor")
               + stock("value: 3", "2024-01-10", "army", population="children")
               + stock("value: 10\n    qualifier: at_least", "2024-01-10", "unicef",
                       population="children")
               + stock("min: 12\n    max: 15", "2024-01-10", "ngo", population="children")
               + stock("value: 22", "2024-01-10", "ocha", population="women")
               + stock("value: 23", "2024-01-10", "monitor", population="women"))
    keys = KILLED + """  - measure: killed
    population: children
    label: Children killed
  - measure: killed
    population: women
    label: Women killed
"""
    text = build(workspace(tmp_path, "qualifiers", keys, figures), "2024-01-12")["2024-01-12"]
    assert "| at least 299 (sources differ: 299–372) |" in row(text, "Civilians killed")[0]
    children = row(text, "Children killed")[0]
    assert "| at least 10 (sources differ: 10–15); 3 claimed by State Army |" in children
    assert "3–15" not in text
    assert "| 22–23 (disputed) |" in row(text, "Women killed")[0]


def test_case_5_trends_show_gaps_and_only_comparable_points(tmp_path: Path) -> None:
    """A trend keeps to the key figure's series: another definition (since another day) is
    not drawn beside it, and an issue with no figure is a labelled gap, not a zero bar."""
    keys = """  - measure: displaced
    location: Alpha
    since: 2024-01-01
    label: People displaced since 1 January
"""
    since = "\n    since: 2024-01-01"
    figures = (stock("value: 50000\n    since: 2023-06-01", "2024-01-03", "ocha",
                     measure="displaced", population="people")
               + stock("value: 1000" + since, "2024-01-10", "ocha", measure="displaced",
                       population="people")
               + stock("value: 1800" + since, "2024-01-17", "ocha", measure="displaced",
                       population="people"))
    root = workspace(tmp_path, "trends", keys, figures)
    text = build(root, "2024-01-05", "2024-01-12", "2024-01-19")["2024-01-19"]
    trend = text[text.index("### Trend"):]
    assert "| No. 1 | 5 January 2024 | no figure |  |  |" in trend
    assert "50,000" not in trend
    assert "| No. 2 | 12 January 2024 | 1,000 (as of 10 January 2024) | OCHA |  |" in trend
    assert "| No. 3 | 19 January 2024 | 1,800 (as of 17 January 2024) | OCHA | ▲ 800 |" in trend
    svg = (root / "reports" / "2024-01-19" / "trust-2024-01-19-displacement.svg").read_text()
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 2 and all(h > 0 for h in heights)
    assert svg.count(">no figure<") == 1


def test_case_5_casualty_trend_is_one_series_with_children_of_which(tmp_path: Path) -> None:
    """Civilians killed since 1 January, issue by issue, with children drawn as "of which",
    at the key figure's place; another period's toll is not drawn beside it."""
    def flow(population: str, start: str, end: str, value: int, place: str = "Alpha") -> str:
        return f"""  - measure: killed
    population: {population}
    location: {place}
    kind: flow
    period: {{start: {start}, end: {end}}}
    value: {value}
    source: ocha
"""
    keys = """  - measure: killed
    population: civilians
    location: Alpha
    since: 2024-01-01
    label: Civilians killed since 1 January
"""
    figures = (flow("civilians", "2023-12-01", "2024-01-04", 344)
               + flow("civilians", "2024-01-01", "2024-01-11", 100)
               + flow("children", "2024-01-01", "2024-01-11", 30)
               + flow("civilians", "2024-01-01", "2024-01-18", 150)
               + flow("civilians", "2024-01-01", "2024-01-18", 999, place="Beta"))
    root = workspace(tmp_path, "casualty-trend", keys, figures)
    text = build(root, "2024-01-05", "2024-01-12", "2024-01-19")["2024-01-19"]
    trend = text[text.index("### Trend: Civilians killed since 1 January"):]
    assert "| No. 1 | 5 January 2024 |  | no figure | – |" in trend
    assert "| No. 2 | 12 January 2024 | 1\u2009–\u200911 January 2024 | 100 | 30 |" in trend
    assert "| No. 3 | 19 January 2024 | 1\u2009–\u200918 January 2024 | 150 | – |" in trend
    assert "344" not in trend and "999" not in trend
    html = (root / "reports" / "2024-01-19" / "trust-2024-01-19.html").read_text()
    assert "of which children" in html and "1\u2009–\u200918 January 2024" in html


def test_case_6_key_figure_keeps_its_definition(tmp_path: Path) -> None:
    """A box declared "since 1 December" does not switch to a one-week count: it says when
    its series last had a figure; a flow is never called "new in this period"."""
    keys = """  - measure: killed
    population: children
    location: Alpha
    since: 2023-12-01
    label: Children killed since 1 December
"""
    figures = """  - measure: killed
    population: children
    location: Alpha
    kind: flow
    period: {start: 2023-12-01, end: 2023-12-31}
    value: 108
    qualifier: at_least
    source: unicef
    reported: 2024-01-10
  - measure: killed
    population: children
    location: Alpha
    kind: flow
    period: {start: 2024-01-13, end: 2024-01-18}
    value: 9
    source: unicef
"""
    out = build(workspace(tmp_path, "key-definition", keys, figures),
                "2024-01-12", "2024-01-19")
    assert ("| Children killed since 1 December | at least 108 | 1\u2009–\u200931 December 2023 | "
            "first reported") in out["2024-01-12"]
    box = row(out["2024-01-19"], "Children killed since 1 December")[0]
    assert "no new figure since 31 December 2023 (last: at least 108, UNICEF)" in box
    assert "| 9 |" not in box
    assert "new in this period" not in out["2024-01-19"]
    assert "counted 12 days" not in out["2024-01-12"]  # a closed period is not "stale"


def test_case_10_since_and_note_are_shown(tmp_path: Path) -> None:
    keys = """  - measure: displaced
    location: Alpha
    label: People displaced
"""
    figures = stock("value: 5000\n    since: 2023-12-01\n    note: Counted at the two camps "
                    "only.", "2024-01-10", "ocha", measure="displaced", population="people")
    text = build(workspace(tmp_path, "since-and-note", keys, figures),
                 "2024-01-12")["2024-01-12"]
    assert ("| People displaced | Alpha | 5,000 | as of 10 January 2024, counted since 1 December "
            "2023 |") in text
    assert "5,000, OCHA [^1][^2]" in text
    assert "[^2]: Note: Counted at the two camps only." in text


def test_case_13_ongoing_constraints_stay_until_they_end(tmp_path: Path) -> None:
    keys = """  - measure: displaced
    location: Alpha
"""
    figures = stock("value: 5000", "2024-01-10", "ocha", measure="displaced",
                    population="people")
    access = """  - location: Alpha
    date: 2024-01-04
    ongoing: yes
    category: movement_restrictions
    description: A checkpoint blocks the road north.
    source: ocha
  - location: Beta
    date: 2024-01-04
    until: 2024-01-12
    category: movement_restrictions
    description: The river crossing is closed.
    source: ocha
  - location: Gamma
    date: 2024-01-04
    category: active_hostilities
    description: Shelling near the clinic.
    source: ocha
"""
    root = workspace(tmp_path, "ongoing-access", keys, figures, access)
    out = build(root, "2024-01-05", "2024-01-12", "2024-01-19")
    assert "Shelling near the clinic." in out["2024-01-05"]
    assert "Shelling near the clinic." not in out["2024-01-12"]
    later = out["2024-01-12"]
    assert "| Alpha | Restrictions on movement within the area | not graded | ongoing since " \
        "4 January 2024 |" in later
    assert "| Beta | Restrictions on movement within the area | not graded | ongoing since " \
        "4 January 2024, until 12 January 2024 |" in later
    assert "river crossing" not in out["2024-01-19"]
    assert "ongoing since 4 January 2024 | A checkpoint" in out["2024-01-19"]


def test_until_before_the_start_is_a_located_error(tmp_path: Path) -> None:
    access = """  - location: Alpha
    date: 2024-01-04
    until: 2024-01-02
    category: movement_restrictions
    description: A checkpoint.
    source: ocha
  - location: Alpha
    date: 2024-01-04
    until: 2024-01-09
    ongoing: yes
    category: movement_restrictions
    description: A checkpoint.
    source: ocha
"""
    root = workspace(tmp_path, "until-order", "  - measure: displaced\n",
                     stock("value: 1", "2024-01-03", "ocha"), access)
    result = run("check", "--workspace", root)
    assert result.exit_code == 1
    assert ("facts/facts.yaml:36:12: access[0].until: 2024-01-02 is before the constraint "
            "starts (2024-01-04) (until: is the last day it is in force)") in result.output
    assert ("facts/facts.yaml:43:14: access[1].ongoing: give either until: or ongoing:, not "
            "both (until: the last day it is known to be in force; ongoing: yes while no end "
            "is known)") in result.output
