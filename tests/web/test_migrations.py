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
