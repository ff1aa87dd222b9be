"""Narrative Markdown from fact sheets, made safe for HTML and for Markdown output."""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote", "br", "h3", "h4"}
_SCHEMES = {"http", "https", "mailto"}
# A link target with a scheme, and the schemes that are safe.  Patterns stay within a line
# or a link, so that hostile text costs time in proportion to its length, not its square.
_SCHEME = re.compile(r"\s*<?\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_SAFE = re.compile(r"\s*<?\s*(?:https?|mailto):", re.IGNORECASE)
_UNSAFE_REF = re.compile(r"^([ \t]*\[[^\]\n]+\]:[ \t]*)(?!(?:https?|mailto):)"
                         r"[a-z][a-z0-9+.-]*:[^\n]*$", re.IGNORECASE | re.MULTILINE)


def to_html(text: str) -> Markup:
    """Render narrative Markdown to HTML with only harmless tags and web links left."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes=_SCHEMES, link_rel="noopener noreferrer")
    return Markup(clean)


def to_markdown(text: str) -> Markup:
    """Keep narrative Markdown as Markdown, but with raw HTML shown as text and unsafe links cut."""
    text = _cut_unsafe_links(text or "")
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


def inline_html(text: str) -> Markup:
    """A one-line item (a highlight): rendered, sanitised, without the wrapping paragraph."""
    html = str(to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
