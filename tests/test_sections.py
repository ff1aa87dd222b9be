"""The report's further sections: declared measures, funding, response, contacts, scope."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import run
from tests.test_trust import workspace


def test_declared_measures_are_named_and_placed_by_config(tmp_path: Path) -> None:
    root = workspace(tmp_path, "declared-measures", "  - measure: schools_damaged\n", """\
  - measure: schools_damaged
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 31
    source: unicef
  - measure: cash_distributed
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 2500000
    source: ocha
  - measure: evacuated
    location: Alpha
    kind: flow
    period: {start: 2024-01-06, end: 2024-01-11}
    value: 400
    source: ocha
""")
    config = root / "config.yaml"
    config.write_text(config.read_text() + """measures:
  - id: schools_damaged
    label: schools damaged or destroyed
    unit: schools
    kind: flow
  - id: cash_distributed
    label: cash distributed
    unit: USD
  - id: evacuated
    section: displacement
""")
    result = run("build", "--no-pdf", "-w", root, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    text = (root / "reports" / "2024-01-12" / "trust-2024-01-12.md").read_text()
    assert "People schools" not in text
    assert "| Schools damaged or destroyed | Alpha | 31 |" in text
    assert "| Cash distributed | Alpha | US$2,500,000 |" in text
    displacement = text.split("## Displacement", 1)[1].split("## Casualties", 1)[0]
    assert "| People evacuated | Alpha | 400 |" in displacement


def test_a_figure_of_the_wrong_kind_for_its_measure(tmp_path: Path) -> None:
    root = workspace(tmp_path, "measure-kind", "  - measure: schools_damaged\n", """\
  - measure: schools_damaged
    location: Alpha
    kind: stock
    as_of: 2024-01-10
    value: 31
    source: unicef
""")
    config = root / "config.yaml"
    config.write_text(config.read_text() + "measures:\n  - id: schools_damaged\n    kind: flow\n")
    result = run("check", "-w", root)
    assert result.exit_code == 1
    assert ("facts/facts.yaml:28:11: figures[0].kind: schools_damaged is declared a flow in "
            "config.yaml, but this figure is a stock (write kind: flow, or change the measure's "
            "kind)") in result.output


FUNDING_AND_RESPONSE = """funding:
  - appeal: Flash appeal
    as_of: 2024-01-08
    requirement: 10000000
    source: ocha
  - appeal: Flash appeal
    as_of: 2024-01-11
    requirement: 12000000
    received: 3000000
    source: ocha
  - appeal: Cluster plan
    as_of: 2024-01-10
    currency: eur
    requirement: 500000
    received: 600000
    source: unicef
response:
  - cluster: Shelter
    date: 2024-01-10
    needs: Tents for **2,000** families.
    response: Partners gave out 800 tents.
    gaps: Roads to the north are closed.
    targeted: 10000
    reached: 4000
    source: ocha
  - cluster: Shelter
    date: 2024-01-03
    needs: An older text, of the week before.
    source: ocha
  - cluster: Health
    date: 2024-01-11
    response: Two mobile clinics run daily.
    source: unicef
"""


def test_funding_and_response_sections(tmp_path: Path) -> None:
    root = workspace(tmp_path, "funding-response", "  - measure: displaced\n", "")
    sheet = root / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text() + FUNDING_AND_RESPONSE)
    config = root / "config.yaml"
    config.write_text(config.read_text() + """partners: the Shelter Cluster
contacts:
  - name: Amina Test
    title: Head of Office
    organisation: Test Unit
    email: amina@example.org
    phone: "+1 555 0100"
""")
    result = run("build", "-w", root, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    folder = root / "reports" / "2024-01-12"
    text = (folder / "trust-2024-01-12.md").read_text()
    assert ("| Flash appeal | US$12,000,000 | US$3,000,000 | US$9,000,000 | 25% | 11 January 2024 "
            "| OCHA [^") in text
    assert "| Cluster plan | €500,000 | €600,000 | €0 | 120% | 10 January 2024 |" in text
    assert "US$10,000,000" not in text  # the earlier figure of the same appeal
    assert "### Shelter" in text and "### Health" in text
    assert "People targeted: 10,000 · reached: 4,000 (40% of those targeted) · 10 January 2024" \
        in text
    assert "**Needs:** Tents for **2,000** families." in text
    assert "older text" not in text  # a cluster's text of an earlier issue is not repeated
    assert "This report is produced by Test Unit in collaboration with the Shelter Cluster." \
        in text
    assert "- **Amina Test**, Head of Office, Test Unit, amina@example.org, +1 555 0100" in text
    pdf = subprocess.run(["pdftotext", str(folder / "trust-2024-01-12.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    flat = " ".join(pdf.split())
    for expected in ("Humanitarian response", "Funding", "US$12,000,000", "25%",
                     "Gaps and constraints:", "Contacts", "Amina Test",
                     "The next report will be issued on or around 19 January 2024."):
        assert expected in flat, expected


def test_bad_funding_is_located(tmp_path: Path) -> None:
    root = workspace(tmp_path, "bad-funding", "  - measure: displaced\n", "")
    sheet = root / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text() + """funding:
  - appeal: Flash appeal
    as_of: 2024-01-08
    currency: dollars
    requirement: 0
    source: nobody
""")
    result = run("check", "-w", root)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert ('facts/facts.yaml:29:15: funding[0].currency: "dollars" is not a currency code '
            "(write its ISO 4217 code, like USD, EUR or CHF)") in lines
    assert "facts/facts.yaml:30:18: funding[0].requirement: must be more than 0, got 0" in lines


def test_a_logo_outside_the_templates_folder_is_refused(tmp_path: Path) -> None:
    root = workspace(tmp_path, "bad-logo", "  - measure: displaced\n", "")
    config = root / "config.yaml"
    config.write_text(config.read_text() + "logo: ../../etc/passwd.png\n")
    result = run("check", "-w", root)
    assert result.exit_code == 1
    assert ("config.yaml:14:7: logo: no image ../../etc/passwd.png in templates/ (put the logo "
            "in templates/ and give its file name)") in result.output


def test_a_share_of_two_figures_is_footnoted_to_both(tmp_path: Path) -> None:
    keys = """  - part: children-alpha
    whole: all-alpha
    label: Children among the displaced
"""
    figures = """  - id: all-alpha
    measure: displaced
    location: Alpha
    kind: stock
    as_of: 2024-01-10
    value: 8000
    source: ocha
  - id: children-alpha
    measure: displaced
    population: children
    location: Alpha
    kind: stock
    as_of: 2024-01-10
    value: 4800
    source: unicef
"""
    root = workspace(tmp_path, "share", keys, figures)
    result = run("build", "--no-pdf", "-w", root, "--date", "2024-01-05", "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    first = (root / "reports" / "2024-01-05" / "trust-2024-01-05.md").read_text()
    assert "| Children among the displaced | no figure reported |" in first
    text = (root / "reports" / "2024-01-12" / "trust-2024-01-12.md").read_text()
    assert ("| Children among the displaced | 60% (4,800 of 8,000) | as of 10 January 2024 | | "
            "[^1][^2] |") in text


def test_a_share_needs_two_known_figures(tmp_path: Path) -> None:
    keys = """  - part: children-alpha
    label: Children among the displaced
  - part: children-alpha
    whole: everyone
    label: Children among the displaced
"""
    root = workspace(tmp_path, "bad-share", keys, """  - id: children-alpha
    measure: displaced
    location: Alpha
    kind: stock
    as_of: 2024-01-10
    value: 4800
    source: unicef
""")
    result = run("check", "-w", root)
    assert result.exit_code == 1
    assert ("config.yaml:12:5: key_figures[0]: a share needs both part: and whole: (give the ids "
            "of the two figures, or neither)") in result.output
    config = root / "config.yaml"
    config.write_text(config.read_text().replace("  - part: children-alpha\n    label: Children "
                                                 "among the displaced\n", "", 1))
    result = run("check", "-w", root)
    assert result.exit_code == 1
    assert ('config.yaml:13:12: key_figures[0].whole: no figure has the id "everyone" (known '
            "figure ids: children-alpha)") in result.output


def test_a_flash_update_is_short(example: Path) -> None:
    result = run("build", "-w", example, "--date", "2020-02-28", "--type", "flash")
    assert result.exit_code == 0, result.output
    folder = example / "reports" / "2020-02-28"
    text = (folder / "nw-syria-2020-02-28.md").read_text()
    assert text.startswith("# North-west Syria Situation Report: Flash Update\n\n**")
    for kept in ("## Highlights", "## Key figures", "## What happened", "## Humanitarian access",
                 "## Contacts", "## Sources"):
        assert kept in text, kept
    for left_out in ("## Displacement", "## Casualties", "## Funding", "### Trend", ".svg"):
        assert left_out not in text, left_out
    assert not list(folder.glob("*.svg"))
    pdf = subprocess.run(["pdftotext", str(folder / "nw-syria-2020-02-28.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "Flash Update" in pdf and "What happened" in pdf and "Casualties" not in pdf
    # built again as the full report, it is the full report again
    result = run("build", "-w", example, "--date", "2020-02-28")
    assert result.exit_code == 0, result.output
    assert "## Casualties" in (folder / "nw-syria-2020-02-28.md").read_text()
