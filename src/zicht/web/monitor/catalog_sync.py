"""Mirror the catalogue YAML into the database, so observations can refer to it."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.db.models import Model

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


def _mirror(model: type[Model], rows: dict[str, dict[str, object]]) -> None:
    """Make ``model`` hold ``rows`` (values by primary key ``code``), writing only what differs.

    Every delivery, analysis and publication syncs first; with the catalogue unchanged that is
    one query per model instead of a read and a write per row."""
    existing = model.objects.in_bulk(list(rows))
    new, changed = [], []
    for code, values in rows.items():
        row = existing.get(code)
        if row is None:
            new.append(model(code=code, **values))
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
    # Two processes syncing a new catalogue at once (two workers, a delivery during a run)
    # insert the same rows: the second insert of a code is skipped, the values are the same.
    model.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        model.objects.bulk_update(changed, fields=list(next(iter(rows.values()))))


def _region_of(catalog: Catalog, municipality: str) -> str | None:
    return next((r.code for r in catalog.regions.values() if municipality in r.members), None)


@transaction.atomic
def catalog_sync(*, catalog: Catalog) -> None:
    _mirror(Theme, {
        t.code: {"order": t.order, "name_nl": t.name.nl, "name_en": t.name.en, "since": t.since}
        for t in catalog.themes.values()
    })  # fmt: skip
    _mirror(Partner, {
        p.code: {
            "name_nl": p.name.nl, "name_en": p.name.en, "kind": p.kind, "format": p.format.value,
        }
        for p in catalog.partners.values()
    })  # fmt: skip
    _mirror(Area, {
        r.code: {"name": r.name.nl, "level": "region", "region_id": None}
        for r in catalog.regions.values()
    })  # fmt: skip
    _mirror(Area, {
        a.code: {"name": a.name, "level": "municipality", "region_id": _region_of(catalog, a.code)}
        for a in catalog.municipalities.values()
    })  # fmt: skip
    _mirror(Indicator, {
        i.code: {
            "theme_id": i.theme,
            "partner_id": i.partner,
            "name_nl": i.name.nl,
            "name_en": i.name.en,
            "kind": i.kind.value,
            "area_level": i.area_level.value,
            "period_type": i.period_type.value,
            "additive": i.additive,
            "data_status": i.data_status.value,
            "definition": indicator_metadata(catalog, i.code),
        }
        for i in catalog.indicators.values()
    })  # fmt: skip
