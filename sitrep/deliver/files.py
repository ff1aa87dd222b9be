"""Files written by delivery: all at once or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sitrep.errors import SitrepError


def write_atomic(path: Path, data: bytes, shown: str) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError as exc:
        raise SitrepError(f"cannot write {shown}: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise SitrepError(f"cannot write {shown}: {exc.strerror}") from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def size(count: int) -> str:
    """A byte count as people say it: ``40.8 kB``, ``12.3 MB``."""
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"
