"""The models and their migrations agree: a model change without a migration fails here."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit:  # --check exits with 1 when a migration is missing
        pytest.fail(f"models changed without a migration:\n{output.getvalue()}")
    assert "No changes detected" in output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_notes_frozen_before_note_kinds_are_classified_by_where_they_came_from() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("monitor", "0005_dutch_names")], [("monitor", "0006_edition_note_kind")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    partner = old.get_model("monitor", "Partner")
    analysis = partner.objects.create(code="koppeling-en-schatting", name_nl="x", format="analysis")
    police = partner.objects.create(code="politie", name_nl="y", format="aggregate")
    old.get_model("monitor", "Delivery").objects.create(
        partner=analysis,
        year=2020,
        revision=1,
        format="analysis",
        filename="a",
        checksum="c",
        row_count=1,
    )
    snapshot = {
        "indicators": {
            "estimated_victims": {"partner": "koppeling-en-schatting"},
            "administrative_checks": {"partner": police.code},
        }
    }
    edition = old.get_model("monitor", "Edition").objects.create(
        year=2020, title_nl="t", status="published", catalog_snapshot=snapshot
    )
    notes = old.get_model("monitor", "EditionNote")
    method = notes.objects.create(edition=edition, indicator_code="estimated_victims", text_nl="m")
    context = notes.objects.create(
        edition=edition, indicator_code="administrative_checks", text_nl="COVID-19"
    )
    theme = notes.objects.create(edition=edition, theme_code="context", text_nl="t")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("monitor", "EditionNote")
    kinds = {note.pk: note.kind for note in new.objects.all()}
    assert kinds == {method.pk: "method", context.pk: "context", theme.pk: "context"}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_file_names_stored_before_they_were_checked_lose_a_persons_name() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("monitor", "0009_delivered_reviewed_published_by"), ("portal", "0002_roles")]
    after = [("portal", "0003_unkept_filenames")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    partner = old.get_model("monitor", "Partner").objects.create(
        code="humanitas", name_nl="h", format="record"
    )
    user = old.get_model("auth", "User").objects.create(username="partner")
    deliveries, attempts = {}, {}
    for revision, name in enumerate(("Jan Jansen 12-03-1990.csv", "humanitas_2020_v2.csv"), 1):
        status = "superseded" if revision == 1 else "current"
        deliveries[name] = old.get_model("monitor", "Delivery").objects.create(
            partner=partner, year=2020, revision=revision, format="record", filename=name,
            checksum=str(revision), row_count=1, status=status,
        )  # fmt: skip
        attempts[name] = old.get_model("portal", "UploadAttempt").objects.create(
            partner=partner, year=2020, uploaded_by=user, filename=name, outcome="stored"
        )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    delivery, attempt = (
        new.get_model("monitor", "Delivery"),
        new.get_model("portal", "UploadAttempt"),
    )
    expected = {
        "Jan Jansen 12-03-1990.csv": "naam-niet-bewaard.csv",
        "humanitas_2020_v2.csv": "humanitas_2020_v2.csv",
    }
    for name, kept in expected.items():
        assert delivery.objects.get(pk=deliveries[name].pk).filename == kept
        assert attempt.objects.get(pk=attempts[name].pk).filename == kept
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_events_written_before_the_trail_was_sealed_are_sealed_oldest_first() -> None:
    from datetime import UTC, datetime, timedelta

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from zicht.web.portal import sealing
    from zicht.web.portal.models import AuditEvent

    before, after = (
        [("portal", "0005_unavailable_withdrawn_at")],
        [("portal", "0006_sealed_audit_trail")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("portal", "AuditEvent")
    start = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    # Written out of time order: the later event gets the lower id.
    later = old.objects.create(at=start + timedelta(hours=2), action="sign_in", actor_name="b")
    earlier = old.objects.create(at=start, action="download", ip_address="::1", target="x")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    positions = dict(AuditEvent.objects.values_list("pk", "position"))
    assert positions == {earlier.pk: 1, later.pk: 2}
    assert sealing.check(AuditEvent).intact
    newest = AuditEvent.objects.create(action="sign_out")  # the application seals on top
    assert newest.position == 3 and sealing.check(AuditEvent).events == 3
