from __future__ import annotations

import pytest

from zicht.demo.ads import demo_corpus
from zicht.demo.deliveries import demo_files
from zicht.demo.linkage import POPULATION, demo_overlap
from zicht.web.monitor import demo_build
from zicht.web.monitor.ad_analysis import analyse_ad_corpus

# Analysing a year's synthetic corpus takes tens of seconds, so the web tests analyse the two
# years they compare once per session; `zicht demo` (and the browser tests) analyse all four.
AD_YEARS = (2019, 2020)


@pytest.fixture(scope="session")
def ad_results(catalog, tmp_path_factory) -> dict[int, dict]:
    folder = tmp_path_factory.mktemp("ads")
    secret = b"synthetic-test-key-0123456789abc"
    return {
        year: analyse_ad_corpus(demo_corpus(year, folder), catalog=catalog, secret=secret)
        for year in AD_YEARS
    }


@pytest.fixture(scope="session")
def overlaps(tmp_path_factory) -> dict[int, object]:
    folder = tmp_path_factory.mktemp("linkage")
    secret = b"synthetic-linkage-secret-0123456789abcdef"
    return {year: demo_overlap(year, folder, secret) for year in sorted(POPULATION)}


@pytest.fixture
def demo_monitor(db, catalog, ad_results, overlaps):
    """The demo monitor, built by the same steps as `zicht demo`."""
    demo_build.import_deliveries(catalog, demo_files(catalog))
    demo_build.store_ad_analyses(catalog, ad_results)
    demo_build.store_estimates(catalog, overlaps)
    demo_build.publish_editions(catalog)
    return catalog


@pytest.fixture(autouse=True)
def _forget_public_state():
    """Each test rolls its database back: cached published state must not cross tests."""
    from zicht.web.dashboard.caching import forget_state

    forget_state()
    yield
    forget_state()
