"""Propose candidate figures and access constraints from an article, each with its sentence.

Nothing here writes to a fact sheet: candidates go to a review file, and a person accepts
them (see :mod:`sitrep.review`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sitrep.extract import attribute, classify, numbers
from sitrep.extract.text import Sentence, sentences, when
from sitrep.models import Article, Source

_STOP_PLACES = re.compile(
    r"^(?:The|A|An|According|UN|U\.N\.|United Nations|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Red Cross|Red Crescent|English|Arabic|French|Reuters|"
    r"OCHA|UNHCR|UNICEF|WHO|WFP|IOM|Doctors|Save|Health|Ministry|Government|Security|"
    r"Council|Assembly|Committee|Office|Agency|Programme|Organization)\b")
_PLACE = re.compile(r"\b(?:in|near|across|from|at|around|outside|into|of)\s+(?:the\s+)?"
                    r"((?:[A-Z][a-zA-Z'’-]+)(?:\s+(?:al-|el-)?[A-Z][a-zA-Z'’-]+){0,3})")
_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'’ .-]{2,40}?)(?:,\s*[A-Z][A-Za-z .]+)?\s*"
                       r"(?:\([^)]*\)\s*)?[—–-]\s")
_RISE_FROM = re.compile(r"\b(?:from|up from|down from|revised from)\s*$", re.IGNORECASE)
_AID_PEOPLE = (r"(?:aid|humanitarian|relief|health|NGO) workers?|medics?|ambulances?|"
               r"(?:aid|UN|U\.N\.|humanitarian|medical|health|NGO) staff(?: members)?|"
               r"volunteers?|rescuers?|paramedics?|(?:aid|relief|humanitarian) convoys?")
#: Sentence patterns for access constraints, by OCHA category; the first that fits wins.
ACCESS_RULES: list[tuple[str, str]] = [
    (rf"\b(?:{_AID_PEOPLE})\b[^.]{{0,60}}\b(?:killed|attacked|abducted|kidnapped|shot|"
     r"detained|targeted|ambushed|arrested)\b|\b(?:ambush\w*|attack\w*|loot\w*|detention of|"
     rf"abduct\w*|kidnap\w*)\b[^.]{{0,50}}\b(?:{_AID_PEOPLE})|\b(?:hospitals?|clinics?|"
     r"health facilit\w+|warehouses?)\b[^.]{0,60}\b(?:attacked|bombed|shelled|struck|hit|"
     r"destroyed|looted|raided)\b", "violence_against_aid_workers"),
    (r"\b(?:access|reach\w*|convoys?|deliveries|aid)\b[^.]{0,80}\b(?:because of|due to|amid|"
     r"owing to)\b[^.]{0,30}\b(?:fighting|hostilities|clashes|shelling|insecurity|air ?strikes"
     r"|bombardment)|\bcame under fire\b|\b(?:could not|cannot|can't|unable to|were unable to)"
     r"\s+(?:reach|access|"
     r"get to|deliver)|\b(?:fighting|shelling|hostilities|air ?strikes|bombardment)\b[^.]{0,60}"
     r"\b(?:prevented|hampered|halted|suspended|impeded)\b", "active_hostilities"),
    (r"\b(?:landmines?|mines|unexploded|explosive remnants|ordnance|IEDs?)\b",
     "explosive_hazards"),
    (r"\b(?:roads?|highways?|routes?|bridges?|access)\b[^.]{0,60}\b(?:blocked|closed|cut|"
     r"impassable|washed away|destroyed|damaged|severed)\b|\bcut off\b|\bimpassable\b|"
     r"\bcrater\b|\b(?:reached|accessible|reachable)\s+only\s+by\b", "physical_environment"),
    (r"\bcheckpoints?\b|\bcurfew\b|\bmovement restrictions?\b|\bbesieged\b|\bunder siege\b",
     "movement_restrictions"),
    (r"\brestrictions on (?:female |women )?(?:aid|humanitarian|NGO) (?:workers|staff)|"
     r"\b(?:convoys?|aid|trucks|deliveries|access)\b[^.]{0,60}\b(?:denied|blocked|turned back|"
     r"refused|prevented|suspended|halted|stopped)\b|\bdenied access\b", "interference"),
    (r"\b(?:visas?|permits?|authori[sz]ations?)\b[^.]{0,60}\b(?:denied|delayed|refused|"
     r"pending|withheld)\b", "entry_impediments"),
    (r"\b(?:no|shortage of|short of|lack of|ran out of|running out of)\s+(?:tents|medicine|"
     r"medical supplies|food|water|fuel|shelter)\b|\b(?:water|electricity|power|health|"
     r"medical) (?:supply|supplies|services?)\b[^.]{0,40}\b(?:interrupted|cut|disrupted|"
     r"suspended)|\baccess to (?:safe |clean )?(?:water|health ?care|services|food|medical "
     r"care)\b[^.]{0,40}\b(?:limited|restricted|disrupted)|\b(?:treatment cent(?:re|er)s|"
     r"health facilities|clinics|hospitals)\b[^.]{0,60}\b(?:closed|shut|non-functional|"
     r"not functioning|out of service)", "restricted_access_to_services"),
]
_ACCESS = [(re.compile(p, re.IGNORECASE), c) for p, c in ACCESS_RULES]


@dataclass
class Candidates:
    """What one article proposes: figures, access constraints, vague amounts, new sources."""

    article: Article
    figures: list[dict[str, Any]] = field(default_factory=list)
    access: list[dict[str, Any]] = field(default_factory=list)
    vague: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


def extract(article: Article, places: list[str], known: dict[str, Source]) -> Candidates:
    """Read ``article`` sentence by sentence and propose what it reports."""
    out = Candidates(article)
    context = _Context(article, places, known, out)
    for sentence in sentences(article.body, article.body_start):
        context.read(sentence)
    return out


class _Context:
    def __init__(self, article: Article, places: list[str], known: dict[str, Source],
                 out: Candidates):
        self.article, self.known, self.out = article, known, out
        self.places = sorted(places, key=len, reverse=True)
        self.story_place = _story_place(article)
        self.last_source: str | None = None
        self.seen: set[tuple[object, ...]] = set()

    def read(self, sentence: Sentence) -> None:
        name = attribute.source_in(sentence.text)
        if name is None and re.match(r"\W*(?:It|They|He|She)\b", sentence.text) \
                and re.search(r"\b(?:said|says|added|reported)\b", sentence.text):
            name = self.last_source
        self.last_source = name or self.last_source
        source = self._source(name, sentence.text)
        place = self._place(sentence.text)
        self._figures(sentence, source, place)
        self._vague(sentence)
        self._access(sentence, source, place)

    def _figures(self, sentence: Sentence, source: str, place: str) -> None:
        found = numbers.mentions(sentence.text)
        previous: classify.Reading | None = None
        for i, mention in enumerate(found):
            lo = found[i - 1].end if i else 0
            hi = found[i + 1].start if i + 1 < len(found) else len(sentence.text)
            if _RISE_FROM.search(sentence.text[:mention.start]):
                continue  # "rose to 112 from 87": 87 is the old figure
            reading = classify.read(sentence.text, mention, lo, hi, previous)
            previous = reading
            if reading is None:
                continue
            if re.search(r"\bfrom\s*$", sentence.text[:mention.start]) and mention.high:
                mention = numbers.Mention(mention.start, mention.end, mention.high, None, None,
                                          mention.qualifier, mention.text)
            key = (reading.measure, reading.population, mention.value, mention.low, place)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.out.figures.append(self._figure(sentence, mention, reading, source, place))

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
        return item

    def _provenance(self, sentence: Sentence, source: str) -> dict[str, Any]:
        item: dict[str, Any] = {"source": source, "via": self.article.id,
                                "quote": _one_line(sentence.text),
                                "offsets": [sentence.start, sentence.end]}
        kind = (self.known[source].kind if source in self.known
                else self.out.sources.get(source, {}).get("kind"))
        if kind == "party_to_conflict":
            item["note"] = "a claim by a party to the conflict"
        item["status"] = "candidate"
        return item

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
        for pattern, category in _ACCESS:
            if pattern.search(sentence.text):
                item: dict[str, Any] = {"location": place}
                timing = _time(sentence.text, self.article)
                item["date"] = timing.get("as_of") or timing["period"]["end"]
                item["category"] = category
                item["description"] = _one_line(sentence.text)
                item.update(self._provenance(sentence, source))
                self.out.access.append(item)
                return

    def _source(self, name: str | None, sentence: str) -> str:
        name = name or self.article.header.publisher
        for source in self.known.values():
            if name.lower() in (source.id, source.name.lower()) or \
                    re.search(rf"\b{re.escape(source.id.upper())}\b", name) or \
                    re.search(rf"\({re.escape(name)}\)", source.name):
                return source.id
        ident = attribute.slug(name)
        claimed = bool(re.search(r"\bclaim(?:ed|s)?\b", sentence))
        kind = "media" if name == self.article.header.publisher else \
            attribute.kind_of(name, claimed)
        self.out.sources.setdefault(ident, {"id": ident, "name": name, "kind": kind})
        return ident

    def _place(self, text: str) -> str:
        for place in self.places:
            if re.search(rf"\b{re.escape(place)}\b", text):
                return place
        for match in _PLACE.finditer(text):
            name = match.group(1)
            if not _STOP_PLACES.match(name):
                return name
        return self.story_place


def _story_place(article: Article) -> str:
    first = article.body.strip().split("\n", 1)[0]
    dateline = _DATELINE.match(first)
    if dateline:
        return dateline.group(1).strip().title()
    match = _PLACE.search(article.header.title)
    return match.group(1) if match and not _STOP_PLACES.match(match.group(1)) else "not stated"


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
