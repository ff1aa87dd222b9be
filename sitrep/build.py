"""The whole pipeline: load → validate → resolve → render → write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitrep import load, resolve, validate
from sitrep.config import Workspace
from sitrep.errors import SitrepError
from sitrep.models import Facts


@dataclass
class Outcome:
    """What a command did: the files written and the warnings to show."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check(root: Path) -> tuple[Workspace, Facts, Outcome]:
    """Load and validate a workspace; raise InputError listing every problem."""
    ws = load.workspace(root)
    facts, warnings = validate.facts(ws)
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
          pdf: bool = True, archival: bool = False, tagged: bool = False) -> Outcome:
    """Build the issues dated ``dates`` (or the latest one as of ``today``).

    ``archival`` and ``tagged`` add to the config's ``pdf:`` settings; they never turn one off.
    """
    from sitrep import render, write  # not needed by `sitrep check`, which must start fast

    ws, facts, outcome = check(root)
    days = dates or [resolve.latest_issue_date(ws, today)]
    reports = [resolve.report(ws, facts, day) for day in days]
    archival, tagged = archival or ws.config.pdf.archival, tagged or ws.config.pdf.tagged
    rendered = [render.report(ws, rep, make_pdf=pdf, archival=archival, tagged=tagged)
                for rep in reports]
    outcome.warnings += [w for item in rendered for w in item.warnings]
    if strict and outcome.warnings:
        raise SitrepError(f"{len(outcome.warnings)} warnings, and --strict makes them errors; "
                          "nothing was written")
    outcome.written = write.outputs(ws.path("output"), rendered)
    return outcome
