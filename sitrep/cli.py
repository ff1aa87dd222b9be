"""The command line: parse options, call one library function, turn errors into exit codes.

This is the only module that prints or exits.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from sitrep import FIRST_YEAR, LAST_YEAR, __version__
from sitrep.errors import (
    DeliveryError,
    InputError,
    NotAnIssueDate,
    SitrepError,
    display_path,
    listing,
)
from sitrep.typeset.workers import Workers, cores


class IsoDate(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: object, ctx: object) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            self.fail(f'"{value}" is not a date written YYYY-MM-DD, like 2020-02-28')
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.fail(f'"{value}" is outside the years sitrep works with ({FIRST_YEAR} to '
                      f"{LAST_YEAR})")
        return day


workspace_option = click.option(
    "-w", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="The workspace folder (the one holding config.yaml).")


#: What sitrep's exit status means; the README and --help say the same.
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_DELIVERY, EXIT_INTERNAL = 0, 1, 2, 3, 4
EPILOG = ("Exit status: 0 done; 1 problems in the inputs (each one listed); 2 a wrong "
          "command line; 3 the email could not be delivered or recorded; 4 an internal error "
          "(a bug in sitrep: the details are saved to a file it names).")


class Cli(click.Group):
    """The command group; a crash becomes one line and exit status 4, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except Exception as exc:  # every other one is a bug: say so, keep the details
            click.echo(f"sitrep: internal error: {_crash_report(exc)}", err=True)
            sys.exit(EXIT_INTERNAL)


def _crash_report(exc: BaseException) -> str:
    """Save the traceback to a file; say in one line what failed, where, and the file."""
    import tempfile
    import traceback

    package = Path(__file__).resolve().parent
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename).resolve().is_relative_to(package)]
    where = (f" in sitrep/{Path(frames[-1].filename).resolve().relative_to(package).as_posix()}"
             f":{frames[-1].lineno}") if frames else ""
    what = f"{type(exc).__name__}{where}"
    try:
        with tempfile.NamedTemporaryFile("w", prefix="sitrep-crash-", suffix=".txt",
                                         delete=False, encoding="utf-8") as out:
            out.write(f"sitrep {__version__}, {' '.join(sys.argv)}\n\n")
            out.write("".join(traceback.format_exception(exc)))
        saved = f"the details are in {out.name}"
    except OSError:
        saved = "the details could not be saved"
    return (f"{what} ({saved}; this is a bug in sitrep, not in your files: please report "
            "it with that file)")


@click.group(cls=Cli, epilog=EPILOG,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80,
                               "terminal_width": 80})
@click.version_option(__version__, prog_name="sitrep")
def main() -> None:
    """Turn curated humanitarian facts into dated situation reports."""


@main.command()
@workspace_option
@click.option("--date", "dates", type=IsoDate(), multiple=True,
              help="Issue date to build; repeat for several. Default: the latest issue.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-pdf", is_flag=True, help="Write Markdown and HTML only (faster).")
@click.option("--archival", is_flag=True,
              help="Make the PDF archival (PDF/A-3b), carrying the config, fact sheets and "
                   "articles it was built from.")
@click.option("--tagged", is_flag=True,
              help="Make a tagged PDF for screen readers (PDF/UA-1; PDF/A-3a with "
                   "--archival).")
@click.option("--all", "every", is_flag=True,
              help="Build every issue of the series, from its start to the latest.")
@click.option("--from", "first", type=IsoDate(), help="Build the issues from this date on.")
@click.option("--to", "last", type=IsoDate(), help="Build the issues up to this date.")
@click.option("--force", is_flag=True, help="Build again even what has not changed.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=cores(),
              show_default="the number of cores", help="PDFs made at the same time.")
@click.option("--type", "kind", type=click.Choice(["sitrep", "flash"]),
              help="The full situation report, or a short flash update (default: the "
                   "config's type:).")
def build(workspace: Path, dates: tuple[date, ...], strict: bool, no_pdf: bool,
          archival: bool, tagged: bool, every: bool, first: date | None, last: date | None,
          force: bool, jobs: int, kind: str | None) -> None:
    """Build the reports of one or more issues into the output folder."""
    if no_pdf and (archival or tagged):
        raise click.UsageError("--archival and --tagged are about the PDF; drop --no-pdf")
    if dates and (every or first or last):
        raise click.UsageError("give --date, or --all / --from / --to, not both")
    span = (first, last) if every or first or last else None
    # The PDF workers start first, loading WeasyPrint while the build reads and renders.
    with (None if no_pdf else Workers.start(jobs)) or nullcontext() as workers, \
            _progress() as progress:
        from sitrep.build import build as run

        outcome = _run(run, workspace, list(dates), date.today(), strict=strict,
                       pdf=not no_pdf, archival=archival, tagged=tagged, span=span,
                       force=force, jobs=workers or jobs, progress=progress, kind=kind)
    _warn(outcome.warnings)
    for path in outcome.written:
        click.echo(f"wrote {display_path(path, workspace)}")
    for day, count, kept in outcome.revised:
        figures = "1 figure" if count == 1 else f"{count} figures"
        where = f"the earlier PDF is kept as {kept}" if kept else \
            "its earlier PDF was not there to keep"
        click.echo(f"revised {day}: {figures} changed since it was published; {where}")
    click.echo(_summary(outcome.built, outcome.unchanged))


def _summary(built: int, unchanged: int) -> str:
    """One line saying what the build did."""
    def issues(n: int) -> str:
        return "1 issue" if n == 1 else f"{n} issues"

    if built and unchanged:
        return f"built {issues(built)}; {issues(unchanged)} up to date"
    if built:
        return f"built {issues(built)}"
    return (f"{issues(unchanged)} up to date: nothing they are made from has changed since "
            "they were built, and their files are intact (--force builds them again)")


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar for the PDFs on a terminal; nothing when output goes elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="PDFs", file=sys.stderr).__enter__()
        bar.update(1)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@main.command()
@workspace_option
def check(workspace: Path) -> None:
    """Check every fact sheet and article; exit 1 if anything is wrong."""
    from sitrep.build import check as run

    ws, facts, outcome = _run(run, workspace)
    _warn(outcome.warnings)
    click.echo(f"ok: {len(facts.sources)} sources, {len(facts.figures)} figures, "
               f"{len(facts.access)} access constraints, {len(facts.articles)} articles, "
               f"{len(facts.narrative)} narratives"
               + (f", {len(facts.places)} places" if facts.places else "")
               + (f", {len(facts.funding)} funding figures" if facts.funding else "")
               + (f", {len(facts.response)} response entries" if facts.response else ""))


@main.command()
@workspace_option
@click.argument("articles", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def extract(workspace: Path, articles: tuple[Path, ...]) -> None:
    """Propose figures from ARTICLES into review files, for you to accept."""
    from sitrep import layout
    from sitrep.build import extract as run

    for path, found in _run(run, workspace, list(articles)):
        out = display_path(layout.review_path(path), workspace)
        click.echo(f"{display_path(path, workspace)}: {len(found.figures)} figures, "
                   f"{len(found.access)} access constraints, {len(found.vague)} vague "
                   f"amounts -> {out}")
    click.echo("next: mark what you accept with status: accepted, then "
               "sitrep accept REVIEW --into facts/SHEET.yaml")


@main.command()
@workspace_option
@click.argument("review", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "sheet", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The fact sheet to add the accepted candidates to.")
def accept(workspace: Path, review: Path, sheet: Path) -> None:
    """Move accepted candidates from a REVIEW file into a fact sheet."""
    from sitrep.build import accept as run

    done = _run(run, workspace, review, sheet)
    parts = [f"{n} {name}" for name, n in done.counts.items()]
    click.echo(f"added to {display_path(sheet, workspace)}: {', '.join(parts)}; "
               f"{done.remaining} candidates left in {display_path(review, workspace)}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--language", metavar="LANG", default="en", show_default=True,
              help="The language of the workspace's reports (en, fr, ar).")
def init(folder: Path, language: str) -> None:
    """Create a new workspace in FOLDER, ready to build."""
    from sitrep.i18n import available
    from sitrep.scaffold import create

    if language not in available():
        raise click.BadParameter(f'sitrep has no words in "{language}" (use one of '
                                 f"{', '.join(available())})", param_hint="--language")
    written = _run(create, folder, date.today(), language)
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"next: cd {folder} && sitrep build")


@main.command()
@workspace_option
@click.option("--date", "day", type=IsoDate(),
              help="Issue date of the report to email. Default: the latest issue.")
@click.option("--eml", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the message to this file, for your mail client.")
@click.option("--send", is_flag=True, help="Send it through the SMTP server in config.yaml.")
@click.option("--dry-run", is_flag=True,
              help="Show who would receive what, and send nothing (the default).")
@click.option("--force", is_flag=True, help="With --send: send a report that was already sent.")
@click.option("--language", metavar="LANG",
              help="The edition to email (fr, ar …). Default: the series' own language.")
def email(workspace: Path, day: date | None, eml: Path | None, send: bool, dry_run: bool,
          force: bool, language: str | None) -> None:
    """Email a built report: an .eml file, SMTP, or a dry run."""
    from sitrep.deliver import Mode, Request, deliver

    if (eml is not None) + send + dry_run > 1:
        raise click.UsageError("choose one of --eml PATH, --send and --dry-run")
    if force and not send:
        raise click.UsageError("--force goes with --send")
    mode: Mode = "eml" if eml is not None else "send" if send else "dry-run"
    request = Request(mode=mode, day=day, today=date.today(),
                      now=datetime.now(UTC).astimezone(), eml=eml, force=force,
                      environ=dict(os.environ), language=language)
    outcome = _run(deliver, workspace, request)
    _warn(outcome.warnings)
    for line in outcome.lines:
        click.echo(line)


def _run(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call the library; show its errors the way users read them, with their exit status."""
    try:
        return func(*args, **kwargs)
    except InputError as exc:
        for line in listing(exc.problems):
            click.echo(line, err=True)
        click.echo(f"sitrep: {exc}; nothing was written", err=True)
        status = EXIT_INPUT
    except NotAnIssueDate as exc:  # only --date names a day that may not be an issue date
        click.echo(f"sitrep: --date {exc.day}: {exc}", err=True)
        status = EXIT_USAGE
    except DeliveryError as exc:
        click.echo(f"sitrep: {exc}", err=True)
        status = EXIT_DELIVERY
    except SitrepError as exc:
        _warn(getattr(exc, "warnings", []))  # --strict: the warnings that made it fail
        click.echo(f"sitrep: {exc}", err=True)
        status = EXIT_INPUT
    sys.exit(status)


def _warn(warnings: list[str]) -> None:
    for text in warnings:
        click.echo(f"warning: {text}", err=True)


def run() -> None:
    """The ``sitrep`` command: :func:`main`, then an exit without the interpreter's teardown.

    Once everything is written and the output flushed, freeing every object one by one
    only costs time (about 70 ms after a build of three editions); the files, the locks
    and the worker processes are all closed by then.

    The garbage collector looks for cycles every 100,000 new objects, not every 700: a
    build makes millions of short-lived objects (imports, parsing, layout), few of them in
    cycles, and each PDF is followed by a full collection anyway.  Same files, 3-4 % less
    CPU for one issue."""
    gc.set_threshold(100_000, 50, 100)
    try:
        main(prog_name="sitrep")
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if isinstance(code, str):  # a message instead of a number: Python would print it
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
