"""sitrep: turn curated humanitarian facts into dated situation reports."""

__version__ = "0.1.0.dev0"

#: The years a date may fall in: enough for any report, and far from the calendar's ends.
FIRST_YEAR, LAST_YEAR = 1900, 2999
