"""Who a sentence attributes its figures to, and what kind of source that is."""

from __future__ import annotations

import re

from sitrep.extract import vocab

_WORDS = vocab.load("sources")
_CAP = r"(?:[A-Z][\w.&'’()-]*)"
# whole words: not "of" in "office"
_LOWER = rf"(?:{vocab.any_of(_WORDS['name_words'])})(?![\w'’-])"
_INSTITUTION = rf"(?:{vocab.any_of(_WORDS['institutions'])})"
_COMMON = rf"(?i:(?:[a-z'’-]+\s+){{0,3}}{_INSTITUTION})(?:\s*\([A-Z]{{2,8}}\))?"
_NAME = (rf"(?i:the\s+|a\s+|an\s+)?(?i:(?:latest|new|recent|last|first)\s+)?"
         rf"(?P<src>{_CAP}(?:\s+(?:{_CAP}|{_LOWER})){{0,7}}(?:\s*\([A-Z][A-Za-z]{{1,9}}\))?"
         rf"|{_COMMON})")
_FILLER = (r"(?:,[^,.]{1,80},|\s+(?:in|from|at|of|on)\s+[^,.]{1,40}?|\s+in turn|\s+also|"
           r"\s+later|\s+separately|\s+for (?:its|their|his|her) part,?){0,2}")
_VERBS = vocab.any_of(_WORDS["verbs"])
_DENIED = vocab.any_of(_WORDS["denials"])
PATTERNS = [
    re.compile(rf"(?i:\baccording to\s+(?:a|an|the|its|their)\s+(?:latest\s+|new\s+)?(?:statement|"
               rf"report|update|post|tally|count|assessment|bulletin|survey)\s+(?:from|by|of|"
               rf"issued by|released by))\s+{_NAME}"),
    re.compile(rf"(?i:\baccording to|\bper)\s+{_NAME}"),
    # "OCHA's latest update says", "UN figures show", "the ministry's figures"
    re.compile(rf"{_NAME}(?:['’]s)?\s+(?:(?:latest|own|new|official|preliminary)\s+)?"
               rf"(?:figures|data|numbers|update|report|estimates|tally|count|statistics|survey|"
               rf"assessment|analysis|study)\s+"
               rf"(?:also\s+)?(?:show|shows|showed|say|says|said|indicate|indicated|put|suggest|"
               rf"found|finds)\b"),
    re.compile(rf"(?i:\b(?:figures|data|numbers|estimates|tallies|a tally|a count) "
               rf"(?:from|by|of))\s+{_NAME}"),
    re.compile(rf"\b(?:said|says|reported|added|estimated)\s+{_NAME}\s*[.,]?\s*$"),
    # "registered by UNHCR", "figures compiled by the health cluster"
    re.compile(rf"(?i:\b(?:registered|recorded|compiled|verified|documented|counted|collected|"
               rf"gathered|provided|released|published|issued|confirmed|reported)\s+by)\s+{_NAME}"),
    re.compile(rf"{_NAME}{_FILLER},?\s+(?:which\s+|who\s+)?(?:(?:has|have|had|also|was|were"
               rf"|is|are)\s+){{0,2}}(?:{_VERBS})\b"),
    # "'We have lost 40 people,' said Ahmed Ali, a spokesperson for ...": the speaker after
    # "The junta's spokesperson denied the report and said its forces had killed 35"
    re.compile(rf"^(?:the\s+|The\s+)?(?P<src>[\w'’-]+(?:\s+[\w'’-]+){{0,4}}?)"
               rf"(?:,[^,]{{1,40}},)?\s+(?:{_DENIED})\b[^.;\"“]{{0,120}}?\band\s+(?:said|says|added|claimed)\b"),
    re.compile(rf"[,”\"]\s*(?:said|says|added|told reporters)\s+{_NAME}"),
    # an agency update's source in brackets at the end: "... displaced (IOM DTM)."
    re.compile(rf"\((?i:source:\s*)?(?P<src>{_CAP}(?:\s+(?:{_CAP}|{_LOWER})){{0,6}})"
               rf"(?:,[^)]{{0,30}})?\)\W*$"),
    # "the UN's response plan aims to reach", "UNICEF's emergency appeal seeks"
    re.compile(rf"{_NAME}['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:plan|appeal|response plan|programme)\s+"
               rf"(?:aims|seeks|targets|plans|intends|will)\b"),
    re.compile(rf"(?i:\b(?:citing|quoting))\s+{_NAME}"),  # last: "X, citing Y, said" is X's
]
#: Names that mean the same source, so that one source gets one id.
ALIASES = {" ".join(alias.lower().split()): name
           for name, aliases in _WORDS["aliases"].items() for alias in aliases}
ALIASES |= {re.sub(r"\s*\(.*\)$", "", name).lower(): name for name in _WORDS["aliases"]}
ALIASES |= {name.lower(): name for name in _WORDS["aliases"]}
#: A country for its adjective ("turkish" → "turkey"): "the Turkish government" is Turkey's.
COUNTRY_OF = {adjective.lower(): country.lower()
              for country, adjective in _WORDS["demonyms"].items()}
_PRONOUN = re.compile(r"^(?:It|They|He|She|We|This|That|These|An?|The|Its|Their|"
                      r"His|Her|Some|Most|Many|All|Another|Nearly|About|Around)$"
                      rf"|^(?:{vocab.any_of(_WORDS['not_sources'])})\b")  # "Cases reported"
#: A day or a month is never a source: "the ministry said Tuesday".
WHEN = re.compile(r"^(?:(?:on|late|early|last|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|"
                  r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
                  r"September|October|November|December|Today|Yesterday)\b", re.IGNORECASE)
#: A person introduced by role: "a spokesperson for the UN refugee agency" is that agency's.
_ROLE = re.compile(r"^(?:.*?,\s+)?(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
                   r"(?:spokes(?:man|woman|person)|official|volunteer|head|director|chief|coordinator|member|officer|"
                   r"representative|doctor|nurse|worker)s?\s+(?:for|of|at|with|from)\s+"
                   r"(?:the\s+)?(?P<org>.+)$", re.IGNORECASE)
#: Words that refer back to a source already named: "the agency said", "the group added".
BACK = re.compile(r"^(?:it|they|he|she|we|its|their|his|her|the|this|that)?\s*(?:agency|group|"
                  r"organi[sz]ation|office|ministry|committee|charity|body|mission|authority|"
                  r"authorities|service|monitor|network|spokes(?:man|woman|person)|official|"
                  r"institute|department|bureau|council|commission|administration|"
                  r"it|they|he|she)$", re.IGNORECASE)
_TRIM = re.compile(r"\s+(?:on|in|late|early|last|this|said|says|which|who|that|as|when|"
                   r"while|after|before|earlier|later|had|has|have|gave|put|told)\b.*$")
_KINDS = _WORDS["kinds"]
PARTISAN = re.compile(rf"\b(?:{vocab.any_of(_KINDS['party_to_conflict'])})\b", re.IGNORECASE)
_UN = re.compile(rf"\b(?:{vocab.any_of(_KINDS['un'])})\b")  # case matters: WHO, not who
_NGO = re.compile(rf"\b(?:{vocab.any_of(_KINDS['ngo'])})\b", re.IGNORECASE)
MEDIA = re.compile(rf"\b(?:{vocab.any_of(_KINDS['media'])})\b")
_GOVERNMENT = re.compile(rf"\b(?:{vocab.any_of(_KINDS['government'])})\b", re.IGNORECASE)


#: A cheap test before each pattern: a pattern that starts with a name is slow to scan for.
_GUARDS = [re.compile(g, re.IGNORECASE) for g in (
    r"\baccording to\b", r"\baccording to\b|\bper\b",
    r"\b(?:figures|data|numbers|update|report|estimates|tally|count|"
    r"statistics|survey|assessment|analysis|study)\s+(?:also\s+)?(?:show|shows|showed|say|says|"
    r"said|indicate|indicated|put|suggest|found|finds)\b",
    r"\b(?:figures|data|numbers|estimates|tallies|tally|count)\b",
    r"\b(?:said|says|reported|added|estimated)\b",
    r"\b(?:registered|recorded|compiled|verified|documented|counted|collected|gathered|provided|"
    r"released|published|issued|confirmed|reported)\s+by\b", rf"\b(?:{_VERBS})\b",
    r"\band\s+(?:said|says|added|claimed)\b",
    r"\b(?:said|says|added|told)\b", r"\)\W*$",
    r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:plan|appeal|programme)\b",
    r"\b(?:citing|quoting)\b")]


_QUOTING = re.compile(rf"(?i:\b(?:citing|quoting))\s+{_NAME}")


def source_in(sentence: str) -> str | None:
    """The name a sentence attributes its figures to, if it names one; a medium that quotes
    someone ("Al Jazeera reported, quoting hospital staff") passes on their figure."""
    name = _source_in(sentence)
    quoted = _QUOTING.search(sentence)
    if name and quoted and MEDIA.search(name) and not re.search(
            r"\b(?:figures|data|statistics|numbers|reports?)\b", quoted.group(0)):
        return _clean(quoted.group("src"), sentence)
    return name


def _source_in(sentence: str) -> str | None:
    for guard, pattern in zip(_GUARDS, PATTERNS, strict=True):
        if not guard.search(sentence):
            continue
        for match in pattern.finditer(sentence):
            name = _clean(match.group("src"), sentence)
            if name and not _PRONOUN.match(name) and not WHEN.match(name) and len(name) > 1:
                return name
    return None


def _clean(found: str, sentence: str) -> str:
    """The source's name from what a pattern caught: trimmed, by role, by alias."""
    name = _TRIM.sub("", found).strip(" ,.;:'’\"")
    role = _ROLE.match(name)
    if role and (_ORGISH.search(role.group("org")) or re.search(r"[A-Z]{2,}|\(",
                                                               role.group("org"))):
        name = role.group("org")  # "a spokesperson for the refugee agency": the agency
    # else a role for a country or a place keeps its holder: "the UN humanitarian coordinator
    # for Nigeria", not "Nigeria"
    name = re.sub(r"^(?:The|A|An|the|a|an|and|And)\s+", "", name)
    name = re.sub(r"^(?:of|for|from|at|with)\s+(?:the\s+)?", "", name)  # "[head] of the army"
    spoken = _ORG_ROLE_PERSON.match(name)
    if spoken:
        # "M23 spokesman Lawrence Kanyuka" speaks for M23, a defence minister for the ministry
        name = spoken.group("org")
        if _OFFICE.fullmatch(spoken.group("role")):
            name = _office(f"{name} {spoken.group('role')}")  # "regional governor X"
    name = re.sub(r"\s+(?:the|of|and|for|on)$", "", name)
    name = re.sub(r"['’]s(?:\s+spokes(?:man|woman|person))?$", "", name)  # "OCHA's"
    name = re.sub(r"\b(\w+ )minister$", r"\1ministry", name)  # the defence minister speaks for it
    if _OFFICE.fullmatch(name):  # "the governor of Ituri province, General X, said"
        office = re.search(rf"\b{re.escape(name)}\s+of\s+(?:the\s+)?[A-Z][\w'’-]*"
                           rf"(?:\s+[A-Za-z][\w'’-]*){{0,2}}?(?=[,.;]|\s+(?:said|says|told))",
                           sentence)
        name = office.group(0) if office else name
    if _GENERIC.fullmatch(name):  # "officials at the Ministry of Interior": the ministry
        org = re.search(rf"\b{re.escape(name)}\s+(?:at|of|from|with)\s+(?:the\s+)?({_CAP}"
                        rf"(?:\s+(?:{_CAP}|of|for|and|the))*)", sentence)
        if org and _ORGISH.search(org.group(1)):
            name = re.sub(r"\s+(?:of|for|and|the)$", "", org.group(1))
    appositive = re.search(rf"{re.escape(name)},\s+(?:the\s+)?([A-Z]{{2,8}}),", sentence)
    if appositive:
        name = f"{name} ({appositive.group(1)})"
    return ALIASES.get(" ".join(name.lower().replace("’", "'").split()), name)


def introduced(sentence: str) -> str | None:
    """Whom a person introduced with a role speaks for, when the sentence quotes no figure of
    theirs: "Jane Doe, a spokesperson for the UN refugee agency, described ..." → that agency."""
    for match in re.finditer(r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}),\s+(?:an?|the)\s+",
                             sentence):
        if is_person(match.group(1)):
            return speaks_for(match.group(1), sentence)
    return None


_TITLES = vocab.any_of(_WORDS["titles"])
_PERSON = re.compile(rf"^(?:(?:{_TITLES})\s+)*[A-Z][\w'’-]+(?:\s+(?:al-|el-|bin\s+|de\s+|da\s+|"
                     rf"dos\s+|van\s+|von\s+)?[A-Z][\w'’-]+){{1,3}}$")
_OUTLET_NAME = re.compile(rf"\b(?:{vocab.any_of(_WORDS['outlet_names'])})$")
_TITLED = re.compile(rf"^(?:{_TITLES})\s+[A-Z]")
_ORGISH = re.compile(rf"\b(?:{_LOWER}|{_INSTITUTION})\b", re.IGNORECASE)
_OUTLET = re.compile(rf"^(?:an?|the)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{vocab.any_of(_WORDS['outlets'])})"
                     rf"\b", re.IGNORECASE)
_SPEAKING = vocab.any_of(_WORDS["speaking_roles"])
_ANY_ROLE = f"{_SPEAKING}|{vocab.any_of(_WORDS['witness_roles'])}"
_POSSESSIVE_ROLE = re.compile(rf"^(?:the\s+)?(?P<org>[^,]+?)['’]s\s+(?:[\w-]+\s+)?"
                              rf"(?:{_ANY_ROLE})s?\b", re.IGNORECASE)
_ROLE_OF = re.compile(rf"^(?:an?|the|its)?\s*(?:[\w'’-]+\s+){{0,3}}?(?:{_ANY_ROLE})s?\s+"
                      rf"(?:for|of|at|with)\s+(?:the\s+)?(?P<org>[^,]+)", re.IGNORECASE)
_ROLE_ONLY = re.compile(rf"^(?:an?|the)\s+(?P<role>(?:[\w'’-]+\s+){{0,3}}?(?:{_SPEAKING}))\b",
                        re.IGNORECASE)
_APPOSITIVE = re.compile(r"^,\s+(?P<app>[^,]{3,120}?)(?:,|\.?\s*$|\s+(?:said|says|told|added)\b)")


_OFFICES = vocab.any_of(_WORDS["offices"])
_OFFICE = re.compile(rf"(?i:{_OFFICES})s?")
#: An office named by whose it is: "Bangladesh's refugee relief and repatriation commissioner".
_OFFICE_OF = re.compile(rf"^(?:the\s+)?[^,]+?['’]s\s+(?:[\w-]+\s+){{0,5}}?(?i:{_OFFICES})\b")


#: A role written before a name as a title, without a comma: "regional governor X".
_TITLE_BEFORE = re.compile(rf"(?:^|[,;:]\s*|\b(?:the|a|an)\s+)(?P<role>(?P<org>(?:[a-z][\w'’-]*\s+|"
                           rf"[A-Z][\w-]*['’]s\s+|[A-Z0-9]{{2,8}}\s+){{0,4}}?)"
                           rf"(?i:{_SPEAKING}))\s+$")


#: A role given as a relative clause: "who heads IOM in Haiti", "who works for the NRC".
_WHO_LEADS = re.compile(r"^who\s+(?:(?:heads|leads|runs|directs|chairs|coordinates|manages|"
                        r"represents|founded)\s+|(?:[\w-]+\s+){0,3}?(?:for|with|at)\s+)"
                        r"(?P<org>(?:the\s+)?[A-Z][\w'’&-]*(?:\s+(?:of|for|and|the|[A-Z][\w'’&-]*))*"
                        r"(?:\s*\([A-Z]{2,8}\))?)")


#: People who speak for an organisation named after them: "officials at the Ministry".
_GENERIC = re.compile(r"(?i:officials?|spokes(?:man|woman|person)s?|sources|staff|workers|"
                      r"doctors|medics|representatives?)")


def _office(name: str) -> str:
    """An office as a source: a minister speaks for the ministry."""
    return re.sub(r"\bminister$", "ministry", name.strip(), flags=re.IGNORECASE)


_ORG_ROLE_PERSON = re.compile(rf"^(?P<org>.+?)(?:['’]s)?\s+(?P<role>(?i:{_SPEAKING}))\s+"
                              rf"[A-Z][\w'’-]+"
                              rf"(?:\s+[A-Z][\w'’-]+)+$")


def is_person(name: str) -> bool:
    """Whether ``name`` is a person's ("Dr Samer Haj Ali", "Martha Deng"), not an organisation's."""
    if not _PERSON.match(name) or name.lower() in ALIASES or _OUTLET_NAME.search(name) or \
            MEDIA.search(name):
        return False
    return bool(_TITLED.match(name)) or not any(
        p.search(name) for p in (_ORGISH, PARTISAN, _UN, _NGO, _GOVERNMENT))


def speaks_for(name: str, sentence: str) -> str | None:
    """Whom a person speaks for, from their role beside their name: "X, a spokesperson for Y"
    → Y; "the junta's spokesperson" → junta; "a local administrator, X" → local administrator;
    an organisation named like a person ("Myanmar Now, an independent outlet") → itself; a
    person who speaks for no organisation ("a nurse from Loikaw") → ``None``."""
    at = sentence.find(name)
    after = _APPOSITIVE.match(sentence[at + len(name):]) if at >= 0 else None
    before = re.search(rf"\b((?:an?|the)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_ANY_ROLE})),\s+$",
                       sentence[:max(at, 0)], re.IGNORECASE)
    titled = _TITLE_BEFORE.search(sentence[:max(at, 0)])
    if titled and not before:  # "regional governor Serhiy Lysak", "army spokesman Ali Musa"
        office = _OFFICE.search(titled.group("role"))
        if office:
            return _office(titled.group("role"))
        if titled.group("org"):
            return re.sub(r"['’]s$", "", titled.group("org"))
    for role in (after.group("app") if after else None, before.group(1) if before else None):
        if not role:
            continue
        if _OUTLET.match(role) and not re.search(rf"\b(?:{_ANY_ROLE})s?\b", role, re.IGNORECASE):
            return name
        led = _WHO_LEADS.match(role)
        if led:  # "X, who heads IOM in Haiti", "who runs programmes for the NRC in Sudan"
            org = re.sub(r"^(?:the|its|their)\s+", "", led.group("org"), flags=re.IGNORECASE)
            return ALIASES.get(org.lower(), org)
        office = _OFFICE_OF.match(role)
        if office:
            return _office(office.group(0))  # "Bangladesh's refugee relief commissioner"
        found = _POSSESSIVE_ROLE.match(role) or _ROLE_OF.match(role)
        if found:
            org = _TRIM.sub("", found.group("org")).strip(" ,.")
            return ALIASES.get(org.lower(), re.sub(r"['’]s\b", "", org))
        only = _ROLE_ONLY.match(role)
        if only:
            return only.group("role")
    return None


def described(name: str, sentence: str) -> bool:
    """Whether the sentence says who ``name`` is: a phrase beside the name ("X, a nurse",
    "a nurse, X", "health minister X")."""
    at = sentence.find(name)
    if at < 0:
        return False
    return bool(_APPOSITIVE.match(sentence[at + len(name):]) or
                re.search(r",\s+$", sentence[:at]) or _TITLE_BEFORE.search(sentence[:at]))


def kind_of(name: str, claimed: bool = False) -> str:
    """A source kind from its name: party_to_conflict, un, ngo, government, or local."""
    if claimed or PARTISAN.search(name):
        return "party_to_conflict"
    if _UN.search(name):
        return "un"
    if _NGO.search(name):
        return "ngo"
    if MEDIA.search(name):
        return "media"
    if _GOVERNMENT.search(name):
        return "government"
    return "local"


def slug(name: str) -> str:
    """A source id from a name: ``UN Children's Fund (UNICEF)`` → ``unicef``."""
    acronym = re.search(r"\(([A-Za-z]{2,10})\)", name)
    base = acronym.group(1) if acronym else name
    text = re.sub(r"[^a-z0-9]+", "-", base.lower().replace("'", "").replace("’", "")).strip("-")
    while len(text) > 40 and "-" in text:
        text = text.rsplit("-", 1)[0]  # whole words only: never "karenni-nationaliti"
    return text[:40] or "source"
