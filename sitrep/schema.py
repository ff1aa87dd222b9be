"""Check a parsed document against a model and word every error for a person."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitrep.errors import Problem
from sitrep.yamldoc import Document, Loc

M = TypeVar("M", bound=BaseModel)

_QUALIFIER_WORDS = {
    "about": "approx", "around": "approx", "approximately": "approx", "nearly": "approx",
    "almost": "approx", "some": "approx", "roughly": "approx", "~": "approx",
    "over": "more_than", "more than": "more_than", "at least": "at_least",
    "up to": "up_to", "as many as": "up_to",
}
_QUALIFIED = re.compile(r"(" + "|".join(map(re.escape, _QUALIFIER_WORDS)) + r")\s*([\d,.\s]+)\Z")


def validate(doc: Document, model: type[M], data: Any, loc: Loc = (),
             context: dict[str, Any] | None = None) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at ``loc`` in ``doc``) as ``model``."""
    try:
        return model.model_validate(data if data is not None else {}, context=context), []
    except ValidationError as exc:
        return None, [word(doc, model, err, loc) for err in exc.errors()]


def word(doc: Document, model: type[BaseModel], err: Any, base: Loc = ()) -> Problem:
    """Turn one pydantic error into a located, plainly worded problem."""
    loc: Loc = (*base, *err["loc"])
    kind, given, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        allowed = fields_at(model, err["loc"][:-1])
        return doc.problem(loc, f'unknown field "{name}"', suggest(name, allowed, "fields"),
                           key=True)
    if kind == "missing":
        return doc.problem(loc, "is required but missing", f"add {loc[-1]}:")
    message, hint = _MESSAGES.get(kind, _plain)(given, ctx)
    if kind == "sitrep":
        message, hint = ctx["message"], ctx["hint"]
    return doc.problem(loc, message, hint)


def suggest(name: str, choices: typing.Iterable[str], what: str) -> str:
    """A "did you mean" hint, or the list of what is allowed."""
    choices = list(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    return f"known {what}: " + ", ".join(choices)


def count_hint(text: str) -> str:
    """Suggest how to write a count that was not a whole number."""
    low = " ".join(text.lower().split())
    match = _QUALIFIED.match(low)
    if match:
        number = re.sub(r"[,\s]", "", match.group(2))
        return f"write {number} and qualifier: {_QUALIFIER_WORDS[match.group(1)]}"
    if re.fullmatch(r"\d{1,3}([, _]\d{3})+", low):
        return f"write {re.sub(r'[, _]', '', low)}, without separators"
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", low):
        return (f"write {low.replace('.', '')} if the dots separate thousands; a count has no "
                "decimals")
    if re.fullmatch(r"\d+\.0*", low):
        return f"write {low.split('.')[0]}, without decimals"
    if re.fullmatch(r"[\d,.]+\s*(-|–|to)\s*[\d,.]+", low):
        return "for a range write min: and max: instead of value:"
    if "million" in low or "thousand" in low:
        return "write the number in digits, like 1200000"
    return "write digits only, like 1200"


def _plain(given: Any, ctx: dict[str, Any]) -> tuple[str, str]:
    return f"is not valid ({given!r})", ""


def _shape(given: Any) -> str:
    if isinstance(given, dict):
        return "a mapping"
    if isinstance(given, list):
        return "a list"
    return f'"{given}"'


_MESSAGES: dict[str, typing.Callable[[Any, dict[str, Any]], tuple[str, str]]] = {
    "int_parsing": lambda g, c: (f'expected a whole number, got "{g}"', count_hint(str(g))),
    "int_type": lambda g, c: (f"expected a whole number, got {_shape(g)}", ""),
    "int_from_float": lambda g, c: (f'expected a whole number, got "{g}"', "round it"),
    "float_parsing": lambda g, c: (f'expected a number, got "{g}"', "write digits, like 5.5"),
    "float_type": lambda g, c: (f"expected a number, got {_shape(g)}", ""),
    "greater_than_equal": lambda g, c: (
        ("must not be negative", "counts start at 0") if c.get("ge") == 0
        else (f"must be at least {c.get('ge')}, got {g}", "")),
    "greater_than": lambda g, c: (f"must be more than {c.get('gt')}, got {g}", ""),
    "less_than_equal": lambda g, c: (f"must be at most {c.get('le')}, got {g}",
                                     "check for extra digits" if c.get("le") == 10**15 else ""),
    "literal_error": lambda g, c: (f'"{g}" is not allowed here',
                                   f"use one of: {c.get('expected', '')}".replace("'", "")),
    "string_type": lambda g, c: (f"expected text, got {_shape(g)}", _text_hint(g)),
    "list_type": lambda g, c: (f"expected a list, got {_shape(g)}",
                               "start each item on its own line with '- '"),
    "model_type": lambda g, c: (f"expected fields (name: value), got {_shape(g)}", ""),
    "model_attributes_type": lambda g, c: (f"expected fields (name: value), got {_shape(g)}",
                                           ""),
    "dict_type": lambda g, c: (f"expected fields (name: value), got {_shape(g)}", ""),
    "bool_parsing": lambda g, c: (f'expected yes or no, got "{g}"', ""),
    "sitrep": lambda g, c: ("", ""),
}


def _text_hint(given: Any) -> str:
    """How to write text that YAML read as something else."""
    if isinstance(given, dict) and len(given) == 1 and None in given.values():
        return ('text that begins with a figure reference must be in quotes, like '
                '"{displaced-nw} people fled"')
    return "write it on one line, or after | for several lines"


def fields_at(model: type[BaseModel], loc: typing.Sequence[str | int]) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _inner(current)
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _inner(field.annotation)
    current = _inner(current)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _inner(tp: Any) -> Any:
    """Unwrap Optional, list and Annotated down to a model class when there is one."""
    for _ in range(6):
        if _is_model(tp):
            return tp
        origin = typing.get_origin(tp)
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if origin in (typing.Union, types.UnionType, list, typing.Annotated) and args:
            tp = args[0]
        else:
            return tp
    return tp
