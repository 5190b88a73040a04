"""The demo monitor, built once for the publication tests and rolled back after them.

Building and publishing the demo takes long, so it is built once for this package inside a
transaction that is rolled back at the end; each test runs inside it (pytest-django nests a
savepoint), so no other test ever sees these editions.
"""

from __future__ import annotations

import pytest
from django.core.signals import request_started
from django.db import close_old_connections, transaction

from zicht.demo.deliveries import demo_files
from zicht.web.monitor import demo_build


@pytest.fixture(scope="package")
def published_demo(django_db_setup, django_db_blocker, catalog, ad_results, overlaps):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_build.import_deliveries(catalog, demo_files(catalog))
            demo_build.store_ad_analyses(catalog, ad_results)
            demo_build.store_estimates(catalog, overlaps)
            demo_build.publish_editions(catalog)
            yield catalog
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(published_demo, db):
    return published_demo


@pytest.fixture
def no_connection_reset():
    """A WSGI request outside Django's test client would close the connection (and with it the
    test's transaction); the test client disconnects this signal too."""
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
