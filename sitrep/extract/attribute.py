"""Who a sentence attributes its figures to, and what kind of source that is."""

from __future__ import annotations

import re

_CAP = r"(?:[A-Z][\w.&'’()-]*)"
_LOWER = (r"(?:of|for|and|de|du|the|on|refugee|refugees|agency|health|interior|defen[cs]e|"
          r"hospital|clinic|humanitarian|"
          r"foreign|ministry|children's|humanitarian|office|aid|relief|migration|food|"
          r"programme|program|organization|organisation|civil|forces|military|army|council|"
          r"committee|society|observatory|monitor|police|authority|authorities|government|"
          r"officials?|spokes(?:man|woman|person)|rescue|rescuers|emergency|services|"
          r"disaster|management|media|group|coalition|mission|cluster|commission|minister|"
          r"commissioner|administrator|coordinator|director|chief|head|governor|administration|"
          r"bureau|institute|network|project|service|federation|societies|fund)")
_INSTITUTION = (r"(?:department|room|committee|agency|agencies|ministry|office|authority|"
                r"authorities|officials?|council|group|groups|spokes(?:man|woman|person)|leaders?|"
                r"governor|mayor|military|army|government|police|rescuers|medics|doctors|"
                r"residents|witnesses|media|activists|monitors?|administration|services|"
                r"teams?|workers|volunteers|network|union|society|commission|mission|"
                r"observatory|cluster|partners|defen[cs]e|managers?|staff|sources|organi[sz]ers|"
                r"responders|engineers|experts|analysts|hospital|clinic)")
_COMMON = rf"(?i:(?:[a-z'’-]+\s+){{0,3}}{_INSTITUTION})(?:\s*\([A-Z]{{2,8}}\))?"
_NAME = (rf"(?i:the\s+|a\s+|an\s+)?(?P<src>{_CAP}(?:\s+(?:{_CAP}|{_LOWER})){{0,7}}|{_COMMON})")
_FILLER = (r"(?:,[^,.]{1,80},|\s+(?:in|from|at|of)\s+[^,.]{1,40}?|\s+in turn|\s+also|"
           r"\s+later|\s+separately|\s+for (?:its|their|his|her) part,?)?")
_VERBS = (r"said|says|say|reported|reports|report|estimated|estimates|told|confirmed|announced|"
          r"stated|warned|added|claimed|claims|recorded|counted|registered|documented|noted|"
          r"gave|give|gives|saying|tallied|put|puts|verified|logged|tracked|listed")
PATTERNS = [
    re.compile(rf"(?i:\baccording to)\s+{_NAME}"),
    re.compile(rf"(?i:\b(?:figures|data|numbers|estimates|tallies|a tally|a count) "
               rf"(?:from|by|of))\s+{_NAME}"),
    re.compile(rf"\b(?:said|says|reported|added|estimated)\s+{_NAME}\s*[.,]?\s*$"),
    re.compile(rf"{_NAME}{_FILLER},?\s+(?:which\s+|who\s+)?(?:(?:has|have|had|also|was|were"
               rf"|is|are)\s+)?(?:{_VERBS})\b"),
    re.compile(rf"(?i:\b(?:citing|quoting))\s+{_NAME}"),  # last: "X, citing Y, said" is X's
]
#: Names that mean the same source, so that one source gets one id.
ALIASES = {
    "doctors without borders": "Médecins Sans Frontières (MSF)",
    "msf": "Médecins Sans Frontières (MSF)",
    "un refugee agency": "UN Refugee Agency (UNHCR)",
    "un refugee agency unhcr": "UN Refugee Agency (UNHCR)",
    "unhcr": "UN Refugee Agency (UNHCR)",
    "un children's agency": "UN Children's Fund (UNICEF)",
    "unicef": "UN Children's Fund (UNICEF)",
    "world health organization": "World Health Organization (WHO)",
    "who": "World Health Organization (WHO)",
    "international organization for migration": "International Organization for Migration (IOM)",
    "iom": "International Organization for Migration (IOM)",
    "un humanitarian office": "UN Office for the Coordination of Humanitarian Affairs (OCHA)",
    "ocha": "UN Office for the Coordination of Humanitarian Affairs (OCHA)",
    "world food programme": "World Food Programme (WFP)",
    "wfp": "World Food Programme (WFP)",
    "international committee of the red cross": "International Committee of the Red Cross "
                                                "(ICRC)",
    "icrc": "International Committee of the Red Cross (ICRC)",
}
_PRONOUN = re.compile(r"^(?:It|They|He|She|We|This|That|These|Officials?|An?|The|Its|Their|"
                      r"His|Her|Some|Most|Many|All|Another|Nearly|About|Around)$")
#: A person introduced by role: "a spokesperson for the UN refugee agency" is that agency's.
_ROLE = re.compile(r"^(?:.*?,\s+)?(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
                   r"(?:spokes(?:man|woman|person)|official|volunteer|head|director|chief|coordinator|member|officer|"
                   r"representative|doctor|nurse|worker)s?\s+(?:for|of|at|with|from)\s+"
                   r"(?:the\s+)?(?P<org>.+)$", re.IGNORECASE)
#: Words that refer back to a source already named: "the agency said", "the group added".
BACK = re.compile(r"^(?:it|they|he|she|we|its|their|his|her|the|this|that)?\s*(?:agency|group|"
                  r"organi[sz]ation|office|ministry|committee|charity|body|mission|authority|"
                  r"authorities|service|monitor|network|spokes(?:man|woman|person)|official|"
                  r"it|they|he|she)$", re.IGNORECASE)
_TRIM = re.compile(r"\s+(?:on|in|late|early|last|this|said|says|which|who|that|as|when|"
                   r"while|after|before|earlier|later|had|has|have|gave|put|told)\b.*$")
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
        for match in pattern.finditer(sentence):
            name = _clean(match.group("src"), sentence)
            if name and not _PRONOUN.match(name) and len(name) > 1:
                return name
    return None


def _clean(found: str, sentence: str) -> str:
    """The source's name from what a pattern caught: trimmed, by role, by alias."""
    name = _TRIM.sub("", found).strip(" ,.;:'’\"")
    role = _ROLE.match(name)
    if role:
        name = role.group("org")
    name = re.sub(r"^(?:The|A|An|the|a|an)\s+", "", name)
    name = re.sub(r"\s+(?:the|of|and|for|on)$", "", name)
    name = re.sub(r"['’]s\s+spokes(?:man|woman|person)$", "", name)
    name = re.sub(r"\b(\w+ )minister$", r"\1ministry", name)  # the defence minister speaks for it
    appositive = re.search(rf"{re.escape(name)},\s+(?:the\s+)?([A-Z]{{2,8}}),", sentence)
    if appositive:
        name = f"{name} ({appositive.group(1)})"
    return ALIASES.get(name.lower().replace("’", "'"), name)


def speaker_after(sentence: str) -> str | None:
    """A person named before a comma and their role: "Khu Reh, who coordinates the X" → X."""
    match = re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][\w-]+){1,3},\s+(?:a|an|the|who\s+\w+\s+the)\s+"
                      r"(?:[\w-]+\s+){0,3}?(?:for|of|at|with)?\s*(?:the\s+)?"
                      r"(?P<org>(?:[A-Z][\w'’-]*\s*){1,6})", sentence)
    return match.group("org").strip() if match else None


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
