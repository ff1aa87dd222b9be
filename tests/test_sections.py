"""The report's further sections: declared measures, funding, response, contacts, scope."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.test_trust import workspace


def test_declared_measures_are_named_and_placed_by_config(tmp_path: Path) -> None:
    root = workspace(tmp_path, "declared-measures", "  - measure: schools_damaged\n", """  - measure: schools_damaged
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
    root = workspace(tmp_path, "measure-kind", "  - measure: schools_damaged\n", """  - measure: schools_damaged
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
