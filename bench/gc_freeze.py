"""The example's four PDFs made with the build's objects frozen out of the garbage
collector's sight (as ``sitrep.typeset.workers.each`` does), against the same with freezing
turned off, interleaved in one process; CPU time.  Run: .venv/bin/python bench/gc_freeze.py
"""

from __future__ import annotations

import gc
import statistics
import time
from datetime import date
from pathlib import Path

from sitrep import load, render, resolve, validate
from sitrep.typeset import workers

ROUNDS = 6
DAYS = [date(2020, 2, 7), date(2020, 2, 14), date(2020, 2, 21), date(2020, 2, 28)]


def main() -> None:
    ws = load.workspace(Path(__file__).resolve().parent.parent)
    facts, _ = validate.facts(ws, load.inputs(ws))
    memo = resolve.Memo()
    reports = [resolve.report(ws, facts, day, memo) for day in DAYS]
    texts = [render.report(ws, rep, make_pdf=False) for rep in reports]
    jobs = [render.pdf_job(ws, rep, next(d for n, d in text.files.items()
                                         if n.endswith(".html")).decode(), False, False)
            for rep, text in zip(reports, texts, strict=True)]
    list(workers.each(1, jobs.__getitem__, 1))  # WeasyPrint and the fonts loaded before timing
    freeze, unfreeze = gc.freeze, gc.unfreeze
    cpu: dict[str, list[float]] = {"frozen": [], "plain": []}
    for round_ in range(ROUNDS):
        for mode in ("plain", "frozen") if round_ % 2 else ("frozen", "plain"):
            gc.freeze, gc.unfreeze = (freeze, unfreeze) if mode == "frozen" else (
                lambda: None, lambda: None)
            start = time.process_time()
            list(workers.each(len(jobs), jobs.__getitem__, 1))
            cpu[mode].append(time.process_time() - start)
    gc.freeze, gc.unfreeze = freeze, unfreeze
    for mode, times in cpu.items():
        print(f"{mode}: median {statistics.median(times):.3f} s, min {min(times):.3f} s CPU")
    print(f"frozen / plain (median): "
          f"{statistics.median(cpu['frozen']) / statistics.median(cpu['plain']):.2f}")


if __name__ == "__main__":
    main()
