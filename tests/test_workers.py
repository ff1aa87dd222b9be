"""PDF workers: the same PDFs as in the build's own process, and every way a worker can fail
said plainly, with no process left behind."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from sitrep import typeset
from sitrep.errors import RenderError
from sitrep.typeset import workers
from sitrep.typeset.workers import STOPPED, Workers
from tests.conftest import ROOT

META = typeset.Metadata("t", ("Test Unit",), "2024-01-12", "en")


def job(number: int, kind: str | None = None) -> typeset.Job:
    html = (f"<html lang='en'><head><title>Issue {number}</title></head><body>"
            f"<h1>Issue {number}</h1><p>{number * 1000:,} people displaced</p></body></html>")
    return typeset.Job(f"issue-{number}.pdf", html, ROOT, (ROOT,), kind, (), (), META)


JOBS = [job(n) for n in range(5)]


def made(count: int, how: Workers | int) -> dict[int, tuple[bytes, list[str]]]:
    done: list[tuple[int, int]] = []
    found = dict(workers.each(count, JOBS.__getitem__, how,
                              lambda k, n: done.append((k, n))))
    assert done == [(k, count) for k in range(1, count + 1)]  # progress, once a PDF
    return found


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (and been reaped), waiting up to 10 s for it."""
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists():
            return True
        time.sleep(0.1)
    return False


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


def test_workers_make_the_same_pdfs_as_the_build_itself() -> None:
    here = made(5, 1)
    assert sorted(here) == list(range(5))
    assert all(data.startswith(b"%PDF-") and not warnings for data, warnings in here.values())
    assert len({data for data, _ in here.values()}) == 5  # five different PDFs
    with Workers(2) as started:
        assert made(5, started) == here
        assert made(2, started) == {k: here[k] for k in range(2)}  # and again, same workers
    assert made(5, 2) == here  # workers started by each() itself, from this process


def test_a_job_that_fails_says_why_and_stops_the_workers() -> None:
    bad = [job(0), job(1, kind="pdf/nonsense"), job(2)]
    started = Workers(2)
    first = started._pid
    with pytest.raises(RenderError) as failed:
        list(started.each(3, bad.__getitem__))
    assert str(failed.value) == "the PDF could not be made: 'pdf/nonsense'"
    assert gone(first)  # what the others were making is not wanted any more
    with pytest.raises(RuntimeError, match="these PDF workers have been stopped"):
        list(started.each(1, bad.__getitem__))


def test_large_jobs_and_pdfs_cross_whole() -> None:
    """Larger than a pipe holds (64 KB) both ways: a long page, a large attachment."""
    padding = "<!-- " + "x" * 200_000 + " -->"
    data = random.Random(1).randbytes(300_000)  # does not compress
    attached = typeset.Embedded("data.bin", data, "Data", datetime(2024, 1, 12))
    big = [replace(job(n), html=job(n).html + padding, attachments=(attached,))
           for n in range(3)]
    here = dict(workers.each(3, big.__getitem__, 1))
    assert all(len(pdf) > 300_000 for pdf, _ in here.values())
    with Workers(2) as started:
        assert dict(started.each(3, big.__getitem__)) == here


def test_a_worker_that_dies_stops_the_build_with_a_message() -> None:
    with Workers(1) as started:
        os.kill(started._pid, signal.SIGKILL)
        with pytest.raises(RenderError) as failed:
            list(started.each(1, JOBS.__getitem__))
        assert str(failed.value) == STOPPED


def test_workers_that_cannot_load_weasyprint_say_so_for_each_job(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.typeset import engine

    def missing() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(engine, "font_config", missing)  # the forked worker inherits it
    with Workers(1) as started, pytest.raises(RuntimeError) as failed:
        list(started.each(1, JOBS.__getitem__))
    assert str(failed.value).startswith("in a PDF worker: Traceback")
    assert str(failed.value).endswith("OSError: cannot load library 'libpango-1.0-0'\n")


def test_closing_ends_every_worker_before_it_returns() -> None:
    started = Workers(3)
    list(started.each(3, JOBS.__getitem__))
    first, others = started._pid, children(started._pid)
    assert len(others) == 2  # forked by the first, once WeasyPrint was loaded
    started.close()
    assert not [pid for pid in [first, *others] if Path(f"/proc/{pid}").exists()]


def test_workers_never_given_a_job_are_stopped_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with nothing to make: its workers, still loading WeasyPrint, are killed."""
    from sitrep.typeset import engine

    monkeypatch.setattr(engine, "font_config", lambda: time.sleep(60))  # a slow load
    started = Workers(2)
    first = started._pid
    closing = threading.Thread(target=started.close)
    closing.start()
    closing.join(timeout=10)
    assert not closing.is_alive(), "close() waited for the workers to finish loading"
    assert not Path(f"/proc/{first}").exists()
    started.close()  # twice is harmless


def test_workers_ignore_ctrl_c_in_their_own_process_group() -> None:
    with Workers(2) as started:
        list(started.each(2, JOBS.__getitem__))
        others = children(started._pid)
        assert os.getpgid(started._pid) == started._pid != os.getpgrp()
        assert [os.getpgid(pid) for pid in others] == [started._pid]
        os.killpg(started._pid, signal.SIGINT)  # even sent to them all
        assert sorted(k for k, _ in started.each(2, JOBS.__getitem__)) == [0, 1]


def test_an_interrupted_build_stops_every_busy_worker(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typeset, "make", lambda job: time.sleep(60))  # a long PDF
    started = Workers(2)
    for _ in range(100):  # the second worker is forked once the first has loaded
        if children(started._pid):
            break
        time.sleep(0.1)
    pids = [started._pid, *children(started._pid)]

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.alarm(1)  # Ctrl-C, a second after both workers started their PDFs
        with pytest.raises(KeyboardInterrupt):
            list(started.each(2, JOBS.__getitem__))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(pids) == 2 and all(gone(pid) for pid in pids)


def test_workers_do_not_hold_the_build_s_lock(tmp_path: Path) -> None:
    """Workers forked by a build that holds the workspace's lock let it go with the build."""
    from sitrep import write

    with write.locked(tmp_path, "the workspace"):
        started = Workers(1)
        list(started.each(1, JOBS.__getitem__))
    try:
        again = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(again, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the workers are still there
        finally:
            os.close(again)
    finally:
        started.close()


def test_no_workers_ahead_of_the_build_on_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert Workers.start(2) is None


def test_where_processes_cannot_fork_the_build_makes_its_pdfs_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    here = made(3, 1)
    monkeypatch.setattr(workers, "FORKS", False)
    monkeypatch.delattr(os, "fork")  # as on Windows: any attempt would fail
    assert Workers.start(2) is None
    assert made(3, 2) == here


def test_the_stage_loads_nothing_of_the_rest_of_sitrep() -> None:
    """The first worker is forked before the build loads anything: it must stay small."""
    code = ("import sys, sitrep.typeset.workers\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sitrep', 'pydantic',"
            " 'jinja2', 'yaml', 'babel', 'markdown', 'weasyprint', 'multiprocessing')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == str(["sitrep", "sitrep.errors", "sitrep.typeset",
                               "sitrep.typeset.workers"])


def test_a_build_loads_weasyprint_in_its_workers_only(tmp_path: Path) -> None:
    """The command starts the workers first; the build never loads WeasyPrint itself."""
    from tests.conftest import copy_workspace

    ws = copy_workspace("example", tmp_path)
    code = ("import sys\nfrom sitrep.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n"
            "    print('weasyprint' in sys.modules, exit.code)")
    out = subprocess.run([sys.executable, "-c", code, "build", "-w", str(ws), "--date",
                          "2020-02-28", "-j", "2"], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.splitlines()[-1] == "False 0"
    assert (ws / "reports" / "2020-02-28" / "nw-syria-2020-02-28.ar.pdf").is_file()
