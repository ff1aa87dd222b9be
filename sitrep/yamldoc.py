"""Read YAML safely, keeping the line and column of every key and value.

Scalars are kept as text: the schema, not YAML 1.1, decides what a value means,
so ``NO`` stays a string, ``0123`` keeps its zero and dates are checked as dates.
Aliases, tags and duplicate keys are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from sitrep.errors import Problem

Loc = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in
                 ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value")}
_SYNTAX_HINTS = {  # by the start of libyaml's (or PyYAML's) problem text
    "mapping values are not allowed": "put text that contains ': ' in quotes",
    "found a tab character": "indent with spaces, not tabs",
    "but found another document": "keep one document per file: remove the extra '---'",
    "found undefined alias": "aliases (*name) are not allowed: write the value out in full",
    "found unknown escape character": "in double quotes write \\\\ for a backslash, or use single quotes",
}


@dataclass
class Document:
    """A parsed YAML document with the position of every node."""

    path: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Position of ``loc``'s key (or value), else of its nearest known parent."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, message: str, hint: str = "", key: bool = False) -> Problem:
        """A problem located at ``loc`` in this document."""
        line, col = self.where(loc, key)
        return Problem(self.path, line, col, dotted(loc), message, hint)


def dotted(loc: Loc) -> str:
    """Render a location as ``figures[3].value``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def parse(text: str, path: str, line_offset: int = 0) -> tuple[Document, list[Problem]]:
    """Parse ``text``; return the document and any problems (the data is ``None`` on error)."""
    doc = Document(path, None)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "cannot be read").strip()
        hint = next((h for p, h in _SYNTAX_HINTS.items() if problem.startswith(p)), "")
        if problem.startswith("found character that cannot start any token"):
            hint = _bad_character_hint(text, mark)
        if problem.startswith("but found another document"):
            problem = "a file holds one document, found a second one"
        return doc, [Problem(path, line + line_offset, col, "syntax",
                             f"not valid YAML: {problem}", hint)]
    except yaml.YAMLError as exc:
        return doc, [Problem(path, 1 + line_offset, 1, "syntax", f"not valid YAML: {exc}")]
    if root is None:
        return doc, []
    problems: list[Problem] = []
    _Builder(doc, problems, line_offset).build(root)
    if problems:
        doc.data = None
    return doc, problems


def _bad_character_hint(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return "indent with spaces, not tabs"
    return "put a value that starts with @ or ` in quotes"


class _Builder:
    """Turn a node tree into plain Python values, recording positions."""

    def __init__(self, doc: Document, problems: list[Problem], line_offset: int):
        self.doc, self.problems, self.offset = doc, problems, line_offset
        self.seen: set[int] = set()

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def fail(self, loc: Loc, node: yaml.Node, message: str, hint: str = "") -> None:
        line, col = self.pos(node)
        self.problems.append(Problem(self.doc.path, line, col, dotted(loc), message, hint))

    def build(self, root: yaml.Node) -> None:
        self.doc.data = self.value(root, ())

    def value(self, node: yaml.Node, loc: Loc, blame: yaml.Node | None = None) -> Any:
        if id(node) in self.seen:  # libyaml hands back the anchored node itself for *alias
            self.fail(loc, blame or node, "aliases (*name) are not allowed",
                      "write the value out in full")
            return None
        self.seen.add(id(node))
        self.doc.values[loc] = self.pos(node)
        if node.tag not in _ALLOWED_TAGS:
            self.fail(loc, node, f"the tag {node.tag.replace(_STD, '!!')} is not allowed",
                      "remove the tag; sitrep reads plain values only")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*loc, i), node) for i, item in enumerate(node.value)]
        if not node.style and node.value in _NULLS:  # plain style: None, or "" from libyaml
            return None
        return node.value

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(loc, key_node, "a key must be a plain name", "")
                continue
            key = key_node.value
            if key == "<<":
                self.fail((*loc, key), key_node, "merge keys (<<) are not allowed",
                          "write the keys out in full")
                continue
            if key in out:
                first = self.doc.keys[(*loc, key)][0]
                self.fail((*loc, key), key_node, f"duplicate key '{key}'",
                          f"it is already given on line {first}")
                continue
            self.doc.keys[(*loc, key)] = self.pos(key_node)
            out[key] = self.value(value_node, (*loc, key), key_node)
        return out
