"""The one root exception and the problem record every stage reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located to the character."""

    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.field}: {_tame(self.message)}"
        return f"{text} ({_tame(self.hint)})" if self.hint else text


#: Characters a terminal would act on (ESC, BEL …) are shown escaped, never sent.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: How much of one message is shown: values quoted in it can be whole files.
MESSAGE_CHARS = 300
#: How many problems of one file are listed before "and N more".
PER_FILE = 50


def _tame(text: str) -> str:
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) <= MESSAGE_CHARS:
        return text
    half = MESSAGE_CHARS // 2
    return f"{text[:half]} … ({len(text) - 2 * half:,} characters left out) … {text[-half:]}"


def listing(problems: list[Problem]) -> list[str]:
    """The lines to show for ``problems``: at most PER_FILE for each file, then a count."""
    lines: list[str] = []
    shown: dict[str, int] = {}
    more: dict[str, int] = {}
    for problem in problems:
        count = shown.get(problem.path, 0)
        if count < PER_FILE:
            lines.append(str(problem))
            shown[problem.path] = count + 1
        else:
            more[problem.path] = more.get(problem.path, 0) + 1
    for path, count in more.items():
        lines.append(f"{path}: and {count:,} more problems (fix those above, then run "
                     "sitrep check again)")
    return lines


class SitrepError(Exception):
    """Root of every error sitrep reports to its user."""


class StrictFailure(SitrepError):
    """Warnings that ``--strict`` makes errors: each is shown, then this one line."""

    def __init__(self, warnings: list[str]):
        self.warnings = warnings
        super().__init__(f"{len(warnings)} warnings, and --strict makes them errors; "
                         "nothing was written")


class WorkspaceError(SitrepError):
    """The workspace itself cannot be used (no config, unreadable folder, …)."""


class InputError(SitrepError):
    """One or more inputs are wrong; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(summary(self.problems))


class RenderError(SitrepError):
    """The report could not be rendered (template or PDF stage)."""


class DeliveryError(SitrepError):
    """A message could not be delivered, or its delivery could not be recorded."""


class NotAnIssueDate(SitrepError):
    """A day asked for is not an issue date of the series; says why and the nearest ones."""

    def __init__(self, day: date, reason: str, hint: str):
        self.day, self.reason, self.hint = day, reason, hint
        super().__init__(f"{reason} ({hint})" if hint else reason)


def summary(problems: list[Problem]) -> str:
    """Say how many problems there are and in how many files."""
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    where = "1 file" if files == 1 else f"{files} files"
    return f"{len(problems)} {noun} in {where}"


def display_path(path: Path, root: Path) -> str:
    """Show a path relative to the workspace when it is inside it."""
    for candidate in (path.absolute(), path.resolve()):  # a link is shown where it is
        try:
            return candidate.relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)
