"""Checking the audit trail's seals (`zicht audit check`, the audit page's button).

A fresh SQLite database in a temporary folder gets a trail of sealed events (``--events``,
default 100,000, bulk-inserted); then, in turns, ``--pairs`` times:

- **Zicht**: ``sealing.check`` (plain values read in batches, every seal computed again);
- **first version, in the same run**: the same check over model instances, as it was first
  written (one Django model instance per event);
- **baseline, reading only**: the trail read as model instances, as the audit page and the CSV
  read it, with no check at all.

Reported: the median seconds and events per second, and each variant's ratio to the baseline.

Reproduce: ``.venv/bin/python benchmarks/run.py audit_check`` (part of ``make bench``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _prepare(folder: Path, events: int) -> None:
    os.environ["ZICHT_DATA_DIR"] = str(folder)
    os.environ["ZICHT_DATABASE_URL"] = f"sqlite:///{folder / 'zicht.sqlite3'}"
    os.environ["ZICHT_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from zicht import config
    from zicht.core.audit_chain import START, seal
    from zicht.web.portal import sealing
    from zicht.web.portal.models import AuditEvent

    call_command("migrate", verbosity=0)
    key, previous, rows = config.audit_key(), START, []
    for position in range(1, events + 1):
        event = AuditEvent(
            at=timezone.now(),
            actor_id=7,
            actor_name="coordinator-demo",
            action=AuditEvent.Action.DOWNLOAD,
            target=f"levering {position}",
            detail="werkcijfers 2020",
            ip_address="192.0.2.10",
            path="/portaal/werkcijfers.csv",
        )
        event.position = position
        event.seal = previous = seal(key, previous, sealing.fields_of(event))
        rows.append(event)
    AuditEvent.objects.bulk_create(rows, batch_size=5000)


def _zicht() -> int:
    from zicht.web.portal import sealing
    from zicht.web.portal.models import AuditEvent

    check = sealing.check(AuditEvent)
    assert check.intact
    return check.events


def _first_version() -> int:
    from zicht import config
    from zicht.core.audit_chain import SealedEvent, check_chain
    from zicht.web.portal import sealing
    from zicht.web.portal.models import AuditEvent

    events = (
        SealedEvent(sealing.fields_of(e), e.seal)
        for e in AuditEvent.objects.order_by("position").iterator(chunk_size=2000)
    )
    check = check_chain(config.audit_key(), events)
    assert check.intact
    return check.events


def _reading_only() -> int:
    from zicht.web.portal.models import AuditEvent

    return sum(1 for _ in AuditEvent.objects.order_by("position").iterator(chunk_size=2000))


VARIANTS = {
    "baseline: reading only (model instances)": _reading_only,
    "first version: check over model instances": _first_version,
    "Zicht: check over plain values": _zicht,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _prepare(Path(folder), args.events)
        seconds: dict[str, list[float]] = {name: [] for name in VARIANTS}
        for _ in range(args.pairs):
            for name, run in VARIANTS.items():
                started = time.perf_counter()
                assert run() == args.events
                seconds[name].append(time.perf_counter() - started)
    baseline = statistics.median(seconds[next(iter(VARIANTS))])
    print(f"{args.events:,} events, median of {args.pairs} runs in turns ({sys.platform})\n")
    print("| variant | seconds | events/s | × reading only |")
    print("|---|---:|---:|---:|")
    for name, runs in seconds.items():
        median = statistics.median(runs)
        rate = args.events / median
        print(f"| {name} | {median:.2f} | {rate:,.0f} | {median / baseline:.2f} |")


if __name__ == "__main__":
    main()
