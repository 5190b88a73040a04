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
