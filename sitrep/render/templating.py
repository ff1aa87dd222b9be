"""The Jinja environments: workspace templates first, then the built-ins."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitrep.render import narrative
from sitrep.render.text import Formatter

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(value: Any) -> Any:
    """Escape text for Markdown, unless a filter marked it as already safe."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _MD_SPECIAL.sub(r"\\\1", value)


def url(value: str | None) -> Markup:
    """A web address as a Markdown autolink (addresses are checked as http(s) on load)."""
    return Markup(f"<{value}>") if value else Markup("")


@functools.cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's per-user cache of compiled templates (keyed by their source), if usable."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except RuntimeError:  # no private temporary folder to be had: compile every time
        return None


_SAFE_PATH = re.compile(r"[a-z0-9_.-]+(?:/[a-z0-9_.-]+)*\Z")


def path(value: str) -> Markup:
    """A link to a file sitrep wrote itself (dates and slugs only), for Markdown and HTML."""
    if not _SAFE_PATH.match(value):
        raise ValueError(f"not a report path: {value!r}")
    return Markup(value)


def environment(template_dir: Path | None, locale: str, markdown: bool) -> jinja2.Environment:
    """An environment for Markdown (escaped for Markdown) or HTML (autoescaped)."""
    local = [jinja2.FileSystemLoader(template_dir)] if template_dir and template_dir.is_dir() \
        else []
    builtin = jinja2.FileSystemLoader(BUILTIN)
    loader = jinja2.ChoiceLoader([*local, jinja2.PrefixLoader({"builtin": builtin}), builtin])
    env = jinja2.Environment(
        loader=loader, undefined=jinja2.StrictUndefined, autoescape=not markdown,
        bytecode_cache=_bytecode_cache(),
        finalize=md_escape if markdown else None, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters.update(Formatter(locale).filters())
    env.filters["url"] = url
    env.filters["path"] = path
    env.filters["narrative"] = narrative.to_markdown if markdown else narrative.to_html
    env.filters["inline"] = narrative.to_markdown if markdown else narrative.inline_html
    return env
