"""A count is written as a whole number in every product that carries figures: the
open data, the dashboard's downloads (long format and Excel) and the API. The database stores
values as floats, so a writer that passes them on unchanged writes ``212.0``."""

from __future__ import annotations

import csv
import io

import pytest

from zicht.web.publication import cache

pytestmark = pytest.mark.django_db


def _number(value: float | None, *, whole: bool = False) -> float | int | None:
    """The open data's rule: whole when an estimate or without a fraction."""
    if value is None:
        return None
    return round(value) if whole or float(value).is_integer() else value


def _long_values(content: bytes) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert rows
    return [row["value"] for row in rows if row["value"]]


def _open_data_values(client, year: int) -> dict[tuple[str, str, str, str], str]:
    text = client.get(f"/open-data/{year}/figures.csv").content.decode("utf-8")
    return {
        (row["indicator"], row["area"], row["dimension"], row["category"]): row["value"]
        for row in csv.DictReader(io.StringIO(text))
    }


@pytest.mark.parametrize(
    "address",
    ["/editie/2021/alle-jaren-lang.csv", "/editie/2020/indicator/police_signals/cijfers-lang.csv"],
)
def test_long_downloads_write_counts_as_whole_numbers(demo, client, address):
    values = _long_values(client.get(address).content)
    assert not [v for v in values if v.endswith(".0")]
    assert all(v.lstrip("-").isdigit() for v in values), "the demo publishes only whole numbers"


def test_long_download_writes_the_open_data_number(demo, client):
    """Same value text as figures.csv, cell by cell (estimates in whole persons in both)."""
    published = _open_data_values(client, 2020)
    text = client.get("/editie/2020/alle-jaren-lang.csv").content.decode("utf-8")
    compared = 0
    for row in csv.DictReader(io.StringIO(text)):
        if row["edition"] != "2020":
            continue
        key = (row["indicator"], row["area"], row["dimension"], row["category"])
        assert row["value"] == published[key], key
        compared += 1
    assert compared == len(published)


def test_api_writes_counts_as_whole_numbers(demo, client):
    answer = client.get("/api/v1/editions/2020/figures", {"limit": 1000})
    assert b".0," not in answer.content and b".0}" not in answer.content
    items = answer.json()["items"]
    values = [i["value"] for i in items if i["value"] is not None]
    assert values and all(isinstance(v, int) for v in values)
    edition = cache.edition(2020)
    assert edition is not None
    expected = {f.key: _number(f.value, whole=f.lower is not None) for f in edition.figures}
    for item in items:
        breakdown = f"{item['dimension']}={item['category']}" if item["dimension"] else ""
        assert item["value"] == expected[(item["indicator"], item["area"], breakdown)]


def test_api_keeps_a_true_fraction():
    """Only a value with a fraction keeps its decimals (CSVW declares ``value`` decimal)."""
    from zicht.web.publication.api import FigureOut

    figure = {
        "indicator": "i",
        "area": "GM0599",
        "period": "2020",
        "dimension": None,
        "category": None,
        "lower": None,
        "upper": None,
        "symbol": None,
        "status": "shown",
        "noise_margin": None,
        "notes": [],
    }
    assert FigureOut(**figure, value=_number(212.0)).model_dump_json().count('"value":212,')
    assert FigureOut(**figure, value=_number(2.5)).model_dump()["value"] == 2.5
