"""Generated series of weekly issues with realistic facts, for the benchmarks: a year (52
issues) by default, or five (260)."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from datetime import date, timedelta
from pathlib import Path

START = date(2021, 1, 8)  # a Friday: five years of weeks end before today
WEEKS = 52
SINCE = START - timedelta(days=36)  # the displacement stocks count from here


def without_shares(config: str) -> str:
    """The example's config without its share box, which names two of the example's own
    figures by id: generated facts have neither."""
    return re.sub(r"  - part: .*\n    whole: .*\n    label: .*\n", "", config)


def generate(ws: Path, root: Path, weeks: int = WEEKS) -> None:
    """A workspace like the example over ``weeks`` weeks: ~20 figures and 3 constraints a
    week."""
    ws.mkdir()
    shutil.copytree(root / "templates", ws / "templates")
    end = START + timedelta(weeks=weeks - 1)
    config = (root / "config.yaml").read_text()
    config = config.replace("series_start: 2020-02-07", f"series_start: {START}")
    config = config.replace("series_end: 2020-02-28", f"series_end: {end}")
    (ws / "config.yaml").write_text(without_shares(config))
    if (root / "geo").is_dir():
        shutil.copytree(root / "geo", ws / "geo")
    (ws / "facts").mkdir()
    (ws / "articles").mkdir()
    shutil.copy(root / "facts" / "sources.yaml", ws / "facts" / "sources.yaml")
    figures, access = ["figures:"], ["access:"]
    narrative: dict[str, list[str]] = {language: ["narrative:"] for language in _WORDS}
    for week in range(weeks):
        day = START + timedelta(weeks=week)
        figures += _week_figures(week, day)
        access += _week_access(week, day)
        for language, (first, second, overview) in _WORDS.items():
            narrative[language] += [f"  - date: {day}", *([f"    language: {language}"]
                                                          if language != "en" else []),
                                    "    highlights:", f"      - {first}", f"      - {second}",
                                    "    overview: |", f"      {overview}"]
    (ws / "facts" / "figures.yaml").write_text("\n".join(figures) + "\n")
    (ws / "facts" / "access.yaml").write_text("\n".join(access) + "\n")
    for language, lines in narrative.items():  # every edition has its own words
        name = "narrative.yaml" if language == "en" else f"narrative.{language}.yaml"
        (ws / "facts" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


#: The generated narrative in each of the example's languages: two highlights, an overview.
_WORDS = {
    "en": ("Displacement continued this week.", "Access remained constrained by hostilities.",
           "A week of the generated series: figures rise steadily."),
    "fr": ("Les déplacements se sont poursuivis cette semaine.",
           "L'accès est resté limité par les hostilités.",
           "Une semaine de la série générée : les chiffres augmentent régulièrement."),
    "ar": ("استمر النزوح هذا الأسبوع.", "ظل الوصول مقيدًا بسبب الأعمال العدائية.",
           "أسبوع من السلسلة المولدة: الأرقام ترتفع بثبات."),
}


def _week_figures(week: int, day: date) -> list[str]:
    lines = []
    as_of = day - timedelta(days=2)
    for place, base in (("North-west Syria", 500_000), ("Idlib", 300_000), ("Aleppo", 90_000)):
        lines += [f"  - {{measure: displaced, location: {place}, kind: stock, "
                  f"since: {SINCE}, as_of: {as_of}, value: {base + week * 9_000}, "
                  f"qualifier: more_than, source: ocha}}"]
        for pop in ("children", "women"):
            lines += [f"  - {{measure: displaced, population: {pop}, location: {place}, "
                      f"kind: stock, since: {SINCE}, as_of: {as_of}, "
                      f"value: {(base + week * 9_000) // 3}, source: ocha}}"]
    start, end = day - timedelta(days=6), day - timedelta(days=1)
    for pop, count in (("civilians", 20 + week % 7), ("children", 5 + week % 3),
                       ("women", 4 + week % 2)):
        lines += [f"  - {{measure: killed, population: {pop}, location: North-west Syria, "
                  f"kind: flow, period: {{start: {start}, end: {end}}}, value: {count}, "
                  f"source: un}}",
                  f"  - {{measure: killed, population: {pop}, location: North-west Syria, "
                  f"kind: flow, period: {{start: {start}, end: {end}}}, value: {count + 6}, "
                  f"source: white-helmets}}",
                  f"  - {{measure: injured, population: {pop}, location: North-west Syria, "
                  f"kind: flow, period: {{start: {start}, end: {end}}}, value: {count * 3}, "
                  f"source: un}}"]
    lines += [f"  - {{measure: facilities_damaged, location: Idlib, kind: flow, "
              f"period: {{start: {start}, end: {end}}}, value: {1 + week % 4}, source: who}}"]
    return lines


def _week_access(week: int, day: date) -> list[str]:
    return [f"  - {{location: {place}, date: {day - timedelta(days=1)}, category: {cat}, "
            f"severity: {sev}, description: Week {week + 1} constraint in {place}., "
            f"source: ocha}}"
            for place, cat, sev in (("Jabal al-Zawiya", "active_hostilities", 5),
                                    ("Idlib", "movement_restrictions", 3),
                                    ("Aleppo", "physical_environment", 2))]


def peak_tree_mb(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds of ``cmd``, and the largest total resident memory of its process tree."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=sample)
    start = time.perf_counter()
    watcher.start()
    proc.wait()
    watcher.join()
    if proc.returncode:
        raise SystemExit(f"{cmd} failed")
    return time.perf_counter() - start, peak[0] / 1024


def _tree_rss(pid: int) -> int:
    """Kilobytes of memory used by ``pid`` and all its descendants, from /proc.

    Proportional set size: a page shared by forked workers counts once in all, not once in
    each (summing resident sizes would count it in every worker)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in rollup.splitlines()
                              if line.startswith("Pss:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total
