"""The words extraction looks for, per language, read from ``lang/<language>-<name>.yaml``.

The files hold vocabularies (measure cues, nouns, organisation names and kinds, qualifiers,
number words, access phrasings) as regular-expression fragments; the grammar that combines
them lives in the modules that use them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGE = "en"
# libyaml where it is installed: the lexicons load in a tenth of the time
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str, language: str = LANGUAGE) -> dict[str, Any]:
    """The vocabulary ``name`` of ``language`` (``measures``, ``sources``, ``numbers`` ...)."""
    path = resources.files("sitrep.extract") / "lang" / f"{language}-{name}.yaml"
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return data


def any_of(words: list[str]) -> str:
    """One alternation of regular-expression fragments, tried in order."""
    return "|".join(f"(?:{w})" for w in words)
