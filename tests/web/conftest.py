from __future__ import annotations

import pytest

from zicht.demo.ads import demo_corpus
from zicht.demo.deliveries import demo_files
from zicht.demo.linkage import POPULATION, demo_overlap
from zicht.web.monitor.ad_analysis import ad_analysis_store, analyse_ad_corpus
from zicht.web.monitor.publishing import edition_publish
from zicht.web.monitor.services import delivery_import
from zicht.web.monitor.victim_estimate import capture_table_from_overlap, victim_estimate_store

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


@pytest.fixture(scope="session")
def overlaps(tmp_path_factory) -> dict[int, object]:
    folder = tmp_path_factory.mktemp("linkage")
    secret = b"synthetic-linkage-secret-0123456789abcdef"
    return {year: demo_overlap(year, folder, secret) for year in sorted(POPULATION)}


@pytest.fixture
def demo_monitor(db, catalog, ad_results, overlaps):
    """The demo monitor: every synthetic delivery imported and every edition published."""
    import_files(catalog, demo_files(catalog))
    for year, result in ad_results.items():
        ad_analysis_store(catalog=catalog, year=year, result=result)
    for year, overlap in overlaps.items():
        victim_estimate_store(
            catalog=catalog, year=year, source="demo", table=capture_table_from_overlap(overlap)
        )
    for year in sorted(catalog.editions):
        edition_publish(catalog=catalog, year=year)
    return catalog
