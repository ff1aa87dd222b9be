"""Stage 5, write: put files in place all at once, or not at all.

This is sitrep's one writer: every file it makes (reports, the manifest, review files, fact
sheets, records of what was sent, .eml messages) reaches the disk through a temporary file,
an fsync and a rename, and the folder is synced after the rename so the new name survives a
power cut.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sitrep.errors import SitrepError

if TYPE_CHECKING:
    from sitrep.render import Rendered


def atomic(path: Path, data: bytes, shown: str | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename."""
    where = shown or str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError as exc:
        raise SitrepError(f"cannot write {where}: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            _write_synced(out, data)
        os.replace(temp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise SitrepError(f"cannot write {where}: {exc.strerror}") from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


JOURNAL = ".sitrep-journal.json"


@contextmanager
def locked(folder: Path, shown: str) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (no file is made for it): a second build of the
    workspace, or a second send of an issue, waits until the first is done."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise SitrepError(f"cannot lock {shown}: {exc.strerror}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def outputs(out_root: Path, rendered: Iterable[Rendered]) -> list[Path]:
    """Put every file in place as one step: all of them, or none (see :class:`Staging`)."""
    with Staging(out_root) as staging:
        for item in rendered:
            staging.add(item)
        return staging.commit()


class Staging:
    """Files put aside, then put in place as one step: all of them, or none.

    :meth:`add` writes an issue's files to a staging folder at once, so that a long build need
    not hold them all until the end; :meth:`commit` then writes a journal naming the staging
    folder, and moves each file already in place into it before the new one replaces it.  If
    a move fails, every file is put back as it was; if the process is killed, the next write
    (or :func:`recover`) puts them back.  Only when all are in place is the journal removed.
    Leaving the ``with`` block without a commit writes nothing."""

    def __init__(self, out_root: Path) -> None:
        recover(out_root)
        try:
            out_root.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out_root))
        except OSError as exc:
            raise SitrepError(f"cannot write to {out_root}: {exc.strerror}") from exc
        self.root = out_root
        self.names: list[str] = []  # relative to the output folder: written or removed
        self.written: list[Path] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def add(self, item: Rendered) -> dict[str, int]:
        """Stage an issue's files (and the removal of those it no longer makes); the time
        each file was written, in nanoseconds (a rename into place keeps it)."""
        stamps = {}
        try:
            for name, data in item.files.items():
                path = self.folder / "new" / item.folder / name
                _stage(path, data)
                stamps[name] = path.stat().st_mtime_ns
        except OSError as exc:
            raise SitrepError(f"cannot write to {self.root}: {exc.strerror}; nothing was "
                              "written") from exc
        self.names += [f"{item.folder}/{name}" if item.folder else name
                       for name in [*item.files, *item.gone]]
        self.written += [self.root / (f"{item.folder}/{name}" if item.folder else name)
                         for name in item.files]
        return stamps

    def commit(self) -> list[Path]:
        """Put every staged file in place; the files written."""
        out_root, staging, names = self.root, self.folder, self.names
        try:
            atomic(out_root / JOURNAL, json.dumps({"staging": staging.name, "files": names}
                                                  ).encode())
            for name in names:
                _swap(out_root, staging, name)
            for folder in sorted({(out_root / name).parent for name in names}):
                _sync_folder(folder)
            (out_root / JOURNAL).unlink()
            _sync_folder(out_root)
        except OSError as exc:
            _roll_back(out_root, staging, names)
            (out_root / JOURNAL).unlink(missing_ok=True)
            raise SitrepError(f"cannot write to {out_root}: {exc.strerror}; nothing was "
                              "written") from exc
        return self.written


def recover(out_root: Path) -> None:
    """Undo a write that was killed half-way (its journal is still there) and remove the
    staging folders that killed runs left behind."""
    journal = out_root / JOURNAL
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        _roll_back(out_root, out_root / str(data["staging"]), [str(n) for n in data["files"]])
        journal.unlink()
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SitrepError(f"{journal} records a write that was cut short, but cannot be read "
                          f"({exc.__class__.__name__}); move it away to build again") from exc
    try:
        stale = [p for p in out_root.iterdir() if p.name.startswith(".tmp-")]
    except OSError:
        return
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _swap(out_root: Path, staging: Path, name: str) -> None:
    """Keep the file in place (if any) in the staging folder, then put the new one there
    (none: the file is removed, and comes back if the write is rolled back)."""
    target = out_root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file():
        kept = staging / "old" / name
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, kept)
    if (staging / "new" / name).exists():
        os.replace(staging / "new" / name, target)


def _roll_back(out_root: Path, staging: Path, names: list[str]) -> None:
    """Put back every file a cut-short write replaced, and remove those it added."""
    for name in reversed(names):
        target, kept, new = out_root / name, staging / "old" / name, staging / "new" / name
        try:
            if kept.is_file():
                os.replace(kept, target)
            elif not new.exists() and target.is_file():
                target.unlink()  # added by the write: there was nothing there before
        except OSError:
            continue
    _sync_folder(out_root)


def _stage(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        _write_synced(handle, data)


def _write_synced(handle: BinaryIO, data: bytes) -> None:
    """Write ``data`` and wait until it is on the disk, not only in the system's cache."""
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system lets a folder be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows: folders cannot be opened; the rename is still atomic
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse to sync a folder; the data itself is synced
    finally:
        os.close(handle)
