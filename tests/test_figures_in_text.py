"""Issue 9: what `sitrep check` catches about numbers in text and repeated figures.

Case 7: narrative cites figures by reference, and its other numbers are checked; case 8: a
quote must say its figure's number; case 9: a count is a whole number; case 12: the same
figure twice.  Each case has its fixture workspace in tests/workspaces/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import copy_workspace, run
from tests.test_bad_input import assert_fails_cleanly, mutate

DAY = "2024-01-12"
F = "facts/facts.yaml"


def workspace(tmp_path: Path, name: str) -> Path:
    return copy_workspace(name, tmp_path)


# --- Case 7: narrative linked to figures ---------------------------------------------------


def test_references_render_as_the_figure_with_its_footnote(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "case07-narrative")
    result = run("build", "-w", ws, "--date", DAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    folder = ws / "reports" / DAY
    md = (folder / f"narrative-{DAY}.md").read_text()
    assert "- More than 235,000[^1] people have been displaced in Alpha.\n" in md
    assert "- In Beta, 1,200 households (about 6,600 people)[^1] fled;" in md
    assert "Fighting continued around Alpha, where 1,250[^2] civilians\n" in md
    assert '[^2]: Test Agency, "Update 2", 11 January 2024.' in md
    html = (folder / f"narrative-{DAY}.html").read_text()
    assert ('where 1,250<sup class="ref"><a href="#source-2">2</a></sup> civilians' in html)
    text = subprocess.run(["pdftotext", "-layout", str(folder / f"narrative-{DAY}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "More than 235,0001 people have been displaced in Alpha." in text
    assert "where 1,2502 civilians" in text
    assert "{" not in text  # no reference is left as written


def test_braces_in_code_and_link_addresses_are_not_references(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "case07-narrative")
    mutate(ws, F, "Fighting continued around Alpha,",
           "See [the list](https://example.org/{killed-alpha}) and `{Not A Reference}`.\n"
           "      Fighting continued around Alpha,")
    result = run("build", "-w", ws, "--date", DAY, "--no-pdf")
    assert (result.exit_code, result.stderr) == (0, "")
    html = (ws / "reports" / DAY / f"narrative-{DAY}.html").read_text()
    assert 'href="https://example.org/{killed-alpha}"' in html  # left as written
    assert "<code>{Not A Reference}</code>" in html
    assert 'where 1,250<sup class="ref"><a href="#source-2">2</a></sup>' in html


def test_references_follow_the_locale(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "case07-narrative")
    mutate(ws, "config.yaml", "locale: en_GB", "locale: fr_FR")
    assert run("build", "-w", ws, "--date", DAY, "--no-pdf").exit_code == 0
    md = (ws / "reports" / DAY / f"narrative-{DAY}.md").read_text()
    assert "where 1\u202f250[^2] civilians" in md


def test_an_email_shows_cited_figures_without_footnotes(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "case07-narrative")
    mutate(ws, "config.yaml", "key_figures:", "email:\n  sender: im@example.org\n"
           "  to: partners@example.org\nkey_figures:")
    assert run("build", "-w", ws, "--date", DAY).exit_code == 0
    eml = tmp_path / "brief.eml"
    result = run("email", "-w", ws, "--date", DAY, "--eml", eml)
    assert result.exit_code == 0, result.output
    import email

    message = email.message_from_bytes(eml.read_bytes())
    parts = {p.get_content_type(): p.get_payload(decode=True).decode()
             for p in message.walk() if p.get_content_type().startswith("text/")}
    assert "- More than 235,000 people have been displaced in Alpha." in parts["text/plain"]
    assert "More than 235,000 people have been displaced" in parts["text/html"]
    assert "{displaced-alpha}" not in parts["text/plain"] + parts["text/html"]


NARRATIVE_CASES = [
    ("an-id-given-twice", "id: households-beta", "id: killed-alpha",
     ['facts/facts.yaml:27:9: figures[2].id: the id "killed-alpha" is already given to the '
      "figure at facts/facts.yaml:17:5 (give each figure its own id)",
      'facts/facts.yaml:41:18: narrative[0].highlights[1]: no figure has the id '
      '"households-beta" (known figure ids: displaced-alpha, killed-alpha)']),
    ("unknown-reference", "where {killed-alpha} civilians", "where {killed-alfa} civilians",
     ['facts/facts.yaml:43:46: narrative[0].overview: no figure has the id "killed-alfa" '
      '(did you mean "killed-alpha"?)']),
    ("unknown-reference-far", "where {killed-alpha} civilians", "where {zzz} civilians",
     ['facts/facts.yaml:43:46: narrative[0].overview: no figure has the id "zzz" (known figure '
      "ids: displaced-alpha, killed-alpha, households-beta)"]),
    ("reference-misspelt", "where {killed-alpha} civilians", "where {Killed Alpha} civilians",
     ['facts/facts.yaml:43:46: narrative[0].overview: "{Killed Alpha}" is not a figure '
      "reference (a reference is a figure's id in braces, like {displaced-nw})"]),
    ("reference-in-a-quoted-highlight", '- "{displaced-alpha} people', '- "{displaced-alpa} people',
     ['facts/facts.yaml:40:10: narrative[0].highlights[0]: no figure has the id '
      '"displaced-alpa" (did you mean "displaced-alpha"?)']),
    ("reference-to-a-candidate", "    value: 1250\n", "    value: 1250\n    status: candidate\n",
     ['facts/facts.yaml:44:46: narrative[0].overview: figure "killed-alpha" is a candidate, '
      "left out of every report (set status: accepted at facts/facts.yaml:17:5 once you have "
      "checked it)"]),
    ("reference-to-later-news", "    as_of: 2024-01-10\n    value: 235000",
     "    as_of: 2024-01-10\n    reported: 2024-01-15\n    value: 235000",
     ['facts/facts.yaml:41:10: narrative[0].highlights[0]: figure "displaced-alpha" was '
      "reported on 2024-01-15, after this issue (an issue cites only what was known on its "
      "date)"]),
    ("reference-opening-an-unquoted-line",
     '- "{displaced-alpha} people have been displaced in Alpha."', "- {displaced-alpha}",
     ["facts/facts.yaml:40:9: narrative[0].highlights[0]: expected text, got a mapping (text "
      'that begins with a figure reference must be in quotes, like "{displaced-nw} people '
      'fled")']),
]


@pytest.mark.parametrize("case", NARRATIVE_CASES, ids=lambda c: c[0])
def test_bad_references_are_located_errors(tmp_path: Path, case: tuple) -> None:
    ws = workspace(tmp_path, "case07-narrative")
    _, old, new, expected = case
    mutate(ws, F, old, new)
    assert_fails_cleanly(ws, expected)


@pytest.mark.parametrize(("old", "new", "where"), [
    ("235,000 is Alpha's figure", "About 23,500 people have been displaced",
     "41:42: narrative[0].highlights[1]"),
    ("Twelve villages", "About 23,500 people fled and twelve villages",
     "44:32: narrative[0].overview"),
])
def test_a_number_that_is_no_figure_is_a_located_warning(tmp_path: Path, old: str, new: str,
                                                         where: str) -> None:
    """Case 7 as seen: a highlight edited to 23,500 while the figure says 235,000."""
    ws = workspace(tmp_path, "case07-narrative")
    mutate(ws, F, old, new)
    result = run("check", "-w", ws)
    assert result.exit_code == 0
    assert result.stderr == (f'warning: facts/facts.yaml:{where}: "About 23,500" is not a '
                             "figure of this issue (cite the figure by its id, like "
                             "{displaced-nw}; correct the number; or, if it is not a figure, "
                             "write it in words)\n")
    assert run("build", "-w", ws, "--date", DAY, "--no-pdf", "--strict").exit_code == 1


def test_numbers_that_are_no_counts_are_not_checked(tmp_path: Path) -> None:
    """Years, dates, percentages, list numbers and numbers in words pass; and a figure's
    number written out in digits (235,000) matches it."""
    ws = workspace(tmp_path, "case07-narrative")
    result = run("check", "-w", ws)
    assert (result.exit_code, result.stderr) == (0, "")


# --- Case 8: quotes check their numbers ----------------------------------------------------


def test_quotes_that_say_their_numbers_pass(tmp_path: Path) -> None:
    """"more than 948,000", "Some 1.2 million", households (and the people they make),
    "Between 400 and 600", "A hospital", "half of the province's 2.9 million"."""
    ws = workspace(tmp_path, "case08-quotes")
    result = run("check", "-w", ws)
    assert (result.exit_code, result.stderr) == (0, "")


QUOTE_CASES = [
    ("digits-transposed", "value: 948000", "value: 984000",
     ['facts/facts.yaml:13:12: figures[0].value: 984000 does not match the quote, which says '
      '"more than 948,000" (correct the number, or quote the sentence it comes from)']),
    ("million", "value: 1200000", "value: 1300000",
     ['facts/facts.yaml:22:12: figures[1].value: 1300000 does not match the quote, which says '
      '"Some 1.2 million" (correct the number, or quote the sentence it comes from)']),
    ("households", "value: 1200\n", "value: 1300\n",
     ['facts/facts.yaml:31:12: figures[2].value: 1300 does not match the quote, which says '
      '"An estimated 1,200" and "about 6,600" (correct the number, or quote the sentence it '
      "comes from)"]),
    ("range", "max: 600", "max: 700",
     ['facts/facts.yaml:42:10: figures[3].min: min 400 and max 700 do not match the quote, '
      'which says "Between 400 and 600" (correct the number, or quote the sentence it comes '
      "from)"]),
    ("range-written-as-value", "min: 400\n    max: 600", "value: 400",
     ['facts/facts.yaml:42:12: figures[3].value: 400 does not match the quote, which says '
      '"Between 400 and 600" (the quote gives a range: write min: 400 and max: 600 instead of '
      "value:)"]),
    ("one-where-the-quote-gives-another-number", "value: 1\n    source: agency\n    via: "
     'update-2\n    quote: "A hospital in Beta was hit on 8 January."',
     "value: 1\n    source: agency\n    via: update-2\n    quote: \"Between 400 and 600 "
     'civilians were killed in Alpha this week."',
     ['facts/facts.yaml:51:12: figures[4].value: 1 does not match the quote, which says '
      '"Between 400 and 600" (correct the number, or quote the sentence it comes from)']),
    ("share-of-a-number", "value: 1450000", "value: 1400000",
     ['facts/facts.yaml:59:12: figures[5].value: 1400000 does not match the quote, which says '
      '"2.9 million" (correct the number, or quote the sentence it comes from)']),
    ("quote-without-a-number", 'quote: "Some 1.2 million people now need help across the '
     'province."', 'quote: "now need help across the province."',
     ["facts/facts.yaml:22:12: figures[1].value: 1200000 is not in the quote, which gives no "
      "number (quote the sentence that gives the number)"]),
]


@pytest.mark.parametrize("case", QUOTE_CASES, ids=lambda c: c[0])
def test_a_value_the_quote_does_not_say_is_a_located_error(tmp_path: Path, case: tuple) -> None:
    ws = workspace(tmp_path, "case08-quotes")
    _, old, new, expected = case
    mutate(ws, F, old, new)
    assert_fails_cleanly(ws, expected)


def test_households_may_be_quoted_as_the_people_they_make(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "case08-quotes")
    mutate(ws, F, "value: 1200\n    unit: households\n    household_size: 5.5\n",
           "value: 6600\n")
    assert run("check", "-w", ws).exit_code == 0


# --- Case 9: a count is a whole number -----------------------------------------------------


@pytest.mark.parametrize(("given", "hint"), [
    ("948.000", "write 948000 if the dots separate thousands; a count has no decimals"),
    ("1.0", "write 1, without decimals"),
    ("100.00", "write 100, without decimals"),
])
def test_a_decimal_count_is_refused_with_a_hint(minimal: Path, given: str, hint: str) -> None:
    mutate(minimal, F, "value: 1000", f"value: {given}")
    assert_fails_cleanly(minimal, [f'facts/facts.yaml:14:12: figures[0].value: expected a whole '
                                   f'number, got "{given}" ({hint})'])


# --- Case 12: the same figure twice --------------------------------------------------------


def test_the_same_figure_twice_is_an_error_naming_both(tmp_path: Path) -> None:
    """Typed by hand in casualties.yaml and accepted from a review file into accepted.yaml."""
    ws = workspace(tmp_path, "case12-duplicates")
    assert_fails_cleanly(ws, [
        "facts/casualties.yaml:13:5: figures[0]: the same figure as the one at "
        "facts/accepted.yaml:2:5 (same measure, population, place, dates, number and source) "
        "(remove one of them)"])


@pytest.mark.parametrize(("old", "new"), [
    ("    max: 600\n    source: weekly\n", "    max: 650\n    source: weekly\n"),  # a number
    ("    source: weekly\n    via:", "    source: agency\n    via:"),  # a source
    ("location: Alpha\n    kind: flow\n    period: {start: 2024-01-06, end: 2024-01-11}\n"
     "    min: 400\n    max: 600\n    source: weekly\n    via",
     "location: Beta\n    kind: flow\n    period: {start: 2024-01-06, end: 2024-01-11}\n"
     "    min: 400\n    max: 600\n    source: weekly\n    via"),  # a place
])
def test_figures_that_differ_in_anything_are_not_duplicates(tmp_path: Path, old: str,
                                                            new: str) -> None:
    ws = workspace(tmp_path, "case12-duplicates")
    mutate(ws, "facts/accepted.yaml", old, new)
    if "650" in new:  # the quote says 600: fix it so that only the duplicate rule is tried
        mutate(ws, "facts/accepted.yaml", "max: 650", "max: 600")
        mutate(ws, "facts/casualties.yaml", "max: 600", "max: 650")
    assert run("check", "-w", ws).exit_code == 0, run("check", "-w", ws).stderr


def test_a_duplicate_by_another_spelling_of_the_place_is_found(tmp_path: Path) -> None:
    """With a gazetteer, "Alpha" and "Alfa" (its other spelling) are one place."""
    ws = workspace(tmp_path, "case12-duplicates")
    (ws / "facts" / "places.yaml").write_text(
        "places:\n  - name: Alpha\n    pcode: XA01\n    admin_level: 1\n    aliases: [Alfa]\n")
    mutate(ws, "facts/casualties.yaml", "location: Alpha", "location: Alfa")
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "facts/casualties.yaml:13:5: figures[0]: the same figure as the one at "
        "facts/accepted.yaml:2:5 (same measure, population, place, dates, number and source) "
        "(remove one of them)")


def test_a_candidate_is_not_a_duplicate(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "case12-duplicates")
    mutate(ws, "facts/accepted.yaml", "status: accepted", "status: candidate")
    result = run("check", "-w", ws)
    assert result.exit_code == 0
    assert "a candidate is left out of every report" in result.stderr
