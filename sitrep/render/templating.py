"""The Jinja environments: workspace templates first, then the built-ins."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from sitrep.config import Measure
from sitrep.i18n import Edition
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
    """A web address as a Markdown autolink (addresses are checked as http(s) on load); any
    character that could end the autolink or start markup is percent-encoded."""
    return Markup(f"<{quote(value, safe=_URL_SAFE)}>") if value else Markup("")


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"`]*[^\s<>\"`.,;:)]", re.IGNORECASE)


def linked(value: str) -> Markup:
    """Text for Markdown with its web addresses as autolinks (a bare address is not
    GitHub-flavoured Markdown's), the rest escaped."""
    parts, end = [], 0
    for found in _WEB_ADDRESS.finditer(value):
        parts += [md_escape(value[end:found.start()]), url(found.group())]
        end = found.end()
    return Markup("".join([*parts, md_escape(value[end:])]))


_URL_BREAKS = re.compile(r"(?<=[/.?&=_-])(?=[^/])")


def breakable(value: str) -> Markup:
    """A web address for display in HTML, allowed to break after a slash, dot, hyphen or
    query separator (never inside a word such as ``https``)."""
    return Markup("<wbr>").join(escape(part) for part in _URL_BREAKS.split(value))
_CSS_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f<>]')


def css_string(value: str) -> Markup:
    """Text for inside a CSS string ("…"): quotes, backslashes, control characters and
    angle brackets written as CSS escapes, so nothing can end the string or the style."""
    return Markup(_CSS_SPECIAL.sub(lambda m: f"\\{ord(m.group()):x} ", value))


_PAGE_FIELDS = re.compile(r"(%\((?:page|pages)\)s)")


def page_counters(text: str, style: str = "decimal") -> Markup:
    """A translated "Page %(page)s of %(pages)s" as CSS ``content``: its words as CSS
    strings, the fields as page counters in ``style`` (``arabic-indic`` for Arabic digits)."""
    parts = []
    for part in _PAGE_FIELDS.split(str(text)):
        if part in ("%(page)s", "%(pages)s"):
            counter = part[2:-2]
            parts.append(f"counter({counter})" if style == "decimal"
                         else f"counter({counter}, {style})")
        elif part:
            parts.append(f'"{css_string(part)}"')
    return Markup(" ".join(parts))


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


class ContainedLoader(jinja2.FileSystemLoader):
    """Templates from one folder, and never a file that resolves outside it (a symbolic link
    inside ``templates/`` must not let ``{% include %}`` read /etc/passwd)."""

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(root).resolve()) for root in self.searchpath):
            raise jinja2.TemplateError(f'"{template}" leads outside the templates folder '
                                       "(a link to a file elsewhere): templates are read only "
                                       "from their folder")
        return source, filename, uptodate


def environment(template_dir: Path | None, edition: Edition, markdown: bool,
                cited: narrative.Citations | None = None,
                measures: Sequence[Measure] = ()) -> jinja2.Environment:
    """An environment for Markdown (escaped for Markdown) or HTML (autoescaped), speaking
    the edition's language: ``{{ _("Highlights") }}`` and ``ngettext`` in templates come
    from its message catalogue; ``cited`` says how the narrative shows the figures it
    cites by reference.

    Sandboxed: a workspace template can format the report but not reach Python's internals
    (``cycler.__init__.__globals__`` and the like)."""
    local = [ContainedLoader(template_dir)] if template_dir and template_dir.is_dir() else []
    builtin = ContainedLoader(BUILTIN)
    loader = jinja2.ChoiceLoader([*local, jinja2.PrefixLoader({"builtin": builtin}), builtin])
    env = SandboxedEnvironment(
        loader=loader, undefined=jinja2.StrictUndefined, autoescape=not markdown,
        bytecode_cache=_bytecode_cache(), extensions=["jinja2.ext.i18n"],
        finalize=md_escape if markdown else None, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.install_gettext_translations(edition.gettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(Formatter(edition, measures).filters())
    env.filters["url"] = lambda value: Markup(edition.isolate(url(value)))
    env.filters["linked"] = linked
    env.filters["breakable"] = breakable
    env.filters["css_string"] = css_string
    env.filters["page_counters"] = functools.partial(
        page_counters, style="arabic-indic" if edition.digits == "arab" and edition.rtl
        else "decimal")
    env.filters["path"] = path
    block = narrative.to_markdown if markdown else narrative.to_html
    line = narrative.to_markdown if markdown else narrative.inline_html
    env.filters["narrative"] = functools.partial(block, cited=cited)
    env.filters["inline"] = functools.partial(line, cited=cited)
    return env
