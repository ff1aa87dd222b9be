"""Fuzzing: mutated workspaces get sitrep's own errors, never a traceback.

Each case mutates the minimal workspace's fact sheet or config at random (seeded, so a
failure can be replayed) with the kinds of damage real files get: lines lost, doubled or
moved, values replaced by YAML that means something else (lists, mappings, tags, aliases,
complex keys, huge or odd numbers, impossible dates, control characters), indentation
broken.  Each mutated workspace is checked, resolved and rendered (Markdown and HTML); any
exception that is not a SitrepError fails the test with the case that caused it.
"""

from __future__ import annotations

import random
import shutil
import traceback
from datetime import date
from pathlib import Path

from sitrep import build, calendar, render, resolve
from sitrep.errors import SitrepError
from tests.conftest import WORKSPACES

CASES = 2500
NASTY = ["", "~", "null", "[a]", "[]", "{a: 1}", "{}", "? [a, b]", "-1", "0", "1e9", "NaN",
         ".inf", "1_000", "5.0", "320.000", "9" * 30, "2024-13-45", "2024-02-30",
         "9999-12-31", "0001-01-01", '"\\0"', '"\\x1b[31m"', "&a x", "*a", "!!python/object:x",
         "!!binary aGk=", "yes", "NO", "'", '"', "|", ">", "- a", "a: b: c", "<script>", "%",
         "@x", "`x`", "\t", "stock", "flow", "households", "party_to_conflict", "agency",
         "update-1", "[update-1]", "{start: 2024-01-06}", "{start: 2024-01-06, end: 2023-01-01}",
         "ÿ" * 3, "ü" * 100, "x" * 5000]
FILES = ["facts/facts.yaml", "config.yaml", "articles/update-1.md"]


def mutate(text: str, rng: random.Random) -> str:
    """One to three random changes of the kinds real files suffer."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        action = rng.randrange(7)
        if action == 0 and len(lines) > 1:
            del lines[i]
        elif action == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif action == 2 and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {rng.choice(NASTY)}"
        elif action == 3:
            lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip()
        elif action == 4:
            lines.insert(i, " " * rng.choice([0, 2, 4]) + rng.choice(NASTY))
        elif action == 5 and lines[i]:
            j = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + rng.choice(NASTY) + lines[i][j + 1:]
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def exercise(ws: Path) -> None:
    """Everything a build does short of the PDF."""
    space, facts, _ = build.check(ws)
    day = calendar.latest(space.config, date(2024, 1, 26))
    report = resolve.report(space, facts, day)
    render.report(space, report, make_pdf=False)


def test_mutated_workspaces_never_crash(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(WORKSPACES / "minimal", ws)
    originals = {name: (ws / name).read_text(encoding="utf-8") for name in FILES}
    failures = []
    for case in range(CASES):
        rng = random.Random(case)
        name = rng.choice(FILES)
        for other, text in originals.items():
            (ws / other).write_text(text, encoding="utf-8")
        mutated = mutate(originals[name], rng)
        (ws / name).write_text(mutated, encoding="utf-8")
        try:
            exercise(ws)
        except SitrepError:
            pass
        except Exception:  # noqa: BLE001 - any other exception is the bug this test finds
            failures.append(f"case {case} ({name}):\n{mutated}\n{traceback.format_exc()}")
            if len(failures) >= 3:
                break
    assert failures == [], "\n\n".join(failures)
