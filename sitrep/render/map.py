"""A vector map (SVG) of one measure by administrative area: filled classes, a legend, labels
for the largest values and a scale bar.

Longitude and latitude are projected equirectangularly, longitudes scaled by the cosine of
the middle latitude, which keeps shapes and distances true enough at the scale of a
governorate or a country.  Classes (see :func:`limits`): up to five, each holding about as
many areas as the others (quantiles), with limits rounded down to two significant digits.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from sitrep.comparable import people
from sitrep.geo import Polygon, Shape
from sitrep.i18n import N_, Edition
from sitrep.models import AreaMap, Entry

WIDTH = 640
LEGEND = 175  # the legend's column, on the right
PAD = 8
MIN_HEIGHT, MAX_HEIGHT = 240, 400
#: Light to dark: the more people, the darker.
RAMP = ("#fbe3c4", "#f5b77a", "#e98a45", "#c8602a", "#8e3d17")
NO_FIGURE = "#dcdcdc"
INK = "#333333"
KM_PER_DEGREE = 111.32
LABELLED = 5  # the largest values get their place's name and number
CHAR_WIDTH = 6.2  # the average width of a character of the labels, for their overlaps
FONT = 'font-family="Roboto, DejaVu Sans, sans-serif"'


def limits(values: Sequence[int], most: int = 5) -> list[int]:
    """The lower limits of the classes after the first: quantiles of ``values`` rounded down
    to two significant digits (kept as they are when rounding would reach the smallest value);
    a class that no value falls in is merged with the one below."""
    ordered = sorted(values)
    count = min(most, len(set(ordered)))
    found: list[int] = []
    for i in range(1, count):
        value = ordered[i * len(ordered) // count]
        if value == ordered[0]:  # many areas share the smallest value: start above it
            value = next(v for v in ordered if v > ordered[0])
        limit = _round_down(value)
        limit = value if limit <= ordered[0] else limit
        if not found or limit > found[-1]:
            found.append(limit)
    kept: list[int] = []
    for limit in found:
        lower = kept[-1] if kept else ordered[0]
        if any(lower <= v < limit for v in ordered):
            kept.append(limit)
    return kept


def _round_down(value: int) -> int:
    """``948,000`` → ``940,000``; below 100, the value itself."""
    power = 10 ** max(len(str(value)) - 2, 0)
    return value // power * power


@dataclass(frozen=True)
class Words:
    """The map's own words, in its edition's language.  WeasyPrint draws SVG text glyph by
    glyph, so a right-to-left edition's map holds signs and digits only (its title and
    words are on the page around it)."""

    under: str = "under %(number)s"
    or_more: str = "%(number)s or more"
    no_figure: str = "no figure"
    km: str = "%(number)s km"

    @classmethod
    def of(cls, edition: Edition) -> Words:
        if edition.rtl:
            return cls("< %(number)s", "≥ %(number)s", "–", "%(number)s km")
        _ = edition.gettext.gettext
        return cls(_(N_("under %(number)s")), _(N_("%(number)s or more")), _(N_("no figure")),
                   _(N_("%(number)s km")))


def class_labels(values: Sequence[int], bounds: list[int], number: Callable[[int], str],
                 words: Words = Words()) -> list[str]:
    """The legend's words for each class: ``under 10,000``, ``10,000 – 49,999``, ``50,000 or
    more``; one class shows the values it holds."""
    if not bounds:
        low, high = min(values), max(values)
        return [number(low) if low == high else f"{number(low)} – {number(high)}"]
    labels = [words.under % {"number": number(bounds[0])}]
    labels += [f"{number(a)} – {number(b - 1)}" for a, b in zip(bounds, bounds[1:], strict=False)]
    return [*labels, words.or_more % {"number": number(bounds[-1])}]


def colours(count: int) -> list[str]:
    """``count`` colours of the ramp, spread from light to dark."""
    if count == 1:
        return [RAMP[3]]
    return [RAMP[round(i * (len(RAMP) - 1) / (count - 1))] for i in range(count)]


class _Projection:
    """Longitude and latitude to the map's pixels, fitted to the boundary file's extent."""

    def __init__(self, bounds: tuple[float, float, float, float], width: float):
        west, south, east, north = bounds
        self.west, self.north = west, north
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x, span_y = max((east - west) * self.kx, 1e-6), max(north - south, 1e-6)
        height = min(max(width * span_y / span_x, MIN_HEIGHT), MAX_HEIGHT)
        self.scale = min(width / span_x, height / span_y)
        self.width, self.height = span_x * self.scale, span_y * self.scale

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (PAD + (lon - self.west) * self.kx * self.scale,
                PAD + (self.north - lat) * self.scale)

    def path(self, polygons: Sequence[Polygon]) -> str:
        """SVG path data, rounded to a tenth of a pixel, repeated points left out."""
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points: list[str] = []
                for lon, lat in ring:
                    x, y = self.point(lon, lat)
                    text = f"{x:.1f},{y:.1f}"
                    if not points or points[-1] != text:
                        points.append(text)
                if len(points) > 2:
                    parts.append(f"M{points[0]}L{' '.join(points[1:])}Z")
        return "".join(parts)


def svg(area_map: AreaMap, title: str, number: Callable[[int], str],
        amount: Callable[[Entry], str], alt: str, words: Words = Words()) -> str:
    """The map as SVG; every text from the data is escaped here."""
    values = {pcode: people(e.headline) for pcode, e in area_map.entries.items()}
    bounds = limits(list(values.values()))
    fills = colours(len(bounds) + 1)
    proj = _Projection(area_map.boundaries.bounds(), WIDTH - LEGEND - 2 * PAD)
    height = round(max(proj.height + 2 * PAD + 30, 60 + 20 * (len(fills) + 2)))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(alt)}" '
           f'{FONT} font-size="11">', f"<title>{escape(alt)}</title>"]
    for shape in area_map.boundaries.shapes:
        value = values.get(shape.pcode or "")
        fill = NO_FIGURE if value is None else fills[bisect_right(bounds, value)]
        code = f' data-pcode="{escape(shape.pcode)}"' if shape.pcode else ""
        out.append(f'<path{code} d="{proj.path(shape.polygons)}" fill="{fill}" '
                   'stroke="#ffffff" stroke-width="0.7" fill-rule="evenodd"/>')
    out += _labels(area_map, proj, amount)
    out += _scale_bar(proj, words, number)
    labels = class_labels(list(values.values()), bounds, number, words)
    out += _legend(title, list(zip(fills, labels, strict=True)), WIDTH - LEGEND + PAD, words)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _labels(area_map: AreaMap, proj: _Projection, amount: Callable[[Entry], str]
            ) -> list[str]:
    """Name and number of the areas with the largest values, at each area's centre."""
    shapes = {s.pcode: s for s in area_map.boundaries.shapes if s.pcode}
    ranked = sorted(area_map.entries.items(), key=lambda item: -people(item[1].headline))
    out: list[str] = []
    taken: list[tuple[float, float, float, float]] = []
    for pcode, entry in ranked[:LABELLED]:
        x, y = proj.point(*_centre(shapes[pcode]))
        lines = ((y - 2, entry.location.name, "bold"), (y + 11, amount(entry), "normal"))
        half = max(len(text) for _, text, _ in lines) * CHAR_WIDTH / 2
        box = (x - half, y - 13, x + half, y + 14)
        if any(_overlap(box, other) for other in taken):
            continue  # a larger value's label is there already; the table has this one
        taken.append(box)
        for line, text, weight in lines:
            common = (f'x="{x:.1f}" y="{line:.1f}" text-anchor="middle" '
                      f'font-weight="{weight}"')
            out.append(f'<text {common} fill="none" stroke="#ffffff" stroke-width="3" '
                       f'stroke-linejoin="round">{escape(text)}</text>')
            out.append(f'<text {common} fill="{INK}">{escape(text)}</text>')
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]
             ) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _centre(shape: Shape) -> tuple[float, float]:
    """The centroid of the outer ring of a shape's largest polygon (lon, lat)."""
    rings = [poly[0] for poly in shape.polygons if poly]
    return max((_centroid(r) for r in rings), key=lambda c: c[2])[:2]


def _centroid(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """A ring's centroid and absolute area (shoelace formula); its mean point when flat."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring), 0.0)
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def _scale_bar(proj: _Projection, words: Words, number: Callable[[int], str]) -> list[str]:
    """A bar of a round number of kilometres, about a fifth of the map's width."""
    km_per_px = KM_PER_DEGREE / proj.scale
    target = proj.width / 5 * km_per_px
    power = 10 ** math.floor(math.log10(target))
    km = max(step * power for step in (1, 2, 5) if step * power <= target)
    length = km / km_per_px
    x, y = PAD, PAD + proj.height + 16
    km_text = escape(words.km % {"number": number(int(km)) if km >= 1 else f"{km:g}"})
    return [f'<rect x="{x}" y="{y:.1f}" width="{length:.1f}" height="4" fill="{INK}"/>',
            f'<text x="{x + length + 6:.1f}" y="{y + 5:.1f}" fill="{INK}">{km_text}</text>']


def _legend(title: str, classes: list[tuple[str, str]], x: float, words: Words
            ) -> list[str]:
    """The classes, then "no figure" in grey."""
    out = [f'<text x="{x}" y="{PAD + 12}" font-weight="bold" fill="{INK}">{escape(title)}</text>']
    rows = [*reversed(classes), (NO_FIGURE, words.no_figure)]
    for i, (fill, label) in enumerate(rows):
        y = PAD + 26 + 20 * i
        out.append(f'<rect x="{x}" y="{y}" width="16" height="12" fill="{fill}" '
                   'stroke="#999999" stroke-width="0.5"/>')
        out.append(f'<text x="{x + 22}" y="{y + 10}" fill="{INK}">{escape(label)}</text>')
    return out
