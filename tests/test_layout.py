"""Where files go: one mapping from an issue date to folder and file names."""

from datetime import date
from pathlib import Path

from sitrep import layout


def test_issue_file_names() -> None:
    files = layout.IssueFiles("minimal", date(2024, 1, 12))
    assert (files.folder, files.stem, files.md, files.html, files.pdf, files.chart) == (
        "2024-01-12", "minimal-2024-01-12", "minimal-2024-01-12.md", "minimal-2024-01-12.html",
        "minimal-2024-01-12.pdf", "minimal-2024-01-12-displacement.svg")
    assert files.earlier_pdf(2) == "minimal-2024-01-12-v2.pdf"
    assert [files.link(k) for k in ("md", "html", "pdf")] == [
        "2024-01-12/minimal-2024-01-12.md", "2024-01-12/minimal-2024-01-12.html",
        "2024-01-12/minimal-2024-01-12.pdf"]


def test_record_and_review_paths() -> None:
    assert layout.manifest_path(Path("reports")) == Path("reports/.sitrep-manifest.json")
    assert layout.sent_record(Path("reports/2024-01-12")) == Path("reports/2024-01-12/sent.json")
    assert layout.review_path(Path("articles/unicef-idlib.md")) == Path(
        "articles/unicef-idlib.review.yaml")
