"""The edition snapshot: typed, versioned, and readable whatever version stored it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zicht.core.catalog import check_catalog
from zicht.core.catalog.model import AnalysisMethod, DataStatus
from zicht.core.publication.snapshot import (
    SNAPSHOT_VERSION,
    EditionSnapshot,
    SnapshotUnreadable,
    population_of,
    snapshot_of,
)

#: The 2020 edition's snapshot exactly as the code before version 2 stored it (made with
#: `zicht demo --no-serve` on that code and copied from the database, unchanged).
V1 = Path(__file__).parent / "data" / "edition_snapshot_v1_2020.json"


def test_an_edition_stored_by_the_previous_version_reads_typed():
    stored = json.loads(V1.read_text(encoding="utf-8"))
    assert "version" not in stored
    snapshot = EditionSnapshot.from_dict(stored)
    assert snapshot.region == "RE-RTM"
    assert snapshot.region_name.nl == stored["region_name"]["nl"]
    police = snapshot.indicators["police_signals"]
    assert police.tile is not None and police.tile.area == "RE-RTM"
    assert police.data_status is DataStatus.AGREED
    assert police.name.en == stored["indicators"]["police_signals"]["name"]["en"]
    # Before version 3 a snapshot did not say which figures Zicht computes: read as delivered.
    assert not any(info.computed for info in snapshot.indicators.values())
    assert not any(info.collected_for for info in snapshot.indicators.values())
    # Version 1 did not record which indicators the ad analysis produced: the upgrade does.
    assert snapshot.ad_analysis is not None
    assert set(snapshot.ad_analysis.indicators) == {"sex_ads", "sex_ads_high_risk"}
    thresholds = [t for t, _share in snapshot.ad_analysis.share_high_risk_by_threshold]
    assert thresholds == sorted(thresholds) and len(thresholds) == len(
        stored["ad_analysis"]["share_high_risk_by_threshold"]
    )
    assert snapshot.population is None and snapshot.categories == {}


def test_a_snapshot_survives_being_stored_and_read(catalog):
    snapshot = snapshot_of(catalog, 2020, population=population_of(catalog, 2020))
    stored = json.loads(json.dumps(snapshot.to_dict()))
    assert stored["version"] == SNAPSHOT_VERSION
    assert EditionSnapshot.from_dict(stored) == snapshot


def test_a_snapshot_from_newer_software_is_refused_clearly(catalog):
    stored = snapshot_of(catalog, 2020).to_dict() | {"version": SNAPSHOT_VERSION + 1}
    with pytest.raises(SnapshotUnreadable, match="nieuwer dan deze software"):
        EditionSnapshot.from_dict(stored)


def test_category_order_is_the_catalogue_order(catalog):
    snapshot = snapshot_of(catalog, 2020)
    for code, dimension in catalog.dimensions.items():
        assert snapshot.categories[code] == tuple(c.code for c in dimension.categories)


def test_population_uses_the_nearest_earlier_year_and_says_which(catalog):
    population = population_of(catalog, 2021)
    assert population is not None and population.year <= 2021
    assert population.approximate is True  # demo approximations, said on every page
    rotterdam = population.inhabitants["GM0599"]
    assert population.per_10_000("GM0599", rotterdam / 10_000 * 3) == pytest.approx(3.0)
    assert population.per_10_000("GM0599", None) is None
    assert set(population.inhabitants) == set(catalog.municipalities)


def test_analysis_partners_declare_what_they_produce(catalog):
    ads = catalog.analysis_partner(AnalysisMethod.ADS)
    assert ads.analysis.indicator("high_risk_ads") in catalog.indicators
    estimate = catalog.analysis_partner(AnalysisMethod.POPULATION_ESTIMATE)
    assert catalog.indicators[estimate.analysis.indicator("estimate")].partner == estimate.code


def test_an_analysis_source_without_its_outputs_is_refused_in_dutch(catalog_copy: Path):
    path = catalog_copy / "partners.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("high_risk_ads: sex_ads_high_risk, ", "", 1)
    text = text.replace("registered: registered_persons", "registered: police_signals", 1)
    path.write_text(text, encoding="utf-8")
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("analysis.produces mist 'high_risk_ads'" in m for m in messages), messages
    assert any("'police_signals' hoort bij een andere partner" in m for m in messages), messages


def test_population_for_an_unknown_municipality_is_refused(catalog_copy: Path):
    path = catalog_copy / "population.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("GM0642: 45000", "GM9999: 45000"),
        encoding="utf-8",
    )
    assert any("onbekende gemeente 'GM9999'" in str(p) for p in check_catalog(catalog_copy))


def test_figures_zicht_computes_say_so_instead_of_naming_a_delivering_source(catalog):
    snapshot = snapshot_of(catalog, 2020)
    computed = {code for code, info in snapshot.indicators.items() if info.computed}
    analysis_partners = {c for c, p in catalog.partners.items() if p.analysis is not None}
    assert computed == {
        code for code, info in snapshot.indicators.items() if info.partner in analysis_partners
    }
    estimate = catalog.analysis_partner(AnalysisMethod.POPULATION_ESTIMATE)
    victims = snapshot.indicators[estimate.analysis.indicator("estimate")]
    assert victims.status_label("nl").startswith("Zicht berekent")
    assert victims.status_label("en").startswith("Zicht computes")
    police = snapshot.indicators["police_signals"]
    assert police.status_label("nl") == DataStatus.AGREED.label("nl") != victims.status_label("nl")


def test_a_figure_collected_for_some_municipalities_says_which(catalog):
    snapshot = snapshot_of(catalog, 2020)
    for code, info in snapshot.indicators.items():
        assert info.collected_for == catalog.partners[info.partner].areas, code
    assert snapshot.indicators["care_table_new_signals"].collected_for == ("GM0599",)
    assert snapshot.indicators["police_signals"].collected_for == ()
