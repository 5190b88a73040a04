"""The web answers refusals in one place; the public gate raises instead of asserting."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from zicht.core.errors import ZichtError
from zicht.web.errors import ZichtErrorMiddleware
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition
from zicht.web.monitor.publishing import PublicationRefused, RefusalReason


def _answer(error: Exception):
    middleware = ZichtErrorMiddleware(lambda request: None)
    return middleware.process_exception(RequestFactory().get("/"), error)


@pytest.mark.django_db
def test_a_refusal_becomes_a_page_with_its_dutch_message_and_status():
    refused = PublicationRefused(
        "editie 2020 is al gepubliceerd", reason=RefusalReason.ALREADY_PUBLISHED, year=2020
    )
    response = _answer(refused)
    assert response.status_code == 409
    assert "editie 2020 is al gepubliceerd" in response.content.decode()
    assert _answer(ZichtError("gaat niet", code="anything")).status_code == 400


def test_other_exceptions_stay_bugs():
    assert _answer(KeyError("x")) is None


@pytest.mark.django_db
def test_the_public_gate_refuses_a_draft_edition_without_assert():
    draft = Edition.objects.create(year=2020)
    with pytest.raises(selectors.NotPublished) as refused:
        selectors.edition_figures(edition=draft)
    assert isinstance(refused.value, ZichtError) and refused.value.code == "not_published"
    assert _answer(refused.value).status_code == 404
