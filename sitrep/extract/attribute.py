"""Who a sentence attributes its figures to, and what kind of source that is."""

from __future__ import annotations

import re

_CAP = r"(?:[A-Z][\w.&'’()-]*)"
_LOWER = (r"(?:of|for|and|de|du|the|on|refugee|refugees|agency|health|interior|defen[cs]e|"
          r"foreign|ministry|children's|humanitarian|office|aid|relief|migration|food|"
          r"programme|program|organization|organisation|civil|forces|military|army|council|"
          r"committee|society|observatory|monitor|police|authority|authorities|government|"
          r"officials?|spokes(?:man|woman|person)|rescue|rescuers|emergency|services|"
          r"disaster|management|media|group|coalition|mission|cluster|commission)")
_COMMON = (r"(?:local |provincial |district |state |hospital |health |government |military "
           r"|security |medical |UN |U\.N\. )?(?:health ministry|interior ministry|defen[cs]e "
           r"ministry|ministry|military|army|government|police|officials|authorities|rescuers"
           r"|civil defen[cs]e|medics|doctors|residents|witnesses|state media|the group|"
           r"aid groups?|aid agencies|agency|rebels|militants|activists|monitors)")
_NAME = (rf"(?i:the\s+)?(?P<src>{_CAP}(?:\s+(?:{_CAP}|{_LOWER})){{0,7}}|{_COMMON})")
_VERBS = (r"said|says|say|reported|reports|report|estimated|estimates|told|confirmed|announced|"
          r"stated|warned|added|claimed|claims|recorded|counted|registered|documented|noted|"
          r"put the (?:death |casualty )?toll at|puts the (?:death |casualty )?toll at|"
          r"put the number(?: of [a-z ]+)? at|puts the number(?: of [a-z ]+)? at|"
          r"put the figure at|puts the figure at|tallied")
PATTERNS = [
    re.compile(rf"\baccording to\s+{_NAME}"),
    re.compile(rf"\b(?:citing|quoting)\s+{_NAME}"),
    re.compile(rf"\b(?:figures|data|numbers|estimates|tallies|a tally|a count) (?:from|by|of)"
               rf"\s+{_NAME}"),
    re.compile(rf"{_NAME},?\s+(?:which\s+|who\s+)?(?:also\s+)?(?:{_VERBS})\b"),
    re.compile(rf"\b(?:said|says|reported|added|estimated)\s+{_NAME}\s*[.,]?\s*$"),
]
_PRONOUN = re.compile(r"^(?:It|They|He|She|We|This|That|These|Officials?)$")
_TRIM = re.compile(r"\s+(?:on|in|late|early|last|this|said|says|on Monday|which|who|that|"
                   r"as|when|while|after|before|earlier|later)\b.*$")
PARTISAN = re.compile(
    r"\b(?:army|military|armed forces|defen[cs]e ministry|ministry of defen[cs]e|"
    r"defen[cs]e minister|rebels?|militia|armed group|insurgents?|militants?|Hamas|Houthis?|"
    r"Hezbollah|Taliban|Islamic State|IDF|Israel Defense Forces|RSF|Rapid Support Forces|"
    r"M23|al-Shabab|Wagner|paramilitar\w*|SDF|Syrian Democratic Forces|Sudanese Armed Forces|"
    r"SAF|Tatmadaw|junta|Kremlin|Pentagon|separatists?|the group)\b", re.IGNORECASE)
_UN = re.compile(r"\b(?:U\.?N\.?|United Nations|OCHA|UNHCR|WHO|World Health Organi[sz]ation|"
                 r"UNICEF|WFP|World Food Programme|IOM|International Organization for Migration|"
                 r"UNRWA|OHCHR|FAO|UNFPA|UNDP|UNOCHA|refugee agency|children's agency)\b")
_NGO = re.compile(r"\b(?:Red Cross|Red Crescent|ICRC|IFRC|MSF|Doctors Without Borders|"
                  r"Médecins Sans Frontières|Save the Children|Oxfam|CARE|NRC|Norwegian Refugee"
                  r" Council|IRC|International Rescue Committee|Amnesty|Human Rights Watch|"
                  r"charity|NGO|aid group|White Helmets|Civil Defen[cs]e|monitor|Observatory|"
                  r"ACLED|Airwars)\b", re.IGNORECASE)
_GOVERNMENT = re.compile(r"\b(?:ministry|minister|government|authorit(?:y|ies)|officials?|"
                         r"governor|mayor|police|disaster management|agency|president|"
                         r"spokes(?:man|woman|person)|state media|council)\b", re.IGNORECASE)


def source_in(sentence: str) -> str | None:
    """The name a sentence attributes its figures to, if it names one."""
    for pattern in PATTERNS:
        match = pattern.search(sentence)
        if match:
            name = _TRIM.sub("", match.group("src")).strip(" ,.;:'’\"")
            name = re.sub(r"^(?:The|A|An|the)\s+", "", name)
            name = re.sub(r"\s+(?:the|of|and|for|on)$", "", name)
            if name and not _PRONOUN.match(name) and len(name) > 1:
                return name
    return None


def kind_of(name: str, claimed: bool = False) -> str:
    """A source kind from its name: party_to_conflict, un, ngo, government, or local."""
    if claimed or PARTISAN.search(name):
        return "party_to_conflict"
    if _UN.search(name):
        return "un"
    if _NGO.search(name):
        return "ngo"
    if _GOVERNMENT.search(name):
        return "government"
    return "local"


def slug(name: str) -> str:
    """A source id from a name: ``UN Children's Fund (UNICEF)`` → ``unicef``."""
    acronym = re.search(r"\(([A-Za-z]{2,10})\)", name)
    base = acronym.group(1) if acronym else name
    text = re.sub(r"[^a-z0-9]+", "-", base.lower().replace("'", "").replace("’", ""))
    return text.strip("-")[:40] or "source"
