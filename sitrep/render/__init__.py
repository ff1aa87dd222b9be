"""Stage 4, render: a resolved report to Markdown, HTML, a chart and a PDF, all in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from sitrep import layout
from sitrep.comparable import people
from sitrep.config import Workspace
from sitrep.errors import RenderError, display_path
from sitrep.models import Report
from sitrep.render import archive, chart, narrative, pdf, templating
from sitrep.render import map as area_map
from sitrep.render.text import Formatter


@dataclass
class Rendered:
    """The files of one issue, by name, and what the renderer warned about."""

    folder: str
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Files an earlier build of the issue wrote that this one no longer makes (a chart that
    #: has no data any more): removed in the same step as the new files are written.
    gone: list[str] = field(default_factory=list)


def report(ws: Workspace, rep: Report, make_pdf: bool = True, archival: bool = False,
           tagged: bool = False) -> Rendered:
    """Render every output of one issue; nothing is written here."""
    names = layout.issue(ws, rep.issue.date)
    out = Rendered(folder=names.folder)
    flash = ws.config.type == "flash"  # a flash update has no tables, charts or map
    svg = "" if flash else trend_svg(ws, rep)
    chart_name = names.chart if svg else ""
    map_svg = "" if flash else _map_svg(ws, rep)
    context = {"config": ws.config, "report": rep, "chart_name": chart_name, "flash": flash,
               "chart_svg": svg, "casualty_svg": casualty_svg(ws, rep),
               "map_svg": map_svg, "map_name": names.map if map_svg else "",
               **_map_context(ws, rep), "generator": _generator()}
    out.files[names.md] = _render(ws, "report.md.j2", context, markdown=True).encode()
    html = _render(ws, "report.html.j2", context, markdown=False)
    out.files[names.html] = html.encode()
    if svg:
        out.files[chart_name] = svg.encode()
    if map_svg:
        out.files[names.map] = map_svg.encode()
    if make_pdf:
        _add_pdf(ws, rep, html, out, archival, tagged)
    return out


def _add_pdf(ws: Workspace, rep: Report, html: str, out: Rendered, archival: bool,
             tagged: bool) -> None:
    """The PDF: plain, or archival (PDF/A-3, with its sources inside) and/or tagged."""
    job = pdf_job(ws, rep, html, archival, tagged)
    add_pdf(out, job, run_pdf_job(job))


@dataclass(frozen=True)
class PdfJob:
    """Everything the PDF stage needs, and nothing else: it can run in another process."""

    name: str
    html: str
    base: Path
    allowed: tuple[Path, ...]
    kind: str | None
    attachments: tuple[pdf.Embedded, ...]
    skipped: tuple[str, ...]
    meta: pdf.Metadata


def pdf_job(ws: Workspace, rep: Report, html: str, archival: bool, tagged: bool) -> PdfJob:
    """Describe the PDF of one issue."""
    embedded, skipped = archive.sources(ws, rep) if archival else ([], [])
    templates = ws.path("templates")
    return PdfJob(layout.issue(ws, rep.issue.date).pdf, html,
                  templates if templates.is_dir() else templating.BUILTIN,
                  (templates, templating.BUILTIN), pdf.variant(archival, tagged),
                  tuple(embedded), tuple(skipped), metadata(ws, rep))


def metadata(ws: Workspace, rep: Report) -> pdf.Metadata:
    """The PDF's title, author, creation date (the report date) and language."""
    cfg, issue = ws.config, rep.issue
    title = (f"{cfg.title} – Issue No. {issue.number}, "
             f"{Formatter(cfg.locale).day(issue.date)}")
    return pdf.Metadata(title, (cfg.organisation,), issue.date.isoformat(), cfg.language)


def run_pdf_job(job: PdfJob) -> tuple[bytes, list[str]]:
    """Make one PDF: the PDF's bytes and WeasyPrint's warnings."""
    return pdf.write_pdf(job.html, job.base, list(job.allowed), job.meta, kind=job.kind,
                         attachments=list(job.attachments))


def add_pdf(out: Rendered, job: PdfJob, result: tuple[bytes, list[str]]) -> None:
    """Put a finished PDF, and what was said while making it, into an issue's outputs."""
    data, warnings = result
    out.files[job.name] = data
    out.warnings += [f"{job.name}: {w}" for w in [*job.skipped, *warnings]]


def trend_svg(ws: Workspace, rep: Report) -> str:
    """The displacement trend chart, or an empty string with fewer than two figures (one bar
    says nothing about a trend)."""
    if sum(1 for _, fig in rep.trend if fig) < 2:
        return ""
    fmt = Formatter(ws.config.locale)
    points = [(fmt.day(issue.date, "d MMM"), people(fig) if fig else None,
               fmt.amount(fig) if fig else "") for issue, fig in rep.trend]
    return chart.bars(points, f"{rep.trend_label}, by issue", fmt.number)


#: The areas without a figure named under the map, at most.
NAMED_BLANKS = 15


def _map_context(ws: Workspace, rep: Report) -> dict[str, Any]:
    """What the templates say beside the map: its title, its rows (largest first), the
    areas without a figure, and its sources with their footnote numbers."""
    if rep.map is None:
        return {"map_title": "", "map_rows": [], "map_blank": [], "map_sources": []}
    rows = sorted(rep.map.entries.values(), key=lambda e: -people(e.headline))
    cited = sorted({(rep.note(e.headline), e.sources[0].name) for e in rows})
    blank = sorted({s.name for s in rep.map.boundaries.shapes
                    if s.pcode not in rep.map.entries})
    if len(blank) > NAMED_BLANKS:  # a long list of names says less than the map
        blank = [*blank[:NAMED_BLANKS], f"{len(blank) - NAMED_BLANKS:,} more"]
    return {"map_title": map_title(ws, rep), "map_rows": rows, "map_blank": blank,
            "map_sources": cited}


def map_title(ws: Workspace, rep: Report) -> str:
    """The map's title: config's, else what it counts and the admin level."""
    spec = ws.config.map
    if spec is None or rep.map is None:
        return ""
    return spec.title or f"{rep.map.label} by area (admin level {spec.admin_level})"


def _map_svg(ws: Workspace, rep: Report) -> str:
    """The map of the config's measure by area, or an empty string when there is none; its
    alt text names the areas with the largest values."""
    if rep.map is None:
        return ""
    fmt = Formatter(ws.config.locale)
    context = _map_context(ws, rep)
    shown = "; ".join(f"{e.location.name}: {fmt.amount(e.headline)}"
                      for e in context["map_rows"][:area_map.LABELLED])
    blank = len(context["map_blank"])
    alt = f"Map: {context['map_title']}. {shown}." + (
        f" {blank} more areas have no figure." if blank else "")
    return area_map.svg(rep.map, rep.map.label, fmt.number,
                        lambda e: fmt.amount(e.headline), alt)


def index(ws: Workspace, issues: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """The series index, as Markdown and HTML: every issue, its key figures, its files."""
    rows = [(date.fromisoformat(day), {**entry, "key_figures": _boxes(entry)})
            for day, entry in sorted(issues.items())]
    labels = list(rows[-1][1]["key_figures"]) if rows else []
    context = {"config": ws.config, "rows": rows, "labels": labels,
               "files": {day: layout.issue(ws, day) for day, _ in rows},
               "generator": _generator()}
    return {layout.INDEX_MD: _render(ws, "index.md.j2", context, markdown=True).encode(),
            layout.INDEX_HTML: _render(ws, "index.html.j2", context, markdown=False).encode()}


def _boxes(entry: dict[str, Any]) -> dict[str, Any]:
    """An index row's key figures by label (the manifest keeps them as a list, in order)."""
    boxes = entry.get("key_figures")
    if not isinstance(boxes, list):
        return {}  # an entry from an older manifest: its figures show once it is rebuilt
    return {str(b["label"]): b for b in boxes if isinstance(b, dict) and "label" in b}


def casualty_svg(ws: Workspace, rep: Report) -> str:
    """The "killed" key figure's series across issues, each bar labelled with the period it
    counts, children drawn inside as "of which"; empty with fewer than two figures."""
    fmt = Formatter(ws.config.locale)
    points = rep.casualty_trend
    if sum(1 for p in points if p.figure) < 2:
        return ""
    bars = [(fmt.short(p.figure) if p.figure else fmt.day(p.issue.date, "d MMM"),
             people(p.figure) if p.figure else None, fmt.amount(p.figure) if p.figure else "")
            for p in points]
    parts = [(people(p.part) if p.part else None,
              f"of which {fmt.words(rep.casualty_part)}: {fmt.amount(p.part)}" if p.part
              else "") for p in points]
    part_name = f"of which {fmt.words(rep.casualty_part)}" if rep.casualty_part else ""
    return chart.bars(bars, f"{rep.casualty_label}, by issue", fmt.number, parts, part_name)


def _render(ws: Workspace, name: str, context: dict[str, object], markdown: bool) -> str:
    rep = context.get("report")
    cited = narrative.citations(rep, Formatter(ws.config.locale, ws.config.measures).amount) \
        if isinstance(rep, Report) else None
    env = templating.environment(ws.path("templates"), ws.config.locale, markdown, cited,
                                 ws.config.measures)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = display_path(Path(exc.filename), ws.root) if exc.filename else (exc.name or name)
        raise RenderError(f"{where}:{exc.lineno}:1: template: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"{name}: template: {exc}") from exc
    except RecursionError:
        raise RenderError(f"{_shown(ws, name)}:1:1: template: extends or includes itself "
                          '(extend "builtin/' + name + '" to build on the built-in one)'
                          ) from None
    except UnicodeDecodeError as exc:
        raise RenderError(f"{_shown(ws, name)}:1:1: template: is not UTF-8 text (at byte "
                          f"{exc.start}; save it as UTF-8 in your editor)") from None


def _shown(ws: Workspace, name: str) -> str:
    """Where a template is, as the user sees it: the workspace's copy if it has one."""
    local = ws.path("templates") / name
    return display_path(local, ws.root) if local.is_file() else name


def _generator() -> str:
    from sitrep import __version__

    return f"sitrep {__version__}"
