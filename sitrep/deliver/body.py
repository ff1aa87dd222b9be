"""The words of the email: subject, plain text and HTML, from the resolved report."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
import nh3

from sitrep.config import Email, Workspace
from sitrep.errors import RenderError, display_path
from sitrep.i18n import language_name
from sitrep.models import Report
from sitrep.render import narrative, templating
from sitrep.render.text import Formatter

_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


def subject(ws: Workspace, cfg: Email, rep: Report, language: str | None = None) -> str:
    """The subject line from its template, in the edition's language; values from data are
    folded onto one line."""
    language = language or ws.config.language
    c = ws.config.in_language(language)
    values = {"title": c.title, "crisis": c.crisis, "organisation": c.organisation,
              "date": Formatter(c.edition(language)).day(rep.issue.date),
              "issue": str(rep.issue.number)}
    return cfg.subject.format(**{key: " ".join(v.split()) for key, v in values.items()})


def bodies(ws: Workspace, rep: Report, attachment: str, language: str | None = None
           ) -> tuple[str, str]:
    """The plain-text and HTML bodies (``email.txt.j2``, ``email.html.j2``), in the
    edition's language (``rep`` as :func:`sitrep.render.in_language` made it)."""
    language = language or ws.config.language
    edition = ws.config.edition(language)
    cited = narrative.citations(rep, Formatter(edition, ws.config.measures).amount,
                                notes=False)
    env = templating.environment(ws.path("templates"), edition, markdown=False, cited=cited,
                                 measures=ws.config.measures)
    env.filters["plain"] = lambda text: plain(text, cited)
    context = {"config": ws.config.in_language(language), "report": rep,
               "attachment": attachment, "edition": edition,
               "original": ws.config.edition(ws.config.language),
               "original_language": language_name(ws.config.language, language)}
    return _render(ws, env, "email.txt.j2", context), _render(ws, env, "email.html.j2", context)


def plain(text: str, cited: narrative.Citations | None = None) -> str:
    """Narrative Markdown as one line of plain text, links written out as "text (address)"."""
    rendered = _LINK.sub(lambda m: m[2] if m[1] == m[2] else f"{m[2]} ({m[1]})",
                         str(narrative.to_html(text, cited)))
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())


def _render(ws: Workspace, env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = display_path(Path(exc.filename), ws.root) if exc.filename else name
        raise RenderError(f"{where}:{exc.lineno}:1: template: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"{name}: template: {exc}") from exc
