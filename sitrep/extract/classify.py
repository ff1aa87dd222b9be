"""Decide what a count in a sentence counts: measure, population, unit; or that it is not one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extract.numbers import Mention

# What the number is followed by: a counted noun, with the population it names.
NOUNS: list[tuple[str, str | None]] = [
    (r"civilians?", "civilians"),
    (r"children|child|kids|boys|girls|minors|infants|babies", "children"),
    (r"women|woman|mothers|girls and women", "women"),
    (r"men\b", "men"),
    (r"soldiers?|troops|servicemen|service members|military personnel|police(?:men| officers)?"
     r"|officers", "troops"),
    (r"fighters?|militants?|rebels?|insurgents?|combatants?|gunmen|jihadists?", "fighters"),
    (r"(?:humanitarian |aid |relief )?(?:aid|humanitarian|relief) workers?|humanitarians"
     r"|(?:UN |U\.N\. )?staff(?: members)?|volunteers?", "aid_workers"),
    (r"health(?:care)? workers?|medics?|doctors?|nurses?|paramedics?|medical staff"
     r"|health staff", "health_workers"),
    (r"teachers?", "teachers"),
    (r"journalists?|reporters?", "journalists"),
    (r"people|persons|residents|villagers|inhabitants|individuals|migrants|patients|others"
     r"|pilgrims|passengers|workers|miners|worshippers|students|pupils|victims|survivors"
     r"|Palestinians|Syrians|Sudanese|Afghans|Rohingya|Ukrainians|Haitians|Somalis", None),
    (r"families|households", "households"),
    (r"refugees|asylum[- ]seekers", None),
    (r"returnees", None),
    (r"(?:internally )?displaced(?: people| persons)?|IDPs|evacuees", None),
    (r"dead|deaths|fatalities|bodies|lives", None),
    (r"injured|wounded|injuries", None),
    (r"hospitals?|clinics?|health (?:facilities|facility|centres|centers|posts)|schools?"
     r"|kindergartens|medical facilities|facilities|health centres|ambulances", "facilities"),
]
_NOUN_RE = [(re.compile(rf"(?:{p})\b", re.IGNORECASE), pop) for p, pop in NOUNS]
_ADJ = re.compile(r"(?:(?:more|other|additional|new|newly|further|Syrian|Palestinian|Sudanese|"
                  r"local|foreign|Afghan|Israeli|Ukrainian|Russian|Turkish|government|"
                  r"opposition|rebel|pro-government|young|small|unaccompanied|school|"
                  r"elderly|internally|displaced|injured|wounded|missing|dead|UN|U\.N\.|of the|"
                  r"of them|of whom|among them|in all|in total|"
                  r"[A-Z][a-z]+i)\s+)*", re.IGNORECASE)

# Words that say what happened to those counted, with the measure they mean.
CUES: list[tuple[str, str]] = [
    (r"death toll|toll|killed|killing|kills|dead|deaths?|died|die|dying|fatalities|lost their"
     r" lives|perished|slain|massacred|executed|bodies|lives|neutrali[sz]ed", "killed"),
    (r"injured|injuring|injuries|wounded|wounding|hurt|hospitali[sz]ed", "injured"),
    (r"missing|unaccounted for|disappeared", "missing"),
    (r"refugees|asylum[- ]seekers|crossed (?:into|the border)|sought refuge|arrived in",
     "refugees"),
    (r"returnees|returned|returning|have gone back|went back", "returned"),
    (r"internally displaced|displaced|displacing|displacement|fled|fleeing|flee|uprooted"
     r"|forced (?:from|out of) their homes|evacuated|evacuees|homeless|IDPs|made homeless"
     r"|in (?:displacement )?camps|in shelters|sheltering", "displaced"),
    (r"in need|need(?:ing|s)? (?:humanitarian |urgent |emergency |food |life-saving )?"
     r"(?:assistance|aid|help|support)|require(?:s|d)? (?:humanitarian )?(?:assistance|aid)"
     r"|food insecur\w+|acutely malnourished|malnourished|at risk of famine|facing famine",
     "in_need"),
    (r"affected|impacted", "affected"),
    (r"detained|arrested|abducted|kidnapped|taken hostage|held hostage|imprisoned|captured",
     "detained"),
    (r"damaged|destroyed|attacked|hit|struck|shelled|bombed|looted|burned|torched|"
     r"put out of (?:service|action)|inoperable|out of service|closed", "facilities_damaged"),
]
_CUE_RE = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), m) for p, m in CUES]
_TOLL_AT = re.compile(r"\b(?:toll|number|figure|count|total|tally)\b[^.;]{0,80}?\b(?:at|to|reached|"
                      r"reach|of|stands at|stood at|is|was|hit|rose to|climbed to)\s*$",
                      re.IGNORECASE)
_AMBIGUOUS = re.compile(r"\bcasualties\b", re.IGNORECASE)

# Contexts that make a number something other than a count of people.
_BEFORE_NOT = re.compile(
    r"(?:[$€£¥]|US\$|USD|EUR|GBP|CHF|Resolution|resolution|Route|route|Highway|highway|"
    r"No\.|no\.|number|Number|Flight|flight|Article|article|page|Chapter|chapter|Phase|phase|"
    r"Category|category|magnitude|Magnitude|level|Level|aged|age|ages|of|M|N|A|B|D|E|R"
    r"|Road|road|Camp|camp|Block|block|Sector|sector|Zone|zone|Kilometre|kilometre|km|KM"
    r"|Unit|Brigade|brigade|Division|division|Battalion|battalion)\s?$")
_AFTER_NOT = re.compile(
    r"^\s?(?:%|percent|per cent|percentage|dollars|euros|pounds|francs|shillings|birr|"
    r"rupees|dinars|pesos|yuan|naira|km|kilomet|kilometres|kilometers|miles?|metres|meters|"
    r"m\b|cm|mm|feet|ft|tonnes|tons|kg|kilograms|litres|liters|hectares|acres|degrees|"
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|"
    r"square|sq|per|times|fold|mm|millimet|magnitude|on the Richter|richter|points?|"
    r"cattle|livestock|goats|sheep|camels|cows|animals|trucks|lorries|vehicles|tents|kits|"
    r"doses|meals|rations|litres|tons of|metric|MW|billion\s+(?:dollars|in))",
    re.IGNORECASE)
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
           r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")


@dataclass(frozen=True)
class Reading:
    """What one mention counts."""

    measure: str
    population: str | None
    unit: str


def is_not_a_count(sentence: str, mention: Mention) -> bool:
    """Years, money, percentages, ages, road names, times, dates and measurements."""
    before, after = sentence[:mention.start], sentence[mention.end:]
    number = mention.text.split()[-1]
    if _BEFORE_NOT.search(before) or _AFTER_NOT.match(after):
        return True
    if re.match(rf"^\s+{_MONTHS}\b", after) or re.search(rf"\b{_MONTHS}\s+$", before):
        return True  # 14 March, March 14
    if mention.value is not None and re.fullmatch(r"(?:19|20)\d\d", number):
        return True  # a year; counts that size are written 1,990
    return bool(re.match(r"^-?year-old|^\s?(?:st|nd|rd|th)\b", after))


def noun_after(sentence: str, mention: Mention) -> tuple[str | None, str | None, int]:
    """The counted noun right after the number: (noun, population, where it ends)."""
    rest = sentence[mention.end:]
    gap = _ADJ.match(rest.lstrip())
    offset = len(rest) - len(rest.lstrip()) + (gap.end() if gap else 0)
    for pattern, population in _NOUN_RE:
        match = pattern.match(rest, offset)
        if match:
            return match.group(0), population, mention.end + match.end()
    return None, None, mention.end


def cues(sentence: str) -> list[tuple[int, int, str]]:
    """Every measure word in the sentence, with its span."""
    found = []
    for pattern, measure in _CUE_RE:
        found += [(m.start(), m.end(), measure) for m in pattern.finditer(sentence)]
    return sorted(found)


def nearest_cue(sentence: str, mention: Mention, noun_end: int, lo: int, hi: int,
                facility: bool) -> tuple[str, int] | None:
    """The measure word closest to the count, not crossing a neighbouring count."""
    best: tuple[int, str] | None = None
    for start, end, measure in cues(sentence):
        if (measure == "facilities_damaged") != facility:
            continue
        if end <= mention.start and start >= lo:
            distance = mention.start - end
        elif start >= noun_end and end <= hi:
            distance = start - noun_end
        elif mention.start <= start < noun_end:
            distance = 0  # the noun itself: "12 dead", "40,000 refugees"
        else:
            continue
        if _clause_break(sentence, min(end, mention.start), max(start, noun_end)):
            distance += 40
        if best is None or distance < best[0]:
            best = (distance, measure)
    return (best[1], best[0]) if best else None


def _clause_break(sentence: str, a: int, b: int) -> bool:
    between = sentence[a:b]
    return bool(re.search(r"[;:]|\bwhile\b|\bwhereas\b|\bbut\b|\balthough\b", between))


def read(sentence: str, mention: Mention, lo: int, hi: int) -> Reading | None:
    """Measure, population and unit of ``mention``, or ``None`` if it is not a figure."""
    if is_not_a_count(sentence, mention):
        return None
    noun, population, noun_end = noun_after(sentence, mention)
    facility = population == "facilities"
    found = nearest_cue(sentence, mention, noun_end, lo, hi, facility)
    if found is None:
        return None
    measure, distance = found
    if _TOLL_AT.search(sentence[:mention.start]) and distance < 90:
        distance = 0  # "put the number of civilians killed ... at 372"
    if noun is None and distance > 3:
        return None  # a bare number far from any measure word is not a figure
    if noun is not None and distance > 60:
        return None
    if _AMBIGUOUS.search(sentence[mention.end:noun_end + 12]) and measure in ("killed",
                                                                              "injured"):
        return None
    unit = "households" if population == "households" else "people"
    if population in ("households", "facilities"):
        population = None
    if noun and re.match(r"refugees|asylum", noun, re.IGNORECASE):
        measure = "refugees"
    elif noun and re.match(r"returnees", noun, re.IGNORECASE):
        measure = "returned"
    return Reading(measure, population, unit)
