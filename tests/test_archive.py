"""Archival (PDF/A-3) and tagged (PDF/UA) PDFs: the sources inside, read back with pypdf."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from sitrep.config import Pdf
from sitrep.typeset import variant
from tests.conftest import copy_workspace, run

DAY = "2020-02-28"


@pytest.fixture(scope="module")
def archival(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with the 28 February issue built as an archival PDF."""
    ws = copy_workspace("example", tmp_path_factory.mktemp("archival"))
    result = run("build", "-w", ws, "--date", DAY, "--archival")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return ws


def pdf_of(ws: Path, day: str = DAY) -> Path:
    """The PDF of the series' own language (other editions carry .fr, .ar … before .pdf)."""
    return next(p for p in (ws / "reports" / day).glob("*.pdf") if len(p.suffixes) == 1)


def attachments(path: Path) -> dict[str, bytes]:
    found = PdfReader(path).attachments
    assert all(len(versions) == 1 for versions in found.values())
    return {name: versions[0] for name, versions in found.items()}


def xmp(path: Path) -> str:
    metadata = PdfReader(path).xmp_metadata
    assert metadata is not None
    return metadata.stream.get_data().decode()


def test_sources_are_embedded_byte_for_byte(archival: Path) -> None:
    files = attachments(pdf_of(archival))
    inputs = [p for folder in ("facts", "articles") for p in (archival / folder).iterdir()]
    inputs.append(archival / "geo" / "syria-adm1.geojson")  # the map's boundary file
    assert sorted(files) == sorted(["config.yaml",
                                    *(p.relative_to(archival).as_posix() for p in inputs)])
    for name, data in files.items():
        if name != "config.yaml":
            assert data == (archival / name).read_bytes(), name


def test_the_config_goes_in_without_its_email_settings(archival: Path) -> None:
    """The PDF is what gets emailed: it must not carry the Bcc list or the mail server."""
    config = attachments(pdf_of(archival))["config.yaml"]
    original = (archival / "config.yaml").read_bytes()
    for secret in (b"bcc:", b"archive@example.org", b"smtp.example.org", b"password_env",
                   b"username:"):
        assert secret in original and secret not in config, secret
    before, _, after = original.partition(b"\nemail:")
    assert config.startswith(before + b"\n# email: left out of the archival PDF")
    rest = after.split(b"\n")
    tail = next((i for i, line in enumerate(rest[1:], 1) if line[:1] not in (b" ", b"")), None)
    if tail is not None:
        assert config.endswith(b"\n".join(rest[tail:]))


def test_archival_pdf_is_pdf_a_3b_with_full_metadata(archival: Path) -> None:
    path = pdf_of(archival)
    text = xmp(path)
    assert 'pdfaid:part="3"' in text and 'pdfaid:conformance="B"' in text
    for expected in ("North-west Syria Situation Report – Issue No. 4, 28 February 2020",
                     "sitrep example workspace", "<xmp:CreateDate>2020-02-28</xmp:CreateDate>"):
        assert expected in text
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    specs = [ref.get_object() for ref in root["/AF"]]
    assert {s["/F"] for s in specs} == set(attachments(path))  # WeasyPrint lists each twice
    assert {s["/AFRelationship"] for s in specs} == {"/Source"}
    assert specs[0]["/Desc"] == "Report series settings (sitrep config.yaml)"
    assert reader.metadata is not None and reader.metadata["/CreationDate"] == "D:20200228"
    assert reader.metadata.author == "sitrep example workspace"
    assert "/ID" in reader.trailer


def test_the_pdf_alone_rebuilds_the_issue(archival: Path, tmp_path: Path) -> None:
    restored = tmp_path / "restored"
    for name, data in attachments(pdf_of(archival)).items():
        (restored / name).parent.mkdir(parents=True, exist_ok=True)
        (restored / name).write_bytes(data)
    assert run("check", "-w", restored).exit_code == 0
    result = run("build", "-w", restored, "--date", DAY, "--no-pdf")
    assert result.exit_code == 0, result.output
    name = f"reports/{DAY}/nw-syria-{DAY}.md"
    assert (restored / name).read_text() == (archival / name).read_text()


def test_archival_build_is_reproducible(minimal: Path) -> None:
    """Attachment dates are the report date, never the clock: a rebuild is byte-identical."""
    built = []
    for _ in range(2):  # --force: the second build must make the PDF again, not skip it
        result = run("build", "-w", minimal, "--date", "2024-01-12", "--archival", "--force")
        assert result.exit_code == 0 and result.output.endswith("built 1 issue\n")
        built.append(pdf_of(minimal, "2024-01-12").read_bytes())
    assert built[0] == built[1]
    assert sorted(attachments(pdf_of(minimal, "2024-01-12"))) == [
        "articles/update-1.md", "config.yaml", "facts/facts.yaml"]


def test_tagged_pdf_is_pdf_ua_1(minimal: Path) -> None:
    result = run("build", "-w", minimal, "--date", "2024-01-12", "--tagged")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    path = pdf_of(minimal, "2024-01-12")
    root = PdfReader(path).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert 'pdfuaid:part="1"' in xmp(path)
    assert attachments(path) == {}


def test_config_asks_for_tagged_archival(minimal: Path) -> None:
    """Both settings: PDF/A-3a, tagged and carrying its sources."""
    config = minimal / "config.yaml"
    config.write_text(config.read_text() + "pdf:\n  archival: yes\n  tagged: yes\n")
    assert run("build", "-w", minimal, "--date", "2024-01-12").exit_code == 0
    path = pdf_of(minimal, "2024-01-12")
    assert 'pdfaid:part="3"' in xmp(path) and 'pdfaid:conformance="A"' in xmp(path)
    assert "/StructTreeRoot" in PdfReader(path).trailer["/Root"]
    assert sorted(attachments(path)) == ["articles/update-1.md", "config.yaml",
                                         "facts/facts.yaml"]


def test_plain_pdf_stays_the_default() -> None:
    assert (Pdf().archival, Pdf().tagged) == (False, False)
    assert [variant(a, t) for a, t in ((False, False), (True, False), (False, True), (True, True))
            ] == [None, "pdf/a-3b", "pdf/ua-1", "pdf/a-3a"]


def test_files_outside_the_workspace_are_not_embedded(minimal: Path, tmp_path: Path) -> None:
    shutil.move(minimal / "facts", tmp_path / "shared-facts")
    config = minimal / "config.yaml"
    config.write_text(config.read_text() + "paths:\n  facts: ../shared-facts\n")
    result = run("build", "-w", minimal, "--date", "2024-01-12", "--archival")
    assert result.exit_code == 0, result.output
    shown = tmp_path / "shared-facts" / "facts.yaml"
    assert result.stderr == (f"warning: minimal-2024-01-12.pdf: {shown} is outside the "
                             "workspace and was not embedded in the archival PDF\n")
    assert sorted(attachments(pdf_of(minimal, "2024-01-12"))) == ["articles/update-1.md",
                                                                  "config.yaml"]


def test_archival_needs_the_pdf() -> None:
    result = run("build", "--no-pdf", "--archival")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: --archival and --tagged are about the PDF; drop --no-pdf")

