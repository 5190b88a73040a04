"""Writes: import a delivery, publish an edition. Thin views and the CLI call these."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from zicht.core.catalog import Catalog
from zicht.core.catalog.model import DeliveryFormat
from zicht.core.deliveries import DeliveryError, DeliveryRejected, parse_delivery
from zicht.core.privacy.guard import scan_text
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Delivery, Observation

log = logging.getLogger("zicht.deliveries")


@dataclass(frozen=True)
class DeliveryResult:
    delivery: Delivery
    created: bool  # False when the identical file was already the current delivery
    observations: int


def _current_delivery(partner: str, year: int) -> Delivery | None:
    return (
        Delivery.objects.select_for_update()
        .filter(partner_id=partner, year=year, status=Delivery.Status.CURRENT)
        .first()
    )


def refuse_personal_text(text: str, *, what: str) -> None:
    """Free text may hold no personal data either; the refusal names the kind, not the value."""
    kinds = scan_text(text) if text else []
    if kinds:
        labels = ", ".join(sorted({k.label for k in kinds}))
        raise DeliveryRejected(
            [
                DeliveryError(
                    None, None, "personal_data", f"{what} bevat persoonsgegevens ({labels})"
                )
            ]
        )


def store_delivery(
    *,
    partner: str,
    year: int,
    delivery_format: str,
    filename: str,
    checksum: str,
    content: bytes | None,
    row_count: int,
    observations: Iterable[tuple],  # (indicator, area, period, breakdown, value[, lower, upper])
    note: str = "",
) -> DeliveryResult:
    """Store a validated delivery and its observations in one transaction, as a new revision
    when the partner already delivered for that year (the old one stays as history)."""
    with transaction.atomic():
        previous = _current_delivery(partner, year)
        if previous is not None and previous.checksum == checksum:
            return DeliveryResult(previous, False, previous.observations.count())
        if previous is not None:
            previous.status = Delivery.Status.SUPERSEDED
            previous.save(update_fields=["status"])
        delivery = Delivery.objects.create(
            partner_id=partner,
            year=year,
            revision=(previous.revision + 1 if previous else 1),
            supersedes=previous,
            format=delivery_format,
            filename=filename[:255],
            checksum=checksum,
            row_count=row_count,
            note=note,
            content=content,
        )
        created = Observation.objects.bulk_create(
            Observation(
                delivery=delivery,
                indicator_id=row[0],
                area_id=row[1],
                period=row[2],
                year=year,
                breakdown=row[3],
                value=row[4],
                lower=row[5] if len(row) > 5 else None,
                upper=row[6] if len(row) > 5 else None,
            )
            for row in observations
        )
    # Counts and ids only: never row contents.
    log.info(
        "delivery stored partner=%s year=%s revision=%s rows=%s observations=%s",
        partner,
        year,
        delivery.revision,
        row_count,
        len(created),
    )
    return DeliveryResult(delivery, True, len(created))


def delivery_import(
    *, catalog: Catalog, partner: str, year: int, filename: str, content: bytes, note: str = ""
) -> DeliveryResult:
    """Validate a partner file whole, then store it with its observations in one transaction.

    Raises ``DeliveryRejected`` (nothing stored) when any row is wrong. Aggregate files are
    kept as received; record-level files are counted and only their checksum is kept.
    """
    refuse_personal_text(note, what="de toelichting")
    parsed = parse_delivery(content, filename, catalog=catalog, partner=partner, year=year)
    catalog_sync(catalog=catalog)
    return store_delivery(
        partner=partner,
        year=year,
        delivery_format=parsed.format.value,
        filename=filename,
        checksum=parsed.checksum,
        row_count=parsed.row_count,
        note=note,
        content=content if parsed.format is DeliveryFormat.AGGREGATE else None,
        observations=parsed.observations.iter_rows(),
    )
