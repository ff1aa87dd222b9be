"""Stage 3, resolve: decide what one issue says, for a report date passed in explicitly."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sitrep import calendar, cite
from sitrep.config import HEADLINE_RULES, KeyFigure, Workspace
from sitrep.models import (
    AccessConstraint,
    Citation,
    Entry,
    Facts,
    Figure,
    Issue,
    KeyBox,
    Narrative,
    Report,
    citation_key,
)
from sitrep.places import Gazetteer

DISPLACEMENT = ("displaced", "returned", "refugees")
CASUALTIES = ("killed", "injured", "missing", "detained")
_GRADES = "ABCDEF"

GroupKey = tuple[str, str | None, str, str, object]


Memo = dict[date, dict[GroupKey, Entry]]


def report(ws: Workspace, facts: Facts, day: date, memo: Memo | None = None) -> Report:
    """Resolve every section of the issue dated ``day``.

    ``memo`` keeps each issue's resolved figures for the trends of later issues, when a
    series is built in one go."""
    memo = {} if memo is None else memo
    this = calendar.issue(ws.config, day)
    prev = calendar.previous(ws.config, this)
    entries = _entries(ws, facts, this)  # new objects: changes and notes are set on them
    if prev is not None:
        _compare(entries, _known(ws, facts, prev, memo))
    places = Gazetteer(facts.places)
    ordered = sorted(entries.values(), key=lambda e: _display_order(e, places))
    boxes = [KeyBox(_label(sel), _select(sel, ordered, places))
             for sel in ws.config.key_figures]
    access = sorted(_access(facts.access, this), key=lambda a: (-(a.severity or -1),
                                                                 a.location.name))
    report = Report(
        issue=this, previous=prev, key_figures=boxes,
        displacement=[e for e in ordered if e.measure in DISPLACEMENT],
        casualties=[e for e in ordered if e.measure in CASUALTIES],
        other=[e for e in ordered if e.measure not in DISPLACEMENT + CASUALTIES],
        access=access, narrative=facts.narrative.get(day),
        trend=[], trend_label="", citations=[], notes={},
        rule=HEADLINE_RULES[ws.config.headline_rule], sources=facts.sources,
        references=_references(facts, facts.narrative.get(day)))
    _trend(ws, facts, report, memo)
    report.casualty_trend = _casualty_trend(ws, facts, report, memo)
    _number_citations(facts, report)
    return report


def _known(ws: Workspace, facts: Facts, past: Issue, memo: Memo) -> dict[GroupKey, Entry]:
    """A past issue's entries, read only, resolved once per build."""
    if past.date not in memo:
        memo[past.date] = _entries(ws, facts, past)
    return memo[past.date]


def _entries(ws: Workspace, facts: Facts, this: Issue) -> dict[GroupKey, Entry]:
    """Group what is known on the issue date and resolve each group."""
    groups: dict[GroupKey, list[Figure]] = defaultdict(list)
    for fig in facts.figures:
        if fig.status == "candidate":
            continue  # proposed by extraction, not yet accepted by a person
        reported = fig.reported_on
        if reported is None or reported > this.date:
            continue
        if fig.kind == "stock" and fig.as_of and fig.as_of <= this.date:
            groups[_key(fig, fig.since)].append(fig)
        elif fig.kind == "flow" and reported >= this.start:
            groups[_key(fig, fig.period)].append(fig)
    entries = {}
    for key, figs in groups.items():
        if figs[0].kind == "stock":
            latest = max(f.as_of for f in figs if f.as_of)
            figs = [f for f in figs if f.as_of == latest]
        entries[key] = _entry(ws, facts, figs, this)
    return entries


def _key(fig: Figure, when: object) -> GroupKey:
    """Figures of one place: the same p-code, else the same name."""
    return (fig.measure, fig.population, fig.location.pcode or fig.location.name, fig.kind,
            when)


def _entry(ws: Workspace, facts: Facts, figs: list[Figure], this: Issue) -> Entry:
    headline = pick_headline(figs, facts, ws.config.headline_rule)
    ranked = [headline, *sorted((f for f in figs if f is not headline),
                                key=lambda f: _reliability(f, facts))]
    counted = headline.as_of or (headline.period.end if headline.period else this.date)
    age = (this.date - counted).days
    return Entry(measure=headline.measure, population=headline.population,
                 location=headline.location, kind=headline.kind, headline=headline,
                 figures=ranked, sources=[facts.sources[f.source] for f in ranked],
                 claim=facts.sources[headline.source].partisan,
                 age_days=age, stale=age > ws.config.freshness_days)


def pick_headline(figs: list[Figure], facts: Facts, rule: str) -> Figure:
    """Choose the figure a disputed entry leads with (see HEADLINE_RULES)."""
    neutral = [f for f in figs if not facts.sources[f.source].partisan] or figs

    def conservative(f: Figure) -> int:
        return f.value if f.value is not None else (f.min or 0)

    def recent(f: Figure) -> int:
        return -(f.reported_on or date.min).toordinal()

    if rule == "conservative":
        return min(neutral, key=lambda f: (conservative(f), _reliability(f, facts), recent(f)))
    if rule == "recent":
        return min(neutral, key=lambda f: (recent(f), conservative(f)))
    return min(neutral, key=lambda f: (_reliability(f, facts), recent(f), conservative(f)))


def _reliability(fig: Figure, facts: Facts) -> int:
    grade = facts.sources[fig.source].reliability
    return _GRADES.index(grade) if grade else len(_GRADES)


def _compare(entries: dict[GroupKey, Entry], before: dict[GroupKey, Entry]) -> None:
    """Set each stock's change since the previous issue."""
    for key, entry in entries.items():
        old = before.get(key)
        if entry.kind == "stock" and old is not None:
            entry.previous = old.headline
            entry.change = _central(entry.headline) - _central(old.headline)


def _central(fig: Figure) -> int:
    if fig.value is not None:
        return fig.value
    return ((fig.min or 0) + (fig.max or 0)) // 2


def _display_order(entry: Entry, places: Gazetteer) -> tuple[object, ...]:
    """By measure, population and kind, then places by the gazetteer's hierarchy."""
    counted = entry.headline.as_of or (entry.headline.period.end if entry.headline.period
                                       else date.min)
    return (entry.measure, entry.population or "", entry.kind, places.order(entry.location),
            -counted.toordinal())


def _label(sel: KeyFigure) -> str:
    if sel.label:
        return sel.label
    words = [sel.population or "people", sel.measure]
    return " ".join(words).replace("_", " ").capitalize()


def _select(sel: KeyFigure, entries: Iterable[Entry], places: Gazetteer) -> Entry | None:
    """The entry a key-figure selector shows: stocks first, then the newest."""
    matches = [e for e in entries if e.measure == sel.measure
               and (e.population == sel.population
                    or (sel.population is None and e.population in (None, "people")))
               and (sel.location is None or places.means(sel.location, e.location))]
    matches.sort(key=lambda e: (e.kind != "stock", e.age_days))
    return matches[0] if matches else None


def _access(items: list[AccessConstraint], this: Issue) -> list[AccessConstraint]:
    """Constraints reported in the period, or whose period overlaps it."""
    chosen: list[AccessConstraint] = []
    for item in items:
        if item.status == "candidate":
            continue
        reported = item.reported_on
        if reported is None or reported > this.date:
            continue
        overlaps = item.period is not None and item.period.start <= this.date \
            and item.period.end >= this.start
        if overlaps or reported >= this.start:
            chosen.append(item)
    return chosen


def _trend(ws: Workspace, facts: Facts, report: Report, memo: Memo) -> None:
    """The first displacement key figure, issue by issue up to this one."""
    sel = next((k for k in ws.config.key_figures if k.measure in DISPLACEMENT), None)
    if sel is None:
        return
    report.trend_label = _label(sel)
    places = Gazetteer(facts.places)
    for past in calendar.past(ws.config, report.issue):
        stocks = (e for e in _known(ws, facts, past, memo).values() if e.kind == "stock")
        entry = _select(sel, stocks, places)
        report.trend.append((past, entry.headline if entry else None))


def _casualty_trend(ws: Workspace, facts: Facts, report: Report, memo: Memo
                    ) -> list[tuple[Issue, dict[str, Figure]]]:
    """People killed, by population group, as each issue reported it; at the place of the
    "killed" key figure when it names one, so that places are not mixed."""
    sel = next((k for k in ws.config.key_figures if k.measure == "killed" and k.location), None)
    place = sel.location if sel else None
    places = Gazetteer(facts.places)
    rows = []
    for past in calendar.past(ws.config, report.issue):
        groups: dict[str, Figure] = {}
        for entry in sorted(_known(ws, facts, past, memo).values(),
                            key=lambda e: _display_order(e, places)):
            if place and not places.means(place, entry.location):
                continue
            if entry.measure == "killed" and not entry.claim:
                groups.setdefault(entry.population or "people", entry.headline)
        rows.append((past, groups))
    return rows


def _references(facts: Facts, narrative: Narrative | None) -> dict[str, Figure]:
    """The figures an issue's narrative cites by reference (checked to exist by validate)."""
    texts = [*narrative.highlights, narrative.overview] if narrative else []
    by_id = {fig.id: fig for fig in facts.figures if fig.id}
    return {ref.id: by_id[ref.id] for text in texts for ref in cite.references(text)
            if ref.id in by_id}


def _number_citations(facts: Facts, report: Report) -> None:
    """Number sources in the order the report first cites them."""
    cited: list[Figure | AccessConstraint] = []
    for box in report.key_figures:
        cited += box.entry.figures if box.entry else []
    for section in (report.displacement, report.casualties, report.other):
        for entry in section:
            cited += entry.figures
    cited += report.access
    cited += report.references.values()
    for item in cited:
        key = citation_key(item)
        if key not in report.notes:
            report.notes[key] = len(report.citations) + 1
            article = facts.articles.get(item.via) if item.via else None
            url = (article.header.url if article else None) or item.url \
                or facts.sources[item.source].url
            report.citations.append(Citation(report.notes[key], facts.sources[item.source],
                                             article, url))
        quotes = report.citations[report.notes[key] - 1].quotes
        if item.quote and item.quote not in quotes:
            quotes.append(item.quote)
    for section in (report.displacement, report.casualties, report.other):
        for entry in section:
            entry.notes = [report.notes[citation_key(f)] for f in entry.figures]
