"""The whole pipeline: load → validate → resolve → render → write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitrep import calendar, layout, load, resolve, validate
from sitrep.config import Workspace
from sitrep.errors import SitrepError
from sitrep.models import Facts


@dataclass
class Outcome:
    """What a command did: the files written and the warnings to show."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unchanged: int = 0
    revised: list[str] = field(default_factory=list)


def check(root: Path) -> tuple[Workspace, Facts, Outcome]:
    """Load and validate a workspace; raise InputError listing every problem."""
    ws = load.workspace(root)
    facts, warnings = validate.facts(ws, load.inputs(ws))
    return ws, facts, Outcome(warnings=[str(w) for w in warnings])


def extract(root: Path, articles: list[Path]) -> list[tuple[Path, Any]]:
    """Write a review file of candidates beside each of ``articles``."""
    from sitrep import review

    ws, facts, _ = check(root)
    return review.propose(ws, facts, articles)


def accept(root: Path, review_file: Path, sheet: Path) -> Any:
    """Move accepted candidates from ``review_file`` into ``sheet``."""
    from sitrep import review

    ws, facts, _ = check(root)
    return review.accept(ws, facts, review_file, sheet)


def build(root: Path, dates: list[date], today: date, strict: bool = False,
          pdf: bool = True, archival: bool = False, tagged: bool = False,
          span: tuple[date | None, date | None] | None = None, force: bool = False,
          jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Build the issues dated ``dates``, or those in ``span`` (first, last), or the latest one
    as of ``today``.  Issues whose output would not change are left as they are.

    ``archival`` and ``tagged`` add to the config's ``pdf:`` settings; they never turn one off.
    """
    from sitrep import render, series, write  # not needed by `sitrep check`

    ws, facts, outcome = check(root)
    days = _days(ws, dates, span, today)
    out_root = ws.path("output")
    manifest = series.Manifest.read(out_root)
    inputs = series.fingerprint(ws)
    archival, tagged = archival or ws.config.pdf.archival, tagged or ws.config.pdf.tagged
    variant = f"{archival}-{tagged}"
    if pdf and not force and manifest.inputs == inputs and all(
            manifest.issues.get(d.isoformat(), {}).get("variant") == variant for d in days):
        outcome.unchanged = len(days)  # nothing read has changed since the last build
        return outcome
    memo: resolve.Memo = {}
    reports = [resolve.report(ws, facts, day, memo) for day in days]
    texts = [render.report(ws, rep, make_pdf=False) for rep in reports]
    kept = _revise(ws, manifest, reports, texts, today) if pdf else {}
    todo = [i for i, text in enumerate(texts) if force or not pdf or not manifest.current(
        out_root, days[i], text.files) or manifest.issues[days[i].isoformat()].get(
        "variant") != variant]
    if pdf:
        _add_pdfs(ws, [reports[i] for i in todo], [texts[i] for i in todo], archival, tagged,
                  jobs, progress)
    outcome.warnings += [w for i in todo for w in texts[i].warnings]
    if strict and outcome.warnings:
        raise SitrepError(f"{len(outcome.warnings)} warnings, and --strict makes them errors; "
                          "nothing was written")
    for i in todo:
        texts[i].files.update(kept.get(days[i], {}))
    changed = [texts[i] for i in todo]
    if pdf:
        _record(ws, manifest, inputs, variant, [reports[i] for i in todo], changed, today)
        changed.append(_index(ws, manifest))
    outcome.written = write.outputs(out_root, changed)
    outcome.unchanged = len(days) - len(todo)
    outcome.revised = [d.isoformat() for d in kept]
    return outcome


def _days(ws: Workspace, dates: list[date], span: tuple[date | None, date | None] | None,
          today: date) -> list[date]:
    if span is not None:
        return calendar.dates(ws.config, span[0], span[1] or calendar.latest(ws.config, today))
    return dates or [calendar.latest(ws.config, today)]


def _add_pdfs(ws: Workspace, reports: list[Any], texts: list[Any], archival: bool,
              tagged: bool, jobs: int, progress: Callable[[int, int], None] | None) -> None:
    from sitrep import render
    from sitrep.render import pool

    work = [render.pdf_job(ws, rep, text.files[layout.issue(ws, rep.issue.date).html].decode(),
                           archival, tagged) for rep, text in zip(reports, texts, strict=True)]
    for text, job, result in zip(texts, work, pool.make(work, jobs, progress), strict=True):
        render.add_pdf(text, job, result)


def _revise(ws: Workspace, manifest: Any, reports: list[Any], texts: list[Any],
            today: date) -> dict[date, dict[str, bytes]]:
    """Note changed key figures in issues published before; keep their earlier PDFs."""
    from sitrep import render, series
    from sitrep.render.text import Formatter

    fmt = Formatter(ws.config.locale)
    kept: dict[date, dict[str, bytes]] = {}
    for i, rep in enumerate(reports):
        old = manifest.issues.get(rep.issue.date.isoformat())
        if not old:
            continue
        new = series.revisions(old.get("headlines", {}), series.headlines(rep, fmt), today)
        rep.revisions = [*old.get("revisions", []), *new]
        if rep.revisions:
            texts[i] = render.report(ws, rep, make_pdf=False)
        if new:
            kept[rep.issue.date] = _earlier_pdf(ws, rep, len(rep.revisions) - len(new))
    return kept


def _earlier_pdf(ws: Workspace, rep: Any, version: int) -> dict[str, bytes]:
    """The PDF as published before this revision, under a name that says which it was."""
    path = layout.pdf_path(ws, rep.issue.date)
    if not path.is_file():
        return {}
    return {layout.issue(ws, rep.issue.date).earlier_pdf(version + 1): path.read_bytes()}


def _record(ws: Workspace, manifest: Any, inputs: str, variant: str, reports: list[Any],
            texts: list[Any], today: date) -> None:
    from sitrep import series
    from sitrep.render.text import Formatter

    fmt = Formatter(ws.config.locale)
    manifest.inputs = inputs
    for rep, text in zip(reports, texts, strict=True):
        key = rep.issue.date.isoformat()
        manifest.issues[key] = {
            "number": rep.issue.number, "digest": series.digest(text.files), "variant": variant,
            "files": sorted(text.files), "headlines": series.headlines(rep, fmt),
            "revisions": rep.revisions,
            "built": manifest.issues.get(key, {}).get("built", today.isoformat())}


def _index(ws: Workspace, manifest: Any) -> Any:
    """reports/index.md and index.html, and the manifest, as one more set of outputs."""
    from sitrep import render

    out = render.Rendered(folder="")
    out.files.update(render.index(ws, manifest.issues))
    out.files[layout.MANIFEST] = manifest.to_bytes()
    return out
