"""Municipality names on the region map, where they fit.

A reader who does not know the region's shape cannot find a municipality on an unnamed map.
Names are drawn at the point of a shape farthest from its edges (Mapbox's polylabel, as
Shapely implements it), largest shapes first, and only where at the map's size
- the middle half of the name lies inside its own shape, so that it reads as that shape's name;
- the name touches no other name and stays on the map.
A desktop map therefore names more municipalities than a phone's. A shape too small for its
name keeps its accessible label, and the table beside the map names every municipality.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon, box, shape
from shapely.ops import polylabel

#: Width of an average character as a share of the font size: generous for the sans-serif
#: faces a browser picks (Arial about 0.5, DejaVu Sans about 0.57), so a name fits everywhere.
CHARACTER_WIDTH = 0.6
#: A name's box is this many font sizes high: the glyphs and a little air above and below.
LINE_HEIGHT = 1.3
#: The share of a name's width that must lie inside its own shape.
INSIDE_SHARE = 0.5


@dataclass(frozen=True)
class MapLabel:
    name: str
    longitude: float
    latitude: float


def _mercator(coordinates: np.ndarray) -> np.ndarray:
    """Longitude and latitude in degrees to Web Mercator's x and y (radians), as Vega draws."""
    longitude, latitude = np.radians(coordinates[:, 0]), np.radians(coordinates[:, 1])
    return np.column_stack([longitude, np.log(np.tan(np.pi / 4 + latitude / 2))])


def _degrees(x: float, y: float) -> tuple[float, float]:
    return math.degrees(x), math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _main_part(geometry) -> Polygon:
    """A municipality of islands is named on its largest."""
    parts = getattr(geometry, "geoms", [geometry])
    return max(parts, key=lambda part: part.area)


def fitting_labels(
    features: Sequence[dict], *, width: int, height: int, font: int
) -> list[MapLabel]:
    """The names of ``features`` (GeoJSON, ``properties.name``) that fit inside their shapes
    on a Mercator map fitted to ``width`` × ``height`` pixels, in ``font`` pixel text."""
    if not features:
        return []
    shapes = [shapely.transform(shape(feature["geometry"]), _mercator) for feature in features]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    pixels_per_unit = min(width / (east - west), height / (north - south))
    map_extent = box(west, south, east, north)
    order = sorted(range(len(features)), key=lambda i: -_main_part(shapes[i]).area)
    taken: list[Polygon] = []
    labels = []
    for index in order:
        name = features[index]["properties"]["name"]
        part = _main_part(shapes[index])
        point = polylabel(part, tolerance=1 / pixels_per_unit)
        half_width = CHARACTER_WIDTH * font * len(name) / 2 / pixels_per_unit
        half_height = LINE_HEIGHT * font / 2 / pixels_per_unit
        whole = box(point.x - half_width, point.y - half_height,
                    point.x + half_width, point.y + half_height)  # fmt: skip
        inner = half_width * INSIDE_SHARE
        middle = box(point.x - inner, point.y - half_height, point.x + inner, point.y + half_height)
        if (
            part.contains(middle)
            and map_extent.contains(whole)
            and not any(whole.intersects(other) for other in taken)
        ):
            taken.append(whole)
            labels.append(MapLabel(name, *_degrees(point.x, point.y)))
    return labels
