"""Parse a delivery file end to end: read, validate everything, and return observations."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from zicht.core.catalog.model import Catalog, DeliveryFormat, Text
from zicht.core.deliveries.aggregate import validate_aggregate
from zicht.core.deliveries.columns import read_column_names
from zicht.core.deliveries.errors import (
    MAX_REPORTED,
    DeliveryError,
    DeliveryRejected,
    sort_errors,
)
from zicht.core.deliveries.limits import DeliveryLimits
from zicht.core.deliveries.reading import read_table
from zicht.core.deliveries.records import validate_records
from zicht.core.deliveries.rules import (
    ROW,
    hide_unknown_names,
    more_rows,
    with_row_numbers,
    without_empty_rows,
)
from zicht.core.privacy.guard import scan_frame


@dataclass(frozen=True)
class ParsedDelivery:
    """A delivery that passed validation, ready to be stored."""

    partner: str
    year: int
    format: DeliveryFormat
    checksum: str  # SHA-256 of the file exactly as received
    row_count: int
    observations: pl.DataFrame  # indicator, area, period, breakdown, value


def checksum_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _with_personal_data(frame: pl.DataFrame, errors: list[DeliveryError]) -> list[DeliveryError]:
    """Name the kind of personal data in cells that failed validation.

    A file that passes validation holds only catalogue codes, numbers and periods, so personal
    data can only sit in cells that failed; the guard then says what kind it is (never the
    value), instead of a generic "unknown code".
    """
    findings = scan_frame(frame.drop(ROW), date_columns=frozenset({"period"}))
    flagged = {(f.row_number, f.column) for f in findings}
    extra = more_rows(len(findings) - MAX_REPORTED, None, "personal_data")
    findings = findings[:MAX_REPORTED]
    personal = [
        DeliveryError(
            f.row_number,
            f.column,
            "personal_data",
            Text(
                f"bevat persoonsgegevens ({f.kind.label}); lever alleen gegevens die niet "
                "tot een persoon te herleiden zijn",
                f"holds personal data ({f.kind.english_label}); deliver only data that cannot "
                "be traced back to a person",
            ),
        )
        for f in findings
    ]
    return personal + extra + [e for e in errors if (e.row, e.column) not in flagged]


def parse_delivery(
    content: bytes,
    filename: str,
    *,
    catalog: Catalog,
    partner: str,
    year: int,
    limits: DeliveryLimits | None = None,
) -> ParsedDelivery:
    """Validate a whole file before anything is stored; raise :class:`DeliveryRejected`.

    Read an upload with :func:`read_limited` first: it never reads more than the limit.
    """
    spec = catalog.partners.get(partner)
    if spec is None:
        known = ", ".join(sorted(catalog.partners))
        reason = Text(
            f"onbekende partner '{partner}'; bekende partners: {known}",
            f"unknown partner '{partner}'; known partners: {known}",
        )
        raise DeliveryRejected([DeliveryError(None, None, "unknown_partner", reason)])
    if spec.since is not None and year < spec.since:
        raise DeliveryRejected(
            [
                DeliveryError(
                    None,
                    None,
                    "partner_not_active",
                    Text(
                        f"deze partner levert pas vanaf {spec.since}",
                        f"this partner delivers from {spec.since} only",
                    ),
                )
            ]
        )
    frame = without_empty_rows(with_row_numbers(read_table(content, filename, limits)))
    # A record-level file with its header and no rows says "no cases this year": it is counted
    # as 0 for every municipality. An aggregate file states its figures, a 0 included.
    if frame.height == 0 and spec.format is not DeliveryFormat.RECORD:
        reason = Text(
            "het bestand bevat alleen een kopregel; vul per cijfer een aantal in, ook 0",
            "the file holds only a header; fill in a count for every figure, 0 included",
        )
        raise DeliveryRejected([DeliveryError(None, None, "empty_file", reason)])
    if spec.format is DeliveryFormat.ANALYSIS:
        raise DeliveryRejected(
            [
                DeliveryError(
                    None,
                    None,
                    "computed_by_zicht",
                    Text(
                        "deze cijfers berekent Zicht zelf; lever geen bestand",
                        "Zicht computes these figures itself; deliver no file",
                    ),
                )
            ]
        )
    validate = validate_records if spec.format is DeliveryFormat.RECORD else validate_aggregate
    frame, file_columns = read_column_names(frame, catalog)
    frame = hide_unknown_names(frame, set(file_columns.names))
    errors, observations = validate(frame, catalog, spec, year)
    if errors:
        found = _with_personal_data(frame, errors)
        raise DeliveryRejected(sort_errors(file_columns.tell(found)))
    return ParsedDelivery(
        partner, year, spec.format, checksum_of(content), frame.height, observations
    )
