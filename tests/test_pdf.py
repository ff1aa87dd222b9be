"""PDFs from real WeasyPrint renders, checked by text, pages, metadata and structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import copy_workspace, run, snapshot

PAYLOAD = """Calm in the morning.

<script>alert("owned")</script>
<img src="file:///etc/passwd">
<link rel="attachment" href="file:///etc/passwd">
<iframe src="https://example.org/"></iframe>
[click me](javascript:alert('x')) and [ok](https://example.org/ok)
"""


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_workspace("example", tmp_path_factory.mktemp("pdf"))
    result = run("build", "-w", ws, "--date", "2020-02-28")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # WeasyPrint had nothing to warn about
    return ws / "reports" / "2020-02-28" / "nw-syria-2020-02-28.pdf"


def text_of(path: Path) -> str:
    """The PDF's text with line breaks folded, as a reader would read it."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_pdf_text_and_pages(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    assert len(reader.pages) == 5
    text = text_of(example_pdf)
    for expected in ("North-west Syria Situation Report", "No. 4", "299–372",
                     "claimed by Turkish Ministry of National Defence", "Humanitarian access",
                     "Page 1 of 5", "Page 5 of 5",
                     "at least 299", "sources differ: 299–372", "Notes on figures",
                     "7. Syrian government troops", "28 February 2020"):
        assert expected in text, expected
    # The quoted sentence behind an article figure is printed with its source.
    assert "By 23 February, more than 948,000 people had been displaced" in text


def test_pdf_metadata_and_bookmarks(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "North-west Syria Situation Report – Issue No. 4, 28 February 2020"
    assert meta.author == "sitrep example workspace"
    assert meta["/CreationDate"] == "D:20200228"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    top = reader.outline
    assert top[0].title == "North-west Syria Situation Report"
    assert [item.title for item in top[1] if not isinstance(item, list)] == [
        "Highlights", "Key figures", "Situation overview", "Displacement",
        "People displaced by governorate", "Casualties",
        "Other figures", "Humanitarian response", "Funding", "Humanitarian access",
        "Contacts", "Sources"]


def test_pdf_is_small_and_a4(example_pdf: Path) -> None:
    assert example_pdf.stat().st_size < 200_000
    box = PdfReader(example_pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_chart_is_vector(example_pdf: Path) -> None:
    """The trend chart is drawn, not pasted as an image."""
    page = PdfReader(example_pdf).pages[1]
    resources = page["/Resources"]
    assert "/XObject" not in resources or not any(
        x.get_object().get("/Subtype") == "/Image" for x in resources["/XObject"].values())
    assert "People displaced since 1 December 2019, by issue" in text_of(example_pdf)


def embedded_files(path: Path) -> list[object]:
    reader = PdfReader(path)
    names = reader.trailer["/Root"].get("/Names", {})
    found = list(names.get("/EmbeddedFiles", {}).get("/Names", []))
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                found.append(annot)
    return found


def link_targets(path: Path) -> list[str]:
    targets = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A", {})
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_narrative_cannot_inject(minimal: Path) -> None:
    sheet = minimal / "facts" / "facts.yaml"
    overview = "\n".join("      " + line for line in PAYLOAD.splitlines())
    sheet.write_text(sheet.read_text().replace(
        "      Fighting continued around Alpha.", overview).replace(
        "      - Displacement in Alpha rose.",
        "      - '<script>alert(1)</script> [x](javascript:alert(1))'"))
    result = run("build", "-w", minimal, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    folder = minimal / "reports" / "2024-01-12"
    pdf = folder / "minimal-2024-01-12.pdf"
    text = text_of(pdf)
    assert "Calm in the morning." in text
    for bad in ("alert", "owned", "root:", "iframe", "passwd"):
        assert bad not in text
    assert embedded_files(pdf) == []
    assert "https://example.org/ok" in link_targets(pdf)
    assert all(t.startswith("https://") for t in link_targets(pdf))
    html = (folder / "minimal-2024-01-12.html").read_text()
    for bad in ("<script", "<img", "<link", "<iframe", "javascript:", "file:"):
        assert bad not in html
    md = (folder / "minimal-2024-01-12.md").read_text()
    for bad in ("<script", "<img", "<link", "<iframe", "javascript:"):
        assert bad not in md
    assert "[click me](#)" in md


def test_renderer_reads_no_file_outside_templates(minimal: Path) -> None:
    """Even a template cannot make WeasyPrint read other files; the refusal is reported."""
    (minimal / "templates").mkdir()
    (minimal / "templates" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (minimal / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block contact %}'
        '<img src="logo.svg" alt="logo"><img src="file:///etc/passwd">'
        '<link rel="attachment" href="file:///etc/hostname">{% endblock %}')
    result = run("build", "-w", minimal, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert warnings == [
        "warning: minimal-2024-01-12.pdf: Failed to load image at 'file:///etc/passwd': "
        "ValueError: sitrep reads only data: URLs and files in the templates folders",
        "warning: minimal-2024-01-12.pdf: Failed to load attachment: "
        "ValueError: sitrep reads only data: URLs and files in the templates folders"]
    assert embedded_files(minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.pdf") == []


def test_strict_turns_renderer_warnings_into_failure(minimal: Path) -> None:
    before = snapshot(minimal / "reports")
    (minimal / "templates").mkdir()
    (minimal / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block contact %}'
        '<img src="missing.png">{% endblock %}')
    result = run("build", "-w", minimal, "--date", "2024-01-12", "--strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == ("sitrep: 1 warnings, and --strict makes them "
                                              "errors; nothing was written")
    assert snapshot(minimal / "reports") == before


@pytest.mark.parametrize("template", [
    '{% extends "builtin/report.html.j2" %}{% block head %}{% endblock %}',
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
    "<body><h1>{{ config.title }}</h1></body></html>",
], ids=["head-block", "whole-file"])
def test_pdf_metadata_survives_a_template_override(minimal: Path, template: str) -> None:
    """Title, author, creation date (the report date) and language are set by sitrep, not by
    the template's head, so an override cannot drop them."""
    (minimal / "templates").mkdir()
    (minimal / "templates" / "report.html.j2").write_text(template)
    result = run("build", "-w", minimal, "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    reader = PdfReader(minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.pdf")
    meta = reader.metadata
    assert meta is not None
    assert (meta.title, meta.author, meta["/CreationDate"], meta["/ModDate"],
            reader.trailer["/Root"]["/Lang"]) == (
        "Minimal Report – Issue No. 2, 12 January 2024", "Test Unit", "D:20240112",
        "D:20240112", "en")


def test_pdf_keeps_a_title_the_template_gives(minimal: Path) -> None:
    (minimal / "templates").mkdir()
    (minimal / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block head %}<title>Weekly brief</title>'
        '{% endblock %}')
    assert run("build", "-w", minimal, "--date", "2024-01-12").exit_code == 0
    meta = PdfReader(minimal / "reports" / "2024-01-12" / "minimal-2024-01-12.pdf").metadata
    assert meta is not None and (meta.title, meta.author) == ("Weekly brief", "Test Unit")
