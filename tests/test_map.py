"""The map of a measure by area: boundary files read and checked, figures joined to shapes by
p-code, drawn as vector SVG in a real WeasyPrint PDF, with its credit and disclaimer."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from sitrep import geo
from sitrep.config import UN_DISCLAIMER
from sitrep.render import map as area_map
from tests.conftest import ROOT, copy_workspace, run, snapshot

DAY = "2020-02-28"
BOUNDARIES = "geo/syria-adm1.geojson"
SVG = "{http://www.w3.org/2000/svg}"
MISSING_SY07 = ("warning: facts/displacement.yaml:83:15: figures[6].location: Idlib governorate "
                "(SY07) has no shape in geo/syria-adm1.geojson, so the map leaves it out (check "
                "the p-code, or use a boundary file that has it)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's last issue, PDF included."""
    ws = copy_workspace("example", tmp_path_factory.mktemp("map"))
    result = run("build", "-w", ws, "--date", DAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no warning: every figure joins, every shape has a p-code
    return ws


def issue_file(ws: Path, suffix: str, day: str = DAY) -> Path:
    return ws / "reports" / day / f"nw-syria-{day}{suffix}"


def al_jazeera(ws: Path) -> str:
    """The footnote number of the Al Jazeera article, the source of the mapped figure."""
    found = re.search(r"^\[\^(\d+)\]: Al Jazeera,", issue_file(ws, ".md").read_text(), re.M)
    assert found
    return found.group(1)


def folded(text: str) -> str:
    """Text as a reader reads it: line breaks folded, words hyphenated at a break joined."""
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", text)).strip()


def edit_boundaries(ws: Path, change: object) -> None:
    """Rewrite the workspace's boundary file, indented (so that features have lines)."""
    path = ws / BOUNDARIES
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data, indent=1))


# --- Joining figures to shapes ------------------------------------------------------------


def test_every_example_pcode_joins_a_shape(built: Path) -> None:
    """Each governorate of the gazetteer has a shape, and each governorate-level figure of
    people displaced fills its shape with a class colour, not the grey of "no figure"."""
    svg = ET.parse(issue_file(built, "-map.svg")).getroot()
    fills = {p.get("data-pcode"): p.get("fill") for p in svg.iter(f"{SVG}path")}
    shapes = json.loads((built / BOUNDARIES).read_text())["features"]
    assert set(fills) == {f["properties"]["pcode"] for f in shapes}
    places = yaml.safe_load((built / "facts" / "places.yaml").read_text())["places"]
    governorates = {p["pcode"] for p in places if p.get("admin_level") == 1}
    assert governorates == {"SY02", "SY07"}
    assert governorates <= set(fills)
    figures = yaml.safe_load((built / "facts" / "displacement.yaml").read_text())["figures"]
    mapped = [f for f in figures if f["measure"] == "displaced" and f["kind"] == "stock"
              and isinstance(f["location"], dict) and f["location"].get("admin_level") == 1]
    assert len(mapped) == 1  # Al Jazeera's "nearly one million" in Idlib governorate
    assert fills["SY07"] == area_map.RAMP[3]
    assert [code for code, fill in fills.items() if fill != area_map.NO_FIGURE] == ["SY07"]


def test_the_map_has_a_title_legend_labels_and_a_scale(built: Path) -> None:
    svg = ET.parse(issue_file(built, "-map.svg")).getroot()
    assert svg.get("role") == "img"
    alt = svg.get("aria-label")
    assert alt == ("Map: People displaced by governorate. Idlib governorate: about 1,000,000. "
                   "13 more areas have no figure.")
    assert svg.find(f"{SVG}title").text == alt  # type: ignore[union-attr]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    for expected in ("People displaced", "1,000,000", "no figure", "Idlib governorate",
                     "about 1,000,000", "100 km"):
        assert expected in texts, expected


def test_markdown_has_the_map_file_and_a_table_of_its_values(built: Path) -> None:
    md = issue_file(built, ".md").read_text()
    assert f"![People displaced by governorate](nw-syria-{DAY}-map.svg)" in md
    assert ("| Idlib governorate | SY07 | about 1,000,000 | as of 28 February 2020, counted "
            f"since 1 December 2019 | [^{al_jazeera(built)}] |") in md
    assert "; no figure for Al-Hasakeh, Aleppo, Ar-Raqqa, As-Sweida," in md
    assert "CC BY 3.0 IGO" in md and UN_DISCLAIMER in md


def test_an_issue_without_a_figure_by_area_has_no_map(built: Path) -> None:
    """The 21 February issue knows no figure by governorate: no map, no empty section."""
    result = run("build", "-w", built, "--date", "2020-02-21", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert not issue_file(built, "-map.svg", "2020-02-21").exists()
    assert "by governorate" not in issue_file(built, ".md", "2020-02-21").read_text()


# --- In the PDF -----------------------------------------------------------------------------


def map_page(pdf: Path) -> tuple[int, DictionaryObject]:
    """The number and the page of the PDF that has the map."""
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        if "People displaced by governorate" in page.extract_text():
            return number, page
    raise AssertionError("no page has the map")


def images(resources: DictionaryObject) -> list[object]:
    """Every image the page draws, inside forms as well."""
    found = []
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(xobject)
        elif "/Resources" in xobject:
            found += images(xobject["/Resources"])
    return found


def test_the_pdf_map_is_vector_with_no_image(built: Path) -> None:
    _, page = map_page(issue_file(built, ".pdf"))
    assert images(page["/Resources"]) == []
    content = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    assert len(re.findall(r"\bl\b", content)) > 1000  # the boundaries' line segments
    assert "0.784314 0.376471 0.164706 rg" in content  # Idlib's class colour, #c8602a


def test_the_credit_and_disclaimer_are_in_the_pdf_text(built: Path) -> None:
    number, _ = map_page(issue_file(built, ".pdf"))
    out = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout",
                          str(issue_file(built, ".pdf")), "-"],
                         check=True, capture_output=True, text=True).stdout
    text = folded(out)
    config = yaml.safe_load((built / "config.yaml").read_text())
    assert folded(config["map"]["credit"]) in text
    assert UN_DISCLAIMER in text
    assert f"Data: Al Jazeera{al_jazeera(built)}." in text  # the figure's source, footnoted


def test_the_tagged_pdf_carries_the_map_s_alt_text(tmp_path: Path) -> None:
    """For screen readers: the map is a figure whose alternative text names its values."""
    ws = copy_workspace("example", tmp_path)
    result = run("build", "-w", ws, "--date", DAY, "--tagged")
    assert result.exit_code == 0, result.output
    reader = PdfReader(issue_file(ws, ".pdf"))
    alts = [str(alt) for alt in _struct_alts(reader.trailer["/Root"]["/StructTreeRoot"])]
    assert ("Map: People displaced by governorate. Idlib governorate: about 1,000,000. "
            "13 more areas have no figure.") in alts


def _struct_alts(node: object, depth: int = 0) -> list[object]:
    """Every /Alt of the structure tree."""
    node = getattr(node, "get_object", lambda: node)()
    found: list[object] = []
    if depth > 60:
        return found
    if isinstance(node, dict):
        if "/Alt" in node:
            found.append(node["/Alt"])
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            found += _struct_alts(kid, depth + 1)
    return found


# --- Located warnings and problems ----------------------------------------------------------


def test_a_pcode_missing_from_the_shapes_is_a_located_warning(example: Path) -> None:
    edit_boundaries(example, lambda data: data.update(features=[
        f for f in data["features"] if f["properties"]["pcode"] != "SY07"]))
    result = run("check", "-w", example)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [MISSING_SY07]
    result = run("build", "-w", example, "--date", DAY, "--no-pdf")
    assert result.exit_code == 0
    assert MISSING_SY07 in result.stderr.splitlines()
    assert not issue_file(example, "-map.svg").exists()  # no area has a figure left


def test_a_shape_with_no_pcode_is_a_located_warning(example: Path) -> None:
    edit_boundaries(example, lambda data: data["features"][1]["properties"].pop("pcode"))
    result = run("build", "-w", example, "--date", DAY, "--no-pdf")
    assert result.exit_code == 0, result.output
    lines = (example / BOUNDARIES).read_text().splitlines()
    line = [i for i, text in enumerate(lines, start=1) if text == "  {"][1]
    assert result.stderr.splitlines() == [
        f"warning: geo/syria-adm1.geojson:{line}:3: features[1].properties.pcode: a shape "
        "with no p-code: the map draws it grey, and no figure can join it (give it its "
        "p-code, or set pcode_property under map: in config.yaml to the property that "
        "holds it)"]
    svg = issue_file(example, "-map.svg").read_text()
    assert svg.count("<path") == 14 and svg.count("data-pcode=") == 13


def test_a_missing_boundary_file_is_a_located_warning_and_no_map(example: Path) -> None:
    """The build goes on without the map, and removes the map an earlier build wrote."""
    assert run("build", "-w", example, "--date", DAY).exit_code == 0
    assert issue_file(example, "-map.svg").is_file()
    (example / BOUNDARIES).unlink()
    result = run("build", "-w", example, "--date", DAY)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: config.yaml:87:15: map.boundaries: the boundary file geo/syria-adm1.geojson "
        "does not exist (the reports have no map until it does: copy the file there, or "
        "correct the path)"]
    assert not issue_file(example, "-map.svg").exists()
    assert "by governorate" not in issue_file(example, ".md").read_text()
    assert run("build", "-w", example, "--date", DAY, "--strict", "--force").exit_code == 1


@pytest.mark.parametrize(("text", "expected"), [
    ('{"type": "FeatureCollection", "features": [\n  {"type": "Feature",',
     ["geo/syria-adm1.geojson:2:22: file: is not valid GeoJSON: expecting property name "
      "enclosed in double quotes (save it again as GeoJSON)"]),
    ("[1, 2]", ['geo/syria-adm1.geojson:1:1: type: is not a GeoJSON FeatureCollection (a '
                'boundary file is {"type": "FeatureCollection", "features": [...]})']),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
     '"geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3, NaN], [1, 3], [1, 2]]]}}]}',
     ["geo/syria-adm1.geojson:1:1: file: is not valid GeoJSON: NaN is not a number GeoJSON "
      "allows (save it again as GeoJSON)"]),
    ('{"type": "FeatureCollection", "features": [\n {"type": "Feature", "properties": '
     '{"pcode": "SY01"}, "geometry": {"type": "Point", "coordinates": [36, 33]}},\n {"type": '
     '"Feature", "properties": {"pcode": "SY02"}, "geometry": {"type": "Polygon", '
     '"coordinates": [[[36, 33], [360, 33], [36, 34], [36, 33]]]}}]}',
     ['geo/syria-adm1.geojson:2:2: features[0].geometry: is a "Point", not an area (a '
      "boundary file holds areas: Polygon or MultiPolygon geometries)",
      "geo/syria-adm1.geojson:3:2: features[1].geometry.coordinates: has a point outside the "
      "globe: 360.0, 33.0 (the file must be in longitude and latitude (WGS 84, EPSG:4326); "
      "reproject it)"]),
    ('{"features": [], "type": "FeatureCollection"}',
     ["geo/syria-adm1.geojson:1:1: features: has no areas (use a boundary file with the "
      "areas of one admin level)"]),
    ("[" * 100_000 + "]" * 100_000,
     ["geo/syria-adm1.geojson:1:1: file: is not valid GeoJSON: nests lists too deeply "
      "(save it again as GeoJSON)"]),
])
def test_a_broken_boundary_file_is_a_located_problem(example: Path, text: str,
                                                     expected: list[str]) -> None:
    (example / BOUNDARIES).write_text(text)
    before = snapshot(example / "reports")
    result = run("build", "-w", example, "--date", DAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == expected
    assert snapshot(example / "reports") == before  # nothing written


def test_a_boundary_file_with_too_many_points_is_refused(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(geo, "MAX_POINTS", 1000)
    text = (ROOT / BOUNDARIES).read_text()
    boundaries, problems, _ = geo.parse(text, "adm1.geojson")
    assert boundaries is None
    points = sum(len(ring) for f in json.loads(text)["features"]
                 for poly in ([f["geometry"]["coordinates"]]
                              if f["geometry"]["type"] == "Polygon"
                              else f["geometry"]["coordinates"]) for ring in poly)
    assert [str(p) for p in problems] == [
        f"adm1.geojson:1:1: file: has {points:,} points, more than the 1,000 a map draws "
        "(simplify it first, for example with mapshaper's -simplify, or use the file of a "
        "higher admin level)"]


def test_a_wrong_measure_in_the_map_settings_is_a_problem(example: Path) -> None:
    config = example / "config.yaml"
    config.write_text(config.read_text().replace("  measure: displaced\n  title:",
                                                 "  measure: displacd\n  title:"))
    result = run("check", "-w", example)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'config.yaml:89:12: map.measure: "displacd" is not a known measure (did you mean '
        '"displaced"?)')


def test_text_from_the_boundary_file_cannot_inject(example: Path) -> None:
    """Names and p-codes are data: escaped in the SVG, the HTML and the Markdown."""
    evil = '<script>alert(1)</script>"><b>'

    def poison(data: dict[str, list[dict[str, dict[str, str]]]]) -> None:
        data["features"][0]["properties"]["name"] = evil
        data["features"][1]["properties"]["pcode"] = evil

    edit_boundaries(example, poison)
    result = run("build", "-w", example, "--date", DAY, "--no-pdf")
    assert result.exit_code == 0, result.output
    svg = issue_file(example, "-map.svg").read_text()
    ET.fromstring(svg)  # still well-formed XML
    html = issue_file(example, ".html").read_text()
    for text in (svg, html):
        assert "<script" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in issue_file(example, ".md").read_text()


# --- Rebuilds, scaffold, classes --------------------------------------------------------------


def test_a_changed_boundary_file_rebuilds_the_issue(example: Path) -> None:
    """The boundary file is an input like the fact sheets: changing it rebuilds the issue."""
    assert run("build", "-w", example, "--date", DAY).output.endswith("built 1 issue\n")
    assert run("build", "-w", example, "--date", DAY).output.startswith("1 issue up to date")
    edit_boundaries(example, lambda data: data["features"].pop(0))
    result = run("build", "-w", example, "--date", DAY)
    assert result.output.endswith("built 1 issue\n"), result.output
    assert issue_file(example, "-map.svg").read_text().count("<path") == 13


def test_the_scaffold_shows_how_to_add_a_map(tmp_path: Path) -> None:
    ws = tmp_path / "new"
    assert run("init", ws).exit_code == 0
    config = (ws / "config.yaml").read_text()
    assert "# map:" in config and "geo/README.md" in config
    assert (ws / "geo" / "README.md").is_file()
    # The commented block, switched on, is a valid setting: the file is only missing.
    switched = re.sub(r"(?m)^# ?(map:|  \w)", r"\1", config)
    (ws / "config.yaml").write_text(switched)
    result = run("check", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "map.boundaries: the boundary file geo/admin2.geojson does not exist" in result.stderr


@pytest.mark.parametrize(("values", "expected", "labels"), [
    ([1_000_000], [], ["1,000,000"]),
    ([120, 4_500, 4_700], [4_500, 4_700], ["under 4,500", "4,500 – 4,699", "4,700 or more"]),
    ([950, 12_345, 48_000, 51_000, 130_000, 948_000, 1_000_000],
     [12_000, 48_000, 130_000, 940_000],
     ["under 12,000", "12,000 – 47,999", "48,000 – 129,999", "130,000 – 939,999",
      "940,000 or more"]),
    ([955, 950, 950, 950], [955], ["under 955", "955 or more"]),
    ([10, 10, 10, 99], [99], ["under 99", "99 or more"]),
    ([5, 5, 5], [], ["5"]),
])
def test_classes_are_quantiles_rounded_down(values: list[int], expected: list[int],
                                             labels: list[str]) -> None:
    bounds = area_map.limits(values)
    assert bounds == expected
    assert area_map.class_labels(values, bounds, "{:,}".format) == labels
    assert len(area_map.colours(len(bounds) + 1)) == len(bounds) + 1


def grid_workspace(minimal: Path, values: dict[int, int]) -> Path:
    """The minimal workspace with a made-up country of nine square districts (XX0101 …
    XX0109, 0.5° a side) and made-up figures of people displaced for some of them."""
    features = [{"type": "Feature", "properties": {"pcode": f"XX01{n:02d}", "name": f"D{n}"},
                 "geometry": {"type": "Polygon", "coordinates": [[
                     [x, y], [x + 0.5, y], [x + 0.5, y + 0.5], [x, y + 0.5], [x, y]]]}}
                for n, (x, y) in enumerate(((20 + 0.5 * (i % 3), 10 + 0.5 * (i // 3))
                                            for i in range(9)), start=1)]
    (minimal / "geo").mkdir()
    (minimal / "geo" / "grid.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": features}))
    lines = ["figures:"]
    for n, value in values.items():
        lines += ["  - measure: displaced",
                  f"    location: {{name: District {n}, pcode: XX01{n:02d}, admin_level: 2}}",
                  "    kind: stock", "    as_of: 2024-01-10", f"    value: {value}",
                  "    source: agency"]
    (minimal / "facts" / "districts.yaml").write_text("\n".join(lines) + "\n")
    with (minimal / "config.yaml").open("a") as config:
        config.write("map:\n  boundaries: geo/grid.geojson\n  admin_level: 2\n"
                     "  credit: Made-up boundaries for a test.\n")
    return minimal


def test_a_district_map_has_five_classes_and_labels_the_largest(minimal: Path) -> None:
    values = {1: 950, 2: 12_345, 3: 48_000, 4: 51_000, 5: 130_000, 6: 948_000, 7: 1_000_000}
    ws = grid_workspace(minimal, values)
    result = run("build", "-w", ws, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    svg = ET.parse(ws / "reports" / "2024-01-12" / "minimal-2024-01-12-map.svg").getroot()
    fills = {p.get("data-pcode"): p.get("fill") for p in svg.iter(f"{SVG}path")}
    ramp = area_map.RAMP
    assert fills == {"XX0101": ramp[0], "XX0102": ramp[1], "XX0103": ramp[2],
                     "XX0104": ramp[2], "XX0105": ramp[3], "XX0106": ramp[4],
                     "XX0107": ramp[4], "XX0108": area_map.NO_FIGURE,
                     "XX0109": area_map.NO_FIGURE}
    texts = [t.text for t in svg.iter(f"{SVG}text") if t.get("fill") != "none"]
    assert texts[-6:] == ["940,000 or more", "130,000 – 939,999", "48,000 – 129,999",
                          "12,000 – 47,999", "under 12,000", "no figure"]
    named = [t for t in texts if t and t.startswith("District ")]
    assert named == ["District 7", "District 6", "District 5", "District 4", "District 3"]
    md = (ws / "reports" / "2024-01-12" / "minimal-2024-01-12.md").read_text()
    assert "| District 7 | XX0107 | 1,000,000 |" in md
    assert "; no figure for D8, D9." in md
