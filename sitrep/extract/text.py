"""Sentences with their offsets in the file, and the time phrases inside them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Dr|Mr|Mrs|Ms|No|St|Gen|Lt|Col|Gov|Sen|Rep|"
                     r"approx|e\.g|i\.e|etc|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|"
                     r"Dec|Mt|Ft|Capt|Sgt|Prof|Inc|Ltd|Co|pop|est|approx)\.)$")
_CLOCK = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_LOWER = re.compile(r"\s+[a-z]")
_END = re.compile(r"[.!?][\"”’')\]]*(?=\s|$)|\n\s*\n|\n(?=\s*[-*#>|])")
_LEAD = re.compile(r"^(?:\s|#+\s|[-*+]\s|>\s|\d+\.\s|\|)+")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH = r"(?:" + "|".join(m[:3] + r"(?:" + m[3:] + r")?" for m in MONTHS) + r")\.?"
_DAY_MONTH = (rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})"
              rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?)"
              rf"(?:,?\s+(?P<y>\d{{4}}))?")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str, start: int = 0) -> list[Sentence]:
    """Split ``text`` (which begins at ``start`` in its file) into sentences with offsets."""
    found: list[Sentence] = []
    begin = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group(0).startswith(".") and _ABBREV.search(text[begin:match.start() + 1]):
            continue
        if _CLOCK.search(text, begin, match.end()) and _LOWER.match(text, match.end()):
            continue  # "leave before 5 p.m. and have blocked ...": the sentence goes on
        _add(found, text, begin, end, start)
        begin = end
    _add(found, text, begin, len(text), start)
    return found


def _add(found: list[Sentence], text: str, begin: int, end: int, base: int) -> None:
    piece = text[begin:end]
    lead = _LEAD.match(piece)
    skip = lead.end() if lead else 0
    piece = piece[skip:].rstrip()
    if len(piece) > 1:
        found.append(Sentence(base + begin + skip, base + begin + skip + len(piece), piece))


@dataclass(frozen=True)
class When:
    """A stock (as_of, since) or a flow (start, end) read from a sentence."""

    kind: str
    as_of: date | None = None
    since: date | None = None
    start: date | None = None
    end: date | None = None


def month_day(text: str, published: date) -> date | None:
    """``14 March`` / ``March 14, 2024`` → a date; the year defaults to the latest not after
    the article."""
    match = re.search(_DAY_MONTH, text, re.IGNORECASE)
    if not match:
        return None
    month_text = (match.group("m1") or match.group("m2")).lower()[:3]
    month = next(i for i, m in enumerate(MONTHS, 1) if m.startswith(month_text))
    day = int(match.group("d1") or match.group("d2"))
    year = int(match.group("y")) if match.group("y") else published.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if not match.group("y") and found > published:
        found = found.replace(year=year - 1)
    return found


_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_DM = re.sub(r"\?P<\w+>", "?:", _DAY_MONTH)  # a day and month, without named groups
_SAID = r"(?:said|says|told|reported|announced|confirmed|stated|added|gave|put|updated)"
#: A day attached to the telling, not to the event: "said on Tuesday", "On Tuesday, X said".
_EVENT = (r"(?!\b(?:killed|died|dead|wounded|injured|fled|displaced|struck|hit|attacked|"
          r"destroyed|damaged|arrived|crossed|began|started)\b)")
_SAID_DAY = re.compile(rf"\b{_SAID}\b(?:{_EVENT}[^,.;]){{0,40}}?\b(?:(?:on|late|early)\s+"
                       rf"(?P<day>{_WEEKDAY}|{_DM})|(?P<bare>{_WEEKDAY}))|^(?:on|late|early)\s+(?P<lead>{_WEEKDAY}|{_DM}),"
                       rf"(?=[^.;]*\b{_SAID}\b)", re.IGNORECASE)
#: "as of 25 September", "by Tuesday", "as of noon on Tuesday", "as at 6 p.m. on 3 May".
_AS_OF = re.compile(rf"\b(?:as of|as at|by|up to|until)\s+(?:(?:noon|midday|midnight|dawn|"
                    rf"(?:early|late)\s+\w+|\d{{1,2}}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|"
                    rf"hrs|GMT|UTC|local time)?)\s+(?:on\s+)?)?(?P<day>{_DM}|{_WEEKDAY})",
                    re.IGNORECASE)
#: A running total: given on a day, it is the total as of that day, not the day's flow.
_TOTAL = re.compile(r"\b(?:toll|total|tally|cumulative|overall|in all|so far)\b", re.IGNORECASE)
_SINCE = re.compile(rf"\bsince\s+(?:the\s+)?(?:start of\s+|beginning of\s+)?(?:(?P<day>"
                    rf"{_DM}|{_MONTH}(?:\s+\d{{4}})?|{_WEEKDAY})|(?P<this>the month|the year|"
                    rf"this month|this year|the weekend|last week)|"
                    rf"[^,.;]{{0,50}}?\b(?:on|in)\s+(?P<event>{_DM}|{_MONTH}"
                    rf"(?:\s+\d{{4}})?)\b)",
                    re.IGNORECASE)
_BETWEEN = re.compile(rf"\bbetween\s+(?:the\s+(?:afternoons|mornings|evenings|nights)\s+of\s+)?"
                      rf"(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?\s+and\s+"
                      rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})", re.IGNORECASE)
_WEEK_TO = re.compile(rf"\b(?:in |during )?the week (?:to|ending|up to|until)\s+(?P<day>{_DM})",
                      re.IGNORECASE)
#: "During February", "in March 2024": a flow over that month (to the article's date at most).
_IN_MONTH = re.compile(rf"\b(?:during|in|throughout)\s+({_MONTH})(?:\s+(\d{{4}}))?\b"
                       rf"(?!\s+\d)", re.IGNORECASE)
_DAY_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
               "twenty": 20, "thirty": 30}
_PAST_DAYS = re.compile(rf"\b(?:in|over|during)\s+the\s+(?:past|last|previous)\s+"
                        rf"(\d{{1,2}}|{'|'.join(_DAY_COUNTS)})\s+days\b", re.IGNORECASE)
_PAST_WEEK = re.compile(r"\b(?:in|over|during)\s+the\s+(?:past|last|previous)\s+(?:week|"
                        r"seven days|7 days)\b", re.IGNORECASE)


def when(sentence: str, published: date) -> When:
    """Resolve the time a figure refers to, relative to the article's date."""
    low = sentence.lower()
    week = _WEEK_TO.search(sentence)
    if week and (end := month_day(week.group("day"), published)):
        return When("flow", start=end - timedelta(days=6), end=end)
    told = _SAID_DAY.search(sentence)
    told_day = _day(told.group("day") or told.group("bare") or told.group("lead"),
                    published) if told else None
    as_of = _AS_OF.search(sentence)
    rest = _SINCE.sub("", sentence[:told.start()] + sentence[told.end():]) if told else ""
    if told and _event_day(rest, published):
        told_day = None  # "killed 12 on Sunday, the ministry said Tuesday": Sunday's flow
    stock_day = (_day(as_of.group("day"), published) if as_of else None) or told_day
    since = _SINCE.search(sentence)
    if since:
        start = _since_of(since, published)
        return When("stock", as_of=stock_day or published, since=start)
    if stock_day:
        return When("stock", as_of=stock_day)
    between = _BETWEEN.search(sentence)
    if between:
        month = between.group("m1") or between.group("m2")
        first = month_day(f"{between.group('d1')} {month}", published)
        last = month_day(f"{between.group('d2')} {between.group('m2')}", published)
        if first and last and first <= last:
            return When("flow", start=first, end=last)
    if re.search(r"\b(?:in|over)\s+the\s+(?:past|last)\s+24\s+hours|\byesterday\b|\bovernight\b",
                 low):
        return When("flow", start=published - timedelta(days=1), end=published)
    if _PAST_WEEK.search(sentence):
        return When("flow", start=published - timedelta(days=7), end=published)
    days = _PAST_DAYS.search(sentence)
    if days:  # "in the last ten days", "over the past 3 days"
        count = _DAY_COUNTS.get(days.group(1).lower()) or int(days.group(1))
        return When("flow", start=published - timedelta(days=count), end=published)
    if re.search(r"\b(?:over|during)\s+the\s+weekend\b", low):
        saturday = _last_weekday(5, published - timedelta(days=2))
        return When("flow", start=saturday, end=saturday + timedelta(days=1))
    month = _IN_MONTH.search(sentence)
    if month:
        first = _since(month.group(1), published)
        if first and month.group(2):
            first = first.replace(year=int(month.group(2)))
        if first:
            nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
            return When("flow", start=first, end=min(nxt - timedelta(days=1), published))
    if re.search(r"\blast\s+month\b", low):
        end = published.replace(day=1) - timedelta(days=1)
        return When("flow", start=end.replace(day=1), end=end)
    if re.search(r"\b(?:so far |earlier )?this year\b", low):
        return When("stock", as_of=published, since=published.replace(month=1, day=1))
    if re.search(r"\blast\s+week\b", low):
        monday = published - timedelta(days=published.weekday() + 7)
        return When("flow", start=monday, end=monday + timedelta(days=6))
    day = _event_day(sentence, published)
    if day and _TOTAL.search(sentence):
        return When("stock", as_of=day)  # "the death toll rose to 52 on Tuesday"
    if day:
        return When("flow", start=day, end=day)
    return When("stock", as_of=published)


def _event_day(sentence: str, published: date) -> date | None:
    """The day an event happened: "on Sunday", "killed Sunday", "on 14 March"."""
    weekday = re.search(r"\b(?:on|late|early|killed|died|wounded|injured|struck|hit)\s+("
                        + "|".join(WEEKDAYS) + r")\b", sentence, re.IGNORECASE)
    if weekday:
        return _last_weekday(WEEKDAYS.index(weekday.group(1).lower()), published)
    on_day = re.search(rf"\bon\s+({_DAY_MONTH})", sentence, re.IGNORECASE)
    return month_day(on_day.group(1), published) if on_day else None


def _day(text: str, published: date) -> date | None:
    """A weekday (the latest not after the article) or a day and month."""
    low = text.lower()
    if low in WEEKDAYS:
        return _last_weekday(WEEKDAYS.index(low), published)
    return month_day(text, published)


def _since_of(match: re.Match[str], published: date) -> date | None:
    if match.group("this"):
        this = match.group("this").lower()
        if this in ("the weekend", "last week"):  # the Saturday, or the Monday, before
            return _last_weekday(5 if "weekend" in this else 0,
                                 published - timedelta(days=2 if "weekend" in this else 7))
        month = "month" in this
        return published.replace(day=1) if month else published.replace(month=1, day=1)
    if match.group("event"):
        return month_day(match.group("event"), published) or _since(
            re.sub(r"\s+\d{4}$", "", match.group("event")), published)
    return _since(match.group("day"), published)


def _since(text: str, published: date) -> date | None:
    day = month_day(text, published)
    if day:
        return day
    low = text.lower().rstrip(".")
    if low in WEEKDAYS:
        return _last_weekday(WEEKDAYS.index(low), published)
    month = next((i for i, m in enumerate(MONTHS, 1) if m.startswith(low[:3])), None)
    if month is None:
        return None
    year = published.year if month <= published.month else published.year - 1
    given = re.search(r"\b(\d{4})$", low)  # "since April 2023"
    return date(int(given.group(1)) if given else year, month, 1)


def _last_weekday(index: int, published: date) -> date:
    return published - timedelta(days=(published.weekday() - index) % 7)
