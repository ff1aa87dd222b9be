"""Rendering: golden Markdown, lint-clean output, template overrides, nothing injectable."""

from __future__ import annotations

from pathlib import Path

import pytest
from pymarkdown.api import PyMarkdownApi

from tests.conftest import assert_golden, run, snapshot

ISSUES = ["2020-02-07", "2020-02-14", "2020-02-21", "2020-02-28"]


def lint(path: Path) -> list[str]:
    api = PyMarkdownApi().disable_rule_by_identifier("md013")
    result = api.scan_path(str(path))
    return [f"{f.line_number}:{f.column_number} {f.rule_id} {f.rule_description}"
            for f in result.scan_failures]


@pytest.fixture
def example_md(example: Path) -> Path:
    result = run("build", "-w", example, "--no-pdf", *[a for d in ISSUES for a in ("--date", d)])
    assert result.exit_code == 0, result.output
    return example


@pytest.mark.parametrize("day", ISSUES)
def test_example_markdown_matches_golden(example_md: Path, day: str, regen: bool) -> None:
    text = (example_md / "reports" / day / f"nw-syria-{day}.md").read_text(encoding="utf-8")
    assert_golden(text, f"nw-syria-{day}.md", regen)


@pytest.mark.parametrize("day", ISSUES)
@pytest.mark.parametrize("edition", ["", ".fr", ".ar"])
def test_example_markdown_is_lint_clean(example_md: Path, day: str, edition: str) -> None:
    """Every edition is valid, lint-clean GFM, the right-to-left one included."""
    assert lint(example_md / "reports" / day / f"nw-syria-{day}{edition}.md") == []


def test_example_series_facts(example_md: Path) -> None:
    """The example shows what it is there to show: dispute, claim, rising displacement."""
    last = (example_md / "reports" / "2020-02-28" / "nw-syria-2020-02-28.md").read_text()
    # the UN's "at least 299" and the White Helmets' 372 differ without contradicting
    assert ("| Civilians killed since 1 January 2020 | at least 299 (sources differ: 299–372) |"
            in last)
    assert "at least 299, United Nations [^2]; 372, Syrian Civil Defence (White Helmets) [^2]" \
        in last
    assert "309, claimed by Turkish Ministry of National Defence" in last
    assert "| People displaced since 1 December 2019 | more than 948,000 |" in last
    assert "▲ 48,000" in last
    second = (example_md / "reports" / "2020-02-14" / "nw-syria-2020-02-14.md").read_text()
    assert "▲ 214,000" in second
    # The June 2020 revision (187 killed in February) is not known to any February issue.
    assert "187" not in last


def test_every_footnote_resolves(example_md: Path) -> None:
    import re

    text = (example_md / "reports" / "2020-02-28" / "nw-syria-2020-02-28.md").read_text()
    body, sources = text.split("## Sources", 1)
    used = set(re.findall(r"\[\^(\d+)\](?!:)", body))
    defined = set(re.findall(r"^\[\^(\d+)\]:", sources, re.MULTILINE))
    assert used == defined
    assert defined == {str(n) for n in range(1, len(defined) + 1)}


def test_minimal_markdown_golden_in_french(minimal: Path, regen: bool) -> None:
    """A second locale: CLDR drift in numbers, dates or ranges shows here too."""
    cfg = minimal / "config.yaml"
    cfg.write_text(cfg.read_text().replace("locale: en_GB", "locale: fr_FR"))
    assert run("build", "-w", minimal, "--no-pdf", "--date", "2024-01-12").exit_code == 0
    text = (minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.md").read_text()
    assert_golden(text, "minimal-2024-01-12.fr_FR.md", regen)


def test_committed_example_reports_are_what_this_checkout_builds(example: Path) -> None:
    """reports/ in the repository must be what the locked tools make of its workspace."""
    from tests.conftest import ROOT

    assert run("build", "-w", example, "--no-pdf", *[a for d in ISSUES for a in ("--date", d)]
               ).exit_code == 0
    stale = [name for name, (data, _) in snapshot(example / "reports").items()
             if (ROOT / "reports" / name).read_bytes() != data]
    assert stale == [], "run make example and commit reports/"
    # and the manifest knows it, so that make example on a fresh clone builds nothing
    from sitrep import config, load, series

    manifest = series.Manifest.read(ROOT / "reports")
    workspace: config.Workspace = load.workspace(ROOT)
    assert (manifest.inputs, manifest.toolchain) == (series.inputs(workspace),
                                                    series.toolchain()), \
        "reports/.sitrep-manifest.json is stale: run make example and commit reports/"


def test_minimal_markdown_golden(minimal: Path, regen: bool) -> None:
    result = run("build", "-w", minimal, "--date", "2024-01-12", "--no-pdf")
    assert result.exit_code == 0, result.output
    text = (minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.md").read_text()
    assert_golden(text, "minimal-2024-01-12.md", regen)


def test_override_one_block(minimal: Path) -> None:
    (minimal / "templates").mkdir()
    (minimal / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block contact %}<p>Call 555-0100</p>'
        "{% endblock %}")
    assert run("build", "-w", minimal, "--date", "2024-01-12", "--no-pdf").exit_code == 0
    html = (minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.html").read_text()
    assert "<p>Call 555-0100</p>" in html
    assert "Key figures" in html  # the rest of the built-in report is still there


def test_override_whole_file(minimal: Path) -> None:
    (minimal / "templates").mkdir()
    (minimal / "templates" / "report.md.j2").write_text(
        "# {{ config.title }}, {{ report.issue.number }}\n")
    assert run("build", "-w", minimal, "--date", "2024-01-12", "--no-pdf").exit_code == 0
    text = (minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.md").read_text()
    assert text == "# Minimal Report, 2\n"


def test_broken_template_writes_nothing(minimal: Path) -> None:
    assert run("build", "-w", minimal, "--date", "2024-01-05", "--no-pdf").exit_code == 0
    before = snapshot(minimal / "reports")
    (minimal / "templates").mkdir()
    (minimal / "templates" / "report.md.j2").write_text("{{ report.nothing_here }}\n")
    result = run("build", "-w", minimal, "--date", "2024-01-05", "--date", "2024-01-12",
                 "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == ("sitrep: report.md.j2: template: 'sitrep.models.Report object' "
                             "has no attribute 'nothing_here'\n")
    assert snapshot(minimal / "reports") == before


def test_template_syntax_error_is_located(minimal: Path) -> None:
    (minimal / "templates").mkdir()
    (minimal / "templates" / "report.md.j2").write_text("line one\n{% if %}\n")
    result = run("build", "-w", minimal, "--date", "2024-01-12", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith("sitrep: templates/report.md.j2:2:1: template: ")
    assert not (minimal / "reports" / "2024-01-12").exists()


def test_markdown_special_characters_in_data_are_escaped(minimal: Path) -> None:
    sheet = minimal / "facts" / "facts.yaml"
    sheet.write_text(sheet.read_text().replace("name: Test Agency",
                                               "name: 'Agency | *bold* <b>x</b>'"))
    assert run("build", "-w", minimal, "--date", "2024-01-12", "--no-pdf").exit_code == 0
    text = (minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.md").read_text()
    assert r"Agency \| \*bold\* \<b\>x\</b\>" in text
    html = (minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.html").read_text()
    assert "Agency | *bold* &lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize(("content", "message"), [
    (b'{% extends "report.md.j2" %}\n',
     'templates/report.md.j2:1:1: template: extends or includes itself (extend '
     '"builtin/report.md.j2" to build on the built-in one)'),
    (b"caf\xe9 {{ report.issue.number }}\n",
     "templates/report.md.j2:1:1: template: is not UTF-8 text (at byte 3; save it as UTF-8 "
     "in your editor)"),
])
def test_a_broken_template_is_a_located_message(minimal: Path, content: bytes,
                                                message: str) -> None:
    (minimal / "templates").mkdir(exist_ok=True)
    (minimal / "templates" / "report.md.j2").write_bytes(content)
    result = run("build", "-w", minimal, "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == f"sitrep: {message}\n"
    assert not (minimal / "reports").exists()


def test_templates_are_sandboxed(minimal: Path) -> None:
    """A workspace template cannot reach Python's internals to run commands."""
    (minimal / "templates").mkdir(exist_ok=True)
    (minimal / "templates" / "report.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}\n")
    result = run("build", "-w", minimal, "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith("sitrep: report.md.j2: template: ")
    assert "pwned" not in result.output
    assert not (minimal / "reports").exists()


def test_a_template_link_to_a_file_elsewhere_is_refused(minimal: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the SMTP password is hunter2\n")
    (minimal / "templates").mkdir(exist_ok=True)
    (minimal / "templates" / "leak.txt").symlink_to(secret)
    (minimal / "templates" / "report.md.j2").write_text('{% include "leak.txt" %}\n')
    result = run("build", "-w", minimal, "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == ('sitrep: report.md.j2: template: "leak.txt" leads outside the '
                             "templates folder (a link to a file elsewhere): templates are "
                             "read only from their folder\n")
    assert not (minimal / "reports").exists()


def test_narrative_images_are_not_fetched_by_a_markdown_viewer() -> None:
    from sitrep.render.narrative import to_markdown

    text = str(to_markdown("See ![pixel](http://tracker.example/p.gif) and ![x][ref]\n\n"
                           "[ref]: http://tracker.example/q.gif"))
    assert "![" not in text.replace("\\![", "")
    assert "\\![pixel](http://tracker.example/p.gif)" in text


def test_unsafe_link_targets_are_cut_in_one_pass() -> None:
    from sitrep.render.narrative import to_markdown

    text = "[a](javascript:alert(1)) [b](https://ok.example/x) [c]( data:text/html,x)"
    assert str(to_markdown(text)) == "[a](#)) [b](https://ok.example/x) [c](#)"
    # hostile shapes that made the old patterns quadratic: they finish, and stay text
    assert str(to_markdown("](a:" * 40_000)).startswith("](a:")
    assert str(to_markdown("[x]:  \n" * 200_000 + "[y]: javascript:x")).endswith("[y]: #")


def test_a_source_url_cannot_inject_markup_into_the_markdown() -> None:
    from sitrep.render.templating import url

    assert str(url('https://x.example/a><script>alert(1)</script>')) == \
        "<https://x.example/a%3E%3Cscript%3Ealert(1)%3C/script%3E>"


def test_the_title_cannot_break_out_of_the_page_footer_css() -> None:
    from sitrep.render.templating import css_string

    assert str(css_string('A "quoted" title\\ </style>')) == \
        'A \\22 quoted\\22  title\\5c  \\3c /style\\3e '
