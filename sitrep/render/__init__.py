"""Stage 4, render: a resolved report to Markdown, HTML and charts, all in memory, and
the job that makes its PDF (stage 5, :mod:`sitrep.typeset`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from sitrep import layout, typeset
from sitrep.comparable import people
from sitrep.config import Config, Workspace
from sitrep.errors import RenderError, display_path
from sitrep.i18n import FSI, PDI, Edition, language_name, language_title
from sitrep.models import Facts, Figure, Report
from sitrep.render import archive, chart, narrative, templating
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
           tagged: bool = False, language: str | None = None) -> Rendered:
    """Render every output of one edition of an issue (``rep`` as :func:`in_language` made
    it for that edition); nothing is written here."""
    edition = ws.config.edition(language or ws.config.language)
    names = layout.issue(ws, rep.issue.date, edition.language)
    out = Rendered(folder=names.folder)
    flash = ws.config.type == "flash"  # a flash update has no tables, charts or map
    svg = "" if flash else trend_svg(ws, rep, edition)
    chart_name = names.chart if svg else ""
    map_svg = "" if flash else _map_svg(ws, rep, edition)
    context = {"config": ws.config.in_language(edition.language), "report": rep,
               "edition": edition, "chart_name": chart_name, "flash": flash,
               "chart_svg": svg, "casualty_svg": casualty_svg(ws, rep, edition),
               "generator": _generator(), "chart_legend": chart_legend(rep, edition),
               "map_svg": map_svg, "map_name": names.map if map_svg else "",
               **_map_context(ws, rep, edition),
               "original": ws.config.edition(ws.config.language),
               "original_language": language_name(ws.config.language, edition.language)}
    out.files[names.md] = _render(ws, "report.md.j2", context, markdown=True,
                                  edition=edition).encode()
    html = _render(ws, "report.html.j2", context, markdown=False, edition=edition)
    out.files[names.html] = html.encode()
    if svg:
        out.files[chart_name] = svg.encode()
    if map_svg:
        out.files[names.map] = map_svg.encode()
    if make_pdf:
        _add_pdf(ws, rep, html, out, archival, tagged, edition.language)
    return out


def in_language(ws: Workspace, facts: Facts, rep: Report, language: str) -> Report:
    """The issue as the edition in ``language`` shows it: its narrative in that language
    (the original, marked as untranslated, where it has none) and its key-figure labels.
    Figures, sources and quotes stay as published."""
    cfg = ws.config
    if language == cfg.language:
        return rep
    fmt, local = _edition_of(cfg, language)
    labels = {box.label: (sel.label if sel.label else
                          _capital(fmt.label(sel.measure, sel.population)))
              for box, sel in zip(rep.key_figures, local.key_figures, strict=True)}
    original = rep.narrative
    parts = ("highlights", "overview")
    translated = facts.translations.get((rep.issue.date, language))
    missing = tuple(p for p in parts if original is not None and getattr(original, p)
                    and (translated is None or not getattr(translated, p)))
    narrative = original if translated is None else translated.model_copy(
        update={p: getattr(original, p) for p in missing})
    return replace(rep, key_figures=[replace(b, label=labels[b.label]) for b in rep.key_figures],
                   trend_label=labels.get(rep.trend_label, rep.trend_label),
                   narrative=narrative, untranslated=missing)


#: Each config's editions, worked out once (a series asks for them once an issue): the
#: config (kept alive, so that its id is not reused), the edition's formatter and settings.
_EDITIONS: dict[tuple[int, str], tuple[Config, Formatter, Config]] = {}


def _edition_of(cfg: Config, language: str) -> tuple[Formatter, Config]:
    hit = _EDITIONS.get((id(cfg), language))
    if hit is None or hit[0] is not cfg:
        if len(_EDITIONS) > 32:
            _EDITIONS.clear()
        hit = _EDITIONS[(id(cfg), language)] = (cfg, Formatter(cfg.edition(language)),
                                                cfg.in_language(language))
    return hit[1], hit[2]


def _add_pdf(ws: Workspace, rep: Report, html: str, out: Rendered, archival: bool,
             tagged: bool, language: str) -> None:
    """The PDF: plain, or archival (PDF/A-3, with its sources inside) and/or tagged."""
    job = pdf_job(ws, rep, html, archival, tagged, language)
    add_pdf(out, job, typeset.make(job))


def pdf_job(ws: Workspace, rep: Report, html: str, archival: bool, tagged: bool,
            language: str | None = None) -> typeset.Job:
    """Describe the PDF of one edition of an issue."""
    embedded, skipped = archive.sources(ws, rep) if archival else ([], [])
    templates = ws.path("templates")
    language = language or ws.config.language
    return typeset.Job(layout.issue(ws, rep.issue.date, language).pdf, html,
                       templates if templates.is_dir() else templating.BUILTIN,
                       (templates, templating.BUILTIN), typeset.variant(archival, tagged),
                       tuple(embedded), tuple(skipped), metadata(ws, rep, language))


def metadata(ws: Workspace, rep: Report, language: str | None = None) -> typeset.Metadata:
    """The PDF's title, author, creation date (the report date) and language."""
    language = language or ws.config.language
    cfg, issue, edition = ws.config.in_language(language), rep.issue, ws.config.edition(language)
    fmt = Formatter(edition)
    title = edition.gettext.gettext("%(title)s – Issue No. %(number)s, %(date)s") % {
        "title": cfg.title, "number": fmt.plain_number(issue.number),
        "date": fmt.day(issue.date)}
    return typeset.Metadata(title, (cfg.organisation,), issue.date.isoformat(), language)


def add_pdf(out: Rendered, job: typeset.Job, result: tuple[bytes, list[str]]) -> None:
    """Put a finished PDF, and what was said while making it, into an issue's outputs."""
    data, warnings = result
    out.files[job.name] = data
    out.warnings += [f"{job.name}: {w}" for w in [*job.skipped, *warnings]]


def trend_svg(ws: Workspace, rep: Report, edition: Edition | None = None) -> str:
    """The displacement trend chart, or an empty string with fewer than two figures (one bar
    says nothing about a trend)."""
    window = rep.trend[-ws.config.chart_issues:]  # the table beside it shows every issue
    if sum(1 for _, fig in window if fig) < 2:
        return ""
    fmt = Formatter(edition or ws.config.edition(ws.config.language), ws.config.measures)
    _ = fmt.edition.gettext.gettext
    points = [(_chart_day(fmt, issue.date), people(fig) if fig else None,
               _chart_value(fmt, fig) if fig else "") for issue, fig in window]
    return chart.bars(points, _("%(label)s, by issue") % {"label": rep.trend_label},
                      fmt.plain_number, style=chart.Style.of(fmt.edition, _("no figure")))


def _chart_day(fmt: Formatter, day: date) -> str:
    """An issue's date under a chart's bars: ``28 Feb``; ``28/2`` in a right-to-left
    edition, whose words WeasyPrint's SVG text would neither join nor reorder."""
    if fmt.edition.rtl:
        return fmt.edition.digits_of(f"{day.day}/{day.month}")
    return fmt.day(day, "d MMM")


def _chart_value(fmt: Formatter, fig: Figure) -> str:
    """A bar's value: ``more than 948,000``; the number alone in a right-to-left edition
    (the table beside the chart gives its qualifier)."""
    if fmt.edition.rtl:
        return _plain(fmt.bare(fig))
    return fmt.amount(fig)


def chart_legend(rep: Report, edition: Edition) -> list[tuple[str, str]]:
    """The casualty chart's legend as (colour, words) pairs, for a right-to-left edition:
    its chart leaves the words to the page, where Arabic is shaped."""
    if not edition.rtl or not rep.casualty_part:
        return []
    fmt = Formatter(edition)
    return [(chart.PART, _of_which(fmt, rep.casualty_part))]


def _of_which(fmt: Formatter, group: str) -> str:
    return fmt.edition.gettext.gettext("of which %(group)s") % {
        "group": fmt.population(group)}


#: The areas without a figure named under the map, at most.
NAMED_BLANKS = 15


def _map_context(ws: Workspace, rep: Report, edition: Edition) -> dict[str, Any]:
    """What the templates say beside the map: its title and label in the edition's words,
    its rows (largest first), the areas without a figure, and its sources with their
    footnote numbers."""
    if rep.map is None:
        return {"map_title": "", "map_label": "", "map_rows": [], "map_blank": [],
                "map_sources": []}
    fmt = Formatter(edition, ws.config.measures)
    rows = sorted(rep.map.entries.values(), key=lambda e: -people(e.headline))
    cited = sorted({(rep.note(e.headline), e.sources[0].name) for e in rows})
    blank = sorted({s.name for s in rep.map.boundaries.shapes
                    if s.pcode not in rep.map.entries})
    if len(blank) > NAMED_BLANKS:  # a long list of names says less than the map
        more = edition.gettext.gettext("%(count)s more") % {
            "count": fmt.plain_number(len(blank) - NAMED_BLANKS)}
        blank = [*blank[:NAMED_BLANKS], more]
    return {"map_title": map_title(ws, rep, edition), "map_label": map_label(ws, rep, edition),
            "map_rows": rows, "map_blank": blank, "map_sources": cited}


def map_label(ws: Workspace, rep: Report, edition: Edition) -> str:
    """What the map counts, in the edition's words."""
    spec = ws.config.map
    if spec is None or rep.map is None or edition.main:
        return rep.map.label if rep.map else ""
    fmt = Formatter(edition, ws.config.measures)
    return fmt.upper_first(fmt.label(spec.measure, spec.population))


def map_title(ws: Workspace, rep: Report, edition: Edition | None = None) -> str:
    """The map's title: config's (or its edition's), else what it counts and the admin
    level."""
    spec = ws.config.map
    if spec is None or rep.map is None:
        return ""
    edition = edition or ws.config.edition(ws.config.language)
    words = ws.config.editions.get(edition.language)
    title = words.map_title if words and not edition.main and words.map_title else \
        spec.title if edition.main else None
    if title:
        return title
    return edition.gettext.gettext("%(label)s by area (admin level %(level)s)") % {
        "label": map_label(ws, rep, edition), "level": spec.admin_level}


def _map_svg(ws: Workspace, rep: Report, edition: Edition) -> str:
    """The map of the config's measure by area, or an empty string when there is none; its
    alt text names the areas with the largest values."""
    if rep.map is None:
        return ""
    fmt = Formatter(edition, ws.config.measures)
    _ = edition.gettext.gettext
    context = _map_context(ws, rep, edition)
    shown = _("; ").join(_("%(place)s: %(amount)s") % {
        "place": e.location.name, "amount": _plain(fmt.amount(e.headline))}
        for e in context["map_rows"][:area_map.LABELLED])
    blank = len(context["map_blank"])
    alt = _("Map: %(title)s. %(shown)s.") % {"title": context["map_title"], "shown": shown}
    if blank:
        alt += " " + edition.gettext.ngettext("%(count)s more area has no figure.",
                                              "%(count)s more areas have no figure.",
                                              blank) % {"count": fmt.plain_number(blank)}
    words = area_map.Words.of(edition)
    return area_map.svg(rep.map, "" if edition.rtl else context["map_label"],
                        fmt.plain_number, lambda e: _plain(fmt.amount(e.headline)
                                                           if not edition.rtl
                                                           else fmt.bare(e.headline)),
                        alt, words)


def index(ws: Workspace, issues: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """The series index, as Markdown and HTML: every issue, its key figures, the files of
    each of its editions."""
    rows = [(date.fromisoformat(day), {**entry, "key_figures": _boxes(entry)})
            for day, entry in sorted(issues.items()) if _is_day(day)]
    labels = list(rows[-1][1]["key_figures"]) if rows else []
    edition = ws.config.edition(ws.config.language)
    editions = {day: [(language_title(f.language or ws.config.language), f)
                      for f in layout.editions(ws, day) if f.key in issues]
                for day, _ in rows}
    context = {"config": ws.config, "rows": rows, "labels": labels,
               "files": {day: layout.issue(ws, day) for day, _ in rows},
               "editions": editions, "edition": edition, "generator": _generator()}
    return {layout.INDEX_MD: _render(ws, "index.md.j2", context, markdown=True,
                                     edition=edition).encode(),
            layout.INDEX_HTML: _render(ws, "index.html.j2", context, markdown=False,
                                       edition=edition).encode()}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_day(key: str) -> bool:
    """Whether a manifest key is an issue (``2020-02-28``), not another edition of one."""
    try:
        date.fromisoformat(key)
    except ValueError:
        return False
    return True


def _plain(text: str) -> str:
    """Text without the isolation marks a right-to-left edition puts around numbers: a
    chart places its labels itself."""
    return text.replace(FSI, "").replace(PDI, "")


def _boxes(entry: dict[str, Any]) -> dict[str, Any]:
    """An index row's key figures by label (the manifest keeps them as a list, in order)."""
    boxes = entry.get("key_figures")
    if not isinstance(boxes, list):
        return {}  # an entry from an older manifest: its figures show once it is rebuilt
    return {str(b["label"]): b for b in boxes if isinstance(b, dict) and "label" in b}


def casualty_svg(ws: Workspace, rep: Report, edition: Edition | None = None) -> str:
    """The "killed" key figure's series across issues, each bar labelled with the period it
    counts, children drawn inside as "of which"; empty with fewer than two figures."""
    fmt = Formatter(edition or ws.config.edition(ws.config.language), ws.config.measures)
    _ = fmt.edition.gettext.gettext
    points = rep.casualty_trend[-ws.config.chart_issues:]
    if sum(1 for p in points if p.figure) < 2:
        return ""
    rtl = fmt.edition.rtl
    bars = [(_plain(fmt.short(p.figure)) if p.figure and not rtl else
             _chart_day(fmt, p.issue.date), people(p.figure) if p.figure else None,
             _chart_value(fmt, p.figure) if p.figure else "") for p in points]
    parts = [(people(p.part) if p.part else None,
              ("" if not p.part else _plain(fmt.bare(p.part)) if rtl else
               _("%(part)s: %(amount)s") % {"part": _of_which(fmt, rep.casualty_part or ""),
                                            "amount": fmt.amount(p.part)}))
             for p in points]
    part_name = _of_which(fmt, rep.casualty_part) if rep.casualty_part else ""
    return chart.bars(bars, _("%(label)s, by issue") % {"label": rep.casualty_label},
                      fmt.plain_number, parts, part_name,
                      chart.Style.of(fmt.edition, _("no figure")))


def _render(ws: Workspace, name: str, context: dict[str, object], markdown: bool,
            edition: Edition) -> str:
    rep = context.get("report")
    cited = narrative.citations(rep, Formatter(edition, ws.config.measures).amount) \
        if isinstance(rep, Report) else None
    env = templating.environment(ws.path("templates"), edition, markdown, cited,
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
