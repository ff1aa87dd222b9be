"""Make many PDFs at once, in worker processes that keep WeasyPrint loaded between issues."""

from __future__ import annotations

import gc
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from sitrep.errors import RenderError
from sitrep.render import PdfJob, run_pdf_job

Progress = Callable[[int, int], None]


def make(jobs: Sequence[PdfJob], workers: int, progress: Progress | None = None
         ) -> list[tuple[bytes, list[str]]]:
    """Every job's PDF, in the order of ``jobs``; the same bytes whatever ``workers`` is."""
    results: list[tuple[bytes, list[str]] | None] = [None] * len(jobs)
    for i, result in each(len(jobs), jobs.__getitem__, workers, progress):
        results[i] = result
    return [r for r in results if r is not None]


def each(count: int, job: Callable[[int], PdfJob], workers: int,
         progress: Progress | None = None
         ) -> Generator[tuple[int, tuple[bytes, list[str]]], None, None]:
    """Make ``count`` PDFs, yielding each (its number, and what :func:`run_pdf_job` gives) as
    soon as it is done, so that the caller can put it away and free it: a series build then
    holds a few PDFs at a time, not all of them.  ``job(i)`` describes the i-th, and is asked
    only when it is about to be made (its HTML need not be held until then).

    What the build holds by then (facts, resolved reports, rendered text) lives until the
    end: it is frozen out of the collector's sight, so that layout's collections do not
    rescan it again and again, and forked workers share it without touching its pages.
    Before workers fork, a full collection first leaves them no garbage to copy; when the
    PDFs are made here it would only cost time (about 10 ms, 1-2 % of one issue)."""
    here = workers <= 1 or count <= 1
    if not here:
        gc.collect()
    gc.freeze()
    try:
        if here:
            for i in range(count):
                yield i, run_pdf_job(job(i)) if i == count - 1 else _run_and_free(job(i))
                if progress:
                    progress(i + 1, count)
        else:
            yield from _parallel(count, job, min(workers, count), progress)
    finally:
        gc.unfreeze()


def _parallel(count: int, job: Callable[[int], PdfJob], workers: int,
              progress: Progress | None) -> Iterator[tuple[int, tuple[bytes, list[str]]]]:
    """Two jobs per worker in flight: enough to keep each busy, few enough that the jobs'
    HTML and the finished PDFs waiting to be collected stay a handful."""
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
            pending: dict[Future[tuple[bytes, list[str]]], int] = {}
            following = done = 0
            while following < count or pending:
                while following < count and len(pending) < 2 * workers:
                    pending[pool.submit(_run_and_free, job(following))] = following
                    following += 1
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield pending.pop(future), future.result()
                    done += 1
                    if progress:
                        progress(done, count)
    except BrokenProcessPool as exc:
        raise RenderError("a PDF worker stopped before it finished; nothing was written "
                          "(run the build again)") from exc


def _run_and_free(job: PdfJob) -> tuple[bytes, list[str]]:
    """One PDF, then a full collection: a laid-out document is a large web of cycles, and
    freeing it before the next keeps a process that makes 52 PDFs at the size of one
    (a year of issues: 694 MB without, about 210 MB with)."""
    try:
        return run_pdf_job(job)
    finally:
        gc.collect()


def _warm() -> None:
    """Load WeasyPrint and its fonts once per worker, not once per issue."""
    from sitrep.render import engine

    engine.font_config()
