"""Configuration from the environment, read in one place with types, defaults and help.

Every setting Zicht reads is listed in ``SETTINGS`` so that ``.env.example`` and
``docs/operations.md`` can be checked against it by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


SETTINGS = (
    Setting(
        "ZICHT_DATABASE_URL",
        None,
        "Database URL. Default: SQLite at $ZICHT_DATA_DIR/zicht.sqlite3. Production: "
        "postgres://user:password@host:5432/name",
    ),
    Setting(
        "ZICHT_DATA_DIR",
        str(PROJECT_ROOT / "var"),
        "Folder for the embedded SQLite database and generated files.",
    ),
    Setting(
        "ZICHT_CATALOG_DIR",
        str(PROJECT_ROOT / "catalog"),
        "Folder with the catalogue YAML (themes, partners, areas, indicators, editions).",
    ),
    Setting(
        "ZICHT_PSEUDONYM_KEY_FILE",
        None,
        "File with the secret key for pseudonyms of phone numbers, e-mail addresses and "
        "image hashes in ad corpora. Default: $ZICHT_DATA_DIR/pseudonym.key, created for "
        "the demo; required in production.",
    ),
    Setting(
        "ZICHT_AD_TEXT_MAX_RETENTION_DAYS",
        "30",
        "Longest retention, in days, a coordinator may give the restricted ad text store of an "
        "analysis run (off unless a run asks for it); 0 disables the store.",
    ),
    Setting(
        "ZICHT_SECRET_KEY",
        None,
        "Django secret key. Required when ZICHT_DEBUG is off; no default in production.",
    ),
    Setting(
        "ZICHT_ENVIRONMENT",
        "demo",
        "'demo' (embedded defaults) or 'production' (secrets required, no defaults).",
    ),
    Setting("ZICHT_DEBUG", "false", "Debug mode: 'true' only on a developer's machine."),
    Setting(
        "ZICHT_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the web server answers to.",
    ),
)


def get(name: str) -> str | None:
    setting = next(s for s in SETTINGS if s.name == name)
    return os.environ.get(name, setting.default)


def data_dir() -> Path:
    return Path(get("ZICHT_DATA_DIR") or PROJECT_ROOT / "var")


def catalog_dir() -> Path:
    return Path(get("ZICHT_CATALOG_DIR") or PROJECT_ROOT / "catalog")


def pseudonym_secret() -> bytes:
    """The key for keyed pseudonyms; the demo creates one, production must provide it."""
    import secrets

    path = Path(get("ZICHT_PSEUDONYM_KEY_FILE") or data_dir() / "pseudonym.key")
    if not path.exists():
        if get("ZICHT_ENVIRONMENT") == "production":
            raise RuntimeError("ZICHT_PSEUDONYM_KEY_FILE must point to an existing key file")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


def ad_text_max_retention_days() -> int:
    """Upper bound on the retention of stored ad text; 0 means the store cannot be enabled."""
    value = get("ZICHT_AD_TEXT_MAX_RETENTION_DAYS") or "0"
    days = int(value)
    if days < 0:
        raise ValueError("ZICHT_AD_TEXT_MAX_RETENTION_DAYS must be 0 or more")
    return days


def database_url() -> str:
    return get("ZICHT_DATABASE_URL") or f"sqlite:///{data_dir() / 'zicht.sqlite3'}"


def debug() -> bool:
    return (get("ZICHT_DEBUG") or "").lower() in ("1", "true", "yes")
