"""Where a sentence's figure or constraint is: a named place, the place it refers back to, or
the place the article is about (the dateline only when the story is about it)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from sitrep.models import Article

_STOP = re.compile(
    r"^(?:The|A|An|According|UN|U\.N\.|United Nations|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Red Cross|Red Crescent|English|Arabic|French|Reuters|"
    r"OCHA|UNHCR|UNICEF|WHO|WFP|IOM|MSF|Doctors|Save|Health|Ministry|Government|Security|"
    r"Council|Assembly|Committee|Office|Agency|Programme|Organization|Islamic|Some|Most|"
    r"Many|All|Its|Their|His|Her|This|That|These|Those|Partners|Aid|Staff|Humanitarian|"
    r"Israeli|Russian|Syrian|Sudanese|Ukrainian|Chadian|Lebanese|Congolese|Ethiopian|"
    r"Somali|Afghan|Haitian|Burkinabe|Yemeni|Libyan|Rohingya)\b"
    # a generic word alone refers back to a place named before: "the Strip's hospitals"
    r"|^(?:Strip|Region|State|Province|District|City|Town|Camp|Valley|Coast|Capital|Island|"
    r"County|Territory|Governorate|North|South|East|West)$")
#: A capitalised name with one of these words is an organisation, not a place.
_INSTITUTION = re.compile(
    r"\b(?:Force|Forces|Army|Front|Movement|Committee|Council|Ministry|Office|Agency|"
    r"Society|Societies|Federation|Fund|Programme|Organi[sz]ation|Migration|Service|"
    r"Services|Defen[cs]e|Coordination|Affairs|Rights|Now|News|Times|Post|Project|"
    r"Monitor|Observatory|Authority|Administration|Bureau|Commission|Mission|Group|"
    r"Nations|Children|Frontières|Borders|Helmets|Crescent|Cross|Province|Cluster|Matrix|"
    r"Network|Room|Department|Directorate|Institute|Union|Association|Council|Centre|Center|"
    r"Hospital|Clinic|Coalition|Alliance|Party|Brigades?|Battalion|Police|Guard|Ministry|"
    # a facility is in a place, not one: "the road to Bauerfield International Airport"
    r"Airport|Airfield|Airstrip|Stadium|University|Prison)\b")
_NAME = r"(?:[A-Z][a-zA-ZÀ-ÿ'’-]+)(?:\s+(?:al-|el-|de\s+|du\s+)?[A-Z][a-zA-ZÀ-ÿ'’-]+){0,3}"
_PLACE = re.compile(rf"\b(?i:in|near|across|from|at|around|outside|into|through|via|"
                    rf"to|reach|reaching|reached|enter|entering|entered|between|for|of|"
                    rf"towards?|such\s+as)\s+(?:the\s+)?"
                    rf"(?:(?i:neighbouring|neighboring|nearby)\s+)?"
                    rf"((?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+)?{_NAME})")
_BACK = re.compile(r"\b(?:the|this|that)\s+(?:town|city|camp|area|capital|region|district|"
                   r"village|villages|site|province|state|township|port|valley|island)\b"
                   # "the state health ministry", "the district hospital": a body or a
                   # facility named after a place's level refers back to no place
                   r"(?!\s+(?:health|hospital|clinic|ministry|government|authorit\w*|council|"
                   r"administration|governor|commissioner|officials?|police|media|court|"
                   r"education|chief|head|director|spokes\w+|emergency|disaster)\b)",
                   re.IGNORECASE)
#: Where a figure was told: "speaking to reporters in Geneva", "told a briefing in Kyiv".
_TELLING = re.compile(r"\b(?:speaking|spoke|briefing|briefed|told (?:reporters|journalists|a "
                      r"briefing|a news conference)|(?:press|news) conference|said|told "
                      r"(?:\w+\s+){0,2}by (?:tele)?phone)"
                      r"(?:\s+to\s+(?:reporters|journalists))?\s+$",
                      re.IGNORECASE)
#: A place that owns an organisation: "Colombia's Ombudsman's Office" is not about Colombia.
_OWNER = re.compile(r"['’]s\s+(?:[A-Z][\w'’-]*\s+){0,3}?(?:Office|Ministry|Army|Forces|Agency|"
                    r"Government|Council|Commission|Authority|Service|Police|Ombudsman)\b")
_KINDS = r"town|city|camp|village|district|province|region|state|township|site|county"
#: "the town of Gwoza", "the city of Cucuta"
_KIND_OF = re.compile(rf"\b(?i:the)\s+(?P<kind>(?i:{_KINDS}))\s+of\s+(?P<name>{_NAME})")
#: "Port Vila, the capital of Vanuatu", "Khalanga, the district headquarters"
_APPOSED = re.compile(rf"(?P<name>{_NAME}),\s+(?:the|a)\s+(?:[\w-]+\s+)?"
                      rf"(?P<kind>(?i:{_KINDS}|capital))\b")
#: "Zamzam camp", "Dadu district", "Kassala town"
_NAME_KIND = re.compile(rf"(?P<name>{_NAME})\s+(?P<kind>{_KINDS})\b")
#: The end of a route: "from Adre to Farchana", "between Goma and Sake", "the Farchana road".
_ROUTES = [re.compile(rf"\b(?:road|route|highway|way|corridor|journey|convoys?|trucks?|barges?)\s+"
                      rf"(?:from|between|linking|connecting)\s+(?:the\s+)?(?P<start>{_NAME})\s+(?:to|and|with)\s+"
                      rf"(?:the\s+)?(?P<end>{_NAME})"),
           re.compile(rf"\b(?:road|route|highway|way|access|convoys?|trucks?|barges?|deliveries)\s+"
                      rf"(?:[\w-]+\s+){{0,4}}?(?:to|into|towards)\s+(?:the\s+)?(?P<end>{_NAME})(?P<start>)"),
           re.compile(rf"\b(?i:the)\s+(?:(?P<start>{_NAME})\s*[–—]\s*)?(?P<end>{_NAME})\s+"
                      rf"(?:road|highway|route)\b")]
#: A point on a route: "the highway ... near Koton Karfe", "the road north of Ariha", "the
#: bridge at Koulbous", "the A3 highway south of the city".
_ON_ROUTE = re.compile(rf"\b(?i:roads?|highways?|routes?|bridges?|tracks?|corridors?|pass)\b"
                       rf"[^.;,]{{0,100}}?\b(?i:near|outside|at|(?:just\s+)?(?:north|south|east|"
                       rf"west)(?:-?(?:east|west))?\s+of)\s+(?:the\s+)?"
                       rf"(?P<name>{_NAME}|(?i:city|town|village|camp|capital)\b)")
#: A facility that carries its town's name, not as a destination: "Marjayoun Governmental
#: Hospital has been closed", "Beledweyne airstrip has been flooded" (not "the road to X Airport").
_FACILITY_OF = re.compile(rf"\b(?P<name>{_NAME}?)"
                          rf"\s+(?:(?:General|Governmental|Government|District|Referral|Regional|"
                          rf"Provincial|Teaching|Central|Municipal|Main)\s+)?"
                          rf"(?i:hospital|airstrip|airport|health cent(?:re|er)|clinic|port)\b")
#: A settlement given as an example is the most specific place: "towns such as Hudur".
_EXAMPLE = re.compile(rf"\b(?i:towns?|villages?|camps?|settlements?|localities|communities|"
                      rf"neighbou?rhoods|sites|districts)\s+(?i:such\s+as|including|like)\s+"
                      rf"(?P<name>{_NAME})")
#: A name that is a wide administrative unit: "North Darfur", "Garissa County".
_UNIT = re.compile(r"^(?:North|South|East|West|Northern|Southern|Eastern|Western|Upper|Lower|"
                   r"Central)(?:-?(?:east|west|East|West))?\s|\s(?:State|Province|Region|County|"
                   r"District|Governorate|Department|Oblast|Territory|Division)$")
#: "there" as a place, not "there is", "there have been".
_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|(?:has|have|had|will|would|may|"
                    r"might|could)\s+(?:been|be)|remains?|remained|seems?|appears?)\b)",
                    re.IGNORECASE)
#: A wide area referred back to, which is the story's: "across the area", "roads into the region".
_WIDE = re.compile(r"\b(?:across|throughout|into)\s+the\s+(?:area|region|province|"
                   r"township|district|territory|state|country)\b", re.IGNORECASE)
#: A place referred back to by a constraint: "on the same road", "along that route".
_SAME = re.compile(r"\b(?:the same|that|this)\s+(?:road|route|highway|corridor|stretch)\b",
                   re.IGNORECASE)
_CAPITAL = re.compile(r"\bthe\s+capital\b(?!\s+of\b)", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'’ .-]{2,40}?)(?:,\s*[A-Z][A-Za-z .]+)?\s*"
                       r"(?:\([^)]*\)\s*)?[—–-]\s")


#: "The Masnaa crossing", "Zamzam camp": a name before a word for a site is a place.
_SITE = re.compile(rf"\b(?:(?i:the)\s+)?({_NAME})\s+(?:crossing|border point|border crossing|camp|"
                   rf"checkpoint)\b")


#: A sentence's subject located by an apposition is a place: "Bol, on the shore of Lake Chad,
#: can only be reached by boat" (a person's apposition says who, not where).
_LOCATED = re.compile(rf"\W*({_NAME}),\s+(?:on|in|near|at|along|about|some|just|north|south|"
                      rf"east|west)\b")
_PERSON_FROM = re.compile(r"\b(?:doctor|surgeon|nurse|medic|resident|man|woman|mother|father|"
                          r"teacher|student|farmer|trader|witness|survivor|worker|volunteer|"
                          r"journalist|refugee|official)\s+$", re.IGNORECASE)
#: A nationality, not a place: "the Turkish border", "Kurdish forces".
_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ish|ese|ian|ean)$|^[A-Z]{4,}$")  # and acronyms: OHCHR


def named(text: str, origins_too: bool = True) -> list[str]:
    """Place names a text gives after a preposition or before a word for a site, in order;
    a place the text names only as an origin ("from Tawila") comes last."""
    found: list[tuple[int, str]] = []
    origins: list[tuple[int, str]] = []
    for match in _PLACE.finditer(text):
        name = re.sub(r"['’]s$", "", match.group(1))  # "in Kenya's north": Kenya
        before = re.search(r"(\S+)\s+$", text[:match.start()])
        if before and before.group(1)[0].isupper() and before.start() > 0 and \
                not before.group(1).isupper() and \
                re.match(r"(?i:of|for|at|in)\b", match.group(0)):
            continue  # "Organization for Migration": inside a name; not "Marib to Shabwa",
            # nor "an NGO in Al Fula"
        if re.search(r"(?i:according|thanks|belonging|due)\s+$", text[:match.start()]):
            continue  # "according to DoDMA" names a source
        if _TELLING.search(text[:match.start()]) and re.match(r"(?i:in|from)\b", match.group(0)):
            continue  # "speaking to reporters in Geneva": where it was said, not where it is
        if not _STOP.match(name) and not _INSTITUTION.search(name) and \
                not _ADJECTIVE.match(name):
            origin = re.match(r"(?i:from)\b", match.group(0))
            if origin and _PERSON_FROM.search(text[:match.start()]):
                continue  # "a doctor from Aleppo": where a person comes from, not a place of it
            (origins if origin else found).append((match.start(1), name))
    found += [(m.start(1), m.group(1)) for m in _SITE.finditer(text)
              if not _STOP.match(m.group(1)) and not _INSTITUTION.search(m.group(1))]
    subject = _LOCATED.match(text)
    if subject and not _STOP.match(subject.group(1)) and \
            not _INSTITUTION.search(subject.group(1)):
        found.append((subject.start(1), subject.group(1)))
    return [name for _, name in sorted(found)] + [name for _, name in origins if origins_too]


class Places:
    """Reads the place of each sentence of one article, in order."""

    def __init__(self, article: Article, known: list[str]):
        self.known = [re.compile(rf"\b{re.escape(p)}\b") for p in
                      sorted(known, key=len, reverse=True)]
        body = article.body.strip()
        first = body.split("\n", 1)[0]
        dateline = _DATELINE.match(first)
        counts = Counter(named(article.header.title + "\n" + body))
        self.mentioned = [re.compile(rf"\b{re.escape(p)}\b") for p in
                          sorted(counts, key=len, reverse=True)]
        self.story = _story(article, counts, dateline.group(1).strip() if dateline else None)
        town = dateline.group(1).strip() if dateline else ""
        #: the dateline's city, which "the capital" names: wire datelines are capitals
        self.capital = town.title() if town.isupper() else town
        self.constraint: str | None = None  # the place of the last access constraint
        self.last: str | None = None
        self.here: str | None = None  # the place this sentence names or refers back to
        self.prior: str | None = None  # the same, of the sentence before
        self.order: list[str] = []  # the places named so far, in order
        # what the text calls each place: "the town of Gwoza", "Zamzam camp", "Dadu district"
        self.kinds = {m.group("name"): m.group("kind").lower()
                      for m in _KIND_OF.finditer(article.header.title + "\n" + body)}
        self.kinds |= {m.group("name"): m.group("kind").lower()
                       for m in _NAME_KIND.finditer(article.header.title + "\n" + body)
                       if m.group("name") not in self.kinds and not _STOP.match(m.group("name"))}
        # "Port Vila, the capital of Vanuatu": an apposition calls a place by its kind
        self.kinds |= {m.group("name"): m.group("kind").lower()
                       for m in _APPOSED.finditer(body) if m.group("name") not in self.kinds
                       and not _STOP.match(m.group("name"))}

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a place of this article ("Neighbouring Malawi", "Aleppo")."""
        bare = re.sub(r"^(?:neighbouring|neighboring|northern|southern|eastern|western|central|"
                      r"the)\s+", "", name, flags=re.IGNORECASE)
        return any(p.fullmatch(bare) for p in self.known + self.mentioned)

    def of(self, text: str) -> str:
        """The place ``text`` names, refers back to, or the story's place."""
        self.prior, self.here = self.here, None
        self.here = self._resolve(text)
        return self.here or self.story

    def _resolve(self, text: str) -> str | None:
        place = self._named(text)
        back = _BACK.search(text)
        if place and back and self.last and back.start() < text.find(place) and \
                not re.search(rf"\b(?:into|reach)\s+{re.escape(place)}", text) and \
                not re.match(rf"\s+(?:around|of|near|outside|in|at)\s+(?:the\s+)?"
                             rf"{re.escape(place)}", text[back.end():]):
            return self._back(back)  # "south of the city, ... the road to Damboa": the city's
        if place:
            self.last = place
            self.order.append(place)
            return place
        return self._back(back) if back else None

    def _back(self, back: re.Match[str]) -> str | None:
        """The place "the town", "the city", "the capital" refers back to: the place last called
        so; for a city or capital no place was called, the dateline's town; else the last named."""
        kind = back.group(0).split()[-1].lower()
        typed = [n for n in self.order if self.kinds.get(n) == kind] or \
            [n for n in self.kinds if self.kinds[n] == kind == "capital"]
        if typed:
            return typed[-1]  # "the town": the place last called a town
        if kind in ("city", "capital") and self.capital and self.capital in self.order:
            return self.capital
        return self.last

    def of_constraint(self, text: str, place: str) -> str:
        """The place an access constraint concerns: the end of a route ("the road from Adre to
        Farchana", "between Goma and Sake", "the Farchana road"), the story's place for a wide
        area referred back to ("across the area", "in the township"), else ``place``."""
        found = self._route(text) or self._constraint(text, place)
        self.constraint = found
        return found

    def _route(self, text: str) -> str | None:
        """Where on a route a constraint is: the point named on it ("submerged near Koton
        Karfe", "the road north of Ariha"), else the place the route leads to ("from A to B"
        is B), and a route between two places concerns the one that is not the story's hub
        ("between Taiz and Aden" is Taiz, "between Goma and Sake" in a Goma story is Sake)."""
        point = _ON_ROUTE.search(text)
        if point and point.group("name")[0].isupper() and self._name(point.group("name")):
            return point.group("name")
        if point and not point.group("name")[0].isupper() and self.here:
            return self.here  # "the highway south of the city": the city referred back to
        for route in _ROUTES:
            for match in route.finditer(text):
                end = match.group("end")
                if not self._name(end):
                    continue
                start = match.group("start")
                if start and not re.search(r"(?i:from)\s", match.group(0)):
                    # "between A and B", "the A–B road": a line with no direction
                    return end if self._hub(start) and not self._same(start, end) else start
                if route is _ROUTES[1]:
                    earlier = [n for n in named(text[:match.start()]) if n != end]
                    if earlier:  # "parts of Garissa County ... the road to Madogo"
                        return earlier[0]
                return end
        return None

    def _name(self, name: str) -> bool:
        """Whether a capitalised name on a route is a place, not a body or a nationality."""
        return self.is_place(name) or not (_STOP.match(name) or _INSTITUTION.search(name) or
                                           _ADJECTIVE.match(name))

    def _hub(self, name: str) -> bool:
        """Whether ``name`` is where the story and its aid start from: its place or dateline."""
        return self._same(name, self.story) or bool(self.capital) and \
            self._same(name, self.capital)

    def _constraint(self, text: str, place: str) -> str:
        own = next((m for m in _FACILITY_OF.finditer(text) if not re.search(
            r"(?:\b(?:to|from|towards|into)|[A-Z][\w'’-]*)\s+$", text[:m.start()])), None)
        if own and self._name(own.group("name")) and not _UNIT.search(own.group("name")):
            return own.group("name")  # "Marjayoun Governmental Hospital has been closed"
        if _WIDE.search(text) and not self._named(text):
            return self.story
        example = _EXAMPLE.search(text)
        if example and self._name(example.group("name")):
            return example.group("name")  # "the blockade of towns such as Hudur"
        if self.constraint and _SAME.search(text) and not self._named(text):
            return self.constraint  # "abducted on the same road": the last constraint's place
        capital = _CAPITAL.search(text)
        if capital and not self._named(text):
            # "out of the capital", "the capital's residents": the place called the capital,
            # else the dateline's town (wire datelines are mostly capitals)
            return next((n for n, k in self.kinds.items() if k == "capital"),
                        self.capital) or place
        if self.here is None and self.last and _THERE.search(text):
            return self.last  # "28,000 families there": the place named before
        return self._specific(text, place)

    def _specific(self, text: str, place: str) -> str:
        """The most specific place the sentence names: "In West Kordofan, armed men looted a
        centre in Al Fula" is Al Fula, a place in the wider unit named first."""
        if not self._larger(place):
            return place
        inner = [n for n in named(text, origins_too=False) if not self._larger(n)
                 and not self._same(n, place) and self._name(n)]
        return inner[0] if inner else place

    def _larger(self, name: str) -> bool:
        """Whether ``name`` is an administrative unit wider than a town: "West Kordofan",
        "Garissa County", or a place the text calls a region, province, state or district."""
        return bool(_UNIT.search(name)) or self.kinds.get(name) in (
            "region", "province", "state", "county", "district")

    @staticmethod
    def _same(a: str, b: str) -> bool:
        """Whether two spellings name one place ("Adre", "Adré")."""
        def key(name: str) -> str:
            return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
        return key(a) == key(b)

    def _named(self, text: str) -> str | None:
        for pattern in self.known:
            match = pattern.search(text)
            if match:
                return match.group(0)
        found = named(text)
        if found:
            return found[0]
        hits = [(m.start(), m.group(0)) for p in self.mentioned if (m := p.search(text))
                and not _OWNER.match(text, m.end())]
        return min(hits)[1] if hits else None


#: Where a person speaks from, not a place of the story: "a humanitarian official in Ouagadougou".
_SPEAKS_IN = re.compile(r"\b(?:officials?|spokes\w+|sources?|diplomats?|analysts?|reporters|"
                        r"journalists|briefing|conference|based|headquarters)\s+in\s+$",
                        re.IGNORECASE)


def _story(article: Article, counts: Counter[str], dateline: str | None) -> str:
    """The title's place, else the dateline if the story names it too, else the most named."""
    title = named(article.header.title, origins_too=False)  # not "aid from Turkey"
    if title:
        return title[0]
    if dateline:
        town = dateline.title() if dateline.isupper() else dateline
        # the dateline is where the reporter is: the story's place only if the story names it
        # as a place of events, not only as where someone speaks ("an official in Ouagadougou")
        body = article.body.split("\n", 1)[-1]
        if any(not _SPEAKS_IN.search(body[:m.start()])
               for m in re.finditer(rf"\b{re.escape(town)}\b", body)):
            return town
    if counts:
        return counts.most_common(1)[0][0]
    return "not stated"  # a dateline alone is where the reporter is, not the story's place
