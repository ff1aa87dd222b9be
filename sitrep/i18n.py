"""Editions in several languages: the message catalogues and what each edition is.

Every word sitrep prints is an English message id, translated through the gettext catalogue
of the edition's language: ``sitrep/locale/<language>/LC_MESSAGES/sitrep.po``.  The ``.po``
files are the only form kept in the package; each is compiled in memory the first time a
process needs it, so an installed wheel carries everything (``make messages`` extracts the
ids from the code and templates and merges them into the catalogues).
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

LOCALES = Path(__file__).resolve().parent / "locale"
DOMAIN = "sitrep"
#: The language the message ids are written in: its edition needs no catalogue.
SOURCE_LANGUAGE = "en"
#: The locale an edition uses when config.yaml names none for its language.
DEFAULT_LOCALES = {"en": "en_GB", "fr": "fr_FR", "ar": "ar_SY"}
#: Digits that stand in for 0-9 when an edition writes Arabic-Indic digits.
_ARAB_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
#: Unicode's first-strong isolate and its closing mark: a run of Latin text or digits kept
#: whole inside right-to-left text (the Markdown, the HTML and the PDF all honour them).
FSI, PDI = "\u2068", "\u2069"


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where shown."""
    return message


def available() -> list[str]:
    """The languages sitrep has a catalogue for, the source language first."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE)]


def catalogue_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: the message ids themselves)."""
    path = catalogue_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # only editions in other languages need them
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@dataclass(frozen=True)
class Edition:
    """One language an issue is published in: its words, locale and digits."""

    language: str
    locale: str
    digits: str = "latn"  # latn: 0-9; arab: Arabic-Indic digits
    main: bool = True  # the series' own language: its files keep the plain names
    #: The workspace's own measures in this language: (measure, words) pairs.
    measures: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.locale)

    @property
    def rtl(self) -> bool:
        return self.babel_locale.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def suffix(self) -> str:
        """What the edition's file names carry before their extension: ``.fr``."""
        return "" if self.main else f".{self.language}"


    @property
    def gettext(self) -> gettext.NullTranslations:
        return translations(self.language)

    def digits_of(self, text: str) -> str:
        """``text`` with its digits written the edition's way."""
        return text.translate(_ARAB_DIGITS) if self.digits == "arab" else text

    def isolate(self, text: str) -> str:
        """Text that runs left to right (a number, a name in Latin letters, an address),
        isolated when the edition is right to left; unchanged otherwise."""
        return f"{FSI}{text}{PDI}" if self.rtl and text else text


@functools.cache  # the index asks for each edition's name once an issue
def language_name(language: str, in_language: str | None = None) -> str:
    """A language's name as a sentence writes it, in itself or in ``in_language``:
    ``English``, ``français``, ``anglais``, ``العربية``."""
    try:
        return Locale.parse(language).get_display_name(in_language or language) or language
    except (ValueError, LookupError):
        return language


def language_title(language: str) -> str:
    """A language's name in itself, as a heading or a list starts it: ``Français``."""
    name = language_name(language)
    return name[:1].upper() + name[1:]
