"""Web fixtures. The demo monitor is built once per test session (per xdist worker) and
restored into each test's transaction, so that 30-odd tests do not rebuild it each."""

from __future__ import annotations

import fcntl
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import translation

from zicht.demo.deliveries import demo_files
from zicht.demo.linkage import POPULATION, demo_overlap
from zicht.web.monitor import demo_build

# Analysing a year's synthetic corpus takes tens of seconds, so the web tests analyse the two
# years they compare once per session; `zicht demo` (and the browser tests) analyse all four.
AD_YEARS = (2019, 2020)


def pytest_collection_modifyitems(config, items):
    """`make test` runs the web tests on SQLite, then again on PostgreSQL. A test that touches
    no database runs the same on both, so the PostgreSQL run leaves it out (it reports them as
    deselected)."""
    if not os.environ.get("ZICHT_DATABASE_URL", "").startswith("postgres"):
        return
    database_fixtures = {"db", "transactional_db", "django_db_reset_sequences"}
    kept, left_out = [], []
    for item in items:
        touches = item.get_closest_marker("django_db") or database_fixtures & set(
            getattr(item, "fixturenames", ())
        )
        (kept if touches else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def _shared(tmp_path_factory, name: str, compute: Callable[[Path], object]) -> object:
    """Compute once for all xdist workers of a run: the first one pickles, the others read.

    Inputs are synthetic and seeded, so every worker would compute the same thing; the suite
    runner (scripts/run_suite.py) also shares them between its SQLite and PostgreSQL runs.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("ZICHT_TEST_SHARED_DIR"):
        root = Path(os.environ["ZICHT_TEST_SHARED_DIR"])
        root.mkdir(parents=True, exist_ok=True)
    elif root.name.startswith("popen-gw"):
        root = root.parent  # the run's folder, shared by its workers
    cache = root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cache.exists():
            folder = root / f"{name}-inputs"
            folder.mkdir(exist_ok=True)
            cache.write_bytes(pickle.dumps(compute(folder)))
        return pickle.loads(cache.read_bytes())


@pytest.fixture(scope="session")
def ad_results(catalog, tmp_path_factory) -> dict[int, dict]:
    secret = b"synthetic-test-key-0123456789abc"

    def compute(folder: Path) -> dict[int, dict]:
        return demo_build.analyse_demo_ads(catalog, AD_YEARS, folder, secret)

    return _shared(tmp_path_factory, "ad-results", compute)


@pytest.fixture(scope="session")
def overlaps(tmp_path_factory) -> dict[int, object]:
    secret = b"synthetic-linkage-secret-0123456789abcdef"

    def compute(folder: Path) -> dict[int, object]:
        return {year: demo_overlap(year, folder, secret) for year in sorted(POPULATION)}

    return _shared(tmp_path_factory, "overlaps", compute)


def _models() -> list:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker, catalog, ad_results, overlaps):
    """The demo monitor's rows, model by model: built once in the test database, read into
    memory and deleted again, so that tests without the demo still start from empty tables."""
    with django_db_blocker.unblock():
        before = {m: m.objects.exists() for m in _models()}
        demo_build.import_deliveries(catalog, demo_files(catalog))
        demo_build.store_ad_analyses(catalog, ad_results)
        demo_build.store_estimates(catalog, overlaps)
        demo_build.publish_editions(catalog)
        # Only tables the demo filled from empty: contenttypes and permissions stay as migrated.
        rows = {m: list(m.objects.all()) for m in _models() if not before[m]}
        rows = {m: objects for m, objects in rows.items() if objects}
        with transaction.atomic():
            for model in rows:
                model.objects.all()._raw_delete(connection.alias)
    return rows


@pytest.fixture
def demo_monitor(db, catalog, demo_rows):
    """The demo monitor, built by the same steps as `zicht demo`, in this test's transaction
    (rolled back afterwards: a test that writes changes nothing for the next)."""
    from zicht.web.portal.models import AuditEvent

    if AuditEvent in demo_rows and AuditEvent.objects.exists():
        # The demo's sealed audit trail starts at position 1; an event written first (a
        # sign-in by admin_client) would take that position. Ask for demo_monitor first.
        pytest.fail("demo_monitor must be set up before fixtures that write audit events")
    for model, objects in demo_rows.items():
        model.objects.bulk_create(objects)
    with connection.cursor() as cursor:  # PostgreSQL: sequences past the restored ids
        for statement in connection.ops.sequence_reset_sql(no_style(), list(demo_rows)):
            cursor.execute(statement)
    return catalog


@pytest.fixture(autouse=True)
def _forget_public_state():
    """Each test rolls its database back: cached published state must not cross tests."""
    from zicht.web.dashboard.caching import forget_state

    forget_state()
    yield
    forget_state()


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    """The test client runs requests in this thread, and LocaleMiddleware leaves the last
    request's language active: after an /en/ page, reverse() in the next test would give /en/
    addresses. Each test starts from the site's default language."""
    yield
    translation.deactivate()


@pytest.fixture
def admin_client(client, admin_user):
    """The back office needs two factors: the superuser signed in with a verified device."""
    from tests.web.portal_setup import sign_in_verified

    sign_in_verified(client, admin_user)
    return client
