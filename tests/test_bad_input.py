"""Every bad input gets one exact, located message; a failed run writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run, snapshot

F = "facts/facts.yaml"

# (case id, file, text to find, replacement, the exact messages expected)
CASES = [
    ("value-with-words", F, "value: 1000", "value: about 300",
     ['facts/facts.yaml:14:12: figures[0].value: expected a whole number, got "about 300" '
      "(write 300 and qualifier: approx)"]),
    ("value-with-separators", F, "value: 1000", "value: 1,250",
     ['facts/facts.yaml:14:12: figures[0].value: expected a whole number, got "1,250" '
      "(write 1250, without separators)"]),
    ("value-with-decimals", F, "value: 1000", "value: 5.0",
     ['facts/facts.yaml:14:12: figures[0].value: expected a whole number, got "5.0" '
      "(write 5, without decimals)"]),
    ("value-with-underscores", F, "value: 1000", "value: 1_000",
     ['facts/facts.yaml:14:12: figures[0].value: expected a whole number, got "1_000" '
      "(write 1000, without separators)"]),
    ("value-with-dots-for-thousands", F, "value: 1000", "value: 320.000",
     ['facts/facts.yaml:14:12: figures[0].value: expected a whole number, got "320.000" '
      "(write 320000 if the dots separate thousands; a count has no decimals)"]),
    ("value-too-large", F, "value: 1000", "value: " + "9" * 26,
     ["facts/facts.yaml:14:12: figures[0].value: must be at most 1000000000000000, got "
      + "9" * 26 + " (check for extra digits)"]),
    ("via-a-list", F, "via: update-1", "via: [update-1]",
     ["facts/facts.yaml:16:10: figures[0].via: expected text, got a list (write it on one "
      "line, or after | for several lines)"]),
    ("severity-with-decimals", F, "severity: 3", "severity: 3.0",
     ['facts/facts.yaml:36:15: access[0].severity: expected a whole number, got "3.0" '
      "(write 3, without decimals)"]),
    ("config-float-days", "config.yaml", "freshness_days: 10", "freshness_days: 10.0",
     ['config.yaml:10:17: freshness_days: expected a whole number, got "10.0" '
      "(write 10, without decimals)"]),
    ("negative-count", F, "value: 1000", "value: -5",
     ["facts/facts.yaml:14:12: figures[0].value: must not be negative (counts start at 0)"]),
    ("unknown-source", F, "value: 1500\n    qualifier: more_than\n    source: agency",
     "value: 1500\n    qualifier: more_than\n    source: agncy",
     ['facts/facts.yaml:24:13: figures[1].source: unknown source "agncy" '
      '(did you mean "agency"?)']),
    ("quote-not-in-article", F, '"About 1,000 people fled Alpha."', '"About 2,000 people fled."',
     ["facts/facts.yaml:17:12: figures[0].quote: is not word for word in articles/update-1.md "
      "(copy the sentence exactly as the article has it)"]),
    ("min-greater-than-max", F, "value: 1500", "min: 900\n    max: 300",
     ["facts/facts.yaml:22:10: figures[1].min: min (900) is greater than max (300) (swap them)"]),
    ("period-ends-before-start", F, "{start: 2024-01-06, end: 2024-01-11}",
     "{start: 2024-01-11, end: 2024-01-06}",
     ["facts/facts.yaml:29:38: figures[2].period.end: the period ends (2024-01-06) before it "
      "starts (2024-01-11) (swap start and end)"]),
    ("households-without-size", F, "    value: 12\n", "    value: 12\n    unit: households\n",
     ["facts/facts.yaml:31:11: figures[2].unit: households need a household_size: "
      "(the average number of people per household, like 5.5)"]),
    ("unknown-measure", F, "measure: killed", "measure: killd",
     ['facts/facts.yaml:25:14: figures[2].measure: "killd" is not a known measure '
      '(did you mean "killed"?)']),
    ("unknown-access-category", F, "category: movement_restrictions", "category: roadblocks",
     ['facts/facts.yaml:35:15: access[0].category: "roadblocks" is not an access category '
      "(known categories: needs_denied, restricted_access_to_services, entry_impediments, "
      "movement_restrictions, interference, violence_against_aid_workers, active_hostilities, "
      "explosive_hazards, physical_environment)"]),
    ("duplicate-key", F, "    value: 1000\n", "    value: 1000\n    value: 1100\n",
     ["facts/facts.yaml:15:5: figures[0].value: duplicate key 'value' "
      "(it is already given on line 14)"]),
    ("alias", F, "    location: Alpha\n    kind: stock\n    as_of: 2024-01-03",
     "    location: &place Alpha\n    kind: stock\n    as_of: 2024-01-03",
     []),  # filled below: an anchor alone is harmless; the alias is the error
    ("python-tag", F, "name: Test Agency", "name: !!python/object/apply:os.system [echo hi]",
     ["facts/facts.yaml:3:11: sources[0].name: the tag !!python/object/apply:os.system is not "
      "allowed (remove the tag; sitrep reads plain values only)"]),
    ("impossible-date", F, "as_of: 2024-01-03", "as_of: 2024-02-30",
     ['facts/facts.yaml:13:12: figures[0].as_of: "2024-02-30" is not a real date '
      "(check the day and month)"]),
    ("date-not-iso", F, "as_of: 2024-01-03", "as_of: 03/01/2024",
     ['facts/facts.yaml:13:12: figures[0].as_of: expected a date as YYYY-MM-DD, got '
      '"03/01/2024"']),
    ("misspelt-field", F, "value: 1000", "valu: 1000",
     ['facts/facts.yaml:14:5: figures[0].valu: unknown field "valu" (did you mean "value"?)']),
    ("stock-without-as-of", F, "    as_of: 2024-01-10\n", "",
     ["facts/facts.yaml:18:5: figures[1]: a stock needs as_of: (the date the total is counted "
      "to; or write kind: flow with a period:)"]),
    ("flow-with-as-of", F, "    value: 12\n", "    value: 12\n    as_of: 2024-01-11\n",
     ["facts/facts.yaml:31:12: figures[2].as_of: a flow has no as_of "
      "(a flow counts what is new within its period:)"]),
    ("duplicate-source-id", F, "  - id: militia", "  - id: agency",
     ['facts/facts.yaml:6:9: sources[1].id: source "agency" is defined twice '
      "(it is already defined at facts/facts.yaml:2)",
      'facts/facts.yaml:31:13: figures[2].source: unknown source "militia" '
      '(define it under sources: in a fact sheet)']),
    ("missing-article", F, "via: update-1", "via: update-2",
     ['facts/facts.yaml:16:10: figures[0].via: no article "update-2" in articles/ '
      '(did you mean "update-1"?)']),
    ("article-without-front-matter", "articles/update-1.md", "---\ntitle: Update 1\n"
     "publisher: Test Agency\npublished: 2024-01-04\n---\n", "",
     ["articles/update-1.md:1:1: front matter: is missing (start the file with a line '---', "
      "then title:, publisher:, published: and a closing '---')"]),
    ("article-without-title", "articles/update-1.md", "title: Update 1\n", "",
     ["articles/update-1.md:2:1: title: is required but missing (add title:)"]),
    ("narrative-off-cadence", F, "  - date: 2024-01-12", "  - date: 2024-01-13",
     ["facts/facts.yaml:40:11: narrative[0].date: 2024-01-13 is not an issue date (fridays "
      "from 2024-01-05) (the nearest issues are 2024-01-12 and 2024-01-19)"]),
    ("config-nul-in-title", "config.yaml", "title: Minimal Report", 'title: "Minimal\\0Report"',
     ["config.yaml:1:8: title: contains the control character U+0000 (remove it: it cannot "
      "be seen, and has no place in a setting)"]),
    ("complex-key", F, "    kind: stock\n", "    ? [a, b]\n    : 1\n    kind: stock\n",
     ["facts/facts.yaml:12:7: figures[0]: a key must be a plain name (write a name followed "
      "by a colon, like figures:)"]),
    ("date-beyond-the-calendar", F, "as_of: 2024-01-03", "as_of: 9999-12-31",
     ["facts/facts.yaml:13:12: figures[0].as_of: 9999-12-31 is outside the years sitrep works "
      "with (1900 to 2999) (check the year)"]),
    ("config-series-in-year-1", "config.yaml", "series_start: 2024-01-05",
     "series_start: 0001-01-05",
     ["config.yaml:5:15: series_start: 0001-01-05 is outside the years sitrep works with (1900 "
      "to 2999) (check the year)"]),
    ("config-nul-in-path", "config.yaml", "title: Minimal Report",
     'title: Minimal Report\npaths:\n  facts: "fa\\0cts"',
     ["config.yaml:3:10: paths.facts: contains the control character U+0000 (remove it: it "
      "cannot be seen, and has no place in a setting)"]),
    ("config-facts-is-root", "config.yaml", "title: Minimal Report",
     "title: Minimal Report\npaths:\n  facts: /",
     ["config.yaml:3:10: paths.facts: / holds the workspace itself (name a folder inside or "
      "beside it, like facts)"]),
    ("config-output-in-articles", "config.yaml", "title: Minimal Report",
     "title: Minimal Report\npaths:\n  output: articles/out",
     ["config.yaml:3:11: paths.output: articles/out is inside the articles folder, which "
      "sitrep reads (give the reports a folder of their own, like reports)"]),
    ("url-with-markup", F, "    name: Test Agency\n",
     "    name: Test Agency\n    url: https://x.example/a><script>alert(1)</script>\n",
     ['facts/facts.yaml:4:10: sources[0].url: "https://x.example/a><script>alert(1)</script>" '
      "is not a web address (write a full address starting with https:// or http://)"]),
    ("config-title-too-long", "config.yaml", "title: Minimal Report", "title: " + "T" * 5000,
     ["config.yaml:1:8: title: is 5,000 characters long (a setting may have at most 1,000; "
      "shorten it)"]),
    ("place-not-stated", F, "    location: Alpha\n    kind: stock\n    as_of: 2024-01-10",
     "    location: not stated\n    kind: stock\n    as_of: 2024-01-10",
     ["facts/facts.yaml:19:15: figures[1].location: the place is not stated (write the place "
      "the text is about, or leave it out if the text does not say)"]),
    ("speaker-with-publisher", F, '    quote: "About 1,000 people fled Alpha."\n',
     '    quote: "About 1,000 people fled Alpha."\n    speaker: Ko Min\n',
     ['facts/facts.yaml:15:13: figures[0].source: the source is the publisher, "Test Agency", '
      'but the sentence names a speaker, "Ko Min" (write the source the speaker speaks for; '
      'if the publisher is right, delete the line speaker:)']),
    ("config-unknown-key", "config.yaml", "title: Minimal Report", "titel: Minimal Report",
     ['config.yaml:1:1: titel: unknown field "titel" (did you mean "title"?)',
      "config.yaml:1:1: title: is required but missing (add title:)"]),
    ("config-weekday-mismatch", "config.yaml", "series_start: 2024-01-05",
     "series_start: 2024-01-06",
     ["config.yaml:5:15: series_start: 2024-01-06 is a saturday, but issues come out on "
      "fridays (set cadence.weekday: saturday, or move series_start)"]),
    ("tab-indentation", F, "    name: Test Agency", "\tname: Test Agency",
     ["facts/facts.yaml:3:1: syntax: not valid YAML: found a tab character that violates "
      "indentation (indent with spaces, not tabs)"]),
    ("severity-out-of-scale", F, "severity: 3", "severity: 7",
     ["facts/facts.yaml:36:15: access[0].severity: must be at most 5, got 7"]),
    ("qualifier-in-words", F, "qualifier: more_than", "qualifier: over",
     ['facts/facts.yaml:23:16: figures[1].qualifier: "over" is not a qualifier '
      "(write qualifier: more_than)"]),
    ("unknown-source-kind", F, "kind: party_to_conflict", "kind: militia",
     ['facts/facts.yaml:8:11: sources[1].kind: "militia" is not a source kind '
      "(known kinds: un, ngo, government, party_to_conflict, media, local, academic, other)"]),
    ("unknown-section", F, "access:", "acess:",
     ['facts/facts.yaml:32:1: acess: unknown section "acess" (did you mean "access"?)']),
    ("url-not-web", F, "    name: Test Agency\n",
     "    name: Test Agency\n    url: javascript:alert(1)\n",
     ['facts/facts.yaml:4:10: sources[0].url: "javascript:alert(1)" is not a web address '
      "(write a full address starting with https:// or http://)"]),
]
_ANCHOR = next(i for i, case in enumerate(CASES) if case[0] == "alias")
CASES[_ANCHOR] = (*CASES[_ANCHOR][:3],
             "    location: &place Alpha\n    kind: stock\n    as_of: 2024-01-03", [])
ALIAS = ("alias", F, "    location: Alpha\n    kind: stock\n    as_of: 2024-01-10",
         "    location: *place\n    kind: stock\n    as_of: 2024-01-10",
         ["facts/facts.yaml:19:15: figures[1].location: aliases (*name) are not allowed "
          "(write the value out in full)"])


def mutate(ws: Path, file: str, old: str, new: str) -> None:
    path = ws / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_fails_cleanly(ws: Path, expected: list[str]) -> None:
    """check and build both fail with exactly ``expected``; reports/ is untouched."""
    before = snapshot(ws / "reports")
    for command in (["check"], ["build", "--date", "2024-01-12", "--no-pdf"]):
        result = run(*command, "-w", ws)
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert lines[:-1] == expected
        files = len({line.split(":")[0] for line in expected})
        noun = "problem" if len(expected) == 1 else "problems"
        where = "1 file" if files == 1 else f"{files} files"
        assert lines[-1] == f"sitrep: {len(expected)} {noun} in {where}; nothing was written"
        assert result.stdout == ""
    assert snapshot(ws / "reports") == before


@pytest.fixture
def built(minimal: Path) -> Path:
    """The minimal workspace with an earlier report already written."""
    result = run("build", "-w", minimal, "--date", "2024-01-05", "--no-pdf")
    assert result.exit_code == 0, result.output
    return minimal


@pytest.mark.parametrize("case", [c for c in CASES if c[4]], ids=lambda c: c[0])
def test_bad_input_is_reported_exactly(built: Path, case: tuple) -> None:
    _, file, old, new, expected = case
    mutate(built, file, old, new)
    assert_fails_cleanly(built, expected)


def test_alias_is_refused(built: Path) -> None:
    mutate(built, *CASES[_ANCHOR][1:4])
    mutate(built, *ALIAS[1:4])
    assert_fails_cleanly(built, ALIAS[4])


def test_all_problems_are_reported_together_sorted(built: Path) -> None:
    mutate(built, F, "value: 1000", "value: about 300")
    mutate(built, F, "measure: killed", "measure: killd")
    mutate(built, "config.yaml", "freshness_days: 10", "freshness_days: ten")
    # The config is read first: its problem alone stops the run before the facts.
    result = run("check", "-w", built)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("config.yaml:")
    mutate(built, "config.yaml", "freshness_days: ten", "freshness_days: 10")
    assert_fails_cleanly(built, [
        'facts/facts.yaml:14:12: figures[0].value: expected a whole number, got "about 300" '
        "(write 300 and qualifier: approx)",
        'facts/facts.yaml:25:14: figures[2].measure: "killd" is not a known measure '
        '(did you mean "killed"?)',
    ])


def test_file_that_is_not_utf8(built: Path) -> None:
    (built / "facts" / "extra.yaml").write_bytes(b"sources: []\n# caf\xe9\n")
    assert_fails_cleanly(built, ["facts/extra.yaml:2:1: encoding: the file is not UTF-8 text "
                                 "(save it as UTF-8 in your editor)"])


def test_bad_date_option(built: Path) -> None:
    result = run("build", "-w", built, "--date", "2024-01-13", "--no-pdf")
    assert result.exit_code == 2  # a wrong command line
    assert result.stderr == ("sitrep: --date 2024-01-13: 2024-01-13 is not an issue date "
                             "(fridays from 2024-01-05) (the nearest issues are 2024-01-12 "
                             "and 2024-01-19)\n")


def test_no_workspace(tmp_path: Path) -> None:
    result = run("check", "-w", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"sitrep: no config.yaml in {tmp_path.resolve()} (run sitrep in a "
                             "workspace folder, pass --workspace DIR, or create one with "
                             "sitrep init DIR)\n")


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_fact_sheet_that_is_not_a_file_is_never_read(built: Path, kind: str) -> None:
    """/dev/zero would be read until memory runs out, a pipe would block for ever."""
    sheet = built / "facts" / "x.yaml"
    if kind == "device":
        sheet.symlink_to("/dev/zero")
    else:
        os.mkfifo(sheet)
    assert_fails_cleanly(built, ["facts/x.yaml:1:1: file: is not a regular file (it is a "
                                 "device, a pipe or a socket; remove it or rename it)"])


def test_dates_beyond_the_calendar_on_the_command_line(built: Path) -> None:
    for args in (["--date", "9999-12-31"], ["--all", "--to", "9999-12-31"]):
        result = run("build", "-w", built, "--no-pdf", *args)
        assert result.exit_code == 2
        assert '"9999-12-31" is outside the years sitrep works with (1900 to 2999)' in \
            result.stderr


def test_a_bidi_override_in_the_title_is_a_located_warning(built: Path) -> None:
    mutate(built, "config.yaml", "title: Minimal Report", 'title: "Minimal \\u202eReport"')
    result = run("check", "-w", built)
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: config.yaml:1:8: title: contains the invisible control U+202E (right-to-left "
        "override), which can make it read differently from how it is written (remove it, "
        "unless you put it there on purpose)\n")
    assert run("build", "-w", built, "--no-pdf", "--strict").exit_code == 1


def test_many_problems_in_one_file_are_listed_up_to_a_limit(built: Path) -> None:
    bad = "".join(f"  - measure: displaced\n    location: P{n}\n    kind: stock\n"
                  f"    as_of: 2024-01-03\n    value: many\n    source: agency\n"
                  for n in range(200))
    mutate(built, F, "figures:\n", "figures:\n" + bad)
    result = run("check", "-w", built)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 52
    assert lines[0] == ('facts/facts.yaml:14:12: figures[0].value: expected a whole number, '
                        'got "many" (write digits only, like 1200)')
    assert lines[-2] == ("facts/facts.yaml: and 150 more problems (fix those above, then run "
                         "sitrep check again)")
    assert lines[-1] == "sitrep: 200 problems in 1 file; nothing was written"


def test_values_in_messages_are_shortened_and_never_reach_the_terminal_raw(built: Path) -> None:
    from sitrep.errors import Problem

    long = str(Problem("f.yaml", 1, 1, "title", "x" * 1000 + "\x07"))
    assert long == ("f.yaml:1:1: title: " + "x" * 150 + " … (704 characters left out) … "
                    + "x" * 146 + "\\x07")
    mutate(built, F, "value: 1000", 'value: "\\e[31m' + "9" * 1000 + '"')
    result = run("check", "-w", built)
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert "\x1b" not in result.stderr and "\\x1b[31m" in line
    assert len(line) < 450  # the 1,000 digits are not all echoed
    assert line.endswith('999" (write digits only, like 1200)')
