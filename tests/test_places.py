"""Issue 9, case 11: places are named by name, other spelling or p-code, and a gazetteer
(facts/places.yaml) makes them one place each, ordered by the hierarchy."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep import load, validate
from sitrep.models import Location, PlaceEntry
from sitrep.places import Gazetteer
from tests.conftest import copy_workspace, run
from tests.test_bad_input import assert_fails_cleanly, mutate

DAY = "2024-01-12"
F, P = "facts/facts.yaml", "facts/places.yaml"


@pytest.fixture
def places(tmp_path: Path) -> Path:
    return copy_workspace("case11-places", tmp_path)


def markdown(ws: Path) -> str:
    result = run("build", "-w", ws, "--date", DAY, "--no-pdf")
    assert result.exit_code == 0, result.output
    return (ws / "reports" / DAY / f"places-{DAY}.md").read_text()


def test_one_place_by_any_spelling_and_two_places_by_p_code(places: Path) -> None:
    md = markdown(places)
    # "Idlib" and "Idleb" (SY07) are one place: one row, both sources, the gazetteer's name
    assert ("| People displaced | Idleb | 20,000–25,000 (disputed) | as of 10 January 2024 | "
            "first reported | 20,000, Test Agency [^1]; 25,000, Test NGO [^2] |") in md
    assert "| Idlib |" not in md
    # two "Dana" with different p-codes are two places, each with its own figure
    week = "8\u2009–\u20099 January 2024"
    assert (f"| People killed | Dana (Al Ma'ra) | 2 | {week} | first reported | "
            "2, Test NGO [^2] |") in md
    assert (f"| People killed | Dana (Harim) | 1 | {week} | first reported | "
            "1, Test Agency [^1] |") in md
    # a key figure may name its place by p-code; an access constraint too
    assert "| People displaced in Idleb | 20,000–25,000 (disputed) |" in md
    assert "| Harim | Restrictions on movement within the area |" in md


def test_tables_follow_the_hierarchy(places: Path) -> None:
    md = markdown(places)
    rows = [line.split(" | ")[1] for line in md.splitlines()
            if line.startswith("| People displaced | ")]
    assert rows == ["North-west Syria", "Idleb", "Harim"]  # region, governorate, district


def test_without_a_gazetteer_places_are_as_written(places: Path) -> None:
    (places / P).unlink()
    md = markdown(places)
    rows = [line.split(" | ")[1] for line in md.splitlines()
            if line.startswith("| People displaced | ")]
    assert rows == ["Harim", "Idleb", "Idlib", "North-west Syria"]  # by name, as before
    # the p-codes alone still keep the two Danas apart
    assert md.count("| People killed | Dana | ") == 2


def test_the_api_for_the_resolver_and_templates() -> None:
    gaz = Gazetteer([
        PlaceEntry(name="Syria", pcode="SY", admin_level=0),
        PlaceEntry(name="Idleb", pcode="SY07", admin_level=1, parent="SY", aliases=["Idlib"]),
        PlaceEntry(name="Harim", pcode="SY0703", admin_level=2, parent="SY07"),
        PlaceEntry(name="Aleppo", pcode="SY02", admin_level=1, parent="SY"),
        PlaceEntry(name="North-west Syria", parent="SY"),
    ])
    assert gaz.lookup("idlib") is gaz.lookup("SY07") is gaz.lookup("Idleb")
    assert gaz.lookup("Idlub") is None
    names = ["Harim", "Idleb", "Somewhere", "Aleppo", "North-west Syria", "Syria"]
    locations = [Location(name=n) for n in names]
    ordered = [loc.name for loc in sorted(locations, key=gaz.order)]
    assert ordered == ["Syria", "North-west Syria", "Aleppo", "Idleb", "Harim", "Somewhere"]
    assert gaz.means("SY0703", Location(name="Harim", pcode="SY0703", admin_level=2))
    assert not gaz.means("Idlib", Location(name="Harim", pcode="SY0703", admin_level=2))


def test_figures_carry_the_canonical_location(places: Path) -> None:
    ws = load.workspace(places)
    facts, warnings = validate.facts(ws, load.inputs(ws))
    assert warnings == []
    idleb = {(f.location.name, f.location.pcode, f.location.admin_level)
             for f in facts.figures if f.value in (20000, 25000)}
    assert idleb == {("Idleb", "SY07", 1)}
    assert facts.access[0].location == Location(name="Harim", pcode="SY0703", admin_level=2)


# (case id, file, text to find, replacement, the exact messages expected)
CASES = [
    ("pcode-malformed", F, "{name: Idleb, pcode: SY07}", '{name: Idleb, pcode: "not a pcode!!"}',
     ['facts/facts.yaml:25:36: figures[2].location.pcode: "not a pcode!!" is not a p-code (a '
      "p-code is the country's two capital letters and then pairs of digits, like SY07 or "
      "SY0703)"]),
    ("pcode-lowercase", F, "{name: Idleb, pcode: SY07}", "{name: Idleb, pcode: sy07}",
     ['facts/facts.yaml:25:36: figures[2].location.pcode: "sy07" is not written as a p-code '
      "(write SY07)"]),
    ("pcode-contradicts-the-name", F, "{name: Idleb, pcode: SY07}",
     "{name: Idlib, pcode: SY0703}",
     ['facts/facts.yaml:25:36: figures[2].location.pcode: "Idlib" is SY07 in the places list, '
      "not SY0703 (SY0703 is Harim: correct the p-code or the name)"]),
    ("pcode-unknown-for-a-known-name", F, "{name: Idleb, pcode: SY07}",
     "{name: Idlib, pcode: SY08}",
     ['facts/facts.yaml:25:36: figures[2].location.pcode: "Idlib" is SY07 in the places list, '
      "not SY08 (correct the p-code, or leave it out)"]),
    ("name-of-two-places", F, "{name: Dana, pcode: SY070301}", "Dana",
     ['facts/facts.yaml:37:15: figures[4].location: "Dana" may be any of Dana (Harim) '
      "(SY070301) or Dana (Al Ma'ra) (SY070201) (add pcode: to say which)"]),
    ("level-contradicts", F, "{name: Idleb, pcode: SY07}", "{name: Idleb, admin_level: 2}",
     ["facts/facts.yaml:25:42: figures[2].location.admin_level: Idleb is at admin level 1 in "
      "the places list, not 2 (correct it, or leave admin_level out)"]),
    ("region-given-a-level", F, "location: North-west Syria",
     "location: {name: North-west Syria, admin_level: 1}",
     ["facts/facts.yaml:31:53: figures[3].location.admin_level: North-west Syria is a region "
      "in the places list, with no admin level (leave admin_level out)"]),
    ("places-parent-ambiguous", P, "    parent: SY0702\n    aliases: [Dana]",
     "    parent: Dana\n    aliases: [Dana]",
     ['facts/places.yaml:31:13: places[6].parent: "Dana" may be any of Dana (Harim) '
      "(SY070301) or Dana (Al Ma'ra) (SY070201) (give the parent's p-code)"]),
    ("key-figure-place-unknown", "config.yaml", "location: SY07", "location: Idlb",
     ['config.yaml:13:15: key_figures[0].location: "Idlb" is not in the places list '
      '(did you mean "Idlib"?)']),
    ("key-figure-place-ambiguous", "config.yaml", "location: SY07", "location: Dana",
     ['config.yaml:13:15: key_figures[0].location: "Dana" may be any of Dana (Harim) '
      "(SY070301) or Dana (Al Ma'ra) (SY070201) (give its p-code)"]),
    ("places-same-pcode", P, "pcode: SY0702", "pcode: SY0703",
     ["facts/places.yaml:20:12: places[4].pcode: SY0703 is given to two places (it is already "
      "the p-code of Harim at facts/places.yaml:15)"]),
    ("places-same-name", P, "name: Al Ma'ra", "name: harim",
     ['facts/places.yaml:19:11: places[4].name: "harim" names two places (it is already the '
      "name of the place at facts/places.yaml:15; give each its own name, and the shared one "
      "as an alias)"]),
    ("places-parent-unknown", P, "    parent: SY0703\n", "    parent: SY0709\n",
     ['facts/places.yaml:26:13: places[5].parent: no place "SY0709" in the places list '
      '(did you mean "SY0703"?)']),
    ("places-level-not-below-parent", P, "    admin_level: 2\n    parent: SY07",
     "    admin_level: 1\n    parent: SY07",
     ["facts/places.yaml:17:18: places[3].admin_level: admin level 1 is not below that of "
      "Idleb (1), the place it lies in (a place's admin level is greater than its parent's)"]),
    ("places-pcode-outside-parent", P, "pcode: SY070201", "pcode: SY080201",
     ["facts/places.yaml:29:12: places[6].pcode: SY080201 does not begin with the p-code of "
      "Al Ma'ra (SY0702), the place it lies in (check the p-code, or the parent)"]),
    ("places-loop", P, "    pcode: SY\n    admin_level: 0\n",
     "    pcode: SY\n    admin_level: 0\n    parent: SY0703\n",
     ["facts/places.yaml:8:13: places[0].parent: the parents go round in a loop: Syria → "
      "Harim → Idleb → Syria (one of these places has the wrong parent)"]),
    ("places-pcode-without-level", P, "    pcode: SY0703\n    admin_level: 2\n",
     "    pcode: SY0703\n",
     ["facts/places.yaml:15:5: places[3].admin_level: a place with a p-code needs an "
      "admin_level (0 for the country, 1 for a governorate or province, 2 for a district, "
      "3 for a sub-district)"]),
    ("places-pcode-odd-length", P, "pcode: SY0703", "pcode: SY073",
     ['facts/places.yaml:16:12: places[3].pcode: "SY073" is not a p-code (a p-code is the '
      "country's two capital letters and then pairs of digits, like SY07 or SY0703)"]),
    ("places-broken-entry-is-reported-once", P, "aliases: [Idlib]", "spellings: [Idlib]",
     ['facts/places.yaml:14:5: places[2].spellings: unknown field "spellings" (known fields: '
      "name, pcode, admin_level, parent, aliases, note)"]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_bad_places_are_reported_exactly(places: Path, case: tuple) -> None:
    _, file, old, new, expected = case
    mutate(places, file, old, new)
    assert_fails_cleanly(places, expected)


@pytest.mark.parametrize(("new", "hint"), [
    ("Harem", 'did you mean "Harim"?'),
    ("Aleppo", "add it under places: in facts/places.yaml, with its p-code if it has one"),
])
def test_a_place_the_gazetteer_does_not_know_is_a_located_warning(places: Path, new: str,
                                                                   hint: str) -> None:
    mutate(places, F, "location: Harim", f"location: {new}")
    result = run("check", "-w", places)
    assert result.exit_code == 0
    assert result.stderr == (f'warning: facts/facts.yaml:13:15: figures[0].location: "{new}" '
                             f"is not in the places list ({hint})\n")
    assert run("build", "-w", places, "--date", DAY, "--no-pdf", "--strict").exit_code == 1


def test_a_malformed_pcode_is_refused_without_a_gazetteer_too(places: Path) -> None:
    (places / P).unlink()
    mutate(places, F, "{name: Idleb, pcode: SY07}", "{name: Idleb, pcode: SY-07}")
    assert_fails_cleanly(places, ['facts/facts.yaml:25:36: figures[2].location.pcode: "SY-07" '
                                  "is not written as a p-code (write SY07)"])


def test_extraction_knows_the_gazetteer_places(places: Path) -> None:
    """A place the gazetteer lists is found in an article even before any figure uses it."""
    article = places / "articles" / "update-3.md"
    article.write_text("---\ntitle: Update 3\npublisher: Test Agency\npublished: 2024-01-11\n"
                       "---\nOn 10 January, 2,000 people fled their homes in Jisr town of "
                       "Al Ma'ra, the agency said.\n")
    assert run("extract", "-w", places, article).exit_code == 0
    review = (places / "articles" / "update-3.review.yaml").read_text()
    assert "    location: Al Ma'ra\n" in review
