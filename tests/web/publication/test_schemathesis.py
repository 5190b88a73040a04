"""schemathesis against the OpenAPI description, with a fixed budget (``ZICHT_FUZZ_EXAMPLES``
raises it for a deep run): no server error and no answer that breaks the description."""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

from zicht.web.wsgi import application  # noqa: E402

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("ZICHT_FUZZ_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_description(case, demo, no_connection_reset):
    case.call_and_validate()
