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
    (r"prisoners?|hostages?|captives?|detainees", None),
    (r"(?:new )?arrivals", None),
    (r"(?:new |suspected |confirmed )?cases|infections", None),
    (r"(?:humanitarian |aid |relief )?(?:aid|humanitarian|relief) workers?|humanitarians"
     r"|(?:UN |U\.N\. )?staff(?: members)?|volunteers?", "aid_workers"),
    (r"health(?:care)? workers?|medics?|doctors?|nurses?|paramedics?|medical staff"
     r"|health staff", "health_workers"),
    (r"teachers?", "teachers"),
    (r"journalists?|reporters?", "journalists"),
    (r"people|persons|residents|villagers|inhabitants|individuals|migrants|patients|others"
     r"|pilgrims|passengers|workers|miners|worshippers|students|pupils|victims|survivors"
     r"|fishermen|farmers|herders|tourists|drivers|traders|labourers|firefighters|nationals"
     r"|citizens|detainees|prisoners|inmates|climbers|visitors|mourners|guests|protesters|"
     r"demonstrators|spectators|[A-Z][a-z]+(?:ians|ans|ese)\b"
     r"|Palestinians|Syrians|Sudanese|Afghans|Rohingya|Ukrainians|Haitians|Somalis", None),
    (r"families|households", "households"),
    (r"refugees|asylum[- ]seekers", None),
    (r"returnees", None),
    (r"(?:internally )?displaced(?: people| persons)?|IDPs|evacuees", None),
    (r"dead|deaths|fatalities|bodies|lives", None),
    (r"injured|wounded|injuries", None),
    (r"hospitals?|clinics?|health (?:facilities|facility|cent(?:re|er)s?|posts?)|schools?"
     r"|kindergartens|medical facilities|facilities|health centres|ambulances", "facilities"),
]
_NOUN_RE = [(re.compile(rf"(?:{p})\b", re.IGNORECASE), pop) for p, pop in NOUNS]
_ADJ = re.compile(r"(?:(?:more|other|additional|new|newly|further|Syrian|Palestinian|Sudanese|"
                  r"cholera|measles|dengue|mpox|Ebola|COVID-19|malaria|diphtheria|flood|quake|"
                  r"earthquake|storm|cyclone|suspected|confirmed|recorded|reported|arrived|"
                  r"associated|related|[a-z]+-related|linked|"
                  r"local|foreign|Afghan|Israeli|Ukrainian|Russian|Turkish|government|"
                  r"opposition|rebel|pro-government|young|small|unaccompanied|school|"
                  r"elderly|internally|displaced|injured|wounded|missing|dead|UN|U\.N\.|of the|"
                  r"of them|of whom|among them|in all|in total|"
                  r"[A-Z][a-z]+i)\s+)*", re.IGNORECASE)

# Words that say what happened to those counted, with the measure they mean.
CUES: list[tuple[str, str]] = [
    (r"death toll|toll|killed|killing|kills|dead|deaths?|died|die|dying|fatalities|lost their"
     r" lives|perished|slain|massacred|executed|bodies|lives|neutrali[sz]ed|drowned|lost",
     "killed"),
    (r"injured|injuring|injuries|wounded|wounding|wounds|hurt|hospitali[sz]ed|"
     r"treated for (?:injuries|wounds|burns|gunshot)", "injured"),
    (r"missing|unaccounted for|disappeared", "missing"),
    (r"refugees|asylum[- ]seekers|crossed|crossing into|sought refuge|border crossing",
     "refugees"),
    (r"returnees|returned|returning|have gone back|went back", "returned"),
    (r"internally displaced|displaced|displacing|displacement|fled|fleeing|flee|uprooted"
     r"|forc(?:ed|ing)|evacuat\w+|homeless|IDPs|made homeless|arrivals|arrived|driven|drove|"
     r"staying in (?:evacuation|temporary|displacement|collective)|"
     r"in (?:displacement )?camps|in shelters|sheltering|relocated|sleeping (?:in the open|"
     r"rough|outside)|without shelter", "displaced"),
    (r"in need|need(?:ing|s)? (?:(?:humanitarian|urgent|emergency|food|life-saving|immediate|"
     r"medical|shelter|protection)\s+){0,3}(?:assistance|aid|help|support)"
     r"|require(?:s|d)? (?:humanitarian )?(?:assistance|aid)|need(?:s|ing)? (?:improved|"
     r"better|access to|safe|clean)"
     r"|food insecur\w+|acutely malnourished|malnourished|malnutrition|at risk of famine|"
     r"facing famine|face (?:crisis|emergency|famine|catastroph\w+|hunger)|IPC Phase|"
     r"in (?:Emergency|Crisis|Catastrophe)\b",
     "in_need"),
    (r"affected|impacted|trapped|stranded|saw their homes|lost their homes|infected|"
     r"infections|contracted|fell ill|cases|admitted|admitting|"
     r"destroyed the (?:homes|shelters|houses|tents) of|"
     r"homes (?:were |have been )?(?:destroyed|damaged|flooded|washed away)", "affected"),
    (r"detained|arrested|abducted|kidnapped|taken hostage|held hostage|imprisoned|captured"
     r"|prisoners?|taken captive|detention", "detained"),
    (r"damaged|destroyed|attacked|hit|struck|shelled|bombed|looted|burned|torched|flooded|"
     r"submerged|collapsed|washed away|swept away|razed|flattened|non-functional|"
     r"put out of (?:service|action)|inoperable|out of service|closed|damage|torn off",
     "facilities_damaged"),
]
_CUE_RE = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), m) for p, m in CUES]
_TOLL_AT = re.compile(r"\b(?:toll|number|figure|count|total|tally|estimates?)\b[^.;]{0,80}?"
                      r"\b(?:at|to|reached|reach|of|stands at|stood at|is|was|hit|rose to|"
                      r"climbed to)\s*$",
                      re.IGNORECASE)
# "174 had been injured", "75 were missing", "12 people have died": the count is the subject.
_SUBJECT = re.compile(r"^\s+(?:(?:had|have|has|were|was|are|is|remain|remained|remains|"
                      r"still|been|reportedly|also|later|since)\s+){1,3}(\w+(?: \w+){0,3})",
                      re.IGNORECASE)
_INCLUDING = re.compile(r"\b(?:including|among them|among whom|of whom|of them|incl\.)\s*$",
                        re.IGNORECASE)
_PROPORTION = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|\d+)\s+"
                         r"(?:in|out of)\s+$", re.IGNORECASE)
_AMBIGUOUS = re.compile(r"\bcasualties\b", re.IGNORECASE)

# Contexts that make a number something other than a count of people.
_BEFORE_NOT = re.compile(
    r"(?:[$€£¥]|(?<![A-Za-z])(?:US\$|USD|EUR|GBP|CHF|Resolution|resolution|Route|route|Highway|highway|"
    r"No\.|no\.|number|Number|Flight|flight|Article|article|page|Chapter|chapter|Phase|phase|"
    r"Category|category|magnitude|Magnitude|level|Level|aged|age|ages|M|N|A|B|D|E|R|"
    r"built for|capacity of|capacity for|designed for|meant for|room for"
    r"|Road|road|Camp|camp|Block|block|Sector|sector|Zone|zone|Kilometre|kilometre|km|KM"
    r"|Unit|Brigade|brigade|Division|division|Battalion|battalion))\s?$")
_AFTER_NOT = re.compile(
    r"^\s?(?:%|percent|per cent|percentage|dollars|euros|pounds|francs|shillings|birr|"
    r"rupees|dinars|pesos|yuan|naira|km|kilomet|kilometres|kilometers|miles?|metres|meters|"
    r"m\b|cm|mm|feet|ft|tonnes|tons|kg|kilograms|litres|liters|hectares|acres|degrees|"
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|"
    r"square|sq|per|times|fold|mm|millimet|magnitude|on the Richter|richter|points?|"
    r"head of|cattle|livestock|goats|sheep|camels|cows|animals|trucks|lorries|vehicles|tents|kits|"
    r"doses|meals|rations|litres|tons of|metric|MW|billion\s+(?:dollars|in)|"
    r"(?:[a-z]+\s+)?(?:centres|centers|camps|sites|shelters|settlements)\b|"
    r"villages|towns|districts|provinces|counties|communities|houses|homes|buildings|"
    r"(?:in|out of) (?:ten|\d+)\b)",
    re.IGNORECASE)
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
           r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")


@dataclass(frozen=True)
class Reading:
    """What one mention counts."""

    measure: str
    population: str | None
    unit: str
    subset: bool = False  # "including 127 children": a part of the count before


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


_NOUN_MEASURE = [(re.compile(p, re.IGNORECASE), m) for p, m in (
    (r"dead|deaths|fatalities|bodies|lives", "killed"), (r"injured|wounded|injuries", "injured"),
    (r"prisoners?|hostages?|captives?|detainees", "detained"),
    (r"(?:new )?arrivals|evacuees|IDPs|(?:internally )?displaced", "displaced"),
    (r"refugees|asylum", "refugees"), (r"returnees", "returned"))]


def _noun_measure(noun: str | None) -> str | None:
    return next((m for p, m in _NOUN_MEASURE if noun and p.match(noun)), None)


def _measure_of(words: str) -> str | None:
    """The measure of the first cue in a few words after "were", "had been" ..."""
    found = [(m.start(), measure) for pattern, measure in _CUE_RE
             if measure != "facilities_damaged" and (m := pattern.search(words))]
    return min(found)[1] if found else None


def read(sentence: str, mention: Mention, lo: int, hi: int,
         previous: Reading | None = None) -> Reading | None:
    """Measure, population and unit of ``mention``, or ``None`` if it is not a figure.

    ``previous`` is the reading of the count just before, for "damaged three schools and
    two clinics", where the second count shares the first one's verb."""
    if is_not_a_count(sentence, mention) or _PROPORTION.search(sentence[:mention.start]):
        return None
    noun, population, noun_end = noun_after(sentence, mention)
    facility = population == "facilities"
    found = nearest_cue(sentence, mention, noun_end, lo, hi, facility)
    joined = re.fullmatch(r"\s*(?:,\s*)?(?:and|or|as well as|plus)?\s*", sentence[lo:mention.start])
    if found is None and previous is not None and noun is not None and joined \
            and (previous.measure == "facilities_damaged") == facility:
        found = (previous.measure, 0)
    subset = previous is not None and bool(_INCLUDING.search(sentence[lo:mention.start]))
    if previous is not None and joined and previous.subset and noun is not None:
        subset = True  # "among them 88 women and 301 children": both parts of the same count
    if subset and previous is not None:
        found = (previous.measure, 0)  # "killed 1,974 people, including 127 children"
    if found is None:
        return None
    measure, distance = found
    if not subset and _noun_measure(noun):
        measure, distance = _noun_measure(noun) or measure, 0
    subject = _SUBJECT.match(sentence[noun_end:])
    if subject and not facility and not _noun_measure(noun) and _measure_of(subject.group(1)):
        measure, distance = _measure_of(subject.group(1)) or measure, 0
    if _TOLL_AT.search(sentence[:mention.start]) and distance < 90:
        distance = 0  # "put the number of civilians killed ... at 372"
    if noun is None and distance > 3:
        return None  # a bare number far from any measure word is not a figure
    if noun is not None and distance > 60:
        return None
    if _AMBIGUOUS.search(sentence[mention.end:noun_end + 12]) and measure in ("killed",
                                                                              "injured"):
        return None
    if measure == "displaced" and re.search(r"\barriv", sentence) \
            and re.search(r"\b(?:border|crossing|refugees?)\b", sentence):
        measure = "refugees"  # arrivals at a border are refugees
    unit = "households" if population == "households" else "people"
    if population in ("households", "facilities"):
        population = None
    return Reading(measure, population, unit, subset)
