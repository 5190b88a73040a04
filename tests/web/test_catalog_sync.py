"""The catalogue mirrored into the database: changes arrive, an unchanged catalogue costs one
read per table (every delivery, analysis and publication syncs first)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from zicht.core.catalog.model import Text
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Area, Indicator, Partner, Theme

pytestmark = pytest.mark.django_db


def test_a_first_sync_mirrors_every_code(catalog):
    catalog_sync(catalog=catalog)
    assert set(Theme.objects.values_list("code", flat=True)) == set(catalog.themes)
    assert set(Partner.objects.values_list("code", flat=True)) == set(catalog.partners)
    assert set(Indicator.objects.values_list("code", flat=True)) == set(catalog.indicators)
    municipality = next(iter(catalog.municipalities))
    region = next(r for r in catalog.regions.values() if municipality in r.members)
    assert Area.objects.get(code=municipality).region_id == region.code


def test_an_unchanged_catalogue_is_read_not_written(catalog, django_assert_max_num_queries):
    catalog_sync(catalog=catalog)
    # Five reads (themes, partners, regions, municipalities, indicators) and the transaction.
    with django_assert_max_num_queries(7):
        catalog_sync(catalog=catalog)


def test_a_changed_name_and_a_new_theme_arrive(catalog):
    catalog_sync(catalog=catalog)
    theme = next(iter(catalog.themes.values()))
    renamed = replace(theme, name=Text("Nieuwe naam", "New name"))
    added = replace(theme, code="nieuw_thema", order=99)
    changed = replace(catalog, themes={**catalog.themes, theme.code: renamed, "nieuw_thema": added})
    catalog_sync(catalog=changed)
    assert Theme.objects.get(code=theme.code).name_nl == "Nieuwe naam"
    assert Theme.objects.get(code="nieuw_thema").order == 99
    assert Theme.objects.count() == len(catalog.themes) + 1
