"""Stage 3, resolve: decide what one issue says, for a report date passed in explicitly.

Figures are grouped by series (:mod:`sitrep.comparable`): only comparable figures share a row,
a change or a trend.  In each row the latest non-partisan figures lead; a party to the
conflict's figure is listed beside them as a claim, never as the headline, never widening the
range, and a newer claim never hides the latest neutral figure.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sitrep import calendar, cite, geo
from sitrep.comparable import SeriesKey, agreement, counted_to, people, series
from sitrep.config import HEADLINE_RULES, KeyFigure, Workspace
from sitrep.models import (
    AccessConstraint,
    AreaMap,
    Citation,
    Cited,
    Entry,
    Facts,
    Figure,
    Funding,
    Issue,
    KeyBox,
    Narrative,
    Report,
    Response,
    TrendPoint,
    citation_key,
    stated,
)
from sitrep.places import Gazetteer

DISPLACEMENT = ("displaced", "returned", "refugees")
CASUALTIES = ("killed", "injured", "missing", "detained")
_GRADES = "ABCDEF"


#: A row of an issue: its series and, for a flow, the day its period ends (flows from one
#: day to different ends are separate rows: two counts, not one revised).
RowKey = tuple[SeriesKey, date | None]


class Memo:
    """What a build resolves once and reuses across its issues: each issue's entries (for the
    trends of later issues), and the workspace's figures indexed by the day they became
    known, by series and by source."""

    def __init__(self) -> None:
        self.entries: dict[date, dict[RowKey, Entry]] = {}
        self._declared: dict[int, list[Figure]] = {}
        self._accepted: list[tuple[Figure, SeriesKey, date, date]] | None = None
        self._stocks: list[tuple[Figure, SeriesKey, date, date, bool]] | None = None
        self._flows: list[tuple[date, int, tuple[Figure, SeriesKey, date, bool]]] | None = None
        self._flow_days: list[date] = []
        self._known: list[tuple[date, int, Figure, SeriesKey, date, bool]] | None = None
        self._series_state: dict[SeriesKey, _Stock] = {}
        self._next = 0
        self._stock_day: date | None = None
        self._first: dict[SeriesKey, date] | None = None
        self._lineage: dict[tuple[SeriesKey, str], tuple[list[date], list[Figure]]] | None = None
        self._access: list[tuple[AccessConstraint, date, date, date | None]] | None = None
        self._by_id: dict[str, Figure] | None = None

    def declared(self, facts: Facts, sel: KeyFigure, places: Gazetteer) -> list[Figure]:
        """The accepted figures that fit a key figure's declaration, found once per build."""
        key = id(sel)
        if key not in self._declared:
            self._declared[key] = [f for f in facts.figures if f.status != "candidate"
                                   and _declared(sel, f, places)]
        return self._declared[key]

    def accepted(self, facts: Facts) -> list[tuple[Figure, SeriesKey, date, date]]:
        """Every accepted figure with its series, the day it was reported and the day it
        counts to, worked out once per build (each issue reads them all)."""
        if self._accepted is None:
            self._accepted = [(f, series(f), f.reported_on, counted_to(f))
                              for f in facts.figures
                              if f.status != "candidate" and f.reported_on is not None]
        return self._accepted

    def stocks(self, facts: Facts) -> list[tuple[Figure, SeriesKey, date, date, bool]]:
        """The accepted stocks, in the order written, each with its series, the day it was
        reported, the day it counts to and whether its source is a party to the conflict."""
        if self._stocks is None:
            self._stocks = [(f, key, reported, counted, _partisan(f, facts))
                            for f, key, reported, counted in self.accepted(facts)
                            if f.kind == "stock"]
        return self._stocks

    def current_stocks(self, facts: Facts, day: date
                       ) -> list[tuple[SeriesKey, list[Figure]]]:
        """What :func:`stock_groups` gives for ``day``, kept up to date as the issues of a
        series are resolved in order: each issue adds the stocks that became known since
        the one before, instead of reading every stock written (a stock series holds every
        earlier count).  An earlier day than the last asked for is worked out afresh."""
        if self._known is None:
            self._known = sorted(((max(reported, counted), i, f, key, counted, partisan)
                                  for i, (f, key, reported, counted, partisan)
                                  in enumerate(self.stocks(facts))),
                                 key=lambda item: (item[0], item[1]))
        if self._stock_day is not None and day < self._stock_day:
            return stock_groups(self, facts, day)
        while self._next < len(self._known) and self._known[self._next][0] <= day:
            _, i, fig, key, counted, partisan = self._known[self._next]
            self._series_state.setdefault(key, _Stock(i)).add(i, fig, counted, partisan)
            self._next += 1
        self._stock_day = day
        return [(key, state.figures()) for key, state in
                sorted(self._series_state.items(), key=lambda item: item[1].first)]

    def flows(self, facts: Facts, first: date, last: date
              ) -> list[tuple[Figure, SeriesKey, date, bool]]:
        """The accepted flows reported from ``first`` to ``last``, in the order written, each
        with its series, the day it counts to and whether its source is a party: found by
        bisection in the flows sorted by the day they were reported, not by reading all."""
        if self._flows is None:
            self._flows = sorted(((reported, i, (f, key, counted, _partisan(f, facts)))
                                  for i, (f, key, reported, counted)
                                  in enumerate(self.accepted(facts)) if f.kind == "flow"),
                                 key=lambda item: (item[0], item[1]))
            self._flow_days = [reported for reported, _, _ in self._flows]
        lo = bisect_left(self._flow_days, first)
        hi = bisect_right(self._flow_days, last)
        return [item for _, _, item in sorted(self._flows[lo:hi], key=lambda x: x[1])]

    def first_known(self, facts: Facts, key: SeriesKey) -> date:
        """The first day an issue could show a figure of the series ``key`` (reported and
        counted to by then)."""
        if self._first is None:
            self._first = {}
            for _, k, reported, counted in self.accepted(facts):
                known = max(reported, counted)
                if known < self._first.get(k, date.max):
                    self._first[k] = known
        return self._first.get(key, date.max)

    def latest_by(self, facts: Facts, key: SeriesKey, source: str, day: date) -> Figure | None:
        """The latest figure of the series ``key`` from ``source`` that an issue dated ``day``
        could show (reported and counted to by then): the one counted furthest, then
        reported last, then the first written.  By bisection in each series and source's
        figures ordered by the day they became known, with the best so far worked out once,
        not by reading the whole series for every issue."""
        if self._lineage is None:
            lines: dict[tuple[SeriesKey, str], list[tuple[date, tuple[date, date, int],
                                                          Figure]]] = defaultdict(list)
            for i, (f, k, reported, counted) in enumerate(self.accepted(facts)):
                lines[(k, f.source)].append((max(reported, counted), (counted, reported, -i), f))
            self._lineage = {}
            for line, items in lines.items():
                items.sort(key=lambda item: item[0])
                best: list[tuple[tuple[date, date, int], Figure]] = []
                for _, rank, f in items:
                    best.append(max(best[-1], (rank, f), key=lambda b: b[0]) if best
                                else (rank, f))
                self._lineage[line] = ([known for known, _, _ in items], [f for _, f in best])
        days, figs = self._lineage.get((key, source), ([], []))
        at = bisect_right(days, day)
        return figs[at - 1] if at else None

    def access(self, facts: Facts) -> list[tuple[AccessConstraint, date, date, date | None]]:
        """The accepted access constraints with the day each was reported, starts and ends."""
        if self._access is None:
            self._access = [(a, a.reported_on, a.starts, a.ends) for a in facts.access
                            if a.status != "candidate" and a.reported_on is not None]
        return self._access

    def by_id(self, facts: Facts) -> dict[str, Figure]:
        """The figures that have an id, by id."""
        if self._by_id is None:
            self._by_id = {fig.id: fig for fig in facts.figures if fig.id}
        return self._by_id


def report(ws: Workspace, facts: Facts, day: date, memo: Memo | None = None) -> Report:
    """Resolve every section of the issue dated ``day``.

    ``memo`` keeps what one issue resolved for the trends of later issues, when a series is
    built in one go."""
    memo = Memo() if memo is None else memo
    this = calendar.issue(ws.config, day)
    prev = calendar.previous(ws.config, this)
    entries = _entries(ws, facts, this, memo)  # new objects: changes and notes are set on them
    if prev is not None:
        for entry in entries.values():
            _compare(entry, memo, facts, prev)
    places = Gazetteer(facts.places)
    ordered = sorted(entries.values(), key=lambda e: _display_order(e, places))
    boxes = [_box(ws, facts, sel, ordered, this, places, memo)
             for sel in ws.config.key_figures]
    access = sorted(_access(memo.access(facts), this), key=lambda a: (-(a.severity or -1),
                                                                 places.order(a.location)))
    section = {e.measure: _section(ws, e.measure) for e in ordered}
    report = Report(
        issue=this, previous=prev, key_figures=boxes,
        displacement=[e for e in ordered if section[e.measure] == "displacement"],
        casualties=[e for e in ordered if section[e.measure] == "casualties"],
        other=[e for e in ordered if section[e.measure] == "other"],
        access=access, narrative=facts.narrative.get(day),
        trend=[], trend_label="", citations=[], notes={},
        rule=HEADLINE_RULES[ws.config.headline_rule], sources=facts.sources,
        references=_references(memo.by_id(facts), facts.narrative.get(day)),
        funding=_latest(facts.funding, lambda f: f.appeal, this, this.date.replace(year=1900)),
        response=_latest(facts.response, lambda r: r.cluster, this, this.start),
        map=_map(ws, facts, ordered))
    _trend(ws, facts, report, memo)
    _casualty_trend(ws, facts, report, memo)
    _number_citations(facts, report)
    return report


def _section(ws: Workspace, measure: str) -> str:
    """The section of the report a measure's rows go to."""
    declared = ws.config.measure(measure)
    if declared is not None:
        return declared.section
    if measure in DISPLACEMENT:
        return "displacement"
    return "casualties" if measure in CASUALTIES else "other"


def _known(ws: Workspace, facts: Facts, past: Issue, memo: Memo) -> dict[RowKey, Entry]:
    """A past issue's entries, read only, resolved once per build."""
    if past.date not in memo.entries:
        memo.entries[past.date] = _entries(ws, facts, past, memo)
    return memo.entries[past.date]


def _entries(ws: Workspace, facts: Facts, this: Issue, memo: Memo) -> dict[RowKey, Entry]:
    """Group what is known on the issue date by row and resolve each group (candidates,
    proposed by extraction and not yet accepted by a person, are never among them)."""
    day = this.date
    current: dict[RowKey, list[Figure]] = {
        (key, None): figs for key, figs in memo.current_stocks(facts, day)}
    groups: dict[RowKey, list[tuple[Figure, date, bool]]] = defaultdict(list)
    for fig, key, counted, partisan in memo.flows(facts, this.start, day):
        groups[(key, counted)].append((fig, counted, partisan))
    current |= {key: _current(figs) for key, figs in groups.items()}
    return {key: _entry(ws, facts, figs, this) for key, figs in current.items()}


def stock_groups(memo: Memo, facts: Facts, day: date) -> list[tuple[SeriesKey, list[Figure]]]:
    """Each stock series an issue dated ``day`` can show, with the figures its row shows
    (:func:`_current`), the series in the order their first figure is written: worked out
    by reading every stock written.  :meth:`Memo.current_stocks` gives the same, kept up
    to date from one issue to the next."""
    groups: dict[SeriesKey, list[tuple[Figure, date, bool]]] = defaultdict(list)
    for fig, key, reported, counted, partisan in memo.stocks(facts):
        if reported <= day and counted <= day:
            groups[key].append((fig, counted, partisan))
    return [(key, _current(figs)) for key, figs in groups.items()]


@dataclass
class _Stock:
    """A stock series as known on some day: what :func:`_current` needs of it."""

    first: int  # where its first figure known by then is written (orders the rows)
    latest: date | None = None  # the latest day a neutral figure counts to
    #: the figures that may still be shown (written number, figure, counts to, partisan):
    #: those counted to ``latest`` or later; all of them while no figure is neutral
    shown: list[tuple[int, Figure, date, bool]] = field(default_factory=list)

    def add(self, i: int, fig: Figure, counted: date, partisan: bool) -> None:
        self.first = min(self.first, i)
        if self.latest is not None and counted < self.latest:
            return  # older than a neutral count: never shown again
        if not partisan and (self.latest is None or counted > self.latest):
            self.latest = counted
            self.shown = [item for item in self.shown if item[2] >= counted]
        self.shown.append((i, fig, counted, partisan))

    def figures(self) -> list[Figure]:
        """The figures the row shows (as :func:`_current` chooses), in the order written."""
        shown = sorted(self.shown, key=lambda item: item[0])
        if self.latest is None:  # claims only: the latest of them
            last = max(counted for _, _, counted, _ in shown)
            return [fig for _, fig, counted, _ in shown if counted == last]
        return [fig for _, fig, _, _ in shown]


def _row(entries: dict[RowKey, Entry], key: SeriesKey) -> Entry | None:
    """An issue's row of a series: for flows, the one counted furthest."""
    rows = [e for (k, _), e in entries.items() if k == key and not e.claim]
    return max(rows, key=lambda e: counted_to(e.headline)) if rows else None


def _partisan(fig: Figure, facts: Facts) -> bool:
    return facts.sources[fig.source].partisan


def _current(figs: list[tuple[Figure, date, bool]]) -> list[Figure]:
    """The figures a row shows: those of the latest day a non-partisan source counted to,
    and any claim as recent or more recent (listed as a claim, never leading).  ``figs``
    are the group's figures with the day each counts to and whether its source is a party
    (worked out once per build: a stock's group holds every earlier count of its series)."""
    neutral = [counted for _, counted, partisan in figs if not partisan]
    latest = max(neutral) if neutral else max(counted for _, counted, _ in figs)
    return [f for f, counted, partisan in figs if counted == latest
            or (counted > latest and partisan)]


def _entry(ws: Workspace, facts: Facts, figs: list[Figure], this: Issue) -> Entry:
    headline = pick_headline(figs, facts, ws.config.headline_rule)
    ranked = [headline, *sorted((f for f in figs if f is not headline),
                                key=lambda f: (_partisan(f, facts), _reliability(f, facts)))]
    neutral = [f for f in ranked if not _partisan(f, facts)] or ranked
    age = (this.date - counted_to(headline)).days
    return Entry(measure=headline.measure, population=headline.population,
                 location=headline.location, kind=headline.kind, headline=headline,
                 figures=ranked, sources=[facts.sources[f.source] for f in ranked],
                 claim=_partisan(headline, facts), compared=neutral,
                 status=agreement(neutral), age_days=age,
                 stale=headline.kind == "stock" and age > ws.config.freshness_days)


def pick_headline(figs: list[Figure], facts: Facts, rule: str) -> Figure:
    """Choose the figure a row leads with (see HEADLINE_RULES); never a claim when any
    non-partisan figure exists."""
    neutral = [f for f in figs if not _partisan(f, facts)] or figs

    def conservative(f: Figure) -> int:
        return stated(f)[0]

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


def _compare(entry: Entry, memo: Memo, facts: Facts, prev: Issue) -> None:
    """Set a row's change against the same source's latest comparable figure that the
    previous issue could have shown."""
    head = entry.headline
    key = series(head)
    entry.first = memo.first_known(facts, key) > prev.date
    before = memo.latest_by(facts, key, head.source, prev.date)
    if before is None:
        return
    entry.previous = before
    if counted_to(before) == counted_to(head) and stated(before) == stated(head) \
            and before.qualifier == head.qualifier:
        entry.unchanged = True
    else:
        entry.change = people(head) - people(before)


def _display_order(entry: Entry, places: Gazetteer) -> tuple[object, ...]:
    """By measure, population and kind, then places by the gazetteer's hierarchy."""
    return (entry.measure, entry.population or "", entry.kind, places.order(entry.location),
            -counted_to(entry.headline).toordinal())


def _label(ws: Workspace, sel: KeyFigure) -> str:
    """A key figure's label: as configured, else what it counts in words."""
    if sel.label:
        return sel.label
    declared = ws.config.measure(sel.measure)
    if declared is not None and (declared.label or declared.unit != "people"):
        words = declared.words
    else:
        words = f"{sel.population or 'people'} {sel.measure}".replace("_", " ")
    return words[:1].upper() + words[1:]


def _declared(sel: KeyFigure, fig: Figure, places: Gazetteer) -> bool:
    """Does a figure fit a key figure's declaration (measure, population, place, definition)?"""
    if fig.measure != sel.measure:
        return False
    if not (fig.population == sel.population
            or (sel.population is None and fig.population in (None, "people"))):
        return False
    if sel.location is not None and not places.means(sel.location, fig.location):
        return False
    if sel.kind is not None and fig.kind != sel.kind:
        return False
    if sel.since is not None:
        start = fig.period.start if fig.kind == "flow" and fig.period else fig.since
        return start == sel.since
    return True


def _box(ws: Workspace, facts: Facts, sel: KeyFigure, entries: Iterable[Entry],
         this: Issue, places: Gazetteer, memo: Memo) -> KeyBox:
    """A key figure: the entry its declaration selects (stocks first, then the newest), or,
    when none is current, the latest figure of that declaration the series has had; or a
    share of two figures named by id, once both are known."""
    if sel.part is not None:
        known = {f.id: f for f in facts.figures if f.id and f.status != "candidate"
                 and f.reported_on is not None and f.reported_on <= this.date}
        part, whole = known.get(sel.part), known.get(sel.whole or "")
        return KeyBox(_label(ws, sel), None, part=part, whole=whole) if part and whole \
            else KeyBox(_label(ws, sel), None)
    matches = [e for e in entries if _declared(sel, e.headline, places)]
    matches.sort(key=lambda e: (e.kind != "stock", e.age_days))
    if matches:
        return KeyBox(_label(ws, sel), matches[0])
    earlier = [f for f in memo.declared(facts, sel, places)
               if f.reported_on is not None and f.reported_on <= this.date
               and counted_to(f) <= this.date]
    if not earlier:
        return KeyBox(_label(ws, sel), None)
    last = max(earlier, key=lambda f: (not _partisan(f, facts), counted_to(f),
                                       -_reliability(f, facts)))
    return KeyBox(_label(ws, sel), None, last, facts.sources[last.source])


def _map(ws: Workspace, facts: Facts, entries: Iterable[Entry]) -> AreaMap | None:
    """The map's areas: for each shape's p-code, the current row of the map's measure
    (a stock; the one counted latest when several definitions are current; never a claim);
    None when no area has one."""
    spec, boundaries = ws.config.map, facts.boundaries
    if spec is None or boundaries is None:
        return None
    pcodes = boundaries.pcodes
    chosen: dict[str, Entry] = {}
    for entry in entries:
        pcode = entry.location.pcode
        if entry.claim or pcode not in pcodes or not geo.shown(spec, entry.headline):
            continue
        assert pcode is not None
        if pcode not in chosen or counted_to(entry.headline) > counted_to(chosen[pcode].headline):
            chosen[pcode] = entry
    label = _label(ws, KeyFigure(measure=spec.measure, population=spec.population))
    return AreaMap(boundaries, chosen, label) if chosen else None


def _access(items: list[tuple[AccessConstraint, date, date, date | None]], this: Issue
            ) -> list[AccessConstraint]:
    """Constraints reported in the period, or still in force during it (a period that
    overlaps it, an ``until:`` not yet passed, or ``ongoing: yes``).  ``items`` are the
    accepted constraints, each with the day it was reported, starts and ends."""
    return [item for item, reported, starts, ends in items if reported <= this.date and (
        reported >= this.start or starts <= this.date and (ends is None or ends >= this.start))]


def _trend(ws: Workspace, facts: Facts, report: Report, memo: Memo) -> None:
    """The first displacement key figure's series, issue by issue up to this one: only
    figures comparable with the one the box shows; an issue without one is a gap."""
    index = next((i for i, k in enumerate(ws.config.key_figures)
                  if k.measure in DISPLACEMENT), None)
    if index is None:
        return
    box = report.key_figures[index]
    shown = box.entry.headline if box.entry else box.last
    if shown is None:
        return
    report.trend_label = box.label
    key = series(shown)
    for past in calendar.past(ws.config, report.issue):
        entry = _row(_known(ws, facts, past, memo), key)
        report.trend.append((past, entry.headline if entry and not entry.claim else None))


def _casualty_trend(ws: Workspace, facts: Facts, report: Report, memo: Memo) -> None:
    """The "killed" key figure's series issue by issue, with children as "of which" when the
    figure counts civilians or people: the same place, definition and period as the box."""
    index = next((i for i, k in enumerate(ws.config.key_figures) if k.measure == "killed"),
                 None)
    if index is None or report.key_figures[index].entry is None:
        return
    box = report.key_figures[index]
    entry = box.entry
    assert entry is not None
    key = series(entry.headline)
    part = "children" if entry.population in (None, "people", "civilians") else None
    part_key = (key[0], "children", *key[2:]) if part else None
    points = []
    for past in calendar.past(ws.config, report.issue):
        known = _known(ws, facts, past, memo)
        whole = _row(known, key)
        fig = whole.headline if whole else None
        sub = _row(known, part_key) if part_key else None
        of_which = sub.headline if sub and fig \
            and counted_to(sub.headline) == counted_to(fig) else None
        points.append(TrendPoint(past, fig, of_which))
    report.casualty_trend = points
    report.casualty_label = box.label
    report.casualty_part = part if any(p.part for p in points) else None


Dated = TypeVar("Dated", Funding, Response)


def _latest(items: list[Dated], key: Callable[[Dated], str], this: Issue, since: date
            ) -> list[Dated]:
    """Per appeal or cluster, the latest entry reported by the issue date and dated on or
    after ``since``, in the order the fact sheets first name them."""
    chosen: dict[str, Dated] = {}
    for item in items:
        day = item.counted_to
        reported = item.reported_on
        if day is None or reported is None or reported > this.date or day < since:
            continue
        name = key(item)
        if name not in chosen or (day, reported) >= (chosen[name].counted_to or day,
                                                     chosen[name].reported_on or reported):
            chosen[name] = item
    return list(chosen.values())


def _references(by_id: dict[str, Figure], narrative: Narrative | None) -> dict[str, Figure]:
    """The figures an issue's narrative cites by reference (checked to exist by validate)."""
    texts = [*narrative.highlights, narrative.overview] if narrative else []
    return {ref.id: by_id[ref.id] for text in texts for ref in cite.references(text)
            if ref.id in by_id}


def _number_citations(facts: Facts, report: Report) -> None:
    """Number sources in the order the report first cites them, then figures' notes."""
    cited: list[Cited] = []
    for box in report.key_figures:
        cited += box.entry.figures if box.entry else []
        cited += [f for f in (box.last, box.part, box.whole) if f is not None]
    sections = (report.displacement, report.casualties, report.other)
    for section in sections:
        for entry in section:
            cited += entry.figures
    cited += report.access
    cited += report.references.values()
    cited += [*report.funding, *report.response]
    for item in cited:
        key = citation_key(item)
        source = facts.sources[item.source]
        if key not in report.notes:
            report.notes[key] = len(report.citations) + 1
            article = facts.articles.get(item.via) if item.via else None
            url = (article.header.url if article else None) or item.url \
                or (None if article else source.url)
            report.citations.append(Citation(report.notes[key], source, article, url))
        citation = report.citations[report.notes[key] - 1]
        quotes = citation.voice(source)
        if item.quote and item.quote not in quotes:
            quotes.append(item.quote)
            citation.quotes.append(item.quote)
    remarks: dict[str, int] = {}
    for section in sections:
        for entry in section:
            entry.notes = [report.notes[citation_key(f)] for f in entry.figures]
            entry.remarks = [_remark(f.note, remarks, report) for f in entry.figures]
    for note in [f.note for f in report.funding] + [r.note for r in report.response]:
        _remark(note, remarks, report)


def _remark(note: str | None, seen: dict[str, int], report: Report) -> int | None:
    """The footnote number of a figure's note, numbered after the sources."""
    if not note:
        return None
    if note not in seen:
        seen[note] = len(report.citations) + len(report.remarks) + 1
        report.remarks.append((seen[note], note))
    return seen[note]

