"""Decide what a count in a sentence counts: measure, population, unit; or that it is not one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.extract import vocab
from sitrep.extract.numbers import BEFORE_NOT, Mention, is_not_a_count

_WORDS = vocab.load("measures")
_NOUN_RE = [(re.compile(rf"(?:{vocab.any_of(n['words'])})\b", re.IGNORECASE), n["population"])
            for n in _WORDS["nouns"]]
_ADJ = re.compile(rf"(?:(?:{vocab.any_of(_WORDS['modifiers'])})\s+)*", re.IGNORECASE)
# Words that say what happened to those counted, with the measure they mean.
_CUE_RE = [(re.compile(rf"\b(?:{vocab.any_of(c['words'])})\b", re.IGNORECASE), c["measure"])
           for c in _WORDS["cues"]]
_TOLL_AT = re.compile(r"\b(?:toll|number|figure|count|total|tally|estimates?|casualties|cases|"
                      r"deaths|arrivals)\b"
                      r"(?:[^.;]|\.(?=\d)){0,80}?"  # "the toll from the 7.7 quake has climbed to"
                      r"\b(?:at|to|reached|reach|of|stands at|stood at|is|was|hit|rose to|"
                      r"climbed to|passed|topped|exceeded|surpassed|climbed past|rose past)\s*$",
                      re.IGNORECASE)
# "bringing to 28 the number of aid workers killed": the count before what it counts.
_TOLL_AFTER = re.compile(r"\s+the\s+(?:number|total|toll|tally)\s+of\s+(?P<what>[^,.;]{1,60})",
                         re.IGNORECASE)
# "174 had been injured", "75 were missing", "12 people have died": the count is the subject.
_SUBJECT = re.compile(r"^\s+(?:(?:in|at|from|across) [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?\s+)?"
                      r"(?:(?:had|have|has|were|was|are|is|remain|remained|remains|"
                      r"still|been|reportedly|also|later|since)\s+){1,3}(\w+(?: \w+){0,5})",
                      re.IGNORECASE)
_INCLUDING = re.compile(r"\b(?:including|among them|among whom|of whom|of them|incl\.|"
                        r"includes|included)\s*$", re.IGNORECASE)
# A fact box's label before its number: "Refugees in neighbouring countries: 3.8 million".
_LABEL = re.compile(r"^\W*([^.;:|\n]{2,80}?)\s*(?:[:|]|\**\s*\n)\s*\**\s*"
                    r"(?:about|some|nearly|over|more than)?\s*$", re.IGNORECASE)
# "41 wounded, 17 of them children": the part says so after its number.
_PART_AFTER = re.compile(r"^\s+(?:of (?:them|whom|those|the (?:newly |recently )?"
                         r"(?:wounded|injured|dead|displaced|missing|sick|patients|victims|"
                         r"evacuees|arrivals))|among them)\b",
                         re.IGNORECASE)
# "killed 8 men and 5 children": the second count follows the first and its noun.
_JOINED = re.compile(r"\s*(?:[\w-]+(?:\s+|(?=,))){0,5}?(?:,\s*)?(?:and|or|as well as|plus|"
                     r"and a further|"
                     r"a further|and another)?\s*")
_ABROAD = re.compile(r"\b(?:across|over) the border\b|\b(?:in|into|to) neighbouring\b|"
                     r"\bcrossed into\b|\bfled abroad\b", re.IGNORECASE)
_DEATH_TOLL = re.compile(r"\b(?:death toll|toll)\b[^.;]{0,80}$", re.IGNORECASE)
_PROPORTION = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|\d+)\s+"
                         r"(?:in|out of)\s+$", re.IGNORECASE)

# The whole a part is taken from: "three of the region's 32 health centres" (32 is not counted).
_WHOLE_OF = re.compile(r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                       r"(?:of|out of)\s+(?:the|its|their|our)\s+(?:[\w'’-]+['’]s\s+)?$",
                       re.IGNORECASE)
#: What aid reached, not what happened to people: "partners have reached 10,000 people with
#: food" (not "the toll has reached 27").
_RESPONSE = re.compile(r"\b(?:have|has|had)\s+(?:now\s+|so far\s+|already\s+)?(?:reached|"
                       r"assisted|helped|served|supported|vaccinated|screened)\s+$", re.IGNORECASE)
_TALLY = re.compile(r"\b(?:toll|number|total|count|figure|tally|estimate|cases|deaths)\b",
                    re.IGNORECASE)


def _responded(before: str) -> bool:
    """Whether the count is of people aid reached: "partners have reached 10,000 people"."""
    found = _RESPONSE.search(before)
    return found is not None and not _TALLY.search(before[max(0, found.start() - 60):
                                                          found.start()])

#: A tally of places, not people: "the number of sites".
_SITES_TALLY = re.compile(r"\b(?:number|total|count) of (?:[\w-]+\s+){0,2}?(?:sites|camps|villages|"
                          r"districts|provinces|localities|settlements|shelters|centres|centers)\b",
                          re.IGNORECASE)
#: Labels that count places: "States affected: 8", "Districts: 12".
_AREAS = re.compile(r"\W*(?:states|districts|provinces|regions|counties|villages|localities|"
                    r"municipalities|communes|governorates|townships|camps|sites)\b", re.IGNORECASE)
#: What a verb says happened to a group, over the group's own name: "300 returnees are in
#: need of assistance", "12 refugees were killed".
#: A group left without a home: "left 3,000 refugees (in Alpha) homeless".
_HOMELESS = re.compile(r"(?:\s+(?:in|at|of|from)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"
                       r"\s+(?:homeless|without (?:a )?(?:shelter|homes?|a roof))\b")
#: A preposition of place before "one of them", "two of the camps".
_AT_ONE_OF = re.compile(r"\b(?:in|inside|at|on|into|beside|near|under|behind|outside|across|"
                        r"from)\s+$", re.IGNORECASE)
_STATES = {"killed", "injured", "missing", "detained", "in_need"}
#: Measures a group's own name carries ("returnees", "refugees"): what happened to the group
#: overrides them.
_GROUPS = {"displaced", "refugees", "returned"}
#: The verb right before a count, its object: "have killed 23", "wounded at least 7".
_HARM_BEFORE = re.compile(r"\b([a-z]+)\s+(?:(?:at least|more than|some|about|nearly|over|"
                          r"around|another|a further)\s+)?$")


@dataclass(frozen=True)
class Reading:
    """What one mention counts."""

    measure: str
    population: str | None
    unit: str
    subset: bool = False  # "including 127 children": a part of the count before


def countable(sentence: str, mention: Mention) -> bool:
    """Whether a mention may be a count at all (not a year, percentage, age, date or unit)."""
    if not is_not_a_count(sentence, mention):
        return True
    return noun_after(sentence, mention)[1] == "facilities" and _counts_facility(sentence, mention)


def noun_after(sentence: str, mention: Mention) -> tuple[str | None, str | None, int]:
    """The counted noun right after the number: (noun, population, where it ends)."""
    return noun_at(sentence, mention.end)


def noun_at(sentence: str, at: int) -> tuple[str | None, str | None, int]:
    """The noun of people or things that begins at ``at``, after its modifiers."""
    rest = sentence[at:]
    bare = rest.lstrip().lstrip("*_").lstrip()  # "**1,300** civilians": Markdown emphasis
    gap = _ADJ.match(bare)
    offset = len(rest) - len(bare) + (gap.end() if gap else 0)
    for pattern, population in _NOUN_RE:
        match = pattern.match(rest, offset)
        if match:
            return match.group(0), population, at + match.end()
    return None, None, at


_ADVERBS = re.compile(r"(?:\s*\b\w+ly\b)*\s*")


@lru_cache(maxsize=64)
def cues(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Every measure word in the sentence, with its span (kept for the sentence's counts)."""
    found = []
    for pattern, measure in _CUE_RE:
        found += [(m.start(), m.end(), measure) for m in pattern.finditer(sentence)]
    return tuple(sorted(found))


def nearest_cue(sentence: str, mention: Mention, noun_end: int, lo: int, hi: int,
                facility: bool) -> tuple[str, int] | None:
    """The measure word closest to the count, not crossing a neighbouring count."""
    best: tuple[int, int, str] | None = None
    for start, end, measure in cues(sentence):
        if (measure == "facilities_damaged") != facility:
            continue
        if end <= mention.start and start >= lo:
            distance = mention.start - end
        elif start >= noun_end and end <= hi:
            distance = start - noun_end
            if _ADVERBS.fullmatch(sentence[noun_end:start]):
                distance = 0  # "22 partially damaged", "40 seriously injured"
        elif mention.start <= start < noun_end:
            distance = 0  # the noun itself: "12 dead", "40,000 refugees"
        else:
            continue
        if _clause_break(sentence, min(end, mention.start), max(start, noun_end)):
            distance += 40
        if best is None or (distance, start - end) < best[:2]:
            best = (distance, start - end, measure)  # the longer cue of two as near
    return (best[2], best[0]) if best else None


def _clause_break(sentence: str, a: int, b: int) -> bool:
    between = sentence[a:b]
    return bool(re.search(r"[;:]|\bwhile\b|\bwhereas\b|\bbut\b|\balthough\b", between))


_NOUN_MEASURE = [(re.compile(vocab.any_of(n["words"]), re.IGNORECASE), n["measure"])
                 for n in _WORDS["noun_measures"]]


def _noun_measure(noun: str | None) -> str | None:
    return next((m for p, m in _NOUN_MEASURE if noun and p.match(noun)), None)


def _measure_of(words: str) -> str | None:
    """The measure of the first cue in a few words after "were", "had been" ..."""
    found = [(m.start(), m.start() - m.end(), measure) for pattern, measure in _CUE_RE
             if measure != "facilities_damaged" and (m := pattern.search(words))]
    return min(found)[2] if found else None  # the first cue; of two there, the longer


def read(sentence: str, mention: Mention, lo: int, hi: int,
         previous: Reading | None = None) -> Reading | None:
    """Measure, population and unit of ``mention``, or ``None`` if it is not a figure.

    ``previous`` is the reading of the count just before, for "damaged three schools and
    two clinics", where the second count shares the first one's verb."""
    noun, population, noun_end = noun_after(sentence, mention)
    facility = population == "facilities"
    if _PROPORTION.search(sentence[:mention.start]) or _responded(sentence[:mention.start]) \
            or _WHOLE_OF.search(
            sentence[:mention.start]) or (
            is_not_a_count(sentence, mention) and not (facility and _counts_facility(
                sentence, mention))):
        return None
    if _AT_ONE_OF.search(sentence[:mention.start]) and re.match(r"\s+of\b", sentence[mention.end:]):
        return None  # "bodies in one of them", "at two of the schools": where, not how many
    joined = bool(previous) and bool(_JOINED.fullmatch(sentence[lo:mention.start]))
    if noun is None and previous is not None and previous.measure == "facilities_damaged" \
            and joined:
        facility = True  # "9,800 houses were destroyed and a further 15,300 damaged"
    found = nearest_cue(sentence, mention, noun_end, lo, hi, facility)
    if found is None and previous is not None and noun is not None and joined \
            and (previous.measure == "facilities_damaged") == facility:
        found = (previous.measure, 0)
    part_after = _PART_AFTER.match(sentence[mention.end:]) and (len(
        re.findall(r"\w+", sentence[lo:mention.start])) <= 2 or re.search(
        r"[;,]\s*$", sentence[:mention.start]) or re.match(r"\s+of the\b", sentence[mention.end:])
        or re.search(r"\b(?:and that|and)\s+$", sentence[:mention.start])
    )  # "three of the wounded", "and that 6 of them had died"; not "aims to reach 96,000 of them"
    subset = previous is not None and (bool(_INCLUDING.search(sentence[lo:mention.start]))
                                       or bool(part_after))
    if previous is not None and joined and previous.subset and noun is not None and not facility:
        subset = True  # "among them 88 women and 301 children": both parts of the same count
    if subset and previous is not None:
        found = (previous.measure, 0)  # "killed 1,974 people, including 127 children"
    label = _LABEL.match(sentence[lo:mention.start]) if noun is None else None
    if label and _AREAS.match(label.group(1)):
        return None  # "States affected: 8" counts places, not people
    if label and _measure_of(label.group(1)):
        found = (_measure_of(label.group(1)) or "", 0)  # "Refugees in Chad: 3.8 million"
    listed = subset or bool(_INCLUDING.search(sentence[lo:mention.start]))
    own = _predicate(sentence[noun_end:]) if listed and noun is None or part_after else None
    if own:
        found = (own, 0)  # "of whom 43,000 need assistance", "four of them died": its own verb
    if found is None:
        return None
    measure, distance = found
    if _noun_measure(noun):
        measure, distance = _noun_measure(noun) or measure, 0
    elif part_after and previous is not None and previous.measure == "other":
        # "58 casualties, 12 of them dead"
        measure = _measure_of(sentence[mention.end:mention.end + 30]) or measure
    subject = _SUBJECT.match(sentence[noun_end:])
    said = _measure_of(subject.group(1)) if subject and not facility else None
    named = _noun_measure(noun) or next(  # "40,000 displaced people"
        (m for w in sentence[mention.end:noun_end].split() if (m := _noun_measure(w))), None)
    if said and (not named or said in _STATES):
        measure, distance = said, 0
    # "and 571 people injured": a participle right after the count's noun is its own verb,
    # over the verb of the count before it
    direct = re.match(r"(?:,\s*(?:among them|including|of whom|all|both|most|many|mostly|"
                      r"an?|the|his|her|their|two|three|four|five|six)\s[^,;.]{1,40},)?\s+"
                      r"(?:(?:had|have|has|were|was)\s+)?([a-z]+(?:\s+[a-z]+){0,3})",
                      sentence[noun_end:]) \
        if noun is not None and not facility else None  # "nine returnees, among them ..., died"
    if direct and direct.group(1).split()[0] not in ("in", "at", "on", "from", "by", "with",
                                                     "and", "or", "of") and \
            (own_verb := _measure_of(direct.group(1))) in _STATES and \
            _measure_of(direct.group(1).split()[0]) == own_verb:
        measure, distance = own_verb, 0
    harm = _HARM_BEFORE.search(sentence[lo:mention.start])
    if harm and measure in _GROUPS and (verb := _measure_of(harm.group(1))) in _STATES:
        measure, distance = verb, 0  # "shelling killed 23 displaced people": what befell them
    if measure in _GROUPS and _HOMELESS.match(sentence[noun_end:]):
        measure, distance = "displaced", 0  # "left 3,000 refugees homeless"
    after = _TOLL_AFTER.match(sentence, mention.end)
    if after and _measure_of(after.group("what")):  # "bringing to 28 the number of aid
        measure, distance = _measure_of(after.group("what")) or measure, 0  # workers killed"
        population = noun_at(sentence, after.start("what"))[1] or population
    toll = _TOLL_AT.search(sentence[max(lo, 0):mention.start])
    if toll and _SITES_TALLY.search(toll.group(0)):
        return None  # "bringing the number of sites to 110" counts places
    if toll and distance < 90:
        distance = 0  # "put the number of civilians killed ... at 372"
        measure = _measure_of(toll.group(0)) or measure  # "cases rose to 4,000, with 60 deaths"
        if _DEATH_TOLL.search(sentence[:mention.start]) and noun is None:
            measure = "killed"  # "the toll from the strike ... had reached 27"
    if noun is None and distance > 3:
        return None  # a bare number far from any measure word is not a figure
    if noun is not None and distance > 60:
        return None
    if measure == "displaced" and (re.search(r"\barriv", sentence) and re.search(
            r"\b(?:border|crossing|crossed|refugees?)\b", sentence) or _ABROAD.search(
            _clause(sentence, mention, lo, hi))):
        measure = "refugees"  # arrivals at a border, or people who fled abroad, are refugees
    unit = "households" if population == "households" else "people"
    if population in ("households", "facilities"):
        population = None
    return Reading(measure, population, unit, subset)


#: The verb of a part of a count: "[four] of them died", "[43,000] need urgent help".
_PREDICATE = re.compile(r"^\s*(?:of (?:them|whom|those|these|the (?:newly |recently )?[\w-]+)\s+)?"
                        r"(?:(?:in|at) [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?\s+)?"
                        r"(?:(?:who|that|have|has|had|"
                        r"were|was|are|is|later|since|also|still|now|reportedly|subsequently)\s+)*"
                        r"(?P<verb>[^,;.]{1,40})", re.IGNORECASE)


def _predicate(rest: str) -> str | None:
    """The measure a part's own verb gives, if the words right after it say one."""
    found = _PREDICATE.match(rest)
    words = found.group("verb").split() if found else []
    return _measure_of(" ".join(words[:6])) if words else None


#: Groups a figure is made of, which a sentence after it may count.
_PARTS = {"children", "women", "men", "civilians"}


def carried(sentence: str, found: list[Mention], measure: str,
            clauses: list[tuple[int, str | None]]) -> list[tuple[Mention, Reading, str]]:
    """Counts of a group in a sentence that says nothing happened to them, right after a figure:
    they are part of it ("12,000 crossed into Gamma. ... at least 300 were unaccompanied
    minors")."""
    out = []
    for mention in found:
        noun, population, end = noun_after(sentence, mention)
        whose = [who for at, who in clauses if at <= mention.start][-1]
        said_to_be = re.search(r"\b(?:were|are|was|is)\b", sentence[mention.end:end]) or \
            re.match(r"\s+(?:were|are)\s+among\b", sentence[end:]) or re.search(
                r"\b(?:registered|identified|recorded|counted)\s+(?:\w+\s+)?$",
                sentence[:mention.start])  # "300 were minors", "registered 112 children"
        if noun and population in _PARTS and whose and said_to_be and \
                not is_not_a_count(sentence, mention) and measure != "facilities_damaged":
            out.append((mention, Reading(measure, population, "people", True), whose))
    return out


def listed_before(sentence: str, mention: Mention, following: Mention,
                  reading: Reading) -> Reading | None:
    """The reading of a count listed before ``following`` that shares its verb: "31 schools,
    9 clinics and 2,500 latrines were damaged", "14 people, including 6 children, drowned"."""
    noun, population, noun_end = noun_after(sentence, mention)
    if noun is None or is_not_a_count(sentence, mention) and population != "facilities":
        return None
    between = sentence[noun_end:following.start]
    if re.fullmatch(r"\s+(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:the\s+)?", between,
                    re.IGNORECASE):  # "Nine children were among the 14 people killed"
        return Reading(reading.measure, population if population not in (
            "households", "facilities") else None, "people", True)
    if re.fullmatch(r"\s*,\s*(?:including|among them|of whom)\s*", between, re.IGNORECASE):
        if reading.subset:
            return None
        return Reading(reading.measure, population if population not in ("households",
                       "facilities") else None, "households" if population == "households"
                       else "people")
    if not re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+or)\s*(?:(?:some|about|nearly|at least|more than|"
                        r"over|another|a further)\s+)?", between, re.IGNORECASE):
        return None
    if (population == "facilities") != (reading.measure == "facilities_damaged"):
        return None
    unit = "households" if population == "households" else "people"
    return Reading(reading.measure, None if population in ("households", "facilities")
                   else population, unit)


def _clause(sentence: str, mention: Mention, lo: int, hi: int) -> str:
    """The words about this count: back to the last comma or semicolon, on to the next count."""
    start = max(lo, sentence.rfind(",", 0, mention.start), sentence.rfind(";", 0, mention.start))
    return sentence[start:hi]


def _counts_facility(sentence: str, mention: Mention) -> bool:
    """"4 health centres" is a count of facilities, not a capacity or a road number."""
    return not BEFORE_NOT.search(sentence[:mention.start]) and not re.match(
        r"^\s?(?:%|percent|per cent|km|kilomet|miles?|metres|meters)", sentence[mention.end:])
