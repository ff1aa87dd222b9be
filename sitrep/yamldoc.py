"""Read YAML safely, keeping the line and column of every key and value.

Scalars are kept as text: the schema, not YAML 1.1, decides what a value means,
so ``NO`` stays a string, ``0123`` keeps its zero and dates are checked as dates.
Aliases, tags and duplicate keys are refused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml

from sitrep.errors import Problem

Loc = tuple[str | int, ...]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while many small objects are made.

    Reading and checking build many small objects and no cycles: the collector would rescan
    them again and again (4x slower on 10,000 figures), so it waits until we are done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]  # libyaml
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.loader import SafeLoader as _Parser  # type: ignore[assignment]


class _TextResolver(yaml.resolver.BaseResolver):
    """Tag every untagged scalar as text: the schema decides types, not YAML 1.1."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        if kind is yaml.ScalarNode:
            return _STD + "str"
        return _STD + ("seq" if kind is yaml.SequenceNode else "map")


class _Loader(_Parser, _TextResolver):  # type: ignore[misc, valid-type]
    def __init__(self, stream: bytes):
        _Parser.__init__(self, stream)
        _TextResolver.__init__(self)


_NULLS = {"", "~", "null", "Null", "NULL"}
_STD = "tag:yaml.org,2002:"
_Scalar = yaml.ScalarEvent
_ALLOWED_TAGS = {_STD + t for t in
                 ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value")}
_SYNTAX_HINTS = {  # by the start of libyaml's (or PyYAML's) problem text
    "mapping values are not allowed": "put text that contains ': ' in quotes",
    "found a tab character": "indent with spaces, not tabs",
    "but found another document": "keep one document per file: remove the extra '---'",
    "found undefined alias": "aliases (*name) are not allowed: write the value out in full",
    "found unknown escape character":
        "in double quotes write \\\\ for a backslash, or use single quotes",
}


@dataclass
class Document:
    """A parsed YAML document; positions are found again in the text only when needed."""

    path: str
    data: Any
    text: str = ""
    line_offset: int = 0
    _root: yaml.Node | None = None

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Position of ``loc``'s key (or value), else of its nearest existing parent."""
        key_node, node = self._nodes(loc)
        mark = key_node if key and key_node is not None else node
        if mark is None:
            return 1 + self.line_offset, 1
        return mark.start_mark.line + 1 + self.line_offset, mark.start_mark.column + 1

    def _nodes(self, loc: Loc) -> tuple[yaml.Node | None, yaml.Node | None]:
        """The key and value nodes of ``loc``, or of its nearest existing parent."""
        if self._root is None and self.text:
            self._root = yaml.compose(self.text.encode("utf-8"), Loader=_Loader)  # type: ignore[arg-type]
        node, key_node = self._root, None
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        return key_node, node

    def inside(self, loc: Loc, offset: int) -> tuple[int, int]:
        """Position of character ``offset`` of the text at ``loc``: exact in a literal block
        (``|``) and in text on one line, else the start of the text."""
        line, col = self.where(loc)
        node = self._nodes(loc)[1]
        value = getattr(node, "value", None)
        if not isinstance(value, str) or not 0 <= offset <= len(value):
            return line, col
        style = getattr(node, "style", None)
        if style == "|":
            lines = self.text.splitlines()
            first = next((t for t in lines[line - self.line_offset:] if t.strip()), "")
            indent = len(first) - len(first.lstrip(" "))
            before = value[:offset]
            return (line + 1 + before.count("\n"),
                    indent + offset - (before.rfind("\n") + 1) + 1)
        if "\n" in value or style == ">":
            return line, col
        quoted = 1 if style in ("'", '"') else 0
        return line, col + quoted + offset

    def problem(self, loc: Loc, message: str, hint: str = "", key: bool = False) -> Problem:
        """A problem located at ``loc`` in this document."""
        line, col = self.where(loc, key)
        return Problem(self.path, line, col, dotted(loc), message, hint)

    def problem_at(self, loc: Loc, offset: int, message: str, hint: str = "") -> Problem:
        """A problem at character ``offset`` of the text at ``loc`` (see :meth:`inside`)."""
        line, col = self.inside(loc, offset)
        return Problem(self.path, line, col, dotted(loc), message, hint)


def dotted(loc: Loc) -> str:
    """Render a location as ``figures[3].value``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _child(node: yaml.Node | None, part: str | int
           ) -> tuple[yaml.Node | None, yaml.Node] | None:
    """The (key node, value node) of ``part`` inside ``node``, if there is one."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == part:
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
            and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def parse(text: str, path: str, line_offset: int = 0) -> tuple[Document, list[Problem]]:
    """Parse ``text``; return the document and any problems (the data is ``None`` on error)."""
    doc = Document(path, None, text=text, line_offset=line_offset)
    problems: list[Problem] = []
    try:
        loader = _Loader(text.encode("utf-8"))  # type: ignore[arg-type]
        try:
            # get_event returns None after the last event: a C-level iterator, no generator.
            doc.data = _Builder(doc, problems, line_offset).build(iter(loader.get_event, None))
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return doc, [_syntax_problem(exc, text, path, line_offset)]
    except yaml.YAMLError as exc:
        return doc, [Problem(path, 1 + line_offset, 1, "syntax", f"not valid YAML: {exc}")]
    if problems:
        doc.data = None
    return doc, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> Problem:
    mark: Any = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or exc.context or "cannot be read").strip()
    hint = next((h for p, h in _SYNTAX_HINTS.items() if problem.startswith(p)), "")
    if problem.startswith("found character that cannot start any token"):
        hint = _bad_character_hint(text, mark)
    if problem.startswith("but found another document"):
        problem = "a file holds one document, found a second one"
    return Problem(path, line + offset, col, "syntax", f"not valid YAML: {problem}", hint)


def _bad_character_hint(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return "indent with spaces, not tabs"
    return "put a value that starts with @ or ` in quotes"


class _Builder:
    """Turn libyaml's event stream into plain Python values, refusing what is unsafe."""

    def __init__(self, doc: Document, problems: list[Problem], line_offset: int):
        self.doc, self.problems, self.offset = doc, problems, line_offset

    def fail(self, loc: Loc, event: yaml.Event, message: str, hint: str = "") -> None:
        mark: Any = event.start_mark
        self.problems.append(Problem(self.doc.path, mark.line + 1 + self.offset,
                                     mark.column + 1, dotted(loc), message, hint))

    def build(self, events: Iterator[yaml.Event]) -> Any:
        data = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    line = event.start_mark.line + 1 + self.offset  # type: ignore[union-attr]
                    self.problems.append(Problem(
                        self.doc.path, line, 1, "syntax",
                        "not valid YAML: a file holds one document, found a second one",
                        _SYNTAX_HINTS["but found another document"]))
                    return None
            elif not isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent,
                                        yaml.DocumentEndEvent)):
                data = self.value(event, events, ())
        return data

    def value(self, event: Any, events: Iterator[Any], loc: Loc) -> Any:
        kind = type(event)
        if kind is _Scalar and event.tag is None:  # the common case first: untagged text
            return None if event.implicit[0] and event.value in _NULLS else event.value
        if kind is yaml.AliasEvent:
            self.fail(loc, event, "aliases (*name) are not allowed", "write the value out in full")
            return None
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            self.fail(loc, event, f"the tag {tag.replace(_STD, '!!')} is not allowed",
                      "remove the tag; sitrep reads plain values only")
            self._skip(event, events)
            return None
        if kind is _Scalar:
            return None if event.implicit[0] and event.value in _NULLS else event.value
        if kind is yaml.SequenceStartEvent:
            items: list[Any] = []
            for item in events:
                if type(item) is yaml.SequenceEndEvent:
                    return items
                items.append(self.value(item, events, (*loc, len(items))))
        return self.mapping(events, loc)

    def mapping(self, events: Iterator[Any], loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_event in events:
            kind = type(key_event)
            if kind is yaml.MappingEndEvent:
                return out
            if kind is not _Scalar:  # a list or mapping used as a key ("? [a, b]")
                self.fail(loc, key_event, "a key must be a plain name",
                          "write a name followed by a colon, like figures:")
                self._skip(key_event, events)
                self._skip(next(events), events)  # and its value
                continue
            value_event = next(events)
            key = key_event.value
            if type(value_event) is _Scalar and value_event.tag is None and key is not None \
                    and key not in out and key != "<<":
                value = value_event.value  # inlined fast path of value() for plain leaves
                out[key] = None if value_event.implicit[0] and value in _NULLS else value
                continue
            if key == "<<":
                self.fail((*loc, key), key_event, "merge keys (<<) are not allowed",
                          "write the keys out in full")
            elif key in out:
                first = self.doc.where((*loc, key), key=True)[0]
                self.fail((*loc, key), key_event, f"duplicate key '{key}'",
                          f"it is already given on line {first}")
            else:
                out[key] = self.value(value_event, events, (*loc, key))
                continue
            self._skip(value_event, events)
        return out

    @staticmethod
    def _skip(event: yaml.Event, events: Iterator[yaml.Event]) -> None:
        """Consume the rest of a collection whose start event was ``event``."""
        if not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return
        depth = 1
        for inner in events:
            if isinstance(inner, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
            elif isinstance(inner, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                if depth == 0:
                    return
