"""The command line: parse options, call one library function, turn errors into exit codes.

This is the only module that prints or exits.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from sitrep import __version__
from sitrep.errors import InputError, SitrepError, display_path


class IsoDate(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: object, ctx: object) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f'"{value}" is not a date written YYYY-MM-DD, like 2020-02-28')


workspace_option = click.option(
    "-w", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="The workspace folder (the one holding config.yaml).")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80,
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
def build(workspace: Path, dates: tuple[date, ...], strict: bool, no_pdf: bool) -> None:
    """Build the reports of one or more issues into the output folder."""
    from sitrep.build import build as run

    outcome = _run(run, workspace, list(dates), date.today(), strict=strict, pdf=not no_pdf)
    _warn(outcome.warnings)
    for path in outcome.written:
        click.echo(f"wrote {display_path(path, workspace)}")


@main.command()
@workspace_option
def check(workspace: Path) -> None:
    """Check every fact sheet and article; exit 1 if anything is wrong."""
    from sitrep.build import check as run

    ws, facts, outcome = _run(run, workspace)
    _warn(outcome.warnings)
    click.echo(f"ok: {len(facts.sources)} sources, {len(facts.figures)} figures, "
               f"{len(facts.access)} access constraints, {len(facts.articles)} articles, "
               f"{len(facts.narrative)} narratives")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Create a new workspace in FOLDER, ready to build."""
    from sitrep.scaffold import create

    written = _run(create, folder, date.today())
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"next: cd {folder} && sitrep build")


def _run(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call the library; show its errors the way users read them."""
    try:
        return func(*args, **kwargs)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"sitrep: {exc}; nothing was written", err=True)
    except SitrepError as exc:
        click.echo(f"sitrep: {exc}", err=True)
    sys.exit(1)


def _warn(warnings: list[str]) -> None:
    for text in warnings:
        click.echo(f"warning: {text}", err=True)
