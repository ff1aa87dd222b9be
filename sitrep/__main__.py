"""Allow ``python -m sitrep``."""

from sitrep.cli import run

run()
