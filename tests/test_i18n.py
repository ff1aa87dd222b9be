"""Editions in several languages: catalogues, file names, narrative per language, right to
left, checked against real builds of the example workspace (three editions)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sitrep import i18n
from sitrep.layout import IssueFiles
from tests.conftest import ROOT, assert_golden, copy_workspace, run

DAY = "2020-02-28"
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# --- catalogues --------------------------------------------------------------------------


def used_messages() -> dict[str | tuple[str, str], str]:
    """Every message the code and the built-in templates use, as `make messages` extracts
    them (babel.cfg), with where it was found."""
    method_map = [("sitrep/**.py", "python"), ("sitrep/templates/**.j2", "jinja2")]
    options = {"sitrep/templates/**.j2": {"extensions": "jinja2.ext.i18n",
                                          "trim_blocks": "true", "lstrip_blocks": "true"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_n": (1, 2)}
    found: dict[str | tuple[str, str], str] = {}
    for name, line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options, keywords=keywords):
        key = message if isinstance(message, str) else (message[0], message[1])
        found.setdefault(key, f"{name}:{line}")
    return found


def catalogue_gaps(po: Path, used: dict[str | tuple[str, str], str]) -> list[str]:
    """What a catalogue lacks: messages used but missing, empty, fuzzy, without all their
    plural forms, or dropping a %(name)s field."""
    with po.open("rb") as f:
        catalog = read_po(f)
    gaps = []
    for key, where in sorted(used.items(), key=str):
        msgid = key if isinstance(key, str) else key[0]
        entry = catalog.get(msgid)
        if entry is None or entry.fuzzy or not entry.string:
            gaps.append(f"{where}: {msgid!r} is not translated")
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if isinstance(key, tuple) and len(forms) != catalog.num_plurals:
            gaps.append(f"{where}: {msgid!r} has {len(forms)} of {catalog.num_plurals} forms")
        if not all(forms):
            gaps.append(f"{where}: {msgid!r} has an empty form")
        fields = set(re.findall(r"%\(\w+\)s", msgid))
        if not isinstance(key, tuple) and fields != set(re.findall(r"%\(\w+\)s", forms[0])):
            gaps.append(f"{where}: {msgid!r} does not keep its fields in {forms[0]!r}")
    return gaps


@pytest.fixture(scope="module")
def used() -> dict[str | tuple[str, str], str]:
    return used_messages()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_catalogue_has_every_message_the_code_and_templates_use(
        language: str, used: dict[str | tuple[str, str], str]) -> None:
    assert len(used) > 150  # the extraction itself found the templates and the code
    assert catalogue_gaps(i18n.catalogue_path(language), used) == []


def test_a_catalogue_missing_a_message_is_caught(tmp_path: Path,
                                                 used: dict[str | tuple[str, str], str]) -> None:
    """The completeness check can fail: drop one message from a copy of the catalogue."""
    text = i18n.catalogue_path("fr").read_text(encoding="utf-8")
    cut = text.replace('msgid "Key figures"\nmsgstr "Chiffres clés"\n', "")
    assert cut != text
    (tmp_path / "sitrep.po").write_text(cut, encoding="utf-8")
    gaps = catalogue_gaps(tmp_path / "sitrep.po", used)
    assert len(gaps) == 1 and gaps[0].endswith("'Key figures' is not translated")


def test_arabic_has_six_plural_forms() -> None:
    with i18n.catalogue_path("ar").open("rb") as f:
        entry = read_po(f).get("counted %(num)s day before this issue")
    assert len(entry.string) == 6
    translate = i18n.translations("ar").ngettext
    chosen = [translate("counted %(num)s day before this issue",
                        "counted %(num)s days before this issue", n)
              for n in (0, 1, 2, 5, 11, 100)]
    assert chosen == list(entry.string)  # zero, one, two, few, many, other, in that order
    assert chosen[2] == "محسوب قبل يومين من هذا العدد"
    assert chosen[3] == "محسوب قبل %(num)s أيام من هذا العدد"


def test_the_wheel_carries_working_catalogues(tmp_path: Path) -> None:
    """pip builds the wheel from pyproject.toml: the catalogues must be inside, and work."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", tmp_path, ROOT], check=True,
                   capture_output=True)
    wheel = next(tmp_path.glob("sitrep-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert {"sitrep/locale/fr/LC_MESSAGES/sitrep.po",
            "sitrep/locale/ar/LC_MESSAGES/sitrep.po"} <= set(names)
    site = str(tmp_path / "site")
    probe = (f"import sitrep.i18n as i; assert i.__file__.startswith({site!r}), i.__file__; "
             "print(i.translations('fr').gettext('Highlights'), "
             "i.translations('ar').gettext('Highlights'))")
    shown = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True,
                           capture_output=True, text=True,
                           env={"PYTHONPATH": str(tmp_path / "site")}).stdout
    assert shown == "Points saillants أبرز النقاط\n"


# --- editions ----------------------------------------------------------------------------


def test_edition_file_names_carry_their_language() -> None:
    day = IssueFiles("nw-syria", __import__("datetime").date(2020, 2, 28), "fr")
    assert (day.md, day.pdf, day.html, day.chart, day.earlier_pdf(1), day.key) == (
        "nw-syria-2020-02-28.fr.md", "nw-syria-2020-02-28.fr.pdf",
        "nw-syria-2020-02-28.fr.html", "nw-syria-2020-02-28-displacement.fr.svg",
        "nw-syria-2020-02-28-v1.fr.pdf", "2020-02-28.fr")
    main = IssueFiles("nw-syria", day.day)
    assert (main.pdf, main.key) == ("nw-syria-2020-02-28.pdf", "2020-02-28")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with its last issue built in English, French and Arabic."""
    ws = copy_workspace("example", tmp_path_factory.mktemp("editions"))
    result = run("build", "-w", ws, "--date", DAY, "-j", "2")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return ws


def issue_file(ws: Path, suffix: str) -> Path:
    return ws / "reports" / DAY / f"nw-syria-{DAY}{suffix}"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_example_markdown_edition_matches_golden(built: Path, language: str,
                                                 regen: bool) -> None:
    text = issue_file(built, f".{language}.md").read_text(encoding="utf-8")
    assert_golden(text, f"nw-syria-{DAY}.{language}.md", regen)


def test_every_edition_is_built_and_indexed(built: Path) -> None:
    names = sorted(p.name for p in (built / "reports" / DAY).iterdir())
    assert names == sorted(f"nw-syria-{DAY}{part}" for part in (
        ".md", ".html", ".pdf", "-displacement.svg", "-map.svg", ".fr.md", ".fr.html",
        ".fr.pdf", "-displacement.fr.svg", "-map.fr.svg", ".ar.md", ".ar.html", ".ar.pdf",
        "-displacement.ar.svg", "-map.ar.svg"))
    index = (built / "reports" / "index.md").read_text(encoding="utf-8")
    assert (f"English: [Markdown]({DAY}/nw-syria-{DAY}.md), [PDF]({DAY}/nw-syria-{DAY}.pdf) · "
            f"Français: [Markdown]({DAY}/nw-syria-{DAY}.fr.md), "
            f"[PDF]({DAY}/nw-syria-{DAY}.fr.pdf) · "
            f"العربية: [Markdown]({DAY}/nw-syria-{DAY}.ar.md), "
            f"[PDF]({DAY}/nw-syria-{DAY}.ar.pdf) |") in index


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, without the bidi marks it adds around runs."""
    out = subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                         capture_output=True, text=True).stdout
    return _BIDI_MARKS.sub("", out)


def test_french_pdf_has_french_headings_and_numbers(built: Path) -> None:
    text = pdf_text(issue_file(built, ".fr.pdf"))
    for words in ("Points saillants", "Chiffres clés", "Aperçu de la situation", "Déplacements",
                  "Accès humanitaire", "Sources", "Page 1 sur 5",
                  "Personnes déplacées depuis le 1er décembre 2019", "au 23 février 2020",
                  "22–28 février 2020", "les sources divergent", "Morts parmi les",
                  "1er janvier –"):
        assert words in text, words
    assert re.search(r"plus de\s+948\s000", text) and re.search(r"▲ 48\s000", text)
    assert "Highlights" not in text and "Key figures" not in text


def test_arabic_pdf_has_arabic_headings_numbers_and_font(built: Path) -> None:
    pdf = issue_file(built, ".ar.pdf")
    text = pdf_text(pdf)
    for words in ("أبرز النقاط", "الأرقام الرئيسية", "لمحة عامة عن الوضع", "الوصول الإنساني",
                  "المصادر", "948,000", "48,000", "299", "372", "كانون الثاني"):
        assert words in text, words
    assert "Highlights" not in text
    fonts = subprocess.run(["pdffonts", pdf], check=True, capture_output=True,
                           text=True).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:]
                if line.split()[-5] == "yes"]
    assert any(name.split("+")[-1].startswith("Amiri") for name in embedded), fonts


def test_arabic_html_is_right_to_left(built: Path) -> None:
    html = issue_file(built, ".ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "@bottom-left { content: \"الصفحة \" counter(page) \" من \" counter(pages);" in html
    # numbers and Latin names are isolated inside the Arabic text
    assert "أكثر من \u2068948,000\u2069" in html
    assert "\u2068UN Office for the Coordination of Humanitarian Affairs (OCHA)\u2069" in html
    english = issue_file(built, ".html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in english and "\u2068" not in english


def test_arabic_indic_digits_are_a_setting(example: Path) -> None:
    cfg = example / "config.yaml"
    cfg.write_text(cfg.read_text().replace("digits: latn ", "digits: arab "))
    result = run("build", "-w", example, "--date", DAY)
    assert result.exit_code == 0, result.output
    text = pdf_text(issue_file(example, ".ar.pdf"))
    for words in ("٩٤٨٬٠٠٠", "٤٨٬٠٠٠", "٢٨", "٢٠٢٠", "العدد ٤"):
        assert words in text, words
    assert re.search(r"الصفحة\s*١\s*من\s*[٣٤٥]", text)
    # every number sitrep formats is in Arabic-Indic digits (the narrative keeps its own)
    html = issue_file(example, ".ar.html").read_text(encoding="utf-8")
    assert "\u2068948,000\u2069" not in html and "\u2068٩٤٨٬٠٠٠\u2069" in html
    assert re.search(r"948\s000", pdf_text(issue_file(example, ".fr.pdf")))  # French: 0-9


# --- narrative per language ----------------------------------------------------------------


def line_of(path: Path, text: str, last: bool = False) -> int:
    """The number of the first (or last) line of ``path`` that is ``text``: line numbers
    move when settings or entries are added above."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return len(lines) - lines[::-1].index(text) if last else lines.index(text) + 1


def drop_last_french_issue(ws: Path) -> None:
    sheet = ws / "facts" / "narrative.fr.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text[:text.index(f"  - date: {DAY}")], encoding="utf-8")


def test_missing_translation_is_a_located_warning(example: Path) -> None:
    drop_last_french_issue(example)
    result = run("check", "-w", example)
    assert result.exit_code == 0, result.output
    line = line_of(example / "facts" / "narrative.yaml", f"  - date: {DAY}")
    assert result.stderr.splitlines() == [
        f"warning: facts/narrative.yaml:{line}:11: narrative[3].date: no French (fr) narrative "
        "for the issue of 2020-02-28 (add one with date: 2020-02-28 and language: fr; until "
        "then the French edition shows the English text, marked as not yet translated)"]


def test_missing_translation_fails_a_strict_build(example: Path) -> None:
    drop_last_french_issue(example)
    result = run("build", "-w", example, "--date", DAY, "--no-pdf", "--strict")
    assert result.exit_code == 1
    line = line_of(example / "facts" / "narrative.yaml", f"  - date: {DAY}")
    assert result.stderr.splitlines() == [
        f"warning: facts/narrative.yaml:{line}:11: narrative[3].date: no French (fr) narrative "
        "for the issue of 2020-02-28 (add one with date: 2020-02-28 and language: fr; until "
        "then the French edition shows the English text, marked as not yet translated)",
        "sitrep: 1 warnings, and --strict makes them errors; nothing was written"]
    assert not (example / "reports").exists()


def test_missing_translation_shows_the_original_marked(example: Path) -> None:
    drop_last_french_issue(example)
    assert run("build", "-w", example, "--date", DAY, "--no-pdf").exit_code == 0
    text = issue_file(example, ".fr.md").read_text(encoding="utf-8")
    assert ("## Points saillants\n\n*Pas encore traduit : les points saillants tels que "
            "rédigés en anglais.*\n\n- OCHA counts **plus de 948\u202f000[^1]** people "
            "displaced") in text
    assert "*Pas encore traduit : l'aperçu tel que rédigé en anglais.*" in text
    html = issue_file(example, ".fr.html").read_text(encoding="utf-8")
    assert '<ul lang="en" dir="ltr">' in html


def test_missing_part_of_a_translation_is_warned_where_it_is(example: Path) -> None:
    sheet = example / "facts" / "narrative.ar.yaml"
    text = sheet.read_text(encoding="utf-8")
    start = text.index("    overview: |", text.index(f"  - date: {DAY}"))
    sheet.write_text(text[:start], encoding="utf-8")
    result = run("check", "-w", example)
    line = line_of(sheet, "    language: ar", last=True)
    assert result.stderr.splitlines() == [
        f"warning: facts/narrative.ar.yaml:{line}:15: narrative[3].language: no Arabic (ar) "
        "overview for the issue of 2020-02-28 (add overview: to this entry; until then the "
        "Arabic edition shows the English text, marked as not yet translated)"]


def test_a_language_without_catalogue_is_refused(example: Path) -> None:
    cfg = example / "config.yaml"
    cfg.write_text(cfg.read_text().replace("languages: [en, fr, ar]", "languages: [en, fr, de]"))
    result = run("check", "-w", example)
    assert result.exit_code == 1
    line = line_of(cfg, "languages: [en, fr, de]")
    assert result.stderr.splitlines()[0] == (
        f'config.yaml:{line}:21: languages[2]: sitrep has no words in "de" (use one of en, ar, '
        "fr)")


def test_untranslated_settings_are_warned(example: Path) -> None:
    cfg = example / "config.yaml"
    cfg.write_text(cfg.read_text().replace(
        "      Civilians killed since 1 January 2020: Civils tués depuis le 1er janvier 2020\n",
        "").replace(
        "    title: Rapport de situation sur le nord-ouest de la Syrie\n", ""))
    result = run("check", "-w", example)
    line = line_of(cfg, "    locale: fr_FR")  # the start of editions.fr
    assert result.stderr.splitlines() == [
        f'warning: config.yaml:{line}:5: editions.fr: no French (fr) text for labels."Civilians '
        'killed since 1 January 2020" (add it under editions.fr; until then the French edition '
        "shows the English text)",
        f"warning: config.yaml:{line}:5: editions.fr: no French (fr) text for title (add it under "
        "editions.fr; until then the French edition shows the English text)"]


# --- email and init ------------------------------------------------------------------------


def test_email_in_another_language(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "fr.eml"
    result = run("email", "-w", built, "--date", DAY, "--language", "fr", "--eml", out)
    assert result.exit_code == 0, result.output
    import email
    import email.policy

    msg = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert msg["Subject"] == ("Rapport de situation sur le nord-ouest de la Syrie – "
                              "28 février 2020")
    parts = {p.get_content_type(): p for p in msg.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    assert "POINTS SAILLANTS" in text and "CHIFFRES CLÉS" in text
    assert parts["application/pdf"].get_filename() == f"nw-syria-{DAY}.fr.pdf"


def test_email_in_a_language_the_series_lacks(built: Path) -> None:
    result = run("email", "-w", built, "--date", DAY, "--language", "es")
    assert result.exit_code == 1
    assert result.stderr == ('sitrep: --language es: the series has no "es" edition (it has '
                             "en, fr, ar; add es to languages in config.yaml and build)\n")


def test_init_in_french_builds_a_french_report(tmp_path: Path) -> None:
    folder = tmp_path / "rapport"
    assert run("init", folder, "--language", "fr").exit_code == 0
    result = run("build", "-w", folder, "--no-pdf")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    md = next((folder / "reports").glob("*/*.md")).read_text(encoding="utf-8")
    for words in ("# Rapport de situation", "## Points saillants", "## Chiffres clés",
                  "Personnes déplacées", "environ 1\u202f200", "Agence Exemple",
                  "## Accès humanitaire"):
        assert words in md, words
    for english in ("Highlights", "Key figures", "Situation overview", "Example", "as of"):
        assert english not in md, english


def test_init_refuses_a_language_without_words(tmp_path: Path) -> None:
    result = run("init", tmp_path / "x", "--language", "xx")
    assert result.exit_code == 2
    assert 'sitrep has no words in "xx"' in result.stderr


# --- the series: editions rebuilt and revised one by one ------------------------------------


def written(output: str) -> list[str]:
    return sorted(line.removeprefix(f"wrote reports/{DAY}/") for line in output.splitlines()
                  if line.startswith(f"wrote reports/{DAY}/"))


def test_a_changed_translation_rebuilds_its_edition_only(example: Path) -> None:
    assert run("build", "-w", example, "--date", DAY, "-j", "2").exit_code == 0
    sheet = example / "facts" / "narrative.fr.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(
        "Les civils restent exposés aux tirs.", "Les civils restent très exposés aux tirs."),
        encoding="utf-8")
    result = run("build", "-w", example, "--date", DAY, "-j", "2")
    assert result.exit_code == 0, result.output
    assert written(result.output) == [f"nw-syria-{DAY}-displacement.fr.svg",
                                      f"nw-syria-{DAY}-map.fr.svg",
                                      f"nw-syria-{DAY}.fr.html", f"nw-syria-{DAY}.fr.md",
                                      f"nw-syria-{DAY}.fr.pdf"]
    again = run("build", "-w", example, "--date", DAY, "-j", "2")
    assert again.output.startswith("1 issue up to date")


def test_a_correction_revises_every_edition_and_keeps_each_pdf(example: Path) -> None:
    from datetime import date

    assert run("build", "-w", example, "--date", DAY, "-j", "2").exit_code == 0
    folder = example / "reports" / DAY
    published = {lang: (folder / f"nw-syria-{DAY}{lang}.pdf").read_bytes()
                 for lang in ("", ".fr", ".ar")}
    # the article is corrected, and the fact sheet with it
    for name in ("facts/casualties.yaml", "articles/aljazeera-2020-02-28.md"):
        path = example / name
        path.write_text(path.read_text(encoding="utf-8").replace(
            "    value: 372\n", "    value: 375\n").replace(
            "in the same period at 372", "in the same period at 375"), encoding="utf-8")
    result = run("build", "-w", example, "--date", DAY, "-j", "2")
    assert result.exit_code == 0, result.output
    for lang in ("", ".fr", ".ar"):
        assert (folder / f"nw-syria-{DAY}-v1{lang}.pdf").read_bytes() == published[lang]
        assert (f"revised {DAY}: 1 figure changed since it was published; the earlier PDF is "
                f"kept as nw-syria-{DAY}-v1{lang}.pdf") in result.output.splitlines()
    today = date.today()
    french = (folder / f"nw-syria-{DAY}.fr.md").read_text(encoding="utf-8")
    assert ("**Révisé le " + f"{today.day} " in french
            and "Morts parmi les civils à North-west Syria (Syrian Civil Defence (White "
                "Helmets)) : passé de 372 à 375." in french)
    arabic = (folder / f"nw-syria-{DAY}.ar.md").read_text(encoding="utf-8")
    assert "تغيّر من \u2068372\u2069 إلى \u2068375\u2069." in arabic
