"""The gazetteer: the workspace's places, their other spellings, p-codes and hierarchy.

A workspace may list its places under ``places:`` (by convention in ``facts/places.yaml``).
Figures and access constraints then name a place by its name, another spelling or its
p-code, and each is given the gazetteer's own name, p-code and admin level, so that "Idlib"
and "Idleb" are one place.  Tables list places by the hierarchy: a region first, then each
governorate followed by its districts.  Without a gazetteer places are compared by p-code,
else by name, as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sitrep.models import Location, PlaceEntry
from sitrep.schema import suggest

#: OCHA's p-codes: the country's ISO 3166 two letters, then two digits per level (SY0703).
_PCODE = re.compile(r"[A-Z]{2}(?:\d\d)*\Z")
PCODE_HINT = ("a p-code is the country's two capital letters and then pairs of digits, "
              "like SY07 or SY0703")
#: Where places are listed, for hints.
HOME = "facts/places.yaml"


def pcode_problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` is not a p-code (message, hint), or None when it is one."""
    if _PCODE.match(text):
        return None
    fixed = re.sub(r"[\s_.-]", "", text).upper()
    if _PCODE.match(fixed):
        return f'"{text}" is not written as a p-code', f"write {fixed}"
    return f'"{text}" is not a p-code', PCODE_HINT


def fold(text: str) -> str:
    """A name as it is compared: case and runs of spaces do not matter."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Finding:
    """Something wrong with how an item names its place: the field under ``location``
    (empty for the place itself), what is wrong, the hint, and whether it is only a warning."""

    field: str
    message: str
    hint: str
    warning: bool = False


class Gazetteer:
    """Places by p-code, name and other spelling, with their order in tables.

    Built from places already checked (see :func:`problems`): p-codes and names are unique
    and every parent exists."""

    def __init__(self, entries: Iterable[PlaceEntry] = ()):
        self.entries = list(entries)
        self._by_pcode = {e.pcode: e for e in self.entries if e.pcode}
        self._by_name: dict[str, PlaceEntry] = {}
        self._by_alias: dict[str, list[PlaceEntry]] = {}
        for entry in self.entries:
            self._by_name.setdefault(fold(entry.name), entry)
            for alias in entry.aliases:
                owners = self._by_alias.setdefault(fold(alias), [])
                if entry not in owners:
                    owners.append(entry)
        self._keys = {id(e): self._path(e) for e in self.entries}

    def __bool__(self) -> bool:
        return bool(self.entries)

    def named(self, text: str) -> list[PlaceEntry]:
        """Every place ``text`` may mean: its p-code, else its name, else its other spellings."""
        by_pcode = self._by_pcode.get(text.strip())
        if by_pcode:
            return [by_pcode]
        key = fold(text)
        by_name = self._by_name.get(key)
        return [by_name] if by_name else list(self._by_alias.get(key, []))

    def lookup(self, text: str) -> PlaceEntry | None:
        """The one place ``text`` (a name, another spelling or a p-code) names, if exactly one."""
        found = self.named(text)
        return found[0] if len(found) == 1 else None

    def parent(self, entry: PlaceEntry) -> PlaceEntry | None:
        return self.lookup(entry.parent) if entry.parent else None

    def ancestors(self, entry: PlaceEntry) -> Iterator[PlaceEntry]:
        """The places ``entry`` lies in, nearest first (stops at a loop)."""
        seen = {id(entry)}
        current = self.parent(entry)
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            yield current
            current = self.parent(current)

    @staticmethod
    def location(entry: PlaceEntry) -> Location:
        """The canonical location of a place: its name, p-code and admin level."""
        return Location(name=entry.name, pcode=entry.pcode, admin_level=entry.admin_level)

    def _path(self, entry: PlaceEntry) -> tuple[tuple[int, str], ...]:
        """From the top of the hierarchy down to ``entry``: each step's rank and name.  A
        region ranks before the administrative places beside it."""
        chain = [entry, *self.ancestors(entry)]
        return tuple((-1 if e.admin_level is None else e.admin_level, fold(e.name))
                     for e in reversed(chain))

    def order(self, location: Location) -> tuple[object, ...]:
        """A sort key that lists places by the hierarchy: North-west Syria, then Idleb, then
        Idleb's districts, then Aleppo …; places the gazetteer does not know come last, by
        name."""
        entry = self._by_pcode.get(location.pcode or "") or self._by_name.get(fold(location.name))
        if entry is None:
            return (1, ((0, fold(location.name)),))
        return (0, self._keys[id(entry)])

    def means(self, text: str, location: Location) -> bool:
        """Whether ``text`` (a key figure's place: a name, spelling or p-code) is ``location``."""
        entry = self.lookup(text)
        if entry is not None:
            return entry.name == location.name and entry.pcode == location.pcode
        return text in (location.name, location.pcode)

    def place(self, location: Location) -> tuple[Location, list[Finding]]:
        """The canonical location for a place as an item names it, and what is wrong with
        how it names it.  A malformed p-code is wrong with or without a gazetteer."""
        if location.pcode is not None and (bad := pcode_problem(location.pcode)):
            return location, [Finding("pcode", *bad)]
        if not self:
            return location, []
        named = self.named(location.name)
        by_pcode = self._by_pcode.get(location.pcode) if location.pcode else None
        if location.pcode and named and by_pcode not in named:
            return location, [Finding("pcode", _pcode_clash(location, named),
                                      _pcode_clash_hint(location, by_pcode))]
        entry = by_pcode or (named[0] if len(named) == 1 else None)
        if entry is None and len(named) > 1:
            return location, [Finding("", f'"{location.name}" may be any of '
                                      f"{listed(named)}", "add pcode: to say which")]
        if entry is None:
            return location, [Finding("", f'"{location.name}" is not in the places list',
                                      self.unknown_hint(location.name), warning=True)]
        level = location.admin_level
        if level is not None and entry.admin_level is None:
            return location, [Finding("admin_level", f"{entry.name} is a region in the places "
                                      "list, with no admin level", "leave admin_level out")]
        if level is not None and level != entry.admin_level:
            return location, [Finding("admin_level", f"{entry.name} is at admin level "
                                      f"{entry.admin_level} in the places list, not {level}",
                                      "correct it, or leave admin_level out")]
        return self.location(entry), []

    def unknown_hint(self, name: str) -> str:
        """A "did you mean" among names, other spellings and p-codes, else how to add it."""
        spellings = [s for e in self.entries for s in (e.name, *e.aliases, e.pcode) if s]
        close = suggest(name, spellings, "places")
        if close.startswith("did you mean"):
            return close
        return f"add it under places: in {HOME}, with its p-code if it has one"


def listed(entries: list[PlaceEntry]) -> str:
    names = [f"{e.name} ({e.pcode or 'no p-code'})" for e in entries]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _pcode_clash(location: Location, named: list[PlaceEntry]) -> str:
    codes = " or ".join(e.pcode or "given no p-code" for e in named)
    return f'"{location.name}" is {codes} in the places list, not {location.pcode}'


def _pcode_clash_hint(location: Location, by_pcode: PlaceEntry | None) -> str:
    if by_pcode is not None:
        return f"{location.pcode} is {by_pcode.name}: correct the p-code or the name"
    return "correct the p-code, or leave it out"


# --- Checking the gazetteer itself ---------------------------------------------------------


@dataclass(frozen=True)
class Flaw:
    """A problem with one place of the gazetteer: its index in the list given, the field,
    what is wrong and the hint."""

    index: int
    field: str
    message: str
    hint: str


def problems(entries: list[PlaceEntry], where: Callable[[int], str],
             broken: Iterable[str] = ()) -> list[Flaw]:
    """Every problem with the places ``entries`` (``where(i)`` says where entry i is written,
    as ``path:line``): p-code format, unique p-codes and names, parents that exist, levels
    that go down from parent to child, p-codes that extend their parent's, no loops.
    ``broken`` holds the names and p-codes of places that have problems of their own: a
    parent among them is not reported again."""
    flaws: list[Flaw] = []
    first_pcode: dict[str, int] = {}
    first_name: dict[str, int] = {}
    for i, entry in enumerate(entries):
        flaws += _own(i, entry)
        if entry.pcode and entry.pcode in first_pcode:
            other = first_pcode[entry.pcode]
            flaws.append(Flaw(i, "pcode", f"{entry.pcode} is given to two places",
                              f"it is already the p-code of {entries[other].name} at "
                              f"{where(other)}"))
        if entry.pcode:
            first_pcode.setdefault(entry.pcode, i)
        key = fold(entry.name)
        if key in first_name:
            flaws.append(Flaw(i, "name", f'"{entry.name}" names two places',
                              f"it is already the name of the place at {where(first_name[key])}; "
                              "give each its own name, and the shared one as an alias"))
        first_name.setdefault(key, i)
    if flaws:
        return flaws
    gazetteer = Gazetteer(entries)
    skip = {fold(text) for text in broken}
    for i, entry in enumerate(entries):
        if entry.parent is None or fold(entry.parent) in skip:
            continue
        flaws += _family(gazetteer, i, entry, {id(e): n for n, e in enumerate(entries)})
    return flaws


def _own(i: int, entry: PlaceEntry) -> list[Flaw]:
    """What is wrong with one place on its own."""
    if entry.pcode is None:
        return []
    bad = pcode_problem(entry.pcode)
    if bad:
        return [Flaw(i, "pcode", *bad)]
    if entry.admin_level is None:
        return [Flaw(i, "admin_level", "a place with a p-code needs an admin_level",
                     "0 for the country, 1 for a governorate or province, 2 for a district, "
                     "3 for a sub-district")]
    return []


def _family(gazetteer: Gazetteer, i: int, entry: PlaceEntry, index: dict[int, int]
            ) -> list[Flaw]:
    """What is wrong between a place and the places it lies in (a loop is reported once, at
    its first place in the list)."""
    assert entry.parent is not None
    parent = gazetteer.lookup(entry.parent)
    if parent is None:
        named = gazetteer.named(entry.parent)
        if named:
            return [Flaw(i, "parent", f'"{entry.parent}" may be any of {listed(named)}',
                         "give the parent's p-code")]
        return [Flaw(i, "parent", f'no place "{entry.parent}" in the places list',
                     gazetteer.unknown_hint(entry.parent))]
    chain = [parent, *gazetteer.ancestors(parent)]
    if entry in chain:
        members = [entry, *chain[: chain.index(entry) + 1]]
        if i != min(index[id(e)] for e in members):
            return []
        loop = " → ".join(e.name for e in members)
        return [Flaw(i, "parent", f"the parents go round in a loop: {loop}",
                     "one of these places has the wrong parent")]
    coded = next((e for e in chain if e.pcode), None)
    leveled = next((e for e in chain if e.admin_level is not None), None)
    flaws = []
    if entry.pcode and coded and coded.pcode and not (
            entry.pcode.startswith(coded.pcode) and len(entry.pcode) > len(coded.pcode)):
        flaws.append(Flaw(i, "pcode", f"{entry.pcode} does not begin with the p-code of "
                          f"{coded.name} ({coded.pcode}), the place it lies in",
                          "check the p-code, or the parent"))
    if entry.admin_level is not None and leveled and leveled.admin_level is not None \
            and entry.admin_level <= leveled.admin_level:
        flaws.append(Flaw(i, "admin_level", f"admin level {entry.admin_level} is not below "
                          f"that of {leveled.name} ({leveled.admin_level}), the place it "
                          "lies in", "a place's admin level is greater than its parent's"))
    return flaws
