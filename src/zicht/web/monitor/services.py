"""Writes: import a delivery, publish an edition. Thin views and the CLI call these."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from zicht.core.catalog import Catalog
from zicht.core.catalog.model import DeliveryFormat
from zicht.core.deliveries import parse_delivery
from zicht.core.deliveries.importing import checksum_of
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


def delivery_import(
    *, catalog: Catalog, partner: str, year: int, filename: str, content: bytes, note: str = ""
) -> DeliveryResult:
    """Validate a partner file whole, then store it with its observations in one transaction.

    A file for a partner and year that already has a delivery becomes a new revision that
    supersedes the previous one; the old revision and its observations stay as history.
    Raises ``DeliveryRejected`` (nothing stored) when any row is wrong.
    """
    parsed = parse_delivery(content, filename, catalog=catalog, partner=partner, year=year)
    with transaction.atomic():
        catalog_sync(catalog=catalog)
        previous = _current_delivery(partner, year)
        if previous is not None and previous.checksum == checksum_of(content):
            return DeliveryResult(previous, False, previous.observations.count())
        if previous is not None:
            previous.status = Delivery.Status.SUPERSEDED
            previous.save(update_fields=["status"])
        delivery = Delivery.objects.create(
            partner_id=partner,
            year=year,
            revision=(previous.revision + 1 if previous else 1),
            supersedes=previous,
            format=parsed.format.value,
            filename=filename[:255],
            checksum=parsed.checksum,
            row_count=parsed.row_count,
            note=note,
            content=content if parsed.format is DeliveryFormat.AGGREGATE else None,
        )
        Observation.objects.bulk_create(
            Observation(
                delivery=delivery,
                indicator_id=indicator,
                area_id=area,
                period=period,
                year=year,
                breakdown=breakdown,
                value=value,
            )
            for indicator, area, period, breakdown, value in parsed.observations.iter_rows()
        )
    # Counts and ids only: never row contents.
    log.info(
        "delivery stored partner=%s year=%s revision=%s rows=%s observations=%s",
        partner,
        year,
        delivery.revision,
        parsed.row_count,
        parsed.observations.height,
    )
    return DeliveryResult(delivery, True, parsed.observations.height)
