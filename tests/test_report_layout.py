"""How the report reads on paper and on screen: charts, addresses, old files, footnotes."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from sitrep.render import chart
from tests.conftest import run


def test_chart_ticks_fall_on_round_numbers() -> None:
    svg = chart.bars([("a", 480, "480"), ("b", 300, "300")], "t", str)
    ticks = [int(t) for t in re.findall(r'text-anchor="end" fill="#333333">(\d+)<', svg)]
    assert ticks == [0, 100, 200, 300, 400, 500]
    svg = chart.bars([("a", 948000, "948,000"), ("b", 586000, "586,000")], "t", str)
    ticks = [int(t) for t in re.findall(r'text-anchor="end" fill="#333333">(\d+)<', svg)]
    assert ticks == [0, 200000, 400000, 600000, 800000, 1000000]


def test_a_chart_that_loses_its_data_is_removed_with_its_link(minimal: Path) -> None:
    assert run("build", "-w", minimal, "--date", "2024-01-12").exit_code == 0
    folder = minimal / "reports" / "2024-01-12"
    svg = folder / "minimal-2024-01-12-displacement.svg"
    assert svg.is_file()
    sheet = minimal / "facts" / "facts.yaml"
    # counted since another day, the 3 January figure leaves the series: issue 2's trend has
    # one figure, and one bar says nothing about a trend
    sheet.write_text(sheet.read_text().replace("    as_of: 2024-01-03\n",
                                               "    as_of: 2024-01-03\n    since: 2023-12-01\n"))
    result = run("build", "-w", minimal, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    assert not svg.exists()
    text = (folder / "minimal-2024-01-12.md").read_text()
    assert "](" not in text.split("### Trend", 1)[1].split("##", 1)[0]
    assert "displacement.svg" not in result.output


def test_addresses_break_only_between_their_parts(example: Path) -> None:
    assert run("build", "-w", example, "--date", "2020-02-28").exit_code == 0
    folder = example / "reports" / "2020-02-28"
    text = subprocess.run(["pdftotext", str(folder / "nw-syria-2020-02-28.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    urls = set(re.findall(r"<(https?://[^>]+)>", (folder / "nw-syria-2020-02-28.md").read_text()))
    assert len(urls) >= 4
    broken = 0
    for url in urls:
        pattern = "\n?".join(re.escape(c) for c in url)
        for found in re.finditer(pattern, text):
            for cut in [m.start() for m in re.finditer("\n", found.group())]:
                broken += 1
                assert found.group()[cut - 1] in "/.-_?&=", \
                    f"{url} broken inside a word: {found.group()!r}"
    assert broken >= 1  # the long addresses do wrap, only at their joints


def test_one_article_is_one_source_with_every_voice(example: Path) -> None:
    assert run("build", "-w", example, "--no-pdf", "--date", "2020-02-28").exit_code == 0
    text = (example / "reports" / "2020-02-28" / "nw-syria-2020-02-28.md").read_text()
    sources = text.split("## Sources", 1)[1]
    assert sources.count("Idlib escalation - Turkish soldiers killed") == 1
    entry = next(line for line in sources.splitlines() if "Idlib escalation" in line)
    for voice in ("Quoted for United Nations", "Quoted for Syrian Civil Defence (White Helmets)",
                  "Quoted for Turkish Ministry of National Defence (a party to the conflict)"):
        assert voice in entry


def _empty_share(pdf: Path) -> list[float]:
    """For each page, the share of its text area below the last line of content."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", "30", str(pdf), f"{folder}/p"], check=True)
        shares = []
        for picture in sorted(Path(folder).glob("p-*.pgm")):
            image = Image.open(picture)
            width, height = image.size
            pixels = image.load()
            top, bottom = int(height * 0.06), int(height * 0.93)  # inside margins and footer
            inked = [y for y in range(top, bottom)
                     if any(pixels[x, y] < 200 for x in range(width))]  # type: ignore[index]
            shares.append((bottom - (max(inked) if inked else top)) / (bottom - top))
        return shares


def test_no_page_but_the_last_is_mostly_empty(example: Path) -> None:
    assert run("build", "-w", example, "--all").exit_code == 0
    for pdf in sorted((example / "reports").glob("*/nw-syria-*.pdf")):
        shares = _empty_share(pdf)
        assert len(shares) >= 2
        assert all(share <= 0.6 for share in shares[:-1]), (pdf.name, shares)


def test_a_long_series_charts_its_last_issues_and_tables_them_all(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from tests.test_trust import workspace

    figures = "".join(f"""  - measure: displaced
    location: Alpha
    kind: stock
    as_of: {date(2024, 1, 3) + timedelta(weeks=week)}
    value: {1000 * (week + 1)}
    qualifier: more_than
    source: ocha
""" for week in range(30))
    root = workspace(tmp_path, "long-series", "  - measure: displaced\n    location: Alpha\n",
                     figures)
    last = date(2024, 1, 5) + timedelta(weeks=29)
    result = run("build", "--no-pdf", "-w", root, "--date", last.isoformat())
    assert result.exit_code == 0, result.output
    folder = root / "reports" / last.isoformat()
    text = (folder / f"trust-{last}.md").read_text()
    trend = text.split("### Trend", 1)[1].split("\n## ", 1)[0]
    assert trend.count("| No. ") == 30  # the table keeps the whole series
    svg = (folder / f"trust-{last}-displacement.svg").read_text()
    assert len(re.findall(r"<rect ", svg)) == 13  # the chart, the last 13 issues
    values = re.findall(r'font-weight="bold" fill="#333333">([^<]+)<', svg)
    assert values[-1] == "more than 30,000" and 2 <= len(values) < 13  # thinned to fit
    assert "more than 17,000" not in svg  # issue 17 is outside the window
