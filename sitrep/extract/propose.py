"""Propose candidate figures and access constraints from an article, each with its sentence.

Nothing here writes to a fact sheet: candidates go to a review file, and a person accepts
them (see :mod:`sitrep.review`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sitrep.extract import access, attribute, classify, numbers
from sitrep.extract.place import Places
from sitrep.extract.text import Sentence, sentences, when
from sitrep.models import Article, Source

_REFERS_BACK = re.compile(r"(?:^\W*(?:It|They|He|She|Its|Their|His|Her)\b.*\b|\b(?:it|they|he|she|"
                          r"the (?:agency|group|office|ministry|organi[sz]ation))\s+)"
                          r"(?:(?:later|also|then)\s+)?(?:said|says|added|reported|warned|"
                          r"estimated|told|lowered|raised|revised|updated|corrected|gave|put)\b")
#: A forecast, not a count: "as many as 50,000 could arrive", "expected to rise to 2 million".
_PROJECTION = re.compile(r"\b(?:could|would|might|expected to|projected|forecast|likely to|"
                         r"set to|will|expects?|expecting|anticipat\w+|predict\w*|fears? that|"
                         r"feared that|in the (?:coming|next) (?:days?|weeks?|months?)|"
                         r"next (?:week|month))\b",
                         re.IGNORECASE)
#: A number forecast to grow: "that number could rise to 1.7 million".
_RISE_TO = re.compile(r"\b(?:could|may|might|would|will|is expected to|are expected to)\s+"
                      r"(?:rise|increase|grow|climb|reach|double|exceed|pass)\b", re.IGNORECASE)
_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_PARTISAN_NOTE = "a claim by a party to the conflict"
#: A source described, not named: "a local resistance group said" (the next sentence may name it).
_UNNAMED = re.compile(r"\b(?:an?)\s+(?:[\w-]+\s+){0,3}(?:group|monitor|organi[sz]ation|charity|"
                      r"agency|body|network|observatory|committee|militia|movement)\s+"
                      r"(?:said|says|reported|reports)\b", re.IGNORECASE)
_ACROSS = re.compile(r"\b(?:refugees?|asylum|cross(?:ed|ing|es)? (?:into|the border)|"
                     r"border (?:crossing|point)|cross-border)\b", re.IGNORECASE)
_ARRIVED = re.compile(r"\barriv(?:ed|als?|ing)\b", re.IGNORECASE)
#: A toll corrected in so many words: "he later lowered the toll to 60".
_REVISED = re.compile(r"\b(?:lowered|raised|revised|corrected|cut|reduced|increased|updated)\s+"
                      r"(?:the|its|his|her|their)\s+(?:death\s+)?(?:toll|figure|number|count|"
                      r"estimate|tally)\b", re.IGNORECASE)
#: A fact box's label on a line of its own: a few words, no count, no full stop.
_FACT_LABEL = re.compile(r"[*_#\s]*[A-Za-z][\w ,()'’/-]{1,60}?[*_:\s]*")
#: A fact box's number on a line of its own: "845", "over 600,000", "1.2 M".
_BARE_NUMBER = re.compile(rf"[*_\s]*(?:(?:{numbers.QUALIFIER_WORDS})\s+)?[\d.,]+(?:\s?[MmKk]|"
                          r"\s?(?:million|billion|thousand|bn|mn))?[*_\s]*", re.IGNORECASE)
#: A sentence that goes on with the one before: "Another 20 were wounded".
_CONTINUES = re.compile(r"^\W*(?:Another|A further|Of (?:them|those|these)|Among them)\b")
#: Measures sitrep proposes that a workspace declares itself (config measures:) to accept.
_NOT_BUILT_IN = {
    "other": "casualties: killed and injured together; split them, or declare a measure",
    "targeted": "people a plan targets, not people in need; declare a 'targeted' measure"}
#: Where a sentence turns to another source: "; hospital sources put ...", ", while the rebels".
_CLAUSE = re.compile(r";\s*|,\s+and\s+(?=(?:the\s+)?[\w-]+['’]s\s+(?:[\w-]+\s+){0,2}?"
                     r"(?:plan|appeal|programme)\b)|"
                     r",\s+(?:while|whereas|but|alongside|in addition to|besides|where|"
                     r"(?:a|the) (?:figure|number|toll|count) (?:disputed|contested|rejected|"
                     r"questioned) by)\s+|"
                     r"\s+(?:while|whereas)\s+")
#: A figure the text itself withdraws.
_SUPERSEDED = re.compile(r"\b(?:an earlier version|incorrectly (?:said|reported|stated|gave)|"
                         r"wrongly (?:said|reported|stated|gave))\b", re.IGNORECASE)
#: Measures that plan ahead by nature: "the allocation will support 12,000 people".
_PLANNED = {"in_need", "targeted"}
#: ... unless the plan is for the days just ahead: "WFP plans to assist 20,000 more in the
#: coming week" is a forecast of aid, not a plan's target.
_SOON = re.compile(r"\bin the (?:coming|next) (?:days?|week)\b|\bnext week\b", re.IGNORECASE)
#: The count is the subject of a "could", "may" or "might": "up to 90,000 children could become
#: malnourished" is a forecast whatever its measure ("could not flee", "may have died" are not;
#: "will need assistance in 2025" is a needs overview's planning figure).
_MODAL_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,5}?\s+(?:could|may|might)\s+"
                          r"(?!not\b|have\b|never\b)\w+", re.IGNORECASE)
_RISE_FROM = re.compile(r"\b(?:from|up from|down from|revised from)\s*$", re.IGNORECASE)


@dataclass
class Candidates:
    """What one article proposes: figures, access constraints, vague amounts, new sources."""

    article: Article
    figures: list[dict[str, Any]] = field(default_factory=list)
    access: list[dict[str, Any]] = field(default_factory=list)
    vague: list[dict[str, Any]] = field(default_factory=list)
    projections: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


def extract(article: Article, places: list[str], known: dict[str, Source]) -> Candidates:
    """Read ``article`` sentence by sentence and propose what it reports."""
    out = Candidates(article)
    context = _Context(article, places, known, out)
    label: Sentence | None = None
    for sentence in sentences(article.body, article.body_start):
        if label is not None and _BARE_NUMBER.fullmatch(sentence.text):
            # a fact box: "**Killed since 1 May**", then "845" on a line of its own
            sentence = Sentence(label.start, sentence.end, article.text[label.start:sentence.end])
        label = sentence if _FACT_LABEL.fullmatch(sentence.text) else None
        context.read(sentence)
    return out


class _Context:
    def __init__(self, article: Article, places: list[str], known: dict[str, Source],
                 out: Candidates):
        self.article, self.known, self.out = article, known, out
        self.places = Places(article, places)
        self.last_source: str | None = None
        self.people: dict[str, str | None] = {}  # a person named before, and whom they speak for
        self.unnamed: list[dict[str, Any]] = []  # figures of "a local group said", named next
        self.list_source: str | None = None  # the source a list's intro names ("According to X:")
        self.seen: set[tuple[object, ...]] = set()
        self.previous: str | None = None  # the source the sentence just before named
        self.told_before: str | None = None  # the same, kept while this sentence is read
        self.speaker: str | None = None  # a person this sentence names, who speaks for nobody known
        self.named: list[str] = []  # every source named so far, in order
        self.told: dict[int, int] = {}  # where each sentence starts: figures proposed up to it
        self.last_measure: str | None = None  # what the last figure counted
        # a story about people crossing a border: its arrivals are refugees
        self.across = len(_ACROSS.findall(f"{article.header.title}\n{article.body}")) >= 2

    def read(self, sentence: Sentence) -> None:
        self.speaker, self.told_before = None, self.previous
        name = attribute.source_in(sentence.text)
        earlier = self._earlier(name) if name is not None else None
        if name is not None and self.last_source and re.match(r"(?:Its|Their)\s", name):
            name = self.last_source  # "Its head of delegation, X, said"
        elif earlier:
            name = earlier  # "according to the institute": the National Institute named before
        elif name is not None and attribute.BACK.match(name) and self.last_source and (re.search(
                rf"\b{re.escape(name)}(?:\s+(?:also\s+)?(?:said|says|added|reported|warned)|"
                rf"['’]s\s)|\baccording to (?:the|its)\s+{re.escape(name)}",
                sentence.text, re.IGNORECASE) or name.split()[-1].lower() in
                self.last_source.lower() or re.match(r"(?i:its|their)\b", name)):
            name = self.last_source  # "the group said", "according to the agency"
        elif name is None and _REFERS_BACK.search(sentence.text):
            name = self.last_source
        elif name is None and self.list_source and _BULLET.match(
                self.article.text, self._line_start(sentence.start)):
            name = self.list_source  # a bullet under "According to OCHA:"
        elif name is not None:
            name = self._speaker(name, sentence.text)
        elif name is None and _CONTINUES.match(sentence.text):
            name = self.previous  # "Another 20 soldiers were wounded": the same telling
        self.last_source = name or attribute.introduced(sentence.text) or self.last_source
        self.previous = name if name != self.article.header.publisher else None
        if name and name != self.article.header.publisher and not attribute.BACK.match(name):
            self.named.append(name)
        if sentence.text.rstrip().endswith(":"):
            self.list_source = name
        elif not _BULLET.match(self.article.text, self._line_start(sentence.start)):
            self.list_source = None
        source = self._source(name, sentence.text)
        if self.unnamed and name and name[0].isupper() and \
                re.match(rf"(?:The\s+)?{re.escape(name)}\b", sentence.text):
            for item in self.unnamed:  # "..., a local resistance group said. The X Front, ..."
                item["source"] = source
                item.update({"note": _PARTISAN_NOTE} if self._kind(source) ==
                            "party_to_conflict" else {})
        self.unnamed = []
        place = self.places.of(sentence.text)
        before = len(self.out.figures)
        self._figures(sentence, source, place)
        if _REVISED.search(sentence.text):
            self._withdraw(self.out.figures[before:], before)
        if name and _UNNAMED.search(sentence.text):
            self.unnamed = self.out.figures[before:]
        self.told[sentence.start] = len(self.out.figures)
        self._vague(sentence)
        self._access(sentence, source, place)

    def _withdraw(self, revised: list[dict[str, Any]], before: int) -> None:
        """A toll revised in this sentence ("he later lowered the toll to 60") withdraws the
        figure of the same measure given in the sentence before."""
        starts = sorted(self.told)
        first = self.told[starts[-2]] if len(starts) > 1 else 0
        for new in revised:
            for old in self.out.figures[first:before]:
                if (old["measure"], old.get("population")) == (new["measure"],
                                                                 new.get("population")):
                    self.out.figures.remove(old)
                    before -= 1
                    break

    def _earlier(self, name: str) -> str | None:
        """The source named earlier that a generic word refers back to: "the institute" after
        "the National Institute for Disaster Risk Management (INGD)"."""
        if not attribute.BACK.match(name) or not name.split():
            return None
        word = re.compile(rf"\b{re.escape(name.split()[-1])}\b", re.IGNORECASE)
        return next((n for n in reversed(self.named) if word.search(n)), None)

    def _line_start(self, offset: int) -> int:
        return self.article.text.rfind("\n", 0, offset) + 1

    def _speaker(self, name: str, sentence: str) -> str:
        """A name as a source: a person speaks for their organisation or role, or is quoted by
        the publisher; a place, a weekday or a month is never a source."""
        publisher = self.article.header.publisher
        if attribute.WHEN.match(name) or self.places.is_place(name):
            return publisher
        if attribute.is_person(name) and not re.search(
                rf"{re.escape(name)}['’]?s?\s+(?:(?:latest|new|own|preliminary)\s+)?(?:analysis|"
                rf"report|assessment|survey|study|data|figures|bulletin|update)\b", sentence):
            # "the latest Cadre Harmonisé analysis": a body's work, not a person's words
            if name not in self.people or attribute.speaks_for(name, sentence):
                self.people[name] = self._speaks_for(name, sentence)
            if self.people[name] is None:
                self.speaker = name  # named, but not whom they speak for: check will ask
            return self.people[name] or publisher
        return name

    def _speaks_for(self, name: str, sentence: str) -> str | None:
        """Whom a person speaks for: their role in this sentence; a group referred back to
        ("a volunteer with the group"); or, for a person named with no role at all right after
        a sentence that gave a source ("the interior minister said ... Ihor Klymenko told"),
        that source."""
        org = attribute.speaks_for(name, sentence)
        if org and attribute.BACK.match(org) and self.last_source:
            return self.last_source
        if org is None and self.previous and not attribute.described(name, sentence):
            return self.previous
        return org

    def _clauses(self, text: str, source: str) -> list[tuple[int, str | None]]:
        """Where each clause of several sources begins, and whose it is: "the army put the toll
        at 20, while the rebels said 45 had died"; ``None`` for a superseded clause."""
        out: list[tuple[int, str | None]] = [(0, source)]
        for cut in _CLAUSE.finditer(text):
            clause = text[cut.end():]
            name = attribute.source_in(re.split(_CLAUSE, clause, maxsplit=1)[0])
            if name and not attribute.BACK.match(name):
                out.append((cut.start(), self._source(self._speaker(name, clause), clause)))
                if len(out) == 2 and out[1][1] == source and _subject(clause, name) and \
                        attribute.source_in(text[:cut.start()]) is None:
                    # "about 100,000 crossed, where UNHCR has registered 91,000": the
                    # agency is the second clause's subject, not the first clause's source
                    out[0] = (0, self._source(self.told_before if _CONTINUES.match(text)
                                              else None, text))
            else:
                out.append((cut.start(), out[-1][1] if len(out) > 1 else source))
        return [(at, None if _SUPERSEDED.search(text[at:next_at]) else who)
                for (at, who), next_at in zip(out, [a for a, _ in out[1:]] + [len(text)],
                                               strict=True)]

    def _figures(self, sentence: Sentence, source: str, place: str) -> None:
        # years, percentages and dates neither count nor cut a count from its words
        found = [m for m in numbers.mentions(sentence.text) if classify.countable(sentence.text, m)]
        clauses: list[tuple[int, str | None]] = [(0, source)]
        if len(found) > 1 or _SUPERSEDED.search(sentence.text):
            clauses = self._clauses(sentence.text, source)
        readings = self._readings(sentence.text, found, clauses)
        if not readings and found and self.last_measure and not classify.cues(sentence.text):
            readings = classify.carried(sentence.text, found, self.last_measure, clauses)
        for mention, reading, whose in readings:
            if re.search(r"\bfrom\s*$", sentence.text[:mention.start]) and mention.high:
                mention = numbers.Mention(mention.start, mention.end, mention.high, None, None,
                                          mention.qualifier, mention.text)
            # a total restated later is the same figure; a small count may recur elsewhere
            large = (mention.value or mention.low or 0) >= 100
            key = (reading.measure, reading.population, mention.value, mention.low,
                   None if large else place)
            if key in self.seen:
                continue
            self.seen.add(key)
            if reading.measure == "displaced" and self.across and _ARRIVED.search(
                    sentence.text, max(0, mention.start - 40), mention.end + 60):
                # arrivals in a story about people crossing a border are refugees
                reading = classify.Reading("refugees", reading.population, reading.unit,
                                           reading.subset)
            item = self._figure(sentence, mention, reading, whose, place)
            self.last_measure = reading.measure
            # needs and targets are planning figures (IPC, needs overviews, appeals): a
            # forecast is their nature, unless the text says the number could rise to it
            if _MODAL_AFTER.match(sentence.text, mention.end) or _projected(
                    sentence.text, mention) and (reading.measure not in _PLANNED or
                                                 _RISE_TO.search(sentence.text) or
                                                 _SOON.search(sentence.text)):
                item["projection"] = True
                item.pop("status")
                self.out.projections.append(item)
            else:
                self.out.figures.append(item)

    @staticmethod
    def _readings(text: str, found: list[numbers.Mention], clauses: list[tuple[int, str | None]]
                  ) -> list[tuple[numbers.Mention, classify.Reading, str]]:
        """Each count's reading and source; a count listed before others that share its verb
        ("31 schools, 9 clinics and 2,500 latrines were damaged") takes the reading after it."""
        read: list[tuple[numbers.Mention, classify.Reading | None, str | None]] = []
        previous: classify.Reading | None = None
        for i, mention in enumerate(found):
            lo = found[i - 1].end if i else 0
            hi = found[i + 1].start if i + 1 < len(found) else len(text)
            whose = [who for at, who in clauses if at <= mention.start][-1]
            if _RISE_FROM.search(text[:mention.start]) or whose is None:
                read.append((mention, None, None))  # "from 87"; "an earlier version said 30"
                continue
            mention = _share(text, mention)
            previous = classify.read(text, mention, lo, hi, previous)
            read.append((mention, previous, whose))
        for i in range(len(read) - 2, -1, -1):
            mention, reading, whose = read[i]
            after = read[i + 1][1]
            if reading is None and whose is not None and after is not None and not after.subset:
                listed = classify.listed_before(text, mention, read[i + 1][0], after)
                if listed:
                    read[i] = (mention, listed, whose)
        return [(m, r, w) for m, r, w in read if r is not None and w is not None]

    def _figure(self, sentence: Sentence, mention: numbers.Mention,
                reading: classify.Reading, source: str, place: str) -> dict[str, Any]:
        item: dict[str, Any] = {"measure": reading.measure}
        if reading.population:
            item["population"] = reading.population
        item["location"] = place
        item.update(_time(sentence.text, self.article))
        if mention.value is not None:
            item["value"] = mention.value
        else:
            item["min"], item["max"] = mention.low, mention.high
        if mention.qualifier != "exact":
            item["qualifier"] = mention.qualifier
        if reading.unit == "households":
            item["unit"] = "households"
        item.update(self._provenance(sentence, source))
        if reading.measure in _NOT_BUILT_IN:
            item["note"] = "; ".join(filter(None, [item.get("note"),
                                                   _NOT_BUILT_IN[reading.measure]]))
        return item

    def _provenance(self, sentence: Sentence, source: str) -> dict[str, Any]:
        item: dict[str, Any] = {"source": source, "via": self.article.id,
                                "quote": _one_line(sentence.text),
                                "offsets": [sentence.start, sentence.end]}
        if self._kind(source) == "party_to_conflict":
            item["note"] = _PARTISAN_NOTE
        if self.speaker and source == self._source(None, sentence.text):
            item["speaker"] = self.speaker  # the publisher's, though the sentence names someone
        item["status"] = "candidate"
        return item

    def _kind(self, source: str) -> str | None:
        return (self.known[source].kind if source in self.known
                else self.out.sources.get(source, {}).get("kind"))

    def _vague(self, sentence: Sentence) -> None:
        for match in numbers.VAGUE_RE.finditer(sentence.text):
            phrase = match.group(0)
            cue = next((m for s, e, m in classify.cues(sentence.text)
                        if m != "facilities_damaged"), None)
            if cue is None or not re.match(r"(?:people|civilians|children|women|men|residents|"
                                           r"families|households|refugees|migrants|others|"
                                           r"villagers|displaced|dead|injured)",
                                           match.group("noun"), re.IGNORECASE):
                continue
            self.out.vague.append({"phrase": phrase, "measure": cue,
                                   "quote": _one_line(sentence.text),
                                   "offsets": [sentence.start, sentence.end]})

    def _access(self, sentence: Sentence, source: str, place: str) -> None:
        category = access.category(sentence.text)
        if category is None:
            return
        item: dict[str, Any] = {"location": self.places.of_constraint(sentence.text, place)}
        timing = _time(sentence.text, self.article)
        item["date"] = timing.get("as_of") or timing["period"]["end"]
        item["category"] = category
        item["description"] = _one_line(sentence.text)
        item.update(self._provenance(sentence, source))
        self.out.access.append(item)

    def _source(self, name: str | None, sentence: str) -> str:
        name = name or self.article.header.publisher
        known = _known_source(name, self.known)
        if known:
            return known
        ident = attribute.slug(name)
        claimed = bool(re.search(r"\bclaim(?:ed|s)?\b", sentence))
        kind = attribute.kind_of(name, claimed)
        if name == self.article.header.publisher and kind in ("local", "government"):
            kind = "media"  # a publisher is media unless its name says more ("UN OCHA")
        self.out.sources.setdefault(ident, {"id": ident, "name": name, "kind": kind})
        return ident


def _subject(clause: str, name: str) -> bool:
    """Whether ``name`` opens the clause, as its subject ("UNHCR has registered ...")."""
    at = min((i for n in [name, *re.findall(r"\(([^)]+)\)", name)]
              if (i := clause.find(n)) >= 0), default=-1)  # "the IOM's" for its full name
    return at >= 0 and len(clause[:at].split()) <= 2


def _known_source(name: str, known: dict[str, Source]) -> str | None:
    """The workspace's source ``name`` means: by id, name, acronym or alias ("the White Helmets"
    and "Syrian Civil Defence" are both "Syrian Civil Defence (White Helmets)")."""
    plain = " ".join(re.sub(r"^the\s+", "", name.lower().replace("’", "'")).split())
    wanted = {_key(name), _key(attribute.ALIASES.get(plain, name))}
    for source in known.values():
        names = [source.id, source.name, *source.aliases,
                 re.sub(r"\s*\(.*\)$", "", source.name),
                 *re.findall(r"\(([^)]+)\)", source.name)]
        if wanted & {_key(n) for n in names}:
            return source.id
    # "UN OCHA": an acronym of three letters or more inside the name, the longest first
    words = set(re.findall(r"\b[A-Z]{3,}\b", name))
    found = [(len(a), s.id) for s in known.values()
             for a in {s.id.upper(), *re.findall(r"\(([A-Z]{3,})\)", s.name)} if a in words]
    return max(found)[1] if found else None


def _key(name: str) -> str:
    """A name in one spelling for all its variants: "the Government of Turkey", "Turkey's
    government" and "the Turkish government" are all "turkey government"."""
    low = re.sub(r"^the\s+|['’]s\b", "", name.lower().replace("’", "'").strip())
    low = re.sub(r"\b(\w+) of (?:the )?([\w' -]+)$", r"\2 \1", " ".join(low.split()))
    return " ".join(attribute.COUNTRY_OF.get(word, word) for word in low.split())


#: "nearly half of the city's 2.9 million residents face hunger": the figure is the share.
_SHARE = re.compile(r"(?:(?P<qual>nearly|almost|about|around|some|roughly|over|more than)\s+)?"
                    r"(?P<share>half|a third|one third|a quarter|one quarter|two thirds|"
                    r"three quarters|(?P<pct>\d{1,2}(?:\.\d+)?)\s*(?:%|per ?cent))\s+of\s+"
                    r"(?:the\s+|its\s+|their\s+)?(?:[\w-]+['’]s\s+)?(?:estimated\s+)?$",
                    re.IGNORECASE)
_WHOLE = re.compile(r"^\s+(?:residents|inhabitants|population|people living)\b", re.IGNORECASE)
_SHARES = {"half": 1 / 2, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 1 / 4,
           "one quarter": 1 / 4, "two thirds": 2 / 3, "three quarters": 3 / 4}


def _share(text: str, mention: numbers.Mention) -> numbers.Mention:
    """A share of a whole population is the count of that share, approximately."""
    share = _SHARE.search(text[:mention.start])
    if not share or mention.value is None or not _WHOLE.match(text[mention.end:]):
        return mention
    part = float(share.group("pct")) / 100 if share.group("pct") else \
        _SHARES[share.group("share").lower()]
    qualifier = numbers.qualifier_of(share.group("qual")) if share.group("qual") else "approx"
    return numbers.Mention(mention.start, mention.end, round(mention.value * part), None, None,
                           qualifier, mention.text)


def _projected(text: str, mention: numbers.Mention) -> bool:
    """Whether the clause around the count forecasts it rather than reports it."""
    start = max(text.rfind(",", 0, mention.start), text.rfind(";", 0, mention.start),
                text.rfind(" and ", 0, mention.start))
    ends = [i for i in (text.find(",", mention.end), text.find(";", mention.end)) if i >= 0]
    clause = text[max(start, mention.start - 60, 0):min(ends) if ends else len(text)]
    return bool(_PROJECTION.search(clause))


def _time(sentence: str, article: Article) -> dict[str, Any]:
    found = when(sentence, article.header.published)
    if found.kind == "flow" and found.start and found.end:
        return {"kind": "flow", "period": {"start": found.start, "end": found.end}}
    item: dict[str, Any] = {"kind": "stock", "as_of": found.as_of}
    if found.since:
        item["since"] = found.since
    return item


def _one_line(text: str) -> str:
    return " ".join(text.split())
