"""Turn ``ZICHT_DATABASE_URL`` into Django's DATABASES entry, through dj-database-url.

dj-database-url keeps the URL's options (``?sslmode=require``, ``sslrootcert`` ...), so that a
municipality's managed PostgreSQL can demand TLS without code changes.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


def database_settings(url: str) -> dict[str, object]:
    try:
        settings = dict(dj_database_url.parse(url, conn_health_checks=True))
    except (ValueError, KeyError):
        # No echo of the URL: it may hold a password.
        raise ValueError("ZICHT_DATABASE_URL is geen geldige database-URL") from None
    if settings.get("ENGINE") not in ENGINES:
        raise ValueError("ZICHT_DATABASE_URL: alleen sqlite:// en postgres:// worden ondersteund")
    if settings["ENGINE"] == ENGINES[0]:
        path = Path(str(settings["NAME"] or "zicht.sqlite3"))
        path.parent.mkdir(parents=True, exist_ok=True)
        settings["NAME"] = str(path)
        # Waiting for a writer beats failing with "database is locked" under a second process.
        settings.setdefault("OPTIONS", {}).setdefault("timeout", 30)
    return settings
