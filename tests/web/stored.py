"""Observations written straight into the database, past the delivery checks: for tests of what
publication does with data stored before a check existed or by an analysis."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from zicht.core.deliveries import ObservationRow
from zicht.web.monitor.services import DeliveryResult, store_delivery


def store_rows(
    partner: str,
    year: int,
    rows: Sequence[ObservationRow],
    *,
    filename: str = "opgeslagen.csv",
    delivery_format: str = "aggregate",
) -> DeliveryResult:
    """One delivery of ``rows`` (no file kept); its checksum is that of the rows."""
    checksum = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return store_delivery(
        partner=partner,
        year=year,
        delivery_format=delivery_format,
        filename=filename,
        checksum=checksum,
        content=None,
        row_count=len(rows),
        observations=rows,
    )
