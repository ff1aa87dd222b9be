"""Stage 5, write: put files in place all at once, or not at all.

This is sitrep's one writer: every file it makes (reports, the manifest, review files, fact
sheets, records of what was sent, .eml messages) reaches the disk through a temporary file,
an fsync and a rename, and the folder is synced after the rename so the new name survives a
power cut.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

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
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise SitrepError(f"cannot write {where}: {exc.strerror}") from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def outputs(out_root: Path, rendered: Iterable[Rendered]) -> list[Path]:
    """Write every file to a staging folder first, then move each into place."""
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out_root))
    except OSError as exc:
        raise SitrepError(f"cannot write to {out_root}: {exc.strerror}") from exc
    try:
        moves = [_stage(staging, out_root, item.folder, name, data)
                 for item in rendered for name, data in item.files.items()]
        for source, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        for folder in sorted({target.parent for _, target in moves}):
            _sync_folder(folder)
        return [target for _, target in moves]
    except OSError as exc:
        raise SitrepError(f"cannot write to {out_root}: {exc.strerror}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(staging: Path, out_root: Path, folder: str, name: str, data: bytes
           ) -> tuple[Path, Path]:
    path = staging / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return path, out_root / folder / name


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
