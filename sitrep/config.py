"""The workspace's ``config.yaml``: one typed model, paths resolved against its folder."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sitrep.i18n import DEFAULT_LOCALES, N_, Edition, available, language_name
from sitrep.models import Day, Ident, Strict, Whole
from sitrep.yamldoc import Document

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HEADLINE_RULES = {
    "reliable": N_("the most recent figure from the most reliable non-partisan source; "
                   "ties go to the most conservative value"),
    "conservative": N_("the most conservative value among non-partisan sources"),
    "recent": N_("the most recently reported figure from a non-partisan source; "
                 "ties go to the most conservative value"),
}


class Cadence(Strict):
    """How often issues come out; the rules are in ``sitrep.calendar``."""

    every: Literal["daily", "week", "2 weeks", "month"] = "week"
    weekday: Literal[WEEKDAYS] = "friday"  # type: ignore[valid-type]  # week, 2 weeks


class KeyFigure(Strict):
    """Declares one key figure: a measure, optionally narrowed by population, place and
    definition (``kind``, and ``since``: the day a stock or a flow counts from).  The box shows
    only figures that fit it, so it never switches to another definition."""

    measure: str = ""
    population: str | None = None
    location: str | None = None
    kind: Literal["stock", "flow"] | None = None
    since: Day | None = None
    label: str | None = None
    #: A share instead of a measure: the figure (by id) that is part of another (``whole``),
    #: shown as a percentage footnoted to both ("60% of the displaced are children").
    part: Ident | None = None
    whole: Ident | None = None

    @model_validator(mode="after")
    def _one_kind_of_box(self) -> KeyFigure:
        if (self.part is None) != (self.whole is None):
            raise _fail("a share needs both part: and whole:",
                        "give the ids of the two figures, or neither")
        if self.part is None and not self.measure:
            raise _fail("needs a measure: (or part: and whole: for a share)",
                        "like measure: displaced")
        if self.part is not None and not self.label:
            raise _fail("a share needs a label:", 'say what it is, like "Children among the '
                        'displaced"')
        return self


# Line breaks of every kind: in a mail header they would start a new header.
_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Other control characters (NUL, ESC, DEL …): invisible, and unsafe in a mail header.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")
_ADDR_SPEC = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
_NAMED = re.compile(r"(?P<name>[^<>]*?)\s*<(?P<addr>[^<>]*)>\Z")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
SUBJECT_FIELDS = ("title", "crisis", "organisation", "date", "issue")


def _fail(message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError("sitrep", "{message}", {"message": message, "hint": hint})


#: No setting is longer: a title, an address, a folder name fit well within it.
MAX_SETTING = 1000


def _one_line(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_SETTING:
        raise _fail(f"is {len(value):,} characters long", f"a setting may have at most "
                    f"{MAX_SETTING:,}; shorten it")
    if isinstance(value, str) and _BREAKS.search(value):
        raise _fail("contains a line break", "write it on one line")
    if isinstance(value, str) and (found := _CONTROL.search(value)):
        raise _fail(f"contains the control character U+{ord(found.group()):04X}",
                    "remove it: it cannot be seen, and has no place in a setting")
    return value


def split_address(text: str) -> tuple[str, str] | None:
    """``("IM Unit", "im@example.org")`` from ``IM Unit <im@example.org>``; None if invalid."""
    text = text.strip()
    named = _NAMED.match(text)
    name, addr = (named["name"].strip().strip('"').strip(), named["addr"].strip()) if named \
        else ("", text)
    return (name, addr) if _ADDR_SPEC.match(addr) and ".." not in addr else None


def _address(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the type check words it
    _one_line(value)
    if split_address(value) is None:
        raise _fail(f'"{value}" is not an email address',
                    'write it like im-unit@example.org or "IM Unit <im-unit@example.org>"')
    return value.strip()


def _addresses(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _subject(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    _one_line(value)
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value)
                  if name is not None]
    except ValueError:
        raise _fail("has a { or } without its pair", "write {{ or }} for a brace") from None
    known = ", ".join("{" + f + "}" for f in SUBJECT_FIELDS)
    for name, spec, conv in fields:
        if name not in SUBJECT_FIELDS or spec or conv:
            raise _fail(f'"{{{name}}}" is not a known placeholder', f"use {known}")
    return value


def _env_name(value: Any) -> Any:
    if isinstance(value, str) and not _ENV_NAME.match(value):
        raise _fail(f'"{value}" is not an environment variable name',
                    "use letters, digits and _, like SITREP_SMTP_PASSWORD")
    return value


OneLine = Annotated[str, BeforeValidator(_one_line)]


_CURRENCY = re.compile(r"[A-Z]{3}\Z")


def _measure(value: Any) -> Any:
    """A measure named by its id alone is a count of people, in the "other figures" section."""
    return {"id": value} if isinstance(value, str) else value


class Measure(Strict):
    """A measure beyond the built-in ones: what it counts and where the report shows it.

    ``unit`` is ``people`` (the default), a plural noun for things counted (``schools``,
    ``trucks``), or a currency as its ISO 4217 code (``USD``, ``EUR``): money is then
    formatted as money, never as "people"."""

    id: Ident
    label: OneLine | None = None
    section: Literal["displacement", "casualties", "other"] = "other"
    unit: Annotated[str, Field(min_length=1, max_length=40)] = "people"
    kind: Literal["stock", "flow"] | None = None

    @property
    def words(self) -> str:
        """How the report names it: its label, else its id in words."""
        return self.label or self.id.replace("_", " ")

    @property
    def currency(self) -> str | None:
        """The ISO 4217 code when the measure counts money."""
        return self.unit if _CURRENCY.match(self.unit) else None


class Contact(Strict):
    """Someone readers can write to or call about the report."""

    name: OneLine
    title: OneLine | None = None
    organisation: OneLine | None = None
    email: OneLine | None = None
    phone: OneLine | None = None


class Paths(Strict):
    """The workspace's folders, relative to config.yaml."""

    facts: OneLine = "facts"
    articles: OneLine = "articles"
    templates: OneLine = "templates"
    output: OneLine = "reports"
Address = Annotated[str, BeforeValidator(_address)]
Addresses = Annotated[list[Address], BeforeValidator(_addresses)]


class Smtp(Strict):
    """The mail server ``sitrep email --send`` hands the message to."""

    host: OneLine
    port: Annotated[Whole, Field(ge=1, le=65535)] | None = None
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: OneLine | None = None
    password_env: Annotated[str, BeforeValidator(_env_name)] | None = Field(
        default=None, validate_default=True)
    ca_file: str | None = None
    timeout: Annotated[Whole, Field(ge=1, le=600)] = 30

    @field_validator("username")
    @classmethod
    def _encrypted(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("security") == "none":
            raise _fail("cannot be used with security: none, which would send the password "
                        "unencrypted", "use security: starttls or tls")
        return value

    @field_validator("password_env")
    @classmethod
    def _named(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("username") is not None:
            raise _fail("is required when username is set",
                        "name the environment variable that holds the password, "
                        "like password_env: SITREP_SMTP_PASSWORD")
        return value

    @property
    def effective_port(self) -> int:
        return self.port or {"starttls": 587, "tls": 465, "none": 25}[self.security]


class Email(Strict):
    """Who the report is emailed to, and how."""

    sender: Address
    to: Addresses = []
    cc: Addresses = []
    bcc: Addresses = []
    reply_to: Addresses = []
    subject: Annotated[str, BeforeValidator(_subject)] = "{title} – {date}"
    max_attachment_mb: Annotated[float, Field(gt=0, le=1000)] = 10
    smtp: Smtp | None = None

    @model_validator(mode="after")
    def _recipients(self) -> Email:
        if not (self.to or self.cc or self.bcc):
            raise _fail("has no recipients", "add to:, cc: or bcc: with at least one address")
        return self


class Pdf(Strict):
    """Which kind of PDF to make."""

    archival: bool = False  # PDF/A-3b, carrying the files it was built from
    tagged: bool = False  # tagged for screen readers (PDF/UA-1)


class EditionWords(Strict):
    """One language's words for what config.yaml says in the series' own language, and the
    locale its edition writes numbers and dates in."""

    locale: str | None = None
    title: OneLine | None = None
    organisation: OneLine | None = None
    crisis: OneLine | None = None
    contact: str | None = None
    #: Key-figure labels: the label as written in key_figures, and its translation.
    labels: dict[str, OneLine] = {}
    #: The workspace's own measures (config ``measures``) in words: ``people in tents``.
    measures: dict[str, OneLine] = {}
    #: The map's title (config ``map.title``) in this language.
    map_title: OneLine | None = None


#: The settings an edition shows in its own language when ``editions`` gives them.
EDITION_TEXTS = ("title", "organisation", "crisis", "contact")
#: The United Nations' disclaimer for maps, shown under every map unless config changes it.
UN_DISCLAIMER = N_("The boundaries and names shown and the designations used on this map do "
                   "not imply official endorsement or acceptance by the United Nations.")


class Map(Strict):
    """The map of a measure by administrative area (see ``sitrep.geo`` and
    ``sitrep.render.map``): which figures, which boundary file, and the lines under it."""

    boundaries: OneLine  # a GeoJSON file with p-codes, relative to config.yaml
    admin_level: Annotated[Whole, Field(ge=1, le=5)]
    measure: str = "displaced"
    population: str | None = None
    since: Day | None = None
    pcode_property: OneLine = "pcode"
    name_property: OneLine = "name"
    title: OneLine | None = None
    credit: OneLine
    disclaimer: OneLine = UN_DISCLAIMER


class Config(Strict):
    title: OneLine
    organisation: OneLine
    crisis: OneLine
    slug: Ident
    series_start: Day
    series_end: Day | None = None
    cadence: Cadence = Cadence()
    locale: str = "en_GB"
    language: str = "en"
    #: The editions of every issue; the first is ``language``'s, with the plain file names.
    languages: list[str] = []
    #: How Arabic editions write digits: latn (0-9) or arab (Arabic-Indic).
    digits: Literal["latn", "arab"] = "latn"
    editions: dict[str, EditionWords] = {}
    freshness_days: Annotated[Whole, Field(ge=1, le=366)] = 14
    headline_rule: Literal[tuple(HEADLINE_RULES)] = "reliable"  # type: ignore[valid-type]
    #: ``sitrep``: the full situation report; ``flash``: a short flash update (title,
    #: highlights, key figures, what happened, access, contacts), as for daily issues.
    type: Literal["sitrep", "flash"] = "sitrep"
    key_figures: list[KeyFigure] = []
    #: How many issues a trend chart shows, the newest last (the table under it shows all).
    chart_issues: Annotated[Whole, Field(ge=2, le=260)] = 13
    measures: list[Annotated[Measure, BeforeValidator(_measure)]] = []
    populations: list[Ident] = []
    contact: str | None = None
    #: The people to contact, listed at the end of the report.
    contacts: list[Contact] = []
    #: A logo for the report's header: an image file in the templates folder.
    logo: OneLine | None = None
    #: Who the report is produced with, for the scope sentence ("… in collaboration with …").
    partners: OneLine | None = None
    paths: Paths = Paths()
    email: Email | None = None
    pdf: Pdf = Pdf()
    map: Map | None = None


    @property
    def edition_languages(self) -> list[str]:
        """The languages of the editions, the series' own language first."""
        rest = [lang for lang in self.languages if lang != self.language]
        return [self.language, *dict.fromkeys(rest)]

    def edition(self, language: str) -> Edition:
        """The edition of the series in ``language``: its locale, and its digits (``digits``
        applies to the right-to-left editions; the others write 0-9)."""
        from babel import Locale

        main = language == self.language
        words = self.editions.get(language)
        locale = self.locale if main else (words.locale if words and words.locale else
                                           DEFAULT_LOCALES.get(language, language))
        rtl = Locale.parse(locale).character_order == "right-to-left"
        measures = tuple(sorted(words.measures.items())) if words and not main else ()
        return Edition(language, locale, self.digits if rtl else "latn", main, measures)

    def in_language(self, language: str) -> Config:
        """These settings as the edition in ``language`` shows them: its own title, crisis,
        organisation, contact and key-figure labels where ``editions`` gives them, and its
        language and locale."""
        words = self.editions.get(language)
        update: dict[str, Any] = {"language": language,
                                  "locale": self.edition(language).locale}
        if words is not None and language != self.language:
            update |= {name: getattr(words, name) for name in EDITION_TEXTS
                       if getattr(words, name) is not None}
            update["key_figures"] = [
                k.model_copy(update={"label": words.labels.get(k.label, k.label)})
                if k.label else k for k in self.key_figures]
        return self.model_copy(update=update)

    def language_problems(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Languages sitrep has no words for, locales Babel does not know, translations for a
        language that has no edition: (where in config, message, hint) each."""
        known = available()
        choices = ", ".join(known)
        found: list[tuple[tuple[str | int, ...], str, str]] = []
        if self.language not in known:
            found.append((("language",), f'sitrep has no words in "{self.language}"',
                          f"use one of {choices}"))
        for index, language in enumerate(self.languages):
            if language not in known:
                found.append((("languages", index), f'sitrep has no words in "{language}"',
                              f"use one of {choices}"))
        if self.languages and self.language not in self.languages:
            found.append((("languages",), f"does not list language ({self.language})",
                          f"add {self.language}: the series' own language has an edition "
                          "too"))
        for language, words in self.editions.items():
            if words.locale and not _known_locale(words.locale):
                found.append((("editions", language, "locale"),
                              f'"{words.locale}" is not a known locale',
                              "use a code like en_GB, fr_FR or ar_SY"))
        return found

    def language_warnings(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Words for a language that has no edition, and settings an edition shows in the
        series' language for want of a translation: (where in config, message, hint) each."""
        found: list[tuple[tuple[str | int, ...], str, str]] = [
            (("editions", language), f"{language} has no edition, so these words are not "
             "used", f"add {language} to languages to publish it")
            for language in self.editions if language not in self.edition_languages]
        for language in self.edition_languages[1:]:
            words = self.editions.get(language) or EditionWords()
            where = ("editions", language) if language in self.editions else ("languages",)
            missing = [name for name in EDITION_TEXTS
                       if getattr(self, name) and getattr(words, name) is None]
            missing += [f'labels."{k.label}"' for k in self.key_figures
                        if k.label and k.label not in words.labels]
            missing += [f"measures.{m}" for m in self.measure_ids if m not in words.measures]
            if self.map and self.map.title and not words.map_title:
                missing.append("map_title")
            lname, main = language_name(language, "en"), language_name(self.language, "en")
            for name in missing:
                found.append((where, f"no {lname} ({language}) text for {name}",
                              f"add it under editions.{language}; until then the {lname} "
                              f"edition shows the {main} text"))
        return found


    @property
    def measure_ids(self) -> list[str]:
        """The ids of the measures declared beyond the built-in ones."""
        return [m.id for m in self.measures]

    def measure(self, name: str) -> Measure | None:
        """A declared measure by id (None for a built-in one)."""
        return next((m for m in self.measures if m.id == name), None)


def _known_locale(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


class Workspace:
    """A config plus the folder it lives in; every path is resolved here.

    ``document`` is ``config.yaml`` as read, so that problems with settings can say where."""

    def __init__(self, root: Path, config: Config, document: Document):
        self.root = root
        self.config = config
        self.document = document

    def path(self, name: str) -> Path:
        value = getattr(self.config.paths, name)
        try:
            return (self.root / value).resolve()
        except (RuntimeError, OSError):  # RuntimeError: Python 3.11's word for a link loop
            from sitrep.errors import WorkspaceError

            raise WorkspaceError(f"the {name} folder {value} is a loop of symbolic links "
                                 f"(make it a real folder, or set paths.{name} in "
                                 "config.yaml)") from None

    def boundaries(self) -> Path | None:
        """The map's boundary file, when config asks for a map."""
        if self.config.map is None:
            return None
        return (self.root / self.config.map.boundaries).absolute()

    def folder_problems(self) -> list[tuple[tuple[str, ...], str, str]]:
        """Folders that cannot be read or written safely: an input folder that holds the
        workspace (``/`` would be read whole), reports written into an input folder (they
        would be read back): (where in config, message, hint) each."""
        problems: list[tuple[tuple[str, ...], str, str]] = []
        output = self.path("output")
        for name in ("facts", "articles", "templates"):
            folder, value = self.path(name), getattr(self.config.paths, name)
            if self.root.is_relative_to(folder):
                problems.append((("paths", name), f"{value} holds the workspace itself",
                                 f"name a folder inside or beside it, like {name}"))
            elif output.is_relative_to(folder):
                problems.append((("paths", "output"), f"{self.config.paths.output} is inside "
                                 f"the {name} folder, which sitrep reads",
                                 "give the reports a folder of their own, like reports"))
        if self.root.is_relative_to(output):
            problems.append((("paths", "output"), f"{self.config.paths.output} holds the "
                             "workspace itself", "give the reports a folder of their own, "
                             "like reports"))
        return problems + self._logo_problems()

    def _logo_problems(self) -> list[tuple[tuple[str, ...], str, str]]:
        """The logo must be an image in the templates folder: with the built-in templates,
        the only files the PDF renderer may read."""
        name = self.config.logo
        if name is None:
            return []
        where = self.config.paths.templates
        if Path(name).suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
            return [(("logo",), f"{name} is not a PNG, JPEG or SVG image",
                     "save the logo as .png, .jpg or .svg")]
        folder = self.path("templates")
        path = (folder / name).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            return [(("logo",), f"no image {name} in {where}/",
                     f"put the logo in {where}/ and give its file name")]
        return []
