from __future__ import annotations

import pytest

from zicht.core.publication.totals import NotAdditive, region_total
from zicht.web.monitor.models import Edition, EditionFigure, Immutable
from zicht.web.monitor.publishing import PublicationRefused, edition_publish
from zicht.web.monitor.services import delivery_import

SEED_2020 = {
    ("prevention_presentations", "GM0599"): 523,
    ("professional_trainings", "GM0599"): 92,
    ("police_signals", "RE-RTM"): 331,
    ("humanitas_reports", "RE-RTM"): 95,
    ("care_table_new_signals", "GM0599"): 14,
    ("sex_ads", "GM0599"): 32951,
    ("administrative_warnings", "GM0599"): 6,
}


@pytest.mark.django_db
def test_the_2020_edition_holds_the_seed_figures(demo_monitor):
    edition = Edition.objects.get(year=2020)
    for (code, area), value in SEED_2020.items():
        figure = EditionFigure.objects.get(
            edition=edition, indicator_code=code, area_code=area, breakdown=""
        )
        assert figure.value == value, code
    ads = EditionFigure.objects.get(
        edition=edition, indicator_code="sex_ads_high_risk", area_code="GM0599"
    )
    assert round(ads.value / 32951 * 100) == 8


@pytest.mark.django_db
def test_region_totals_are_derived_for_additive_indicators_only(demo_monitor):
    edition = Edition.objects.get(year=2020)
    police = EditionFigure.objects.get(
        edition=edition, indicator_code="police_signals", area_code="RE-RTM", breakdown=""
    )
    assert police.derived
    # Sex workers are delivered for the region; the region figure is not a sum.
    workers = EditionFigure.objects.get(
        edition=edition, indicator_code="sex_workers", area_code="RE-RTM"
    )
    assert not workers.derived
    # The MO care table delivers for Rotterdam only: no region total from an incomplete set.
    assert not EditionFigure.objects.filter(
        edition=edition, indicator_code="care_table_new_signals", area_code="RE-RTM"
    ).exists()


def test_a_non_additive_indicator_refuses_a_region_total(catalog):
    with pytest.raises(NotAdditive):
        region_total(catalog.indicators["sex_ads"], [10.0, 20.0])
    assert region_total(catalog.indicators["police_signals"], [10.0, 20.0]) == 30.0


@pytest.mark.django_db
def test_a_published_edition_never_changes(demo_monitor):
    edition = Edition.objects.get(year=2020)
    with pytest.raises(PublicationRefused):
        edition_publish(catalog=demo_monitor, year=2020)
    edition.title_nl = "Anders"
    with pytest.raises(Immutable):
        edition.save()
    figure = EditionFigure.objects.filter(edition=edition).first()
    figure.value = 1
    with pytest.raises(Immutable):
        figure.save()
    with pytest.raises(Immutable):
        edition.delete()


@pytest.mark.django_db
def test_small_person_counts_are_hidden_and_protected_by_secondary_suppression(demo_monitor):
    hidden = EditionFigure.objects.filter(indicator_code="police_signals", value__isnull=True)
    assert "<5" in set(hidden.values_list("symbol", flat=True)) <= {"<5", "x"}
    shown = EditionFigure.objects.filter(indicator_code="police_signals", value__isnull=False)
    assert all(f.value == 0 or f.value >= 5 for f in shown)
    for edition in Edition.objects.all():
        assert edition.disclosure_report["audit_passed"] is True
        assert "<5" in edition.disclosure_report["statement"]["nl"]


@pytest.mark.django_db
def test_privacy_statement_names_indicators_by_title_in_each_language(demo_monitor, catalog):
    statement = Edition.objects.get(year=2020).disclosure_report["statement"]
    police = catalog.indicators["police_signals"].name
    assert f"‘{police.nl}’" in statement["nl"] and f"‘{police.en}’" in statement["en"]
    assert "police_signals" not in statement["nl"] + statement["en"]


@pytest.mark.django_db
def test_an_edition_without_deliveries_is_not_published(catalog):
    with pytest.raises(PublicationRefused, match="geen actuele leveringen"):
        edition_publish(catalog=catalog, year=2020)
    assert not Edition.objects.exists()  # not even a draft is left behind


@pytest.mark.django_db
def test_true_zeros_are_shown_and_breakdowns_are_published_for_the_region_only(catalog):
    rows = "".join(f"GM0599;2020-0{1 + n % 9}-01;vrouw;18-23;seksueel\n" for n in range(30))
    content = ("municipality;period;sex;age_group;exploitation_form\n" + rows).encode()
    delivery_import(
        catalog=catalog, partner="humanitas", year=2020, filename="h.csv", content=content
    )
    edition_publish(catalog=catalog, year=2020)
    figures = EditionFigure.objects.filter(indicator_code="humanitas_reports")
    men = figures.get(area_code="RE-RTM", breakdown="sex=man")
    assert (men.value, men.symbol) == (0, "")
    assert figures.get(area_code="RE-RTM", breakdown="sex=vrouw").value == 30
    assert not figures.filter(area_code="GM0599").exclude(breakdown="").exists()


@pytest.mark.django_db
def test_the_covid_note_is_frozen_with_the_2020_edition(demo_monitor):
    edition = Edition.objects.get(year=2020)
    notes = edition.editionnote_set.filter(indicator_code="administrative_checks")
    assert notes.count() == 1 and "COVID-19" in notes.get().text_nl
