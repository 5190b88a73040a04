"""Writes: import a delivery, publish an edition. Thin views and the CLI call these."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.utils import timezone

from zicht import config
from zicht.core.catalog import Catalog
from zicht.core.catalog.model import DeliveryFormat, Text
from zicht.core.deliveries import (
    DeliveryError,
    DeliveryLimits,
    DeliveryRejected,
    ObservationRow,
    observation_rows,
    parse_delivery,
    read_limited,
)
from zicht.core.deliveries.errors import NOTE_REFUSED
from zicht.core.deliveries.filenames import kept_filename
from zicht.core.deliveries.limits import MEGABYTE
from zicht.core.privacy.guard.free_text import check_free_text, describe_findings
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Delivery, Observation
from zicht.web.monitor.signals import delivery_reviewed, delivery_stored

log = logging.getLogger("zicht.deliveries")


@dataclass(frozen=True)
class DeliveryResult:
    delivery: Delivery
    created: bool  # False when the identical file was already the current delivery
    observations: int
    #: True when the file is the very one of the current delivery a coordinator rejected: it is
    #: offered again as a new revision and waits for review again.
    resubmitted: bool = False


def _current_delivery(partner: str, year: int) -> Delivery | None:
    return (
        Delivery.objects.select_for_update()
        .filter(partner_id=partner, year=year, status=Delivery.Status.CURRENT)
        .first()
    )


def personal_text_errors(
    text: str, *, what: Text, code: str = "personal_data"
) -> list[DeliveryError]:
    """Free text may hold no personal data either; the problem names the kind, not the value."""
    findings = check_free_text(text) if text else []
    if not findings:
        return []
    message = Text(
        f"{what.nl} bevat persoonsgegevens: {describe_findings(findings)}",
        f"{what.en} holds personal data: {describe_findings(findings, 'en')}",
    )
    return [DeliveryError(None, None, code, message)]


def refuse_personal_text(text: str, *, what: Text) -> None:
    errors = personal_text_errors(text, what=what)
    if errors:
        raise DeliveryRejected(errors)


class _Collision(Exception):
    """Another delivery of the same partner and year was stored in the meantime."""


COLLISION = DeliveryError(
    None,
    None,
    "concurrent_delivery",
    Text(
        "tegelijk werd een andere levering van deze partner voor dit jaar opgeslagen; "
        "probeer het opnieuw",
        "another delivery of this partner for this year was stored at the same moment; "
        "please try again",
    ),
)


def analysis_content(payload: dict) -> bytes:
    """The stored content of an analysis delivery: its payload as canonical JSON, so that the
    same result gives the same checksum (and is not stored twice)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()


def store_delivery(
    *,
    partner: str,
    year: int,
    delivery_format: str,
    filename: str,
    checksum: str,
    content: bytes | None,
    row_count: int,
    observations: Iterable[ObservationRow],
    note: str = "",
    delivered_by=None,
    pending: bool = False,
) -> DeliveryResult:
    """Store a validated delivery and its observations in one transaction, as a new revision
    when the partner already delivered for that year (the old one stays as history).

    Two deliveries of one partner and year at once: the database allows one current revision
    (a constraint), so the second insert fails; it is retried once on top of the first (and
    becomes the next revision), and refused in Dutch if it collides again.

    A person's delivery (``delivered_by``) waits for a coordinator's review; automation's
    counts as accepted unless ``pending`` asks for a review too.

    The identical file of the current delivery changes nothing, except when a coordinator
    rejected that delivery: then it is offered again, as a new revision that waits for review
    whoever delivered it (a rejected file never becomes accepted without a review).
    """
    rows = list(observations)
    for value in (row.value for row in rows):
        if value is not None and not math.isfinite(value):
            raise DeliveryRejected(
                [
                    DeliveryError(
                        None,
                        "value",
                        "not_finite",
                        Text("een waarde is geen eindig getal", "a value is not a finite number"),
                    )
                ]
            )
    fields = dict(
        partner=partner, year=year, delivery_format=delivery_format, filename=filename,
        checksum=checksum, content=content, row_count=row_count, note=note,
        delivered_by=delivered_by, pending=pending,
    )  # fmt: skip
    for attempt in range(2):
        try:
            result = _store_once(rows=rows, **fields)
            break
        except _Collision:
            log.warning("delivery collided partner=%s year=%s attempt=%s", partner, year, attempt)
    else:
        raise DeliveryRejected([COLLISION])
    # Counts and ids only: never row contents.
    log.info(
        "delivery stored partner=%s year=%s revision=%s rows=%s observations=%s",
        partner,
        year,
        result.delivery.revision,
        row_count,
        result.observations,
    )
    delivery_stored.send(
        Delivery,
        delivery=result.delivery,
        created=result.created,
        by=delivered_by,
        resubmitted=result.resubmitted,
    )
    return result


def _store_once(*, rows: list[ObservationRow], delivery_format: str, **fields) -> DeliveryResult:
    partner, year, checksum = fields["partner"], fields["year"], fields["checksum"]
    with transaction.atomic():
        previous = _current_delivery(partner, year)
        resubmitted = False
        if previous is not None and previous.checksum == checksum:
            if previous.review != Delivery.Review.REFUSED:
                return DeliveryResult(previous, False, previous.observations.count())
            resubmitted = True
        if previous is not None:
            previous.status = Delivery.Status.SUPERSEDED
            previous.save(update_fields=["status"])
        try:
            with transaction.atomic():  # a savepoint: the collision is this insert's alone
                delivery = Delivery.objects.create(
                    partner_id=partner,
                    year=year,
                    revision=(previous.revision + 1 if previous else 1),
                    supersedes=previous,
                    format=delivery_format,
                    filename=fields["filename"][:255],
                    checksum=checksum,
                    row_count=fields["row_count"],
                    note=fields["note"],
                    content=fields["content"],
                    channel=Delivery.Channel.PORTAL
                    if fields["delivered_by"] is not None
                    else Delivery.Channel.AUTOMATION,
                    delivered_by=fields["delivered_by"],
                    review=Delivery.Review.PENDING
                    if fields["delivered_by"] is not None or fields["pending"] or resubmitted
                    else Delivery.Review.ACCEPTED,
                )
        except IntegrityError:
            raise _Collision from None
        created = Observation.objects.bulk_create(
            Observation(
                delivery=delivery,
                indicator_id=row.indicator,
                area_id=row.area,
                period=row.period,
                year=year,
                breakdown=row.breakdown,
                value=row.value,
                lower=row.lower,
                upper=row.upper,
            )
            for row in rows
        )
    return DeliveryResult(delivery, True, len(created), resubmitted)


def delivery_limits() -> DeliveryLimits:
    """The upload limits from the settings."""
    return DeliveryLimits(
        max_bytes=config.value("ZICHT_UPLOAD_MAX_MEGABYTES") * MEGABYTE,
        max_rows=config.value("ZICHT_UPLOAD_MAX_ROWS"),
        max_columns=config.value("ZICHT_UPLOAD_MAX_COLUMNS"),
        max_cell_characters=config.value("ZICHT_UPLOAD_MAX_CELL_CHARACTERS"),
    )


def delivery_import(
    *,
    catalog: Catalog,
    partner: str,
    year: int,
    filename: str,
    content: bytes | BinaryIO,
    note: str = "",
    limits: DeliveryLimits | None = None,
    delivered_by=None,
    pending: bool = False,
) -> DeliveryResult:
    """Validate a partner file whole, then store it with its observations in one transaction.

    The one entry point for every upload (CLI and web). ``content`` may be an open binary
    file: no more than the size limit (plus one byte) is read from it. Raises
    ``DeliveryRejected`` (nothing stored) when the file breaks a limit or any row is wrong.
    Aggregate files are kept as received; record-level files are counted and only their
    checksum is kept.
    """
    limits = limits or delivery_limits()
    # The file is checked even when the note is refused, so that the partner learns about
    # both at once, and knows a good file is good.
    note_errors = personal_text_errors(
        note, what=Text("de toelichting", "the note"), code=NOTE_REFUSED
    )
    try:
        content = read_limited(content, limits)
        parsed = parse_delivery(
            content, filename, catalog=catalog, partner=partner, year=year, limits=limits
        )
    except DeliveryRejected as rejected:
        if note_errors:
            raise DeliveryRejected(note_errors + rejected.errors, rejected.total + 1) from None
        raise
    if note_errors:
        raise DeliveryRejected(note_errors)
    catalog_sync(catalog=catalog)
    return store_delivery(
        partner=partner,
        year=year,
        delivery_format=parsed.format.value,
        filename=kept_filename(filename),
        checksum=parsed.checksum,
        row_count=parsed.row_count,
        note=note,
        content=content if parsed.format is DeliveryFormat.AGGREGATE else None,
        observations=observation_rows(parsed.observations),
        delivered_by=delivered_by,
        pending=pending,
    )


class ReviewRefused(Exception):
    """The review is not allowed; the message says why (Dutch)."""


class ReasonRequired(ReviewRefused):
    """A refusal without a reason: the partner would not know what to correct."""


def delivery_review(*, delivery: Delivery, reviewer, accept: bool, reason: str = "") -> Delivery:
    """A coordinator accepts or refuses a current delivery. Four eyes: never the uploader's own.

    A refusal needs a reason, free of personal data: the partner reads it to know what to
    correct. Nothing changes when either is missing."""
    reason = reason.strip()
    if not accept and not reason:
        raise ReasonRequired("geef bij afwijzen de reden: de partner leest die")
    refuse_personal_text(reason, what=Text("de reden", "the reason"))
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.delivered_by_id is not None and delivery.delivered_by_id == reviewer.pk:
            raise ReviewRefused("u kunt uw eigen levering niet beoordelen (vier ogen)")
        if delivery.status != Delivery.Status.CURRENT:
            raise ReviewRefused("deze levering is vervangen door een nieuwere revisie")
        if delivery.review != Delivery.Review.PENDING:
            raise ReviewRefused("deze levering is al beoordeeld")
        delivery.review = Delivery.Review.ACCEPTED if accept else Delivery.Review.REFUSED
        delivery.reviewed_by = reviewer
        delivery.reviewed_at = timezone.now()
        delivery.review_reason = reason
        delivery.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_reason"])
    log.info("delivery reviewed id=%s review=%s", delivery.pk, delivery.review)
    delivery_reviewed.send(Delivery, delivery=delivery, reviewer=reviewer)
    return delivery
