"""Allow ``python -m sitrep``."""

from sitrep.cli import main

main(prog_name="sitrep")
