"""Stage 2, validate: turn located documents into checked facts, or every problem at once.

Nothing here reads a file: load has read everything already."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from babel import Locale, UnknownLocaleError
from pydantic import TypeAdapter, ValidationError

from sitrep import calendar, cite, geo, places, schema
from sitrep.config import Config, Workspace
from sitrep.errors import InputError, Problem
from sitrep.i18n import language_name
from sitrep.load import Inputs
from sitrep.models import (
    ACCESS_CATEGORIES,
    MEASURES,
    POPULATIONS,
    QUALIFIERS,
    SOURCE_KINDS,
    AccessConstraint,
    Article,
    Cited,
    Facts,
    Figure,
    Funding,
    Narrative,
    PlaceEntry,
    Response,
    Source,
)
from sitrep.schema import suggest
from sitrep.yamldoc import Document, Loc, gc_paused

#: What extraction writes as the place when the text names none.
NOT_STATED = "not stated"
_SECTIONS: dict[str, type[Any]] = {
    "sources": Source, "places": PlaceEntry, "figures": Figure, "access": AccessConstraint,
    "narrative": Narrative, "funding": Funding, "response": Response}


def facts(ws: Workspace, read: Inputs) -> tuple[Facts, list[Problem]]:
    """Check the config and every fact sheet and article ``read`` from ``ws``; return the
    facts and any warnings, or raise InputError with every problem."""
    problems = config(ws.config, ws.document)
    if problems:  # the rules below depend on the settings
        raise InputError(problems)
    with gc_paused():
        result, warnings = _facts(ws, read)
    return result, sorted(warnings + config_warnings(ws.config, ws.document))


#: Bidi embedding, override and isolate controls: invisible, and able to make a title or a
#: subject read differently from how it is written.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_NAMES = {"\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
               "\u202c": "pop directional formatting", "\u202d": "left-to-right override",
               "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
               "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
               "\u2069": "pop directional isolate"}


def config_warnings(cfg: Config, doc: Document) -> list[Problem]:
    """Settings that are valid but suspicious: bidi controls in what headers and titles show."""
    fields: list[tuple[Loc, str | None]] = [
        (("title",), cfg.title), (("organisation",), cfg.organisation),
        (("crisis",), cfg.crisis), (("contact",), cfg.contact)]
    if cfg.email:
        fields += [(("email", "subject"), cfg.email.subject),
                   (("email", "sender"), cfg.email.sender)]
    warnings = [doc.problem(loc, message, hint) for loc, message, hint in cfg.language_warnings()]
    for loc, text in fields:
        found = _BIDI.search(text or "")
        if found:
            char = found.group()
            warnings.append(doc.problem(loc, f"contains the invisible control U+{ord(char):04X} "
                                        f"({_BIDI_NAMES[char]}), which can make it read "
                                        "differently from how it is written",
                                        "remove it, unless you put it there on purpose"))
    return warnings


def _facts(ws: Workspace, read: Inputs) -> tuple[Facts, list[Problem]]:
    articles, problems = _articles(read.articles)
    problems += read.problems
    items: dict[str, list[tuple[Document, Loc, Any]]] = {name: [] for name in _SECTIONS}
    context = {"published": {key: a.header.published for key, a in articles.items()}}
    for doc in read.documents:
        if doc.data is not None:
            problems += _sheet_items(doc, items, context)
    checker = Checker(ws, articles, set(read.broken_articles), _broken_sources(read.documents),
                      _broken_places(read.documents, [e for _, _, e in items["places"]]))
    checker.boundaries = read.boundaries
    problems += checker.sources(items["sources"])
    problems += checker.places(items["places"])
    problems += checker.key_places()
    problems += checker.figures(items["figures"])
    problems += checker.access(items["access"])
    problems += checker.key_shares()
    funding = checker.sourced(items["funding"])
    response = checker.sourced(items["response"])
    problems += [p for _, found in funding + response for p in found]
    narrative, trouble, warnings = checker.narrative(items["narrative"])
    problems += trouble
    if problems:
        raise InputError(problems)
    result = Facts(sources=checker.known_sources, articles=articles,
                   figures=checker.good_figures, access=checker.good_access, narrative=narrative,
                   translations=checker.translations,
                   funding=[f for f, found in funding if not found],
                   response=[r for r, found in response if not found],
                   places=checker.gazetteer.entries, boundaries=read.boundaries)
    return result, sorted(warnings + checker.warnings + read.warnings)


def _articles(read: list[Article]) -> tuple[dict[str, Article], list[Problem]]:
    """Articles by id; two files with the same name are a problem."""
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for article in read:
        if article.id in articles:
            problems.append(Problem(article.path, 1, 1, "file",
                                    f'a second article named "{article.id}"',
                                    f"rename one of it and {articles[article.id].path}"))
        articles[article.id] = article
    return articles, problems


def config(config: Config, doc: Document) -> list[Problem]:
    """Rules across config settings: cadence, measures, locale."""
    problems = [doc.problem(loc, message, hint)
                for loc, message, hint in calendar.config_problems(config)]
    known = [*MEASURES, *config.measure_ids]
    for index, key in enumerate(config.key_figures):
        if key.part is None and key.measure not in known:
            problems.append(doc.problem(("key_figures", index, "measure"),
                                        f'"{key.measure}" is not a known measure',
                                        schema.suggest(key.measure, known, "measures")))
    problems += [doc.problem(loc, message, hint)
                 for loc, message, hint in config.language_problems()]
    problems += _map_words(config, doc, known)
    try:
        Locale.parse(config.locale)
    except (ValueError, UnknownLocaleError):
        problems.append(doc.problem(("locale",), f'"{config.locale}" is not a known locale',
                                    "use a code like en_GB, fr_FR or ar_SY"))
    return problems


def _map_words(config: Config, doc: Document, measures: list[str]) -> list[Problem]:
    """The map's measure and population must be known words."""
    spec = config.map
    if spec is None:
        return []
    problems = []
    if spec.measure not in measures:
        problems.append(doc.problem(("map", "measure"), f'"{spec.measure}" is not a known '
                                    "measure", schema.suggest(spec.measure, measures, "measures")))
    populations = [*POPULATIONS, *config.populations]
    if spec.population is not None and spec.population not in populations:
        problems.append(doc.problem(("map", "population"), f'"{spec.population}" is not a '
                                    "known population",
                                    schema.suggest(spec.population, populations, "populations")))
    return problems


def _sheet_items(doc: Document, items: dict[str, list[tuple[Document, Loc, Any]]],
                 context: dict[str, Any]) -> list[Problem]:
    """Check a sheet's outline and validate its items one by one."""
    if not isinstance(doc.data, dict):
        return [doc.problem((), "a fact sheet must be a mapping",
                            "start with sources:, figures:, access: or narrative:")]
    problems = []
    for section, value in doc.data.items():
        if section not in _SECTIONS:
            problems.append(doc.problem((section,), f'unknown section "{section}"',
                                        suggest(section, _SECTIONS, "sections"), key=True))
        elif value is not None and not isinstance(value, list):
            problems.append(doc.problem((section,), "expected a list",
                                        "start each item on its own line with '- '"))
        else:
            model = _SECTIONS[section]
            try:  # one call for a whole section; item by item only to locate problems
                valid = _adapter(section).validate_python(value or [], context=context)
                items[section] += [(doc, (section, i), item) for i, item in enumerate(valid)]
                continue
            except ValidationError:
                pass
            for index, data in enumerate(value or []):
                item, trouble = schema.validate(doc, model, data, (section, index), context)
                problems += trouble
                if item is not None:
                    items[section].append((doc, (section, index), item))
    return problems


@functools.cache
def _adapter(section: str) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[_SECTIONS[section]])  # type: ignore[valid-type]


Item = TypeVar("Item", Figure, AccessConstraint)


class Checker:
    """The rules that need the config, other files, or several fields at once."""

    def __init__(self, ws: Workspace, articles: dict[str, Article], broken_articles: set[str],
                 broken_sources: set[str], broken_places: set[str] | None = None):
        self.ws = ws
        self.articles = articles
        # Ids of sources and articles that exist but have problems of their own: references
        # to them are not reported again.
        self.broken_articles = broken_articles
        self.broken_sources = broken_sources
        self.broken_places = broken_places or set()
        self.measures = [*MEASURES, *ws.config.measure_ids]
        self.populations = [*POPULATIONS, *ws.config.populations]
        self.translations: dict[tuple[date, str], Narrative] = {}
        self.known_sources: dict[str, Source] = {}
        self._alias_owner: dict[str, tuple[str, str]] = {}
        self.good_figures: list[Figure] = []
        self.warnings: list[Problem] = []
        self.good_access: list[AccessConstraint] = []
        self._flat = {k: _squash(a.body) for k, a in articles.items()}
        self.gazetteer = places.Gazetteer()
        #: The map's boundary file, to check that the figures it shows join a shape.
        self.boundaries: geo.Boundaries | None = None
        #: Where each figure id and each figure (by what it says) was first written.
        self._ids: dict[str, tuple[tuple[Document, Loc], Figure]] = {}
        self._said: dict[tuple[object, ...], tuple[Document, Loc]] = {}
        #: Accepted figures by the day they were reported, for the narrative's number checks.
        self._by_day: tuple[list[date], list[Figure]] | None = None

    def sources(self, items: Iterable[tuple[Document, Loc, Source]]) -> list[Problem]:
        problems: list[Problem] = []
        first: dict[str, str] = {}
        for doc, loc, src in items:
            if src.id in first:
                problems.append(doc.problem((*loc, "id"), f'source "{src.id}" is defined twice',
                                            f"it is already defined at {first[src.id]}"))
                continue
            line, col = doc.where((*loc, "id"))
            first[src.id] = f"{doc.path}:{line}"
            if src.kind not in SOURCE_KINDS:
                problems.append(doc.problem((*loc, "kind"), f'"{src.kind}" is not a source kind',
                                            suggest(src.kind, SOURCE_KINDS, "kinds")))
            problems += self._aliases(doc, loc, src, first[src.id])
            self.known_sources[src.id] = src
        return problems

    def _aliases(self, doc: Document, loc: Loc, src: Source, where: str) -> list[Problem]:
        """An alias names one source only: two sources sharing one is an error."""
        problems = []
        for i, alias in enumerate(src.aliases):
            key = " ".join(alias.lower().split())
            owner = self._alias_owner.setdefault(key, (src.id, where))
            if owner[0] != src.id:
                problems.append(doc.problem((*loc, "aliases", i),
                                            f'alias "{alias}" is also an alias of source '
                                            f'"{owner[0]}"', f"defined at {owner[1]}"))
        return problems

    def places(self, items: list[tuple[Document, Loc, PlaceEntry]]) -> list[Problem]:
        """Check the gazetteer; when it is sound, places are named by it from now on."""
        def where(index: int) -> str:
            doc, loc, _ = items[index]
            return f"{doc.path}:{doc.where(loc)[0]}"

        flaws = places.problems([entry for _, _, entry in items], where, self.broken_places)
        problems = []
        for flaw in flaws:
            doc, loc, _ = items[flaw.index]
            problems.append(doc.problem((*loc, flaw.field), flaw.message, flaw.hint))
        if not flaws and not self.broken_places:  # else places are only checked for format
            self.gazetteer = places.Gazetteer(entry for _, _, entry in items)
        return problems

    def key_shares(self) -> list[Problem]:
        """A share's figures must exist (by id)."""
        ids = {f.id for f in self.good_figures if f.id}
        problems = []
        for index, key in enumerate(self.ws.config.key_figures):
            for field_name in ("part", "whole"):
                name = getattr(key, field_name)
                if name is not None and name not in ids and name not in self._ids:
                    problems.append(self.ws.document.problem(
                        ("key_figures", index, field_name), f'no figure has the id "{name}"',
                        suggest(name, sorted(ids), "figure ids")))
        return problems

    def key_places(self) -> list[Problem]:
        """A key figure's place (a name, other spelling or p-code) must be in the gazetteer."""
        if not self.gazetteer:
            return []
        problems = []
        for index, key in enumerate(self.ws.config.key_figures):
            if key.location is None or self.gazetteer.lookup(key.location):
                continue
            named = self.gazetteer.named(key.location)
            message, hint = (f'"{key.location}" may be any of {places.listed(named)}',
                             "give its p-code") if named else (
                f'"{key.location}" is not in the places list',
                self.gazetteer.unknown_hint(key.location))
            problems.append(self.ws.document.problem(("key_figures", index, "location"),
                                                     message, hint))
        return problems

    def figures(self, items: Iterable[tuple[Document, Loc, Figure]]) -> list[Problem]:
        problems = []
        for doc, loc, fig in items:
            fig, placed = self._located(doc, loc, fig)
            found = [*self._vocabulary(doc, loc, fig), *self._time(doc, loc, fig),
                     *self._number(doc, loc, fig), *self._provenance(doc, loc, fig),
                     *placed, *self._quoted(doc, loc, fig), *self._once(doc, loc, fig),
                     *self._spoken(doc, loc, fig)]
            if not found and (fig.via is None or fig.via in self.articles):
                self.good_figures.append(fig)
                self._on_map(doc, loc, fig)
            self._note_candidate(doc, loc, fig)
            problems += found
        return problems

    def access(self, items: Iterable[tuple[Document, Loc, AccessConstraint]]) -> list[Problem]:
        problems = []
        for doc, loc, item in items:
            item, placed = self._located(doc, loc, item)
            found = [*self._provenance(doc, loc, item), *placed, *self._spoken(doc, loc, item)]
            if item.category not in ACCESS_CATEGORIES:
                found.append(doc.problem((*loc, "category"),
                                         f'"{item.category}" is not an access category',
                                         suggest(item.category, ACCESS_CATEGORIES, "categories")))
            if (item.date is None) == (item.period is None):
                found.append(doc.problem(loc, "give either date: or period:, not both"
                                         if item.date else "needs a date: or a period:",
                                         "the day the constraint was reported, or start and end"))
            found += _period_order(doc, loc, item.period)
            found += _in_force(doc, loc, item)
            if not found and (item.via is None or item.via in self.articles):
                self.good_access.append(item)
            self._note_candidate(doc, loc, item)
            problems += found
        return problems

    def sourced(self, items: Iterable[tuple[Document, Loc, Any]]
                ) -> list[tuple[Any, list[Problem]]]:
        """Funding and response entries: each with the problems of its provenance."""
        return [(item, [*self._provenance(doc, loc, item)]) for doc, loc, item in items]

    def _located(self, doc: Document, loc: Loc, item: Item) -> tuple[Item, list[Problem]]:
        """The item with its place as the gazetteer names it, and what is wrong with the
        place.  A place "not stated" (the extractor's word when the text names none) may stay
        on a candidate, with a warning, but never reaches a report."""
        if item.location.name.strip().lower() == NOT_STATED:
            return item, self._until_accepted(item, doc.problem(
                (*loc, "location"), "the place is not stated",
                "write the place the text is about, or leave it out if the text does not say"))
        location, findings = self.gazetteer.place(item.location)
        problems: list[Problem] = []
        for found in findings:
            field = (*loc, "location", found.field) if found.field else (*loc, "location")
            problem = doc.problem(field, found.message, found.hint)
            (self.warnings if found.warning else problems).append(problem)
        if location is not item.location and location != item.location:
            item = item.model_copy(update={"location": location})
        return item, problems

    def _quoted(self, doc: Document, loc: Loc, fig: Figure) -> list[Problem]:
        """The quote must say the figure's number (once it is known to be the article's)."""
        if fig.via not in self.articles or _squash(fig.quote or "") not in self._flat[fig.via]:
            return []
        found = cite.quote_problem(fig)
        return [doc.problem((*loc, found[0]), found[1], found[2])] if found else []

    def _once(self, doc: Document, loc: Loc, fig: Figure) -> list[Problem]:
        """A figure id names one figure; a figure is written once (typed by hand and accepted
        from a review file, it would be listed twice).  Positions are looked up only for a
        problem: finding one reads the whole sheet again."""
        problems = []
        if fig.id is not None:
            first, _ = self._ids.setdefault(fig.id, ((doc, loc), fig))
            if first != (doc, loc):
                problems.append(doc.problem((*loc, "id"), f'the id "{fig.id}" is already '
                                            f"given to the figure at {_at(*first)}",
                                            "give each figure its own id"))
        if fig.status == "candidate":
            return problems
        place = fig.location.pcode or fig.location.name
        said = (fig.measure, fig.population, place, fig.kind, fig.as_of, fig.since,
                fig.period, fig.value, fig.min, fig.max, fig.unit, fig.source)
        first = self._said.setdefault(said, (doc, loc))
        if first != (doc, loc):
            problems.append(doc.problem(loc, f"the same figure as the one at {_at(*first)} "
                                        "(same measure, population, place, dates, number and "
                                        "source)", "remove one of them"))
        return problems

    def _until_accepted(self, item: Figure | AccessConstraint, problem: Problem
                        ) -> list[Problem]:
        """A problem a candidate may carry into review: a warning while it is a candidate, an
        error once accepted (so ``accept`` refuses it and no report shows it)."""
        if item.status == "candidate":
            self.warnings.append(problem)
            return []
        return [problem]

    def _spoken(self, doc: Document, loc: Loc, item: Figure | AccessConstraint
                ) -> list[Problem]:
        """The publisher as the source of a sentence that names its speaker (extraction records
        ``speaker:`` when it could not tell whom they speak for): a warning on a candidate, an
        error once accepted, until the source is corrected or the speaker line removed."""
        article = self.articles.get(item.via or "")
        if not item.speaker or article is None or not self._is_publisher(item.source, article):
            return []
        return self._until_accepted(item, doc.problem(
            (*loc, "source"), f'the source is the publisher, "{article.header.publisher}", but '
            f'the sentence names a speaker, "{item.speaker}"', "write the source the speaker "
            "speaks for; if the publisher is right, delete the line speaker:"))

    def _is_publisher(self, source_id: str, article: Article) -> bool:
        """Whether ``source_id`` is the article's publisher, by id, name or alias."""
        source = self.known_sources.get(source_id)
        names = [source_id, *([source.name, *source.aliases] if source else [])]
        publisher = _name_key(article.header.publisher)
        return any(_name_key(n) == publisher for n in names)

    def _on_map(self, doc: Document, loc: Loc, fig: Figure) -> None:
        """Warn about a figure the map should show but cannot join to a shape."""
        spec = self.ws.config.map
        if spec is None or self.boundaries is None:
            return
        why = geo.unjoined(spec, fig, self.boundaries)
        if why:
            self.warnings.append(doc.problem((*loc, "location"), *why))

    def _note_candidate(self, doc: Document, loc: Loc, item: Figure | AccessConstraint) -> None:
        """Warn about a candidate left in a fact sheet: reports leave it out."""
        if item.status == "candidate":
            self.warnings.append(doc.problem((*loc, "status"), "a candidate is left out of "
                                             "every report", "set status: accepted once you "
                                             "have checked it"))

    def narrative(self, items: Iterable[tuple[Document, Loc, Narrative]]
                  ) -> tuple[dict[date, Narrative], list[Problem], list[Problem]]:
        by_date: dict[date, Narrative] = {}
        problems, warnings = [], []
        main = self.ws.config.language
        where: dict[tuple[date, str], tuple[Document, Loc]] = {}
        for doc, loc, entry in items:
            language = entry.language or main
            if (entry.date, language) in where:
                problems.append(doc.problem((*loc, "date"),
                                            f"a second {language} narrative for {entry.date}",
                                            "keep one narrative entry per issue and language"))
                continue
            off = calendar.off_cadence(self.ws.config, entry.date)
            if off:
                problems.append(doc.problem((*loc, "date"), off[0], off[1]))
                continue
            if language not in self.ws.config.edition_languages:
                warnings.append(doc.problem((*loc, "language"), f"{language} has no edition",
                                            f"add {language} to languages in config.yaml"))
            if len(entry.highlights) > 5:
                warnings.append(doc.problem((*loc, "highlights"),
                                            f"{len(entry.highlights)} highlights",
                                            "a report reads best with 2 to 5"))
            texts = [((*loc, "highlights", i), text) for i, text in enumerate(entry.highlights)]
            for where_, text in [*texts, ((*loc, "overview"), entry.overview)]:
                trouble, doubts = self._narrative_numbers(doc, where_, text, entry.date,
                                                          language)
                problems += trouble
                warnings += doubts
            where[entry.date, language] = (doc, loc)
            if language == main:
                by_date[entry.date] = entry
            else:
                self.translations[entry.date, language] = entry
        warnings += self._untranslated(by_date, where)
        return by_date, problems, warnings

    def _untranslated(self, by_date: dict[date, Narrative],
                      where: dict[tuple[date, str], tuple[Document, Loc]]) -> list[Problem]:
        """A located warning for each narrative an edition lacks: its edition shows the
        original text, marked as such."""
        cfg = self.ws.config
        warnings = []
        for day, original in sorted(by_date.items()):
            for language in cfg.edition_languages[1:]:
                name = f"{language_name(language, 'en')} ({language})"
                hint = (f"until then the {language_name(language, 'en')} edition shows the "
                        f"{language_name(cfg.language, 'en')} text, marked as not yet "
                        "translated")
                translated = self.translations.get((day, language))
                if translated is None:
                    doc, loc = where[day, cfg.language]
                    warnings.append(doc.problem(
                        (*loc, "date"), f"no {name} narrative for the issue of {day}",
                        f"add one with date: {day} and language: {language}; {hint}"))
                    continue
                doc, loc = where[day, language]
                for part in ("highlights", "overview"):
                    if getattr(original, part) and not getattr(translated, part):
                        warnings.append(doc.problem(
                            (*loc, "language"), f"no {name} {part} for the issue of {day}",
                            f"add {part}: to this entry; {hint}"))
        return warnings

    def _narrative_numbers(self, doc: Document, loc: Loc, text: str, day: date,
                           language: str = "en") -> tuple[list[Problem], list[Problem]]:
        """References must name a figure known on the issue's date (an error otherwise); a
        number written in digits must be one of those figures (a warning otherwise; English
        text only, the language the number reader knows)."""
        problems = []
        for start, braced in cite.misspelt(text):
            problems.append(doc.problem_at(loc, start, f'"{braced}" is not a figure reference',
                                           "a reference is a figure's id in braces, like "
                                           "{displaced-nw}"))
        for ref in cite.references(text):
            trouble = self._reference(ref.id, day)
            if trouble:
                problems.append(doc.problem_at(loc, ref.start, *trouble))
        if language != "en" or not any(char.isdigit() for char in text):
            return problems, []
        known = self._known_by(day)
        warnings = [doc.problem_at(loc, number.start, f'"{number.text}" is not a figure of '
                                   "this issue", "cite the figure by its id, like "
                                   "{displaced-nw}; correct the number; or, if it is not a "
                                   "figure, write it in words")
                    for number in cite.unmatched(text, known)]
        return problems, warnings

    def _known_by(self, day: date) -> list[Figure]:
        """The accepted figures reported on or before ``day`` (sorted once, then cut)."""
        if self._by_day is None:
            dated = sorted(((f.reported_on, i) for i, f in enumerate(self.good_figures)
                            if f.status != "candidate" and f.reported_on is not None))
            self._by_day = ([d for d, _ in dated], [self.good_figures[i] for _, i in dated])
        days, figures = self._by_day
        return figures[:bisect.bisect_right(days, day)]

    def _reference(self, ref: str, day: date) -> tuple[str, str] | None:
        """What is wrong with a reference to figure ``ref`` in the narrative of ``day``."""
        if ref not in self._ids:
            ids = [key for key in self._ids]
            return (f'no figure has the id "{ref}"',
                    suggest(ref, ids, "figure ids") if ids else
                    "give the figure an id: line, then cite it by that id")
        first, fig = self._ids[ref]
        if fig.status == "candidate":
            return (f'figure "{ref}" is a candidate, left out of every report',
                    f"set status: accepted at {_at(*first)} once you have checked it")
        if fig.reported_on is None or fig.reported_on > day:
            return (f'figure "{ref}" was reported on {fig.reported_on}, after this issue',
                    "an issue cites only what was known on its date")
        return None

    def _offsets(self, doc: Document, loc: Loc, item: Cited
                 ) -> Iterable[Problem]:
        start, end = item.offsets or (0, 0)
        text = self.articles[item.via or ""].text
        if _squash(text[start:end]) != _squash(item.quote or ""):
            yield doc.problem((*loc, "offsets"), f"characters {start} to {end} of "
                              f"{self.articles[item.via or ''].path} are not the quote",
                              "remove offsets:, or correct them")

    def _vocabulary(self, doc: Document, loc: Loc, fig: Figure) -> Iterable[Problem]:
        if fig.measure not in self.measures:
            yield doc.problem((*loc, "measure"), f'"{fig.measure}" is not a known measure',
                              _vocab_hint(fig.measure, self.measures, "measures"))
        declared = self.ws.config.measure(fig.measure)
        if declared and declared.kind and fig.kind != declared.kind:
            yield doc.problem((*loc, "kind"), f"{fig.measure} is declared a {declared.kind} "
                              f"in config.yaml, but this figure is a {fig.kind}",
                              f"write kind: {declared.kind}, or change the measure's kind")
        if fig.population is not None and fig.population not in self.populations:
            yield doc.problem((*loc, "population"),
                              f'"{fig.population}" is not a known population',
                              _vocab_hint(fig.population, self.populations, "populations"))
        if fig.qualifier not in QUALIFIERS:
            yield doc.problem((*loc, "qualifier"), f'"{fig.qualifier}" is not a qualifier',
                              _qualifier_hint(fig.qualifier))

    def _time(self, doc: Document, loc: Loc, fig: Figure) -> Iterable[Problem]:
        if fig.kind == "stock":
            if fig.as_of is None:
                yield doc.problem(loc, "a stock needs as_of:",
                                  "the date the total is counted to; or write kind: flow "
                                  "with a period:")
            if fig.period is not None:
                yield doc.problem((*loc, "period"), "a stock has no period",
                                  "use as_of:, and since: for the day counting began")
            if fig.since and fig.as_of and fig.since > fig.as_of:
                yield doc.problem((*loc, "since"), f"since ({fig.since}) is after as_of "
                                  f"({fig.as_of})", "counting must begin before it ends")
        elif fig.kind == "flow":
            if fig.period is None:
                yield doc.problem(loc, "a flow needs period:",
                                  "write period: {start: YYYY-MM-DD, end: YYYY-MM-DD}")
            for name in ("as_of", "since"):
                if getattr(fig, name) is not None:
                    yield doc.problem((*loc, name), f"a flow has no {name}",
                                      "a flow counts what is new within its period:")
            yield from _period_order(doc, loc, fig.period)
        else:
            yield doc.problem((*loc, "kind"), f'"{fig.kind}" is not a kind of figure',
                              "use stock (a running total as of a date) or flow (new within a "
                              "period)")

    def _number(self, doc: Document, loc: Loc, fig: Figure) -> Iterable[Problem]:
        ranged = fig.min is not None or fig.max is not None
        if fig.value is None and not ranged:
            yield doc.problem(loc, "needs value:", "or min: and max: for a range")
        elif fig.value is not None and ranged:
            yield doc.problem((*loc, "value"), "give value: or min:/max:, not both",
                              "value for one number, min and max for a range")
        elif ranged and (fig.min is None or fig.max is None):
            missing = "max" if fig.max is None else "min"
            yield doc.problem(loc, f"a range needs both min: and max: ({missing} is missing)",
                              f"add {missing}:")
        elif ranged and fig.min is not None and fig.max is not None and fig.min > fig.max:
            yield doc.problem((*loc, "min"), f"min ({fig.min}) is greater than max ({fig.max})",
                              "swap them")
        if fig.unit == "households" and fig.household_size is None:
            yield doc.problem((*loc, "unit"), "households need a household_size:",
                              "the average number of people per household, like 5.5")
        if fig.unit == "people" and fig.household_size is not None:
            yield doc.problem((*loc, "household_size"), "is only used with unit: households",
                              "remove it, or set unit: households")

    def _provenance(self, doc: Document, loc: Loc,
                    item: Cited) -> Iterable[Problem]:
        if item.source not in self.known_sources and item.source not in self.broken_sources:
            yield doc.problem((*loc, "source"), f'unknown source "{item.source}"',
                              _unknown_source_hint(item.source, self.known_sources))
        if item.via is not None and item.via not in self.articles \
                and item.via not in self.broken_articles:
            folder = self.ws.config.paths.articles
            yield doc.problem((*loc, "via"), f'no article "{item.via}" in {folder}/',
                              suggest(item.via, self.articles, "articles")
                              if self.articles else f"add {folder}/{item.via}.md")
        if item.quote is not None:
            if item.via is None:
                yield doc.problem((*loc, "quote"), "a quote needs via:",
                                  "name the article the sentence is quoted from")
            elif item.via in self.articles and _squash(item.quote) not in self._flat[item.via]:
                yield doc.problem((*loc, "quote"),
                                  f"is not word for word in {self.articles[item.via].path}",
                                  "copy the sentence exactly as the article has it")
            elif item.via in self.articles and item.offsets:
                yield from self._offsets(doc, loc, item)
        end = item.counted_to
        if item.reported and end and item.reported < end:
            yield doc.problem((*loc, "reported"), f"{item.reported} is before the date the "
                              f"figure counts to ({end})",
                              "a figure is reported after it is counted")


def _name_key(name: str) -> str:
    """A name compared without case, punctuation or spacing: "Wire", "wire", "the-wire"."""
    return re.sub(r"[^a-z0-9]+", "", re.sub(r"^the\b", "", name.lower()))


def _at(doc: Document, loc: Loc) -> str:
    """Where ``loc`` is, as ``path:line:col``."""
    line, col = doc.where(loc)
    return f"{doc.path}:{line}:{col}"


def _broken_sources(docs: list[Document]) -> set[str]:
    """Source ids as written, valid or not, so a bad source is not also "unknown"."""
    return {str(s.get("id")) for s in _written(docs, "sources")}


def _broken_places(docs: list[Document], good: list[PlaceEntry]) -> set[str]:
    """Names and p-codes of places written with problems of their own."""
    written = {str(p[key]) for p in _written(docs, "places") for key in ("name", "pcode")
               if p.get(key) is not None}
    return written - {text for e in good for text in (e.name, e.pcode) if text}


def _written(docs: list[Document], section: str) -> list[dict[str, Any]]:
    """The items of ``section`` as written in every sheet, valid or not."""
    return [item for doc in docs if isinstance(doc.data, dict)
            and isinstance(doc.data.get(section), list)
            for item in doc.data[section] if isinstance(item, dict)]


def _period_order(doc: Document, loc: Loc, period: Any) -> list[Problem]:
    if period is not None and period.end < period.start:
        return [doc.problem((*loc, "period", "end"),
                            f"the period ends ({period.end}) before it starts ({period.start})",
                            "swap start and end")]
    return []


def _in_force(doc: Document, loc: Loc, item: AccessConstraint) -> list[Problem]:
    """``until:`` and ``ongoing:`` say how long a constraint lasts: one or the other, and
    never ending before it starts."""
    if item.until is not None and item.ongoing:
        return [doc.problem((*loc, "ongoing"), "give either until: or ongoing:, not both",
                            "until: the last day it is known to be in force; ongoing: yes "
                            "while no end is known")]
    start = item.date or (item.period.start if item.period else None)
    if item.until is not None and start is not None and item.until < start:
        return [doc.problem((*loc, "until"), f"{item.until} is before the constraint starts "
                            f"({start})", "until: is the last day it is in force")]
    return []


def _squash(text: str) -> str:
    """Fold runs of white space, so a quote may cross a line break in the article."""
    return re.sub(r"\s+", " ", text).strip()


def _vocab_hint(word: str, known: list[str], what: str) -> str:
    hint = suggest(word, known, what)
    if hint.startswith("did you mean"):
        return hint
    return f"{hint}; add new ones under {what}: in config.yaml"


def _qualifier_hint(word: str) -> str:
    mapped = schema._QUALIFIER_WORDS.get(word.lower().replace("_", " "))
    return f"write qualifier: {mapped}" if mapped else suggest(word, QUALIFIERS, "qualifiers")


def _unknown_source_hint(name: str, known: dict[str, Source]) -> str:
    close = suggest(name, known, "sources")
    if close.startswith("did you mean"):
        return close
    return "define it under sources: in a fact sheet"
