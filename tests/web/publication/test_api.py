"""The read-only API: published editions only, filters, pagination, ETag, OpenAPI."""

from __future__ import annotations

import pytest

from zicht.web.monitor.models import Edition

pytestmark = pytest.mark.django_db


def test_editions_lists_only_published_editions(demo, client):
    Edition.objects.create(year=2030, title_nl="Concept 2030")  # a draft: never in the API
    answer = client.get("/api/v1/editions")
    assert answer.status_code == 200
    years = [e["year"] for e in answer.json()]
    assert years == sorted(e.year for e in Edition.objects.filter(status="published"))
    assert 2030 not in years
    assert client.get("/api/v1/editions/2030").status_code == 404
    missing = client.get("/api/v1/editions/2030/figures")
    assert missing.status_code == 404
    # Said in both languages, as every text the API gives.
    assert missing.json() == {
        "detail": "Er is geen gepubliceerde editie van dit jaar.",
        "detail_en": "There is no published edition of this year.",
    }
    area = client.get("/api/v1/editions/2020/areas/GM9999").json()
    assert area == {
        "detail": "Dit gebied staat niet in deze editie.",
        "detail_en": "This area is not in this edition.",
    }


def test_figures_filter_and_paginate(demo, client):
    everything = client.get("/api/v1/editions/2020/figures", {"limit": 1000}).json()
    assert everything["count"] == len(everything["items"]) > 50
    page = client.get("/api/v1/editions/2020/figures", {"limit": 10, "offset": 10}).json()
    assert page["items"] == everything["items"][10:20]
    hidden = client.get("/api/v1/editions/2020/figures", {"status": "hidden", "limit": 1000})
    items = hidden.json()["items"]
    assert items and all(i["value"] is None and i["symbol"] in ("<5", "x") for i in items)
    rotterdam = client.get(
        "/api/v1/editions/2020/figures", {"area": "GM0599", "total": "true", "limit": 1000}
    ).json()["items"]
    assert rotterdam and all(i["area"] == "GM0599" and i["dimension"] is None for i in rotterdam)


def test_published_edition_answers_304_to_its_etag(demo, client):
    first = client.get("/api/v1/editions/2020/indicators")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/api/v1/editions/2020/indicators", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/editions/2019/indicators", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_openapi_description_is_generated_from_the_code(demo, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/editions/{year}/figures" in schema["paths"]
