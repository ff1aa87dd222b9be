"""Boundary files: the administrative areas a map is drawn from.

A boundary file is GeoJSON (RFC 7946: longitude, latitude in WGS 84) whose features are the
areas of one admin level, each with its p-code and name as properties, the way OCHA publishes
its administrative boundaries (COD-AB).  It is data: read with ``json`` only, bounded in size,
depth and number of points, and every feature is located in the file (line and column) so
that a problem with it can say where.  Figures join to shapes by p-code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitrep.errors import Problem

if TYPE_CHECKING:
    from sitrep.config import Map
    from sitrep.models import Figure

#: The largest boundary file read: OCHA's full-resolution district files are a few MB.
MAX_BYTES = 20_000_000
#: The most points drawn: more would make the PDF heavy without showing anything more.
MAX_POINTS = 1_000_000
SIMPLIFY_HINT = ("simplify it first, for example with mapshaper's -simplify, "
                 "or use the file of a higher admin level")
#: A polygon: its rings (the outer ring first, then holes), each a list of (lon, lat).
Polygon = tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class Shape:
    """One area of a boundary file: its p-code (None when it has none), name and polygons."""

    pcode: str | None
    name: str
    polygons: tuple[Polygon, ...]
    index: int
    line: int
    col: int


@dataclass(frozen=True)
class Boundaries:
    """The shapes of one boundary file, as read, and where it is (as the user sees it)."""

    path: str
    shapes: tuple[Shape, ...]

    @property
    def pcodes(self) -> frozenset[str]:
        return frozenset(s.pcode for s in self.shapes if s.pcode)

    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north."""
        lons = [p[0] for s in self.shapes for poly in s.polygons for ring in poly for p in ring]
        lats = [p[1] for s in self.shapes for poly in s.polygons for ring in poly for p in ring]
        return min(lons), min(lats), max(lons), max(lats)


def shown(spec: Map, fig: Figure) -> bool:
    """Whether the map ``spec`` shows figures like ``fig``: its measure and population,
    stocks only, counted from its ``since`` day when it names one."""
    if fig.measure != spec.measure or fig.kind != "stock" or fig.status == "candidate":
        return False
    if not (fig.population == spec.population
            or (spec.population is None and fig.population in (None, "people"))):
        return False
    return spec.since is None or fig.since == spec.since


def unjoined(spec: Map, fig: Figure, boundaries: Boundaries) -> tuple[str, str] | None:
    """Why a figure the map should show cannot join a shape (message, hint), or None."""
    place = fig.location
    if not shown(spec, fig) or place.admin_level != spec.admin_level:
        return None
    if place.pcode is None:
        return (f"{place.name} has no p-code, so the map cannot show it",
                "add pcode: here, or give the place its p-code in the places list")
    if place.pcode not in boundaries.pcodes:
        return (f"{place.name} ({place.pcode}) has no shape in {boundaries.path}, so the map "
                "leaves it out", "check the p-code, or use a boundary file that has it")
    return None


class _Bad(Exception):
    """A feature that cannot be drawn: the field under it and what is wrong."""

    def __init__(self, field: str, message: str, hint: str):
        super().__init__(message)
        self.field, self.message, self.hint = field, message, hint


def parse(text: str, shown: str, pcode_property: str = "pcode", name_property: str = "name"
          ) -> tuple[Boundaries | None, list[Problem], list[Problem]]:
    """The shapes of a boundary file's ``text``: (boundaries or None, problems, warnings)."""
    try:
        json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return None, [Problem(shown, exc.lineno, exc.colno, "file", "is not valid GeoJSON: "
                              f"{exc.msg.lower()}", "save it again as GeoJSON")], []
    except (ValueError, RecursionError) as exc:
        message = str(exc) if isinstance(exc, ValueError) else "nests lists too deeply"
        return None, [Problem(shown, 1, 1, "file", f"is not valid GeoJSON: {message}",
                              "save it again as GeoJSON")], []
    features = _features(text)
    if features is None:
        return None, [Problem(shown, 1, 1, "type", "is not a GeoJSON FeatureCollection",
                              'a boundary file is {"type": "FeatureCollection", '
                              '"features": [...]}')], []
    shapes, problems, warnings, points = [], [], [], 0
    for index, (offset, feature) in enumerate(features):
        line, col = _position(text, offset)
        try:
            shape = _shape(feature, index, line, col, pcode_property, name_property)
        except _Bad as bad:
            problems.append(Problem(shown, line, col, f"features[{index}]{bad.field}",
                                    bad.message, bad.hint))
            continue
        points += sum(len(ring) for poly in shape.polygons for ring in poly)
        if shape.pcode is None:
            warnings.append(Problem(
                shown, line, col, f"features[{index}].properties.{pcode_property}",
                "a shape with no p-code: the map draws it grey, and no figure can join it",
                "give it its p-code, or set pcode_property under map: in config.yaml to the "
                "property that holds it"))
        shapes.append(shape)
    if points > MAX_POINTS:
        problems.append(Problem(shown, 1, 1, "file", f"has {points:,} points, more than the "
                                f"{MAX_POINTS:,} a map draws", SIMPLIFY_HINT))
    if not shapes and not problems:
        problems.append(Problem(shown, 1, 1, "features", "has no areas",
                                "use a boundary file with the areas of one admin level"))
    if problems:
        return None, problems, warnings
    return Boundaries(shown, tuple(shapes)), [], warnings


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number GeoJSON allows")


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of character ``offset``."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _features(text: str) -> list[tuple[int, Any]] | None:
    """The features of a FeatureCollection with the offset where each starts, or None when
    the text is not one.  The text is valid JSON (checked before)."""
    decoder = json.JSONDecoder()
    i = _space(text, 0)
    if text[i:i + 1] != "{":
        return None
    i = _space(text, i + 1)
    found: list[tuple[int, Any]] | None = None
    kind = None
    while text[i:i + 1] == '"':
        key, i = decoder.raw_decode(text, i)
        i = _space(text, _space(text, i) + 1)  # past the colon
        if key == "features" and text[i:i + 1] == "[":
            found, i = _elements(decoder, text, i)
        else:
            value, i = decoder.raw_decode(text, i)
            kind = value if key == "type" else kind
        i = _space(text, i)
        i = _space(text, i + 1) if text[i:i + 1] == "," else i
    return found if kind == "FeatureCollection" else None


def _elements(decoder: json.JSONDecoder, text: str, i: int) -> tuple[list[tuple[int, Any]], int]:
    """The elements of the JSON array starting at ``i``, each with its offset; and the end."""
    items = []
    i = _space(text, i + 1)
    while text[i:i + 1] != "]":
        value, end = decoder.raw_decode(text, i)
        items.append((i, value))
        i = _space(text, end)
        i = _space(text, i + 1) if text[i:i + 1] == "," else i
    return items, i + 1


def _space(text: str, i: int) -> int:
    while text[i:i + 1] in (" ", "\t", "\n", "\r"):
        i += 1
    return i


def _shape(feature: Any, index: int, line: int, col: int, pcode_property: str,
           name_property: str) -> Shape:
    """One feature as a shape, or _Bad saying why it cannot be drawn."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _Bad("", "is not a GeoJSON Feature", 'each feature is {"type": "Feature", ...}')
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        raise _Bad(".properties", "is not a mapping", 'write "properties": {...}')
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        raise _Bad(".geometry", f"is {_described(kind, geometry)}, not an area",
                   "a boundary file holds areas: Polygon or MultiPolygon geometries")
    assert isinstance(geometry, dict)
    coords = geometry.get("coordinates")
    polygons = [coords] if kind == "Polygon" else coords
    if not isinstance(polygons, list) or not all(isinstance(p, list) for p in polygons):
        raise _Bad(".geometry.coordinates", "is not a list of polygons",
                   "save the file again as GeoJSON")
    pcode = _text(props.get(pcode_property))
    name = _text(props.get(name_property)) or pcode or f"area {index + 1}"
    return Shape(pcode, name, tuple(_polygon(p) for p in polygons), index, line, col)


def _described(kind: object, geometry: object) -> str:
    if geometry is None:
        return "missing"
    return f'a "{kind}"' if isinstance(kind, str) else "not a geometry"


def _text(value: Any) -> str | None:
    """A property as text: p-codes may be written as strings or, carelessly, numbers."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def _polygon(rings: list[Any]) -> Polygon:
    return tuple(tuple(_points(ring)) for ring in rings)


def _points(ring: Any) -> Iterator[tuple[float, float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _Bad(".geometry.coordinates", "has a ring of fewer than four points",
                   "save the file again as GeoJSON")
    for point in ring:
        if not (isinstance(point, list) and len(point) >= 2
                and all(_number(v) for v in point[:2])):
            raise _Bad(".geometry.coordinates", f"has a point that is not [longitude, "
                       f"latitude]: {json.dumps(point)[:60]}", "save the file again as GeoJSON")
        lon, lat = float(point[0]), float(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise _Bad(".geometry.coordinates", f"has a point outside the globe: {lon}, {lat}",
                       "the file must be in longitude and latitude (WGS 84, EPSG:4326); "
                       "reproject it")
        yield lon, lat


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) \
        and math.isfinite(value)
