"""Make many PDFs at once, in worker processes that load WeasyPrint once.

Loading WeasyPrint takes a process about 0.15 s, a fifth of making one issue's PDF.  The
command line starts the workers before anything else (:meth:`Workers.start`), so that this
happens on another core while the build reads, checks and renders the issue: the first
worker is forked from the command while it is still small, loads WeasyPrint and the fonts,
then forks the others, which share what it loaded instead of loading it again.

Each worker has a connection of its own to the build (two pipes); the build sends a
:class:`sitrep.typeset.Job` (everything a PDF needs) and receives the PDF's bytes and
warnings, or what went wrong.  A job is sent only to a worker waiting for one, so neither
side waits on a pipe the other is not reading.  A worker ends when the build closes its
connection, whether the build finished, failed or was killed.  Workers ignore Ctrl-C: the
build, which gets it, stops them.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterator
from contextlib import suppress
from types import TracebackType
from typing import Any

from sitrep import typeset
from sitrep.errors import RenderError

Progress = Callable[[int, int], None]
Result = tuple[bytes, list[str]]

#: Whether this system makes processes by forking (not Windows): else PDFs are made in the
#: build's own process, one at a time.
FORKS = hasattr(os, "fork")
STOPPED = ("a PDF worker stopped before it finished; nothing was written "
           "(run the build again)")


class Connection:
    """One side of a worker's connection: a pipe to write to and one to read from, carrying
    pickled objects, each after its length."""

    def __init__(self, read: int, write: int):
        self._read, self._write = read, write

    @classmethod
    def pair(cls) -> tuple[Connection, Connection]:
        """The two sides of a new connection."""
        (a_read, b_write), (b_read, a_write) = os.pipe(), os.pipe()
        return cls(a_read, a_write), cls(b_read, b_write)

    def send(self, message: object) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(8, "little") + data)
        while view:
            view = view[os.write(self._write, view):]

    def recv(self) -> Any:
        """The next message; EOFError once the other side has closed."""
        return pickle.loads(self._exactly(int.from_bytes(self._exactly(8), "little")))

    def _exactly(self, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            chunk = os.read(self._read, size - len(data))
            if not chunk:
                raise EOFError("the other side closed the connection")
            data += chunk
        return bytes(data)

    def fds(self) -> tuple[int, int]:
        return self._read, self._write

    def close(self) -> None:
        for fd in (self._read, self._write):
            if fd >= 0:
                os.close(fd)
        self._read = self._write = -1

    @staticmethod
    def ready(connections: list[Connection]) -> list[Connection]:
        """Those of ``connections`` with something to read (a message, or the end), when
        one has."""
        poll = select.poll()
        by_fd = {conn._read: conn for conn in connections}
        for fd in by_fd:
            poll.register(fd, select.POLLIN)
        return [by_fd[fd] for fd, _ in poll.poll()]


class Workers:
    """Worker processes making PDFs, ``count`` at a time.  Use as a context manager: leaving
    it ends them."""

    def __init__(self, count: int):
        self._busy: dict[Connection, int] = {}  # the connections with a job, and its number
        self._sent = False
        ends = [Connection.pair() for _ in range(count)]
        self._connections = [ours for ours, _ in ends]
        # Ctrl-C held back until the new process ignores it: it must never return here
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        self._pid = os.fork()
        if self._pid == 0:  # the first worker: it never returns
            _first_worker([theirs for _, theirs in ends], held)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        with suppress(OSError):  # it did so itself already, or has ended
            os.setpgid(self._pid, self._pid)  # a process group of their own, stopped as one
        for _, theirs in ends:
            theirs.close()

    @classmethod
    def start(cls, count: int) -> Workers | None:
        """Workers started ahead of the build, or None where that gains nothing: on one
        core (loading WeasyPrint would only take turns with the build) or where processes
        cannot be forked."""
        if not FORKS or cores() < 2:
            return None
        return cls(count)

    def each(self, count: int, job: Callable[[int], typeset.Job],
             progress: Progress | None = None) -> Iterator[tuple[int, Result]]:
        """Make ``count`` PDFs, yielding each (its number, and what :func:`typeset.make`
        gives) as soon as it is done.  ``job(i)`` is asked for the i-th while the workers
        make the PDFs before it, so that it is ready when one of them is free.

        If anything goes wrong (a job fails, the caller stops early or is interrupted),
        the workers are stopped: what they were making is not wanted any more."""
        if self._pid <= 0:
            raise RuntimeError("these PDF workers have been stopped")
        ready: deque[tuple[int, typeset.Job]] = deque()
        following = done = 0

        def give(conn: Connection) -> None:
            nonlocal following
            if not ready and following < count:
                ready.append((following, job(following)))
                following += 1
            if ready:
                number, item = ready.popleft()
                self._send(conn, item)
                self._busy[conn] = number

        try:
            for conn in self._connections[:count]:
                give(conn)
            while self._busy:
                while following < count and len(ready) < len(self._busy):
                    ready.append((following, job(following)))
                    following += 1
                for conn in Connection.ready(list(self._busy)):
                    number, result = self._busy.pop(conn), _receive(conn)
                    give(conn)  # its next job before this one's PDF is put away
                    done += 1
                    yield number, result
                    if progress:
                        progress(done, count)
        except BaseException:
            self.close()
            raise

    def _send(self, conn: Connection, job: typeset.Job) -> None:
        self._sent = True
        try:
            conn.send(job)
        except OSError as exc:
            raise RenderError(STOPPED) from exc

    def close(self) -> None:
        """End the workers: each ends when its connection closes, and the first waits for
        the others.  Workers still loading WeasyPrint (no job was sent) or making a PDF
        (the build failed or was interrupted) are stopped at once, all of them: their work
        is for nothing now."""
        if self._pid <= 0:
            return
        for conn in self._connections:
            conn.close()
        if not self._sent or self._busy:
            with suppress(OSError):  # all of them have ended already
                os.killpg(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        self._pid = 0
        self._busy.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def each(count: int, job: Callable[[int], typeset.Job], workers: Workers | int,
         progress: Progress | None = None) -> Generator[tuple[int, Result], None, None]:
    """Make ``count`` PDFs, yielding each (its number, and what :func:`typeset.make` gives) as
    soon as it is done, so that the caller can put it away and free it: a series build then
    holds a few PDFs at a time, not all of them.  ``job(i)`` describes the i-th, and is asked
    only when it is about to be made (its HTML need not be held until then).

    ``workers`` are workers already started, or how many PDFs to make at a time: with one,
    or one PDF to make, they are made in this process; else workers are started for them.

    What the build holds by then (facts, resolved reports, rendered text) lives until the
    end: it is frozen out of the collector's sight, so that layout's collections (and the
    build's, as it renders one issue after another) do not rescan it again and again."""
    gc.freeze()
    try:
        if isinstance(workers, Workers):
            yield from workers.each(count, job, progress)
        elif workers <= 1 or count <= 1 or not FORKS:
            for i in range(count):
                _free_the_last(i)
                yield i, typeset.make(job(i))
                if progress:
                    progress(i + 1, count)
        else:
            gc.collect()  # the workers are forked from this process: no garbage to copy
            with Workers(min(workers, count)) as started:
                yield from started.each(count, job, progress)
    finally:
        gc.unfreeze()


def cores() -> int:
    """How many cores this process may run on (``-j``'s default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def _free_the_last(made: int) -> None:
    """Before each PDF but the first, a full collection: a laid-out document is a large web
    of cycles, and freeing it before the next keeps a process that makes 52 PDFs at the size
    of one (a year of issues: 694 MB without, about 210 MB with).  The last PDF of all is
    left to the collector's own pace: it would only cost time."""
    if made:
        gc.collect()


def _receive(conn: Connection) -> Result:
    try:
        kind, value = conn.recv()
    except (EOFError, OSError) as exc:
        raise RenderError(STOPPED) from exc
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]


def _first_worker(ends: list[Connection], held: set[int | signal.Signals]) -> None:
    """The first worker: load WeasyPrint and the fonts, fork the other workers (who share
    them), serve the first connection, and wait for the others to end.  Never returns."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.setpgid(0, 0)
        _close_all_but(ends)  # the build's ends, its files, and its lock on the workspace
        failed = _warm()
        children = []
        for k, conn in enumerate(ends[1:], start=1):
            pid = os.fork()
            if pid == 0:
                for other in ends[:k] + ends[k + 1:]:
                    other.close()
                status = _serve(conn, failed)
                return
            children.append(pid)
            conn.close()
        status = _serve(ends[0], failed)
        for pid in children:
            os.waitpid(pid, 0)
    finally:
        os._exit(status)  # never back into the command that forked it


def _close_all_but(ends: list[Connection]) -> None:
    """Close every file this process inherited but standard input, output and error and
    the workers' ``ends``: the build may hold a lock, which must end with the build."""
    keep = sorted({0, 1, 2, *(fd for conn in ends for fd in conn.fds())})
    for low, high in zip(keep, [*keep[1:], os.sysconf("SC_OPEN_MAX")], strict=True):
        os.closerange(low + 1, high)


def _warm() -> BaseException | None:
    """Load WeasyPrint and its fonts; freeze all that out of the collector's sight, so that
    the collection before each PDF looks at the last PDF's objects only.  What went wrong,
    if anything, is each job's answer."""
    from sitrep.typeset import engine

    try:
        engine.font_config()
    except Exception as exc:  # WeasyPrint's libraries are missing, say: each job says so
        return exc
    gc.freeze()
    return None


def _serve(conn: Connection, failed: BaseException | None) -> int:
    """Make each job sent until the connection closes; send back the PDF, or what went
    wrong.  The exit status: 0 when the build closed the connection."""
    made = 0
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return 0
        _free_the_last(made)
        try:
            if failed is not None:
                raise failed
            answer: tuple[str, Any] = ("pdf", typeset.make(job))
        except RenderError as exc:
            answer = ("error", exc)
        except Exception:  # a bug, here or in WeasyPrint: its traceback, to be reported
            answer = ("error", RuntimeError(f"in a PDF worker: {traceback.format_exc()}"))
        made += 1
        try:
            conn.send(answer)
        except OSError:  # the build is gone
            return 1
