"""Refuse unsafe configurations before Django starts (production only; the demo stays easy)."""

from __future__ import annotations

from zicht import config

SECRET_MIN_LENGTH = 50  # Django's own deploy check (security.W009) asks the same
SECRET_MIN_UNIQUE = 5
KEY_FILE_MIN_BYTES = 32  # the HMAC-SHA256 keys Zicht creates itself are this long
# Who else may touch a key file: the group may read it (a deploy group, as PostgreSQL allows for
# its server key), nobody else may do anything with it.
KEY_FILE_FORBIDDEN_MODE = 0o027


def refuse_unsafe(environment: config.Environment) -> None:
    """Raise ConfigurationError naming the setting (never its value) when production is unsafe."""
    if environment is not config.Environment.PRODUCTION:
        return
    missing = config.missing_required()
    if missing:
        raise config.ConfigurationError(
            "in productie ontbreekt: " + ", ".join(missing) + " (zie docs/operations.md)"
        )
    for name in ("ZICHT_PSEUDONYM_KEY_FILE", "ZICHT_AUDIT_KEY_FILE"):
        _refuse_unsafe_key_file(name)
    if config.debug():
        raise config.ConfigurationError("ZICHT_DEBUG=true is in productie niet toegestaan")
    key = config.get("ZICHT_SECRET_KEY") or ""
    if (
        len(key) < SECRET_MIN_LENGTH
        or len(set(key)) < SECRET_MIN_UNIQUE
        or key.startswith("django-insecure-")
        or "insecure" in key
    ):
        raise config.ConfigurationError(
            f"ZICHT_SECRET_KEY is te zwak: minstens {SECRET_MIN_LENGTH} tekens, "
            f"{SECRET_MIN_UNIQUE} verschillende, willekeurig gekozen"
        )
    if "*" in config.value("ZICHT_ALLOWED_HOSTS"):
        raise config.ConfigurationError("ZICHT_ALLOWED_HOSTS='*' is in productie niet toegestaan")


def _refuse_unsafe_key_file(name: str) -> None:
    """A key file must exist, be long enough and be readable by Zicht (and its group) only.
    The message names the setting and the file's permissions, never the key."""
    path = config.value(name)
    if not path.is_file():
        raise config.ConfigurationError(f"{name} wijst niet naar een bestaand sleutelbestand")
    status = path.stat()
    mode = status.st_mode & 0o777
    if mode & KEY_FILE_FORBIDDEN_MODE:
        raise config.ConfigurationError(
            f"{name}: het sleutelbestand heeft rechten {mode:o}; alleen Zicht mag het lezen "
            f"(chmod 600, of 640 voor een beheergroep)"
        )
    if status.st_size < KEY_FILE_MIN_BYTES:
        raise config.ConfigurationError(
            f"{name}: het sleutelbestand is te kort; minstens {KEY_FILE_MIN_BYTES} willekeurige "
            f"bytes (zie docs/operations.md)"
        )
