"""The API says no in JSON, in Dutch and English, whatever the mistake: an address it does not
have, a method it does not allow, a parameter it cannot read or does not know, a filter for
something the edition does not have, a page out of range."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

FIGURES = "/api/v1/editions/2020/figures"


def _said_in_both(answer, status: int) -> dict:
    assert answer.status_code == status
    assert answer["Content-Type"].startswith("application/json")
    body = answer.json()
    assert isinstance(body["detail"], str) and isinstance(body["detail_en"], str)
    assert body["detail"] != body["detail_en"]
    return body


@pytest.mark.parametrize(
    "path",
    ["/api/", "/api/v1/", "/api/v2/editions", "/api/v1/nothing/here", "/api/v1/editions/x/y"],
)
def test_an_address_the_api_does_not_have_is_a_json_404(demo, client, path):
    body = _said_in_both(client.get(path), 404)
    assert "/api/v1/openapi.json" in body["detail"]


def test_a_trailing_slash_is_redirected_to_the_one_address(demo, client):
    answer = client.get("/api/v1/editions/2020/indicators/?a=1")
    body = _said_in_both(answer, 308)  # permanent, and the method is kept
    assert answer["Location"] == "/api/v1/editions/2020/indicators?a=1"
    assert "Location" in body["detail_en"]
    assert client.get("/api/v1/editions/", follow=True).json()[0]["year"]
    # A slash after an address the API does not have either stays a plain 404.
    _said_in_both(client.get("/api/v1/nothing/"), 404)


def test_a_method_the_api_does_not_allow_is_a_json_405(demo, client):
    for answer in (client.post("/api/v1/editions"), client.delete(f"{FIGURES}?limit=1")):
        body = _said_in_both(answer, 405)
        assert answer["Allow"] == "GET"
        assert "GET" in body["detail_en"]


def test_an_unreadable_parameter_is_a_bilingual_422_per_parameter(demo, client):
    body = _said_in_both(client.get("/api/v1/editions/twintig"), 422)
    assert body["detail"] == "De parameter year moet een geheel getal zijn."
    assert body["detail_en"] == "The parameter year must be a whole number."
    assert body["errors"] == [
        {
            "parameter": "year",
            "location": "path",
            "type": "int_parsing",
            "detail": body["detail"],
            "detail_en": body["detail_en"],
        }
    ]
    status = _said_in_both(client.get(FIGURES, {"status": "gone", "total": "maybe"}), 422)
    assert {e["parameter"] for e in status["errors"]} == {"status", "total"}
    assert "moet true of false zijn" in status["detail"]


def test_a_huge_value_is_never_said_back(demo, client):
    digits = "7" * 5000
    for answer in (
        client.get(f"/api/v1/editions/{digits}"),
        client.get(FIGURES, {"limit": digits}),
    ):
        body = _said_in_both(answer, 422)
        assert "7777" not in answer.content.decode()
        assert len(answer.content) < 1000
        assert body["errors"][0]["type"].startswith("int_parsing")
    many = {f"{'p' * 100}{n}": "1" for n in range(50)}
    refused = client.get(FIGURES, many)
    _said_in_both(refused, 400)
    assert len(refused.content) < 1500 and "p" * 50 not in refused.content.decode()


@pytest.mark.parametrize(
    "query, range_nl",
    [
        ({"limit": 0}, "minstens 1"),
        ({"limit": 1001}, "hoogstens 1000"),
        ({"offset": -5}, "minstens 0"),
    ],
)
def test_limit_and_offset_out_of_range_are_refused_with_the_range(demo, client, query, range_nl):
    body = _said_in_both(client.get(FIGURES, query), 422)
    assert body["errors"][0]["parameter"] == next(iter(query))
    assert range_nl in body["detail"]


def test_the_edges_of_the_range_still_answer(demo, client):
    assert len(client.get(FIGURES, {"limit": 1}).json()["items"]) == 1
    everything = client.get(FIGURES, {"limit": 1000, "offset": 0}).json()
    assert len(everything["items"]) == min(everything["count"], 1000)


def test_an_unknown_query_parameter_is_a_400_that_names_it(demo, client):
    body = _said_in_both(client.get("/api/v1/editions/2021", {"year": 2020}), 400)
    assert "year" in body["detail"] and "geen parameters" in body["detail"]
    misspelt = _said_in_both(client.get(FIGURES, {"indicatr": "police_signals"}), 400)
    assert "indicatr" in misspelt["detail_en"]
    assert "indicator" in misspelt["detail_en"] and "limit" in misspelt["detail_en"]
    _said_in_both(client.get("/api/v1/editions", {"page": 2}), 400)


@pytest.mark.parametrize(
    "query, words_en",
    [
        ({"indicator": "nope"}, "this indicator is not in this edition"),
        ({"area": "GM9999"}, "this area is not in this edition"),
        ({"dimension": "nope"}, "no figure in this edition has this breakdown"),
        ({"category": "nope"}, "this category does not occur"),
    ],
)
def test_a_filter_for_what_the_edition_does_not_have_is_a_404(demo, client, query, words_en):
    body = _said_in_both(client.get(FIGURES, query), 404)
    assert words_en in body["detail_en"]
    assert "nope" not in body["detail_en"]


def test_a_known_filter_still_filters(demo, client):
    some = client.get(FIGURES, {"limit": 1000, "total": "false"}).json()["items"][0]
    chosen = {k: some[k] for k in ("indicator", "area", "dimension", "category")}
    items = client.get(FIGURES, {**chosen, "limit": 1000}).json()["items"]
    assert items and all(all(i[k] == v for k, v in chosen.items()) for i in items)


def test_the_openapi_description_says_the_range_and_the_errors(demo, client):
    schema = client.get("/api/v1/openapi.json").json()
    figures = schema["paths"]["/api/v1/editions/{year}/figures"]["get"]
    limit = next(p for p in figures["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 1000)
    assert {"400", "404", "422"} <= set(figures["responses"])
    assert "400" in schema["paths"]["/api/v1/editions"]["get"]["responses"]
