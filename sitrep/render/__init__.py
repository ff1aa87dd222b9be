"""Stage 4, render: a resolved report to Markdown, HTML, a chart and a PDF, all in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitrep.config import Workspace
from sitrep.errors import RenderError, display_path
from sitrep.models import Report
from sitrep.render import archive, chart, pdf, templating
from sitrep.render.text import Formatter


@dataclass
class Rendered:
    """The files of one issue, by name, and what the renderer warned about."""

    folder: str
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def stem(ws: Workspace, report: Report) -> str:
    return f"{ws.config.slug}-{report.issue.date.isoformat()}"


def report(ws: Workspace, rep: Report, make_pdf: bool = True, archival: bool = False,
           tagged: bool = False) -> Rendered:
    """Render every output of one issue; nothing is written here."""
    name = stem(ws, rep)
    out = Rendered(folder=rep.issue.date.isoformat())
    svg = trend_svg(ws, rep)
    chart_name = f"{name}-displacement.svg" if svg else ""
    context = {"config": ws.config, "report": rep, "chart_name": chart_name,
               "chart_svg": svg, "casualty_svg": casualty_svg(ws, rep),
               "generator": _generator()}
    out.files[f"{name}.md"] = _render(ws, "report.md.j2", context, markdown=True).encode()
    html = _render(ws, "report.html.j2", context, markdown=False)
    out.files[f"{name}.html"] = html.encode()
    if svg:
        out.files[chart_name] = svg.encode()
    if make_pdf:
        _add_pdf(ws, rep, html, out, archival, tagged)
    return out


def _add_pdf(ws: Workspace, rep: Report, html: str, out: Rendered, archival: bool,
             tagged: bool) -> None:
    """The PDF: plain, or archival (PDF/A-3, with its sources inside) and/or tagged."""
    name = stem(ws, rep)
    embedded, skipped = archive.sources(ws, rep) if archival else ([], [])
    templates = ws.path("templates")
    data, warnings = pdf.write_pdf(html, templates if templates.is_dir() else templating.BUILTIN,
                                   [templates, templating.BUILTIN],
                                   kind=pdf.variant(archival, tagged), attachments=embedded)
    out.files[f"{name}.pdf"] = data
    out.warnings += [f"{name}.pdf: {w}" for w in [*skipped, *warnings]]


def trend_svg(ws: Workspace, rep: Report) -> str:
    """The displacement trend chart, or an empty string when there is no trend."""
    if not any(fig for _, fig in rep.trend):
        return ""
    fmt = Formatter(ws.config.locale)
    points = [(fmt.day(issue.date, "d MMM"), fig.value if fig and fig.value is not None
               else (fig.min if fig else None), fmt.amount(fig) if fig else "")
              for issue, fig in rep.trend]
    return chart.bars(points, f"{rep.trend_label}, by issue", fmt.number)


def casualty_svg(ws: Workspace, rep: Report) -> str:
    """People killed by group across issues, or an empty string with fewer than two issues."""
    fmt = Formatter(ws.config.locale)
    groups = fmt.casualty_groups(rep.casualty_trend)
    if len(rep.casualty_trend) < 2 or not groups:
        return ""
    labels = [fmt.day(issue.date, "d MMM") for issue, _ in rep.casualty_trend]
    series = {fmt.words(g).capitalize(): [row[g].value if g in row else None
                                          for _, row in rep.casualty_trend] for g in groups}
    return chart.grouped(labels, series, "People killed by group, by issue", fmt.number)


def _render(ws: Workspace, name: str, context: dict[str, object], markdown: bool) -> str:
    env = templating.environment(ws.path("templates"), ws.config.locale, markdown)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = display_path(Path(exc.filename), ws.root) if exc.filename else (exc.name or name)
        raise RenderError(f"{where}:{exc.lineno}:1: template: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"{name}: template: {exc}") from exc


def _generator() -> str:
    from sitrep import __version__

    return f"sitrep {__version__}"
