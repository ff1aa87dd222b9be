"""The whole pipeline: load → validate → resolve → render → typeset → write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep import calendar, layout, load, resolve, revise, validate
from sitrep.config import Workspace
from sitrep.errors import StrictFailure
from sitrep.models import Facts, Report, Revision

if TYPE_CHECKING:
    from sitrep.typeset.workers import Workers


@dataclass
class Outcome:
    """What a command did: the files written and the warnings to show."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unchanged: int = 0
    built: int = 0
    #: Issues revised since they were published: date, notices, the earlier PDF kept.
    revised: list[tuple[date, int, str | None]] = field(default_factory=list)


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
          jobs: int | Workers = 1, progress: Callable[[int, int], None] | None = None,
          kind: str | None = None) -> Outcome:
    """Build the issues dated ``dates``, or those in ``span`` (first, last), or the latest one
    as of ``today``.  Issues whose output would not change, with their files intact, are
    left as they are.

    ``archival`` and ``tagged`` add to the config's ``pdf:`` settings; they never turn one off.
    ``kind`` (``sitrep`` or ``flash``) replaces the config's ``type:`` for this build.
    ``jobs`` is how many PDFs to make at a time, or the workers to make them, started
    already (see :mod:`sitrep.typeset.workers`).
    """
    from sitrep import write

    ws, facts, outcome = check(root)
    if kind is not None:
        ws.config = ws.config.model_copy(update={"type": kind})
    days = _days(ws, dates, span, today)
    options = _Options(strict, pdf, archival or ws.config.pdf.archival,
                       tagged or ws.config.pdf.tagged, force, jobs, progress)
    with write.locked(ws.root, "the workspace"):  # one build of a workspace at a time
        return _build(ws, facts, outcome, days, today, options)


@dataclass(frozen=True)
class _Options:
    """How to build: the command's switches, with the config's pdf: settings added."""

    strict: bool
    pdf: bool
    archival: bool
    tagged: bool
    force: bool
    jobs: int | Workers
    progress: Callable[[int, int], None] | None


def _build(ws: Workspace, facts: Facts, outcome: Outcome, days: list[date], today: date,
           opt: _Options) -> Outcome:
    """The build itself, with the workspace locked: every edition of every issue."""
    from sitrep import render, series, write  # not needed by `sitrep check`

    out_root = ws.path("output")
    write.recover(out_root)  # a build killed half-way is undone before anything is read
    manifest = series.Manifest.read(out_root)
    inputs = series.inputs(ws)
    # an archival PDF carries the inputs themselves: any change to them changes it
    variant = f"{opt.archival}-{opt.tagged}" + (f"-{inputs}" if opt.archival else "") \
        + ("-flash" if ws.config.type == "flash" else "")
    editions = [names for day in days for names in layout.editions(ws, day)]
    if opt.pdf and not opt.force and manifest.unchanged(out_root, editions, inputs) and all(
            manifest.issues[names.key].get("variant") == variant for names in editions):
        if opt.strict and outcome.warnings:  # the inputs' own warnings fail it all the same
            raise StrictFailure(outcome.warnings)
        outcome.unchanged = len(days)  # nothing read has changed since the last build
        return outcome
    memo = resolve.Memo()
    reports = [resolve.report(ws, facts, day, memo) for day in days]
    # An edition made from the same report, templates and toolchain as last time, its files
    # intact, is not rendered again: the inputs decide, not a comparison of outputs.  An
    # issue resolved exactly as when it was last built (same report before revisions, same
    # templates, toolchain and kind of PDF) is settled: its revisions and editions are what
    # that build made of it, so they need not be worked out again (see _settled).
    shape = series.presentation(ws)
    seen: dict[int, Any] = {}
    resolved = {rep.issue.date: series.resolved(rep, _translations(facts, editions, rep),
                                                seen, shape, variant) for rep in reports}
    settled = _settled(manifest, out_root, editions, resolved, opt)
    live = [rep for rep in reports if rep.issue.date not in settled]
    if opt.pdf:
        live, notices = _revise(manifest, live, today)
    else:
        notices = {}  # a preview without PDFs publishes nothing, so revises nothing
    by_day = {rep.issue.date: rep for rep in live}
    work = [i for i, names in enumerate(editions) if names.day not in settled]
    shown = {i: render.in_language(ws, facts, by_day[editions[i].day],
                                   editions[i].language or ws.config.language) for i in work}
    issue_text = {day: series.written(rep, seen) for day, rep in by_day.items()}
    sources = {i: series.source(shown[i], by_day[editions[i].day],
                                issue_text[editions[i].day], shape, editions[i].key, variant)
               for i in work}
    same = {i for i in work if opt.pdf and not opt.force
            and manifest.issues.get(editions[i].key, {}).get("source") == sources[i]
            and manifest.intact(out_root, editions[i])}
    same |= {i for i, names in enumerate(editions) if names.day in settled}
    texts: dict[int, render.Rendered] = {}

    def text(i: int) -> render.Rendered:
        """An edition's Markdown, HTML and charts, rendered when first needed: in a long
        series, when its PDF is about to be made, so that few are held at a time."""
        if i not in texts:
            texts[i] = render.report(ws, shown[i], make_pdf=False,
                                     language=editions[i].language or None)
        return texts[i]

    # to be made: every edition with --force or without PDFs; else those never built, and
    # those whose rendered files differ from what was built
    todo = [i for i in range(len(editions)) if i not in same and (
        opt.force or not opt.pdf or editions[i].key not in manifest.issues
        or not manifest.current(out_root, editions[i], text(i).files, variant))]
    for i, names in enumerate(editions):  # rendered and found current: known from now on
        if i not in same and i not in todo and names.key in manifest.issues:
            manifest.issues[names.key]["source"] = sources[i]
    outcome.built = len({editions[i].day for i in todo})
    if not opt.pdf:
        for i in todo:
            text(i).gone = _gone(manifest, editions[i], text(i), out_root)
        outcome.warnings += [w for i in todo for w in text(i).warnings]
        if opt.strict and outcome.warnings:
            raise StrictFailure(outcome.warnings)
        outcome.written = write.outputs(out_root, [text(i) for i in todo])
        return outcome
    with write.Staging(out_root) as staging:  # nothing is in place until the commit
        kept: dict[int, str | None] = {}
        for i in _with_pdfs(ws, todo, editions, shown, text, opt):
            if notices.get(editions[i].day):
                kept[i] = _earlier_pdf(ws, editions[i], texts[i])
            texts[i].gone = _gone(manifest, editions[i], texts[i], out_root)
            stamps = staging.add(texts[i])
            _record(manifest, editions[i], shown[i], texts[i], variant, kept.get(i), today,
                    stamps)
            manifest.issues[editions[i].key]["source"] = sources[i]
            texts[i].files = {}  # on disk now: a long series holds a few issues' files at most
        outcome.warnings += [w for i in todo for w in texts[i].warnings]
        if opt.strict and outcome.warnings:
            raise StrictFailure(outcome.warnings)
        for day in by_day:  # every edition of these issues is now as this build made it
            if day.isoformat() in manifest.issues:
                manifest.issues[day.isoformat()]["resolved"] = resolved[day]
        manifest.inputs, manifest.toolchain = inputs, series.toolchain()
        staging.add(_new_files(out_root, {**render.index(ws, manifest.issues),
                                          layout.MANIFEST: manifest.to_bytes()}))
        written = staging.commit()  # one step: all of it, or nothing
    outcome.written = [p for p in written if p.name != layout.MANIFEST]
    outcome.unchanged = len(days) - outcome.built
    outcome.revised = [(editions[i].day, len(notices[editions[i].day]), name)
                       for i, name in kept.items()]
    return outcome


def _gone(manifest: Any, names: layout.IssueFiles, text: Any, out_root: Path) -> list[str]:
    """Files the last build of an edition wrote (never a kept earlier PDF) that this build
    does not make, and that are still there: a chart whose data is gone, an old preview."""
    old = manifest.issues.get(names.key, {})
    seen = old.get("files") if isinstance(old.get("files"), dict) else {}
    kept = set(n for n in old.get("kept", []) if isinstance(n, str))
    return sorted(n for n in seen if isinstance(n, str) and n not in text.files
                  and n not in kept and "/" not in n and (out_root / text.folder / n).is_file())


def _new_files(out_root: Path, files: dict[str, bytes]) -> Any:
    """Top-level output files (index, manifest) whose bytes differ from those on disk."""
    from sitrep import render

    def same(name: str) -> bool:
        path = out_root / name
        return path.is_file() and path.read_bytes() == files[name]

    return render.Rendered(folder="", files={n: d for n, d in files.items() if not same(n)})


def _days(ws: Workspace, dates: list[date], span: tuple[date | None, date | None] | None,
          today: date) -> list[date]:
    if span is not None:
        return calendar.dates(ws.config, span[0], span[1] or calendar.latest(ws.config, today))
    return dates or [calendar.latest(ws.config, today)]


def _translations(facts: Facts, editions: list[layout.IssueFiles], rep: Report) -> list[Any]:
    """The narratives in other languages that an issue's editions show beside its report
    (:func:`render.in_language` reads them): part of what the issue is resolved from."""
    day = rep.issue.date
    return [facts.translations.get((day, names.language)) for names in editions
            if names.day == day and names.language]


def _settled(manifest: Any, out_root: Path, editions: list[layout.IssueFiles],
             resolved: dict[date, str], opt: _Options) -> set[date]:
    """The issues whose report, before revisions, is what it was when last built (with the
    same templates, toolchain and kind of PDF), and whose editions are all intact.

    Such an issue needs nothing: its published values are those recorded then, so no new
    revision is due and its revisions are those recorded; each edition is then made from
    the same report as last time.  Only a build that makes PDFs (and not --force) relies
    on this; the digest is recorded once every edition of the issue is as its build left
    it."""
    if not opt.pdf or opt.force:
        return set()
    days = {names.day for names in editions}
    for names in editions:
        entry = manifest.issues.get(names.key)
        main = manifest.issues.get(names.day.isoformat(), {})
        if names.day in days and (entry is None or main.get("resolved") != resolved[names.day]
                                  or not manifest.intact(out_root, names)):
            days.discard(names.day)
    return days


def _with_pdfs(ws: Workspace, todo: list[int], editions: list[layout.IssueFiles],
               shown: dict[int, Report], text: Callable[[int], Any], opt: _Options
               ) -> Iterator[int]:
    """Make the PDFs of the editions numbered ``todo``, ``opt.jobs`` at a time, adding
    each to its edition's files (``text(i)``, the i-th edition's rendered files) as soon as
    it is made; yield the edition's number then."""
    from sitrep import render
    from sitrep.typeset import workers

    jobs: dict[int, Any] = {}

    def job(k: int) -> Any:
        i = todo[k]
        jobs[k] = render.pdf_job(ws, shown[i], text(i).files[editions[i].html].decode(),
                                 opt.archival, opt.tagged, editions[i].language or None)
        return jobs[k]

    with closing(workers.each(len(todo), job, opt.jobs, opt.progress)) as made:
        for k, result in made:
            render.add_pdf(text(todo[k]), jobs.pop(k), result)
            yield todo[k]


def _revise(manifest: Any, reports: list[Report], today: date
            ) -> tuple[list[Report], dict[date, list[Revision]]]:
    """Each report with its revision notices: those it had, and what changed since it was
    last published (values against values)."""
    revised, new = [], {}
    for rep in reports:
        old = manifest.issues.get(rep.issue.date.isoformat())
        before = old.get("figures") if isinstance(old, dict) else None
        earlier = [r for r in map(revise.revision_from, (old or {}).get("revisions", []))
                   if r is not None]
        rep, notices = revise.revise(rep, before if isinstance(before, list) else None,
                                     earlier, today)
        revised.append(rep)
        if notices:
            new[rep.issue.date] = notices
    return revised, new


def _earlier_pdf(ws: Workspace, names: layout.IssueFiles, text: Any) -> str | None:
    """Keep the edition's PDF as published before this revision beside the new one, under a
    name no other file has; None when there is no earlier PDF to keep."""
    folder = layout.issue_folder(ws, names.day)
    path = folder / names.pdf
    if not path.is_file():
        return None
    number = 1
    while (folder / names.earlier_pdf(number)).exists() or names.earlier_pdf(number) in text.files:
        number += 1
    kept = names.earlier_pdf(number)
    text.files[kept] = path.read_bytes()
    return kept


def _record(manifest: Any, names: layout.IssueFiles, rep: Report, text: Any, variant: str,
            kept: str | None, today: date, stamps: dict[str, int]) -> None:
    """What the manifest keeps of a built edition: values, never formatted text."""
    from sitrep import series

    old = manifest.issues.get(names.key, {})
    earlier = [n for n in old.get("kept", []) if isinstance(n, str)]
    manifest.issues[names.key] = {
        "number": rep.issue.number, "digest": series.digest(text.files, variant),
        "variant": variant, "kept": [*earlier, *([kept] if kept else [])],
        # what is written, so that a file deleted or edited since is noticed
        "files": series.files_seen({n: d for n, d in text.files.items()
                                    if n != kept and n not in earlier}, stamps),
        "key_figures": revise.key_figures(rep), "says": revise.says(rep),
        "revisions": [revise.revision_values(r) for r in rep.revisions],
        "built": old.get("built", today.isoformat())}
    if names.key == names.day.isoformat():  # the issue's published values, kept once: with
        # its main edition (the others show the same figures in other words)
        manifest.issues[names.key]["figures"] = revise.published(rep)
