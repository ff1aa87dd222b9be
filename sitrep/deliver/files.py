"""Sizes of the files delivery attaches, as people say them."""

from __future__ import annotations


def size(count: int) -> str:
    """A byte count as people say it: ``40.8 kB``, ``12.3 MB``."""
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"
