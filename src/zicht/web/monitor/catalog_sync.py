"""Mirror the catalogue YAML into the database, so observations can refer to it."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from zicht.core.catalog import Catalog
from zicht.web.monitor.models import Area, Indicator, Partner, Theme


def _plain(value: object) -> object:
    """Catalogue dataclasses as JSON-safe data (enums become their values)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):
        return value.value
    return value


def indicator_metadata(catalog: Catalog, code: str) -> dict:
    return _plain(asdict(catalog.indicators[code]))


@transaction.atomic
def catalog_sync(*, catalog: Catalog) -> None:
    for theme in catalog.themes.values():
        Theme.objects.update_or_create(
            code=theme.code,
            defaults={
                "order": theme.order,
                "name_nl": theme.name.nl,
                "name_en": theme.name.en,
                "since": theme.since,
            },
        )
    for partner in catalog.partners.values():
        Partner.objects.update_or_create(
            code=partner.code,
            defaults={
                "name_nl": partner.name.nl,
                "name_en": partner.name.en,
                "kind": partner.kind,
                "format": partner.format.value,
            },
        )
    for region in catalog.regions.values():
        Area.objects.update_or_create(
            code=region.code, defaults={"name": region.name.nl, "level": "region", "region": None}
        )
    for area in catalog.municipalities.values():
        region = next((r for r in catalog.regions.values() if area.code in r.members), None)
        Area.objects.update_or_create(
            code=area.code,
            defaults={
                "name": area.name,
                "level": "municipality",
                "region_id": region.code if region else None,
            },
        )
    for indicator in catalog.indicators.values():
        Indicator.objects.update_or_create(
            code=indicator.code,
            defaults={
                "theme_id": indicator.theme,
                "partner_id": indicator.partner,
                "name_nl": indicator.name.nl,
                "name_en": indicator.name.en,
                "kind": indicator.kind.value,
                "area_level": indicator.area_level.value,
                "period_type": indicator.period_type.value,
                "additive": indicator.additive,
                "data_status": indicator.data_status.value,
                "definition": indicator_metadata(catalog, indicator.code),
            },
        )
