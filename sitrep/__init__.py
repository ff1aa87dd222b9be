"""sitrep: turn curated humanitarian facts into dated situation reports."""

__version__ = "0.1.0.dev0"
