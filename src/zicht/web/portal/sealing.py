"""The audit trail's seals in the database (see ``zicht.core.audit_chain``): each new event is
sealed onto the last one, and the whole trail can be checked against the key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields

from django.db import IntegrityError, connection, transaction

from zicht import config
from zicht.core.audit_chain import (
    START,
    Anchor,
    AuditFields,
    ChainCheck,
    SealedEvent,
    check_chain,
    seal,
)

#: PostgreSQL advisory lock held while an event is sealed and written, so that two processes
#: never seal onto the same last event ("ZICHTAUD" in ASCII).
_LOCK = 0x5A49434854415544
#: SQLite has no such lock: a process that sealed onto an event another process sealed onto
#: first is refused by the unique position, and seals again onto the new last event.
_ATTEMPTS = 5


def fields_of(event) -> AuditFields:
    """What the seal covers, read from an event by the names the core gives it."""
    return AuditFields(**{field.name: getattr(event, field.name) for field in fields(AuditFields)})


def append_sealed(event, insert: Callable[[], None]) -> None:
    """Give ``event`` the next position and its seal, then ``insert`` it, as one step."""
    key = config.audit_key()
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
                position, previous = _last(type(event))
                event.position = position + 1
                event.seal = seal(key, previous, fields_of(event))
                insert()
            return
        except IntegrityError:
            if attempt == _ATTEMPTS:
                raise


def _last(model) -> tuple[int, str]:
    last = model.objects.order_by("-position").values_list("position", "seal").first()
    return last if last is not None else (0, START)


def check(model, anchor: Anchor | None = None) -> ChainCheck:
    """Check the whole trail, oldest first, reading it in batches (and, given the last event
    the log recorded, that it is still there with its seal)."""
    return check_chain(config.audit_key(), _sealed_events(model), anchor)


def _sealed_events(model) -> Iterator[SealedEvent]:
    # Plain values, not model instances: building an instance per event took most of the time.
    names = [field.name for field in fields(AuditFields)]
    rows = model.objects.order_by("position").values_list(*names, "seal")
    for *values, event_seal in rows.iterator(chunk_size=5000):
        yield SealedEvent(AuditFields(*values), event_seal)
