"""Turn ``ZICHT_DATABASE_URL`` into Django's DATABASES entry (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse


def database_settings(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(unquote(parsed.path)) if parsed.path not in ("", "/") else Path("zicht.sqlite3")
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {"timeout": 30},
        }
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
        }
    raise ValueError(f"unsupported database URL scheme: {parsed.scheme!r}")
