"""Stage 5, write: put rendered files in place all at once, or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.render import Rendered


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
