"""Municipality names on the region map: drawn where they fit, never over another name."""

from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import Point, shape

from zicht.core.publication.charts import render_svg
from zicht.core.publication.dashboard_charts import (
    MAP_ASPECT,
    MAP_LABEL_FONT,
    NARROW,
    WIDE,
    choropleth_spec,
    map_sized,
)
from zicht.core.publication.map_labels import fitting_labels

REGION = Path(__file__).parents[3] / "src/zicht/web/dashboard/geo/RE-RTM.geojson"


def _feature(name: str, ring: list[list[float]]) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": name, "name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _rectangle(name: str, west: float, south: float, east: float, north: float) -> dict:
    return _feature(
        name, [[west, south], [east, south], [east, north], [west, north], [west, south]]
    )


def test_a_large_shape_is_named_and_a_small_one_is_not():
    large = _rectangle("Groot", 4.0, 51.8, 4.6, 52.1)
    small = _rectangle("Klein", 4.6, 51.8, 4.62, 51.81)
    labels = fitting_labels([large, small], width=600, height=300, font=10)
    assert [label.name for label in labels] == ["Groot"]
    assert shape(large["geometry"]).contains(Point(labels[0].longitude, labels[0].latitude))


def test_the_name_stands_inside_a_hollow_shape_not_at_its_centre():
    """An L: the centre of its box lies outside it, the name must not."""
    ell = _feature(
        "Hoek",
        [[4.0, 51.8], [4.6, 51.8], [4.6, 51.9], [4.1, 51.9], [4.1, 52.1], [4.0, 52.1], [4.0, 51.8]],
    )
    (label,) = fitting_labels([ell], width=600, height=400, font=10)
    assert shape(ell["geometry"]).contains(Point(label.longitude, label.latitude))


def test_of_two_names_that_would_touch_the_larger_shape_s_is_drawn():
    """Each name fits its own shape's middle, but the two would cross: the larger shape (the
    west one, a little wider) keeps its name, whichever comes first in the data."""
    south = _rectangle("Zuid", 3.6, 51.5, 4.6, 51.8)
    west = _rectangle("Westelijke gemeente", 4.0, 51.8, 4.16, 52.1)
    east = _rectangle("Oostelijke gemeente", 4.16, 51.8, 4.31, 52.1)

    def named(features: list[dict]) -> list[str]:
        return sorted(
            label.name for label in fitting_labels(features, width=400, height=400, font=10)
        )

    assert named([south, west]) == ["Westelijke gemeente", "Zuid"]
    assert named([south, east]) == ["Oostelijke gemeente", "Zuid"]
    assert (
        named([south, east, west]) == named([west, south, east]) == ["Westelijke gemeente", "Zuid"]
    )


def test_the_region_map_names_more_municipalities_on_a_desktop_than_on_a_phone():
    features = json.loads(REGION.read_text(encoding="utf-8"))["features"]
    wide, narrow = (
        fitting_labels(features, width=w, height=round(w * MAP_ASPECT), font=MAP_LABEL_FONT)
        for w in (WIDE, NARROW)
    )
    assert 0 < len(narrow) < len(wide) < len(features)
    shapes = {f["properties"]["name"]: shape(f["geometry"]) for f in features}
    for label in wide:  # each name stands on its own municipality
        assert shapes[label.name].contains(Point(label.longitude, label.latitude)), label.name


def test_the_rendered_map_shows_the_names_to_the_eye_only():
    features = json.loads(REGION.read_text(encoding="utf-8"))["features"]
    spec = choropleth_spec(
        features, {f["properties"]["code"]: 2.0 for f in features}, title="t",
        legend="per 10.000 inwoners", description="Kaart.", missing="geen cijfer",
    )  # fmt: skip
    svg = render_svg(map_sized(spec, WIDE), "nl")
    named = fitting_labels(
        features, width=WIDE, height=round(WIDE * MAP_ASPECT), font=MAP_LABEL_FONT
    )
    for label in named:
        assert f">{label.name}</text>" in svg
    # Each shape already carries its name and figure for a screen reader; the drawn names are
    # hidden from it, so that nothing is read twice.
    openings = [group.split(">")[0] for group in svg.split("<g ")[1:]]
    name_groups = [g for g in openings if "mark-text" in g and "role-mark" in g]
    assert len(name_groups) == 2  # the halo and the names: the check below has something to check
    assert all('aria-hidden="true"' in g for g in name_groups)
