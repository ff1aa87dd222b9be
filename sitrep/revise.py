"""Between resolve and render: compare an issue with what it said when it was published.

An issue's published figures are kept as values (never as formatted text) in the manifest.
When an issue is built again, every figure it shows is compared with those values; each one
that changed, appeared or disappeared becomes a revision notice.  A new locale, template or
formatting changes no value, so it is never a revision.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from typing import Any

from sitrep.models import Entry, Figure, Report, Revision

#: The fields that say what a figure counts, where and from whom: its identity.
_IDENTITY = ("measure", "population", "kind", "since", "period", "source", "via")
#: The fields that carry what it says: a change in any is a revision.
_VALUE = ("value", "min", "max", "qualifier", "unit", "household_size", "as_of")

Values = dict[str, Any]


def published(report: Report) -> list[Values]:
    """Every figure the issue shows, as values, in a stable order."""
    seen: dict[str, Values] = {}
    for entry in _shown(report):
        for fig in entry.figures:
            values = figure_values(fig)
            seen.setdefault(_key(values), values)
    return [seen[k] for k in sorted(seen)]


def says(report: Report) -> str:
    """A digest of what the issue says: its figures, key figures, access constraints and
    narrative (not how they are worded or laid out)."""
    data = {"figures": published(report), "key_figures": key_figures(report),
            "access": [item.model_dump(mode="json") for item in report.access],
            "narrative": report.narrative.model_dump(mode="json") if report.narrative else None}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def key_figures(report: Report) -> list[Values]:
    """Each key figure as values, in the config's order, for the series index."""
    return [{"label": box.label,
             "figure": figure_values(box.entry.headline) if box.entry else None,
             "low": box.entry.low if box.entry else None,
             "high": box.entry.high if box.entry else None,
             "disputed": bool(box.entry and box.entry.disputed),
             "differ": bool(box.entry and box.entry.differ),
             "claimed_by": box.entry.sources[0].name if box.entry and box.entry.claim else None,
             "share": box.share}
            for box in report.key_figures]


def figure_values(fig: Figure) -> Values:
    """A figure as JSON-ready values: what it counts, where, when, how many, who said it."""
    data = fig.model_dump(mode="json", include={*_IDENTITY, *_VALUE, "location"})
    data["location"] = {k: v for k, v in data["location"].items() if v is not None}
    return data


def _figure(values: Values | None) -> Figure | None:
    """The figure back from its values (for formatting a notice)."""
    return None if values is None else Figure.model_validate(values)


def revise(report: Report, before: list[Values] | None, earlier: list[Revision],
           on: date) -> tuple[Report, list[Revision]]:
    """The report with every notice it carries: those made before, then any new ones.

    ``before`` is what the issue showed when last published (None: never published).
    Returns the new report and the notices that are new in this build."""
    new = [] if before is None else changes(before, published(report), on)
    if not new and not earlier:
        return report, []
    return dataclasses.replace(report, revisions=[*earlier, *new]), new


def changes(before: list[Values], after: list[Values], on: date) -> list[Revision]:
    """What differs between two lists of published figures, as notices dated ``on``."""
    old = {_key(v): v for v in before}
    new = {_key(v): v for v in after}
    notices = []
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if was is None or now is None or any(was.get(f) != now.get(f) for f in _VALUE):
            notices.append(Revision(on, _figure(was), _figure(now)))
    return notices


def revision_values(item: Revision) -> Values:
    """A notice as JSON-ready values, for the manifest."""
    return {"on": item.on.isoformat(),
            "before": figure_values(item.before) if item.before else None,
            "after": figure_values(item.after) if item.after else None}


def revision_from(values: Any) -> Revision | None:
    """A notice read back from the manifest; None when it is not one (an older manifest)."""
    if not isinstance(values, dict) or not values.get("before") and not values.get("after"):
        return None
    try:
        return Revision(date.fromisoformat(values["on"]), _figure(values.get("before")),
                        _figure(values.get("after")))
    except (TypeError, ValueError, KeyError):
        return None


def _shown(report: Report) -> list[Entry]:
    boxes = [box.entry for box in report.key_figures if box.entry is not None]
    return [*boxes, *report.displacement, *report.casualties, *report.other]


def _key(values: Values) -> str:
    place = values.get("location", {})
    identity = [values.get(f) for f in _IDENTITY] + [place.get("pcode") or place.get("name")]
    return json.dumps(identity, sort_keys=True)
