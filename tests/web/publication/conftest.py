"""The publication tests read the demo monitor that tests/web/conftest.py builds once per
session and restores into each test's transaction."""

from __future__ import annotations

import pytest
from django.core.signals import request_started
from django.db import close_old_connections


@pytest.fixture
def demo(demo_monitor):
    return demo_monitor


@pytest.fixture
def no_connection_reset():
    """A WSGI request outside Django's test client would close the connection (and with it the
    test's transaction); the test client disconnects this signal too."""
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
