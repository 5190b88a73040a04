from __future__ import annotations

import pytest

from zicht.demo.ads import demo_corpus
from zicht.demo.deliveries import demo_files
from zicht.web.monitor.ad_analysis import ad_analysis_store, analyse_ad_corpus
from zicht.web.monitor.publishing import edition_publish
from zicht.web.monitor.services import delivery_import

# Analysing a year's synthetic corpus takes tens of seconds, so the web tests analyse the two
# years they compare once per session; `zicht demo` (and the browser tests) analyse all four.
AD_YEARS = (2019, 2020)


def import_files(catalog, files) -> None:
    for file in files:
        delivery_import(
            catalog=catalog,
            partner=file.partner,
            year=file.year,
            filename=file.filename,
            content=file.content,
            note=file.note,
        )


@pytest.fixture(scope="session")
def ad_results(catalog, tmp_path_factory) -> dict[int, dict]:
    folder = tmp_path_factory.mktemp("ads")
    secret = b"synthetic-test-key-0123456789abc"
    return {
        year: analyse_ad_corpus(demo_corpus(year, folder), catalog=catalog, secret=secret)
        for year in AD_YEARS
    }


@pytest.fixture
def demo_monitor(db, catalog, ad_results):
    """The demo monitor: every synthetic delivery imported and every edition published."""
    import_files(catalog, demo_files(catalog))
    for year, result in ad_results.items():
        ad_analysis_store(catalog=catalog, year=year, result=result)
    for year in sorted(catalog.editions):
        edition_publish(catalog=catalog, year=year)
    return catalog
