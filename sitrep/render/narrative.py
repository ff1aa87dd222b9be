"""Narrative Markdown from fact sheets, made safe for HTML and for Markdown output."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import markdown
import nh3
from markupsafe import Markup, escape

from sitrep.cite import references
from sitrep.models import Figure, Report

_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote", "br", "h3", "h4"}
_SCHEMES = {"http", "https", "mailto"}
# A link target with a scheme, and the schemes that are safe.  Patterns stay within a line
# or a link, so that hostile text costs time in proportion to its length, not its square.
_SCHEME = re.compile(r"\s*<?\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_SAFE = re.compile(r"\s*<?\s*(?:https?|mailto):", re.IGNORECASE)
_UNSAFE_REF = re.compile(r"^([ \t]*\[[^\]\n]+\]:[ \t]*)(?!(?:https?|mailto):)"
                         r"[a-z][a-z0-9+.-]*:[^\n]*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Cited:
    """What a figure reference in narrative shows: the figure's number as the report writes
    it, and its footnote (None where there is no list of sources, as in an email)."""

    text: str
    note: int | None


Citations = Mapping[str, Cited]


def citations(report: Report, amount: Callable[[Figure], str], notes: bool = True
              ) -> dict[str, Cited]:
    """How each figure the narrative cites by reference is shown in ``report``."""
    return {key: Cited(amount(fig), report.note(fig) if notes else None)
            for key, fig in report.references.items()}


def to_html(text: str, cited: Citations | None = None) -> Markup:
    """Render narrative Markdown to HTML with only harmless tags and web links left; figure
    references become the figure's number and footnote."""
    text, tokens = _tokens(text or "", cited or {})
    html = _markdown().reset().convert(text)
    clean = nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes=_SCHEMES, link_rel="noopener noreferrer")
    for token, item in tokens.items():
        note = (f'<sup class="ref"><a href="#source-{item.note}">{item.note}</a></sup>'
                if item.note is not None else "")
        clean = clean.replace(token, f"{escape(item.text)}{note}")
    return Markup(clean)


@functools.cache
def _markdown() -> markdown.Markdown:
    """One Markdown converter, reset before each text: making one sets up every processor
    again, which took as long as converting the text."""
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


def _tokens(text: str, cited: Citations) -> tuple[str, dict[str, Cited]]:
    """``text`` with each known reference replaced by a token that Markdown and the
    sanitiser leave alone (letters and digits, unique to this call)."""
    tokens: dict[str, Cited] = {}
    stem = f"sitrepref{uuid.uuid4().hex}n"

    def token(item: Cited) -> str:
        key = f"{stem}{len(tokens)}z"
        tokens[key] = item
        return key

    return _substitute(text, cited, token), tokens


def _referenced(text: str, cited: Citations) -> str:
    """Figure references as Markdown: the number, then its footnote."""
    return _substitute(text, cited, lambda item: item.text + (
        f"[^{item.note}]" if item.note is not None else ""))


def _substitute(text: str, cited: Citations, show: Callable[[Cited], str]) -> str:
    """``text`` with each reference that ``cited`` knows replaced by ``show`` of it; the
    references are those :func:`sitrep.cite.references` finds, as `check` finds them."""
    out, done = [], 0
    for ref in references(text):
        item = cited.get(ref.id)
        if item is not None:
            out += [text[done:ref.start], show(_opening(item, text, ref.start))]
            done = ref.end
    return "".join([*out, text[done:]])


def _opening(item: Cited, text: str, at: int) -> Cited:
    """A cited figure that opens a sentence begins with a capital: "More than 948,000"."""
    before = text[:at].rstrip(" \t*_").rstrip()
    if not before or before[-1] in ".!?:":
        return Cited(item.text[:1].upper() + item.text[1:], item.note)
    return item


def to_markdown(text: str, cited: Citations | None = None) -> Markup:
    """Keep narrative Markdown as Markdown, but with raw HTML shown as text and unsafe links
    cut; figure references become the figure's number and footnote."""
    text = _cut_unsafe_links(_referenced(text or "", cited or {}))
    text = _UNSAFE_REF.sub(r"\1#", text)
    text = text.replace("<", "&lt;")
    text = text.replace("![", "\\![")  # an image would be fetched by whoever views the .md
    return Markup(text.strip())


def _cut_unsafe_links(text: str) -> str:
    """Inline link targets ``](…)`` with a scheme other than http(s) or mailto become ``#``.

    One pass: the closing parenthesis found for one link serves the next ones before it."""
    out, done, close = [], 0, -1
    for found in re.finditer(r"\]\(", text):
        start = found.end()
        if start < done:
            continue
        if close < start:
            close = text.find(")", start)
            if close == -1:
                break
        target = text[start:close]
        if _SCHEME.match(target) and not _SAFE.match(target):
            out += [text[done:start], "#"]
            done = close
    return "".join([*out, text[done:]])


def inline_html(text: str, cited: Citations | None = None) -> Markup:
    """A one-line item (a highlight): rendered, sanitised, without the wrapping paragraph."""
    html = str(to_html(text, cited)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
