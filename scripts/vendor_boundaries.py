"""Vendor a region's municipal boundaries for the map page (a developer's tool, run once per
change of the municipal division; Zicht never loads geometry from the network).

Source: CBS *Gebiedsindelingen* (municipalities), published by CBS and Kadaster through PDOK
as open data under CC BY 4.0, in the TopoJSON conversion of
https://github.com/ties/cbs_gebiedsindelingen_topojson (file ``Gemeente_2015_layer_labels.json``:
WGS84, already generalised, quantised to about 30 m).

The script keeps only the region's municipalities from ``catalog/areas.yaml``, dissolves
municipalities that merged since the source year into their successor (the catalogue's
``mergers``: Hoeksche Waard, Molenlanden, Voorne aan Zee), simplifies a little more, and writes
GeoJSON with the exterior rings clockwise, as Vega's d3-geo expects (RFC 7946's counter-
clockwise rings would be drawn as the whole globe minus the municipality).

    pip install shapely pyyaml   # only for this script
    python scripts/vendor_boundaries.py SOURCE.json catalog/areas.yaml \
        src/zicht/web/dashboard/geo/RE-RTM.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml
from shapely.geometry import Polygon, mapping
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

SOURCE_YEAR = 2015
TOLERANCE_DEGREES = 0.0004  # about 30 m: invisible at the map's size, a third of the bytes
ATTRIBUTION = {
    "nl": "Gemeentegrenzen: CBS en Kadaster (Gebiedsindelingen 2015, PDOK), CC BY 4.0; "
    "samengevoegde gemeenten op de indeling van nu.",
    "en": "Municipal boundaries: CBS and Kadaster (Gebiedsindelingen 2015, PDOK), CC BY 4.0; "
    "merged municipalities on today's division.",
}


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc (TopoJSON stores quantised deltas)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(points)
    return decoded


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])  # arcs share their end points
    return points


def _polygons(geometry: dict, arcs: list) -> list[Polygon]:
    shapes = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return [
        Polygon(_ring(rings[0], arcs), [_ring(hole, arcs) for hole in rings[1:]])
        for rings in shapes
    ]


def main(source: Path, areas_file: Path, target: Path) -> None:
    topology = json.loads(source.read_text(encoding="utf-8"))
    areas = yaml.safe_load(areas_file.read_text(encoding="utf-8"))
    successor = {m["code"]: m["code"] for m in areas["municipalities"]}
    for merger in areas.get("mergers", []):
        for former in merger["from"]:
            successor[former["code"]] = merger["into"]
    names = {m["code"]: m["name"] for m in areas["municipalities"]}
    arcs = _arcs(topology)
    parts: dict[str, list[Polygon]] = {code: [] for code in names}
    for geometry in topology["objects"]["layer"]["geometries"]:
        code = successor.get(geometry["properties"]["statcode"])
        if code is not None:
            parts[code].extend(_polygons(geometry, arcs))
    missing = [code for code, found in parts.items() if not found]
    if missing:
        sys.exit(f"no geometry in the source for {', '.join(missing)}")
    features = []
    for code, polygons in parts.items():
        shape = unary_union([p.buffer(0) for p in polygons]).simplify(TOLERANCE_DEGREES)
        pieces = list(getattr(shape, "geoms", [shape]))
        clockwise = [orient(piece, sign=-1.0) for piece in pieces]
        # Written out by hand for several parts: a MultiPolygon built by shapely re-orients.
        geometry = (
            mapping(clockwise[0])
            if len(clockwise) == 1
            else {
                "type": "MultiPolygon",
                "coordinates": [mapping(piece)["coordinates"] for piece in clockwise],
            }
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": names[code]},
                "geometry": _rounded(geometry),
            }
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "type": "FeatureCollection",
        "source_year": SOURCE_YEAR,
        "attribution": ATTRIBUTION,
        "features": features,
    }
    target.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(features)} municipalities, {target.stat().st_size // 1024} KB: {target}")


def _rounded(value):
    """Five decimals (about a metre) are more than the source's 30 m quantisation holds."""
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
