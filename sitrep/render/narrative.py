"""Narrative Markdown from fact sheets, made safe for HTML and for Markdown output."""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote", "br", "h3", "h4"}
_SCHEMES = {"http", "https", "mailto"}
# A Markdown inline link or reference definition whose target uses some other scheme.
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(?!(?:https?|mailto):)[a-z][a-z0-9+.-]*:[^)]*\)",
                          re.IGNORECASE)
_UNSAFE_REF = re.compile(r"^(\s*\[[^\]]+\]:\s*)(?!(?:https?|mailto):)[a-z][a-z0-9+.-]*:.*$",
                         re.IGNORECASE | re.MULTILINE)


def to_html(text: str) -> Markup:
    """Render narrative Markdown to HTML with only harmless tags and web links left."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes=_SCHEMES, link_rel="noopener noreferrer")
    return Markup(clean)


def to_markdown(text: str) -> Markup:
    """Keep narrative Markdown as Markdown, but with raw HTML shown as text and unsafe links cut."""
    text = _UNSAFE_LINK.sub("](#)", text or "")
    text = _UNSAFE_REF.sub(r"\1#", text)
    text = text.replace("<", "&lt;")
    return Markup(text.strip())


def inline_html(text: str) -> Markup:
    """A one-line item (a highlight): rendered, sanitised, without the wrapping paragraph."""
    html = str(to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
