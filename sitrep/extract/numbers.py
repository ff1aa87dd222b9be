"""Find counts in text: digits, decimals with scale words, number words, ranges, qualifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extract import vocab

_WORDS = vocab.load("numbers")
_UNITS: dict[str, int] = _WORDS["units"]
_SCALES: dict[str, int] = _WORDS["scales"]
QUALIFIERS = [(vocab.any_of(q["words"]), q["qualifier"]) for q in _WORDS["qualifiers"]]
VAGUE = vocab.any_of(_WORDS["vague"])

_WORD = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_BIG = r"hundred|thousand|million|billion"
# "forty-one", "two million", "one hundred and twenty-five": "and" only after a scale word
_WORD_NUMBER = (rf"(?:{_WORD})(?:[\s-]+(?:{_WORD})\b|\s+(?:{_BIG})\b"
                rf"(?:\s+and(?=[\s-]+(?:{_WORD})\b))?)*")
# "1,250", "950 000" (a space, or a narrow no-break space, between thousands), "3.2"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:hundred|thousand|million|billion|mn|bn)\b|\s?[mMkK]\b(?![-']))"
# "a quarter of a million", "half a million", "a million"
_FRACTION = (r"(?:(?:a\s+(?:quarter|third)\s+of\s+a|half\s+a|a)\s+(?:million|billion)|"
             rf"a\s+(?:hundred|thousand)(?:\s+and[\s-]+(?:{_WORD})(?:[\s-]+(?:{_WORD}))?)?)\b")
NUMBER = rf"(?:(?:{_DIGITS})(?:{_SCALE})?|{_FRACTION}|(?:{_WORD_NUMBER}))"
_QUAL = "|".join(f"(?:{pattern})" for pattern, _ in QUALIFIERS)
QUALIFIER_WORDS = _QUAL  # every qualifier, as one alternation
_RANGE = (rf"(?:between\s+(?P<lo1>{NUMBER})\s+and\s+(?P<hi1>{NUMBER})"
          rf"|(?P<lo2>{NUMBER})\s*(?:-|–|to)\s*(?P<hi2>{NUMBER}))")
MENTION = re.compile(
    rf"(?<![\w$€£.,:/-])(?:(?P<qual>{_QUAL})\s+)?(?:{_RANGE}|(?P<one>{NUMBER}))"
    rf"(?![\w%:/]|-(?:year|month|day|week|hour|km|kilomet|mile|metre|meter|storey|bed))",
    re.IGNORECASE)
VAGUE_RE = re.compile(rf"\b(?P<vague>{VAGUE})\s+(?:of\s+)?(?P<noun>[a-z]+)", re.IGNORECASE)

# The measures lexicon's words that make a number no count (money, units, ages …); they
# are here, not in classify, so that checking a quote's number needs no more than this module.
_NOT = vocab.load("measures")
# Contexts that make a number something other than a count of people (case matters: "M 4").
BEFORE_NOT = re.compile(rf"(?:[$€£¥]|(?<![A-Za-z])(?:{vocab.any_of(_NOT['not_before'])}))\s?$")
_AFTER_NOT = re.compile(rf"^\s?(?:{vocab.any_of(_NOT['not_after'])})", re.IGNORECASE)
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
           r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")


@dataclass(frozen=True)
class Mention:
    """A count found in a sentence, with where it is (offsets inside the sentence)."""

    start: int
    end: int
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    text: str


def is_not_a_count(sentence: str, mention: Mention) -> bool:
    """Years, money, percentages, ages, road names, times, dates and measurements."""
    before, after = sentence[:mention.start], sentence[mention.end:]
    number = mention.text.split()[-1]
    if BEFORE_NOT.search(before) or _AFTER_NOT.match(after):
        return True
    if re.match(rf"^\s+{_MONTHS}\b", after) or re.search(rf"\b{_MONTHS}\s+$", before):
        return True  # 14 March, March 14
    if mention.value is not None and re.fullmatch(r"(?:19|20)\d\d", number):
        return True  # a year; counts that size are written 1,990
    return bool(re.match(r"^-?year-old|^\s?(?:st|nd|rd|th)\b", after))


def parse_number(text: str) -> int | None:
    """``"3.2 million"`` → 3200000; ``"1.2m"`` → 1200000; ``"950 000"`` → 950000;
    ``"one hundred and twenty-five"`` → 125."""
    low = re.sub(r"(?<=\d)[ \u00a0\u202f,](?=\d{3}\b)", "", text.lower())
    if re.match(r"a\s+(?:hundred|thousand)\s+and\b", low):
        low = "one" + low[1:]  # "a hundred and twenty" is one hundred and twenty
    fraction = re.fullmatch(r"(?:a\s+(quarter|third)\s+of\s+a|(half)\s+a|a)\s+"
                            r"(million|billion|hundred|thousand)", low)
    if fraction:
        part = {"quarter": 0.25, "third": 1 / 3, "half": 0.5}.get(
            fraction.group(1) or fraction.group(2) or "", 1.0)
        return round(part * _SCALES[fraction.group(3)])
    digits = re.match(r"\d+(?:\.\d+)?", low)
    if digits:
        number = float(digits.group(0))
        rest = low[digits.end():].split()
    else:
        worded, rest = _words_value(low.replace("-", " ").split())
        if worded is None:
            return None
        number = worded
    for word in rest:
        if word not in _SCALES:
            return None
        number *= _SCALES[word]
    return round(number) if number == int(number) or number > 100 else None


def _words_value(words: list[str]) -> tuple[float | None, list[str]]:
    """Read number words from the start of ``words``; the rest (a digit scale) is returned."""
    if words[:2] == ["a", "dozen"]:
        return 12, words[2:]
    total, current, used = 0, 0, 0
    for word in words:
        if word == "dozen":
            current = (current or 1) * 12
        elif word in _UNITS and word != "a dozen":
            current += _UNITS[word]
        elif word == "hundred" and used:
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion") and used:
            total, current = total + (current or 1) * _SCALES[word], 0
        elif word != "and" or not used:
            break
        used += 1
    return (total + current, words[used:]) if used else (None, words)


def qualifier_of(text: str | None) -> str:
    if not text:
        return "exact"
    low = " ".join(text.lower().split())
    return next((q for pattern, q in QUALIFIERS if re.fullmatch(pattern, low)), "exact")


def mentions(sentence: str) -> list[Mention]:
    """Every count in ``sentence``."""
    found = []
    for match in MENTION.finditer(sentence):
        qual = qualifier_of(match.group("qual"))
        lo, hi = match.group("lo1") or match.group("lo2"), match.group("hi1") or match.group("hi2")
        if lo and hi and match.group("lo2") and _YEAR_TO.match(sentence, match.start("lo2")) \
                and re.search(rf"{_MONTHS}\s+(?:\d{{1,2}},?\s+)?$|\b(?:since|in|of)\s+$",
                              sentence[:match.start("lo2")], re.IGNORECASE):
            # "since 7 October 2023 to 62,122": a date's year, then a count, not a range
            found.append(Mention(match.start("lo2"), match.end("lo2"), int(lo), None, None,
                                 "exact", lo))
            value = parse_number(hi)
            if value is not None:
                found.append(Mention(match.start("hi2"), match.end("hi2"), value, None, None,
                                     "exact", hi))
            continue
        if lo and hi:
            low, high = parse_number(lo), parse_number(hi)
            scale = re.search(r"[\d\s](million|billion|thousand|m|bn|k)$", hi.lower())
            if low is not None and high is not None and scale and low * 1000 <= high and \
                    not _SCALED.search(lo):
                low = parse_number(f"{lo.strip()} {scale.group(1)}")  # "2-3 million",
                # "fifteen to twenty thousand"
            if low is not None and high is not None and low < high:
                found.append(Mention(match.start(), match.end(), None, low, high, qual,
                                     match.group(0)))
                continue
            # "forty-one" looks like a range of forty to one: read it as one number
            first = "lo1" if match.group("lo1") else "lo2"
            value = parse_number(sentence[match.start(first):match.end()])
        else:
            value = parse_number(match.group("one"))
        if value is not None:
            end = match.end()
            about = _OR_SO.match(sentence, end)
            if about:  # "its remaining 8,000 or so residents"
                end, qual = about.end(), "approx" if qual == "exact" else qual
            found.append(Mention(match.start(), end, value, None, None, qual,
                                 sentence[match.start():end]))
    return found


_YEAR_TO = re.compile(r"(?:1[89]|20)\d\d\s*to\s")
# A number that carries its own scale word ("2 million", "1.5bn"), not a bare "2" or "two"
_SCALED = re.compile(r"thousand|million|billion|\d\s?(?:m|bn|k)\b", re.IGNORECASE)
# "8,000 or so", "seventy-odd", "300 odd": about that many
_OR_SO = re.compile(r"\s+or so\b|[\s-]odd\b", re.IGNORECASE)
