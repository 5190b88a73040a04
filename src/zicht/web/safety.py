"""Refuse unsafe configurations before Django starts (production only; the demo stays easy)."""

from __future__ import annotations

from zicht import config

SECRET_MIN_LENGTH = 50  # Django's own deploy check (security.W009) asks the same
SECRET_MIN_UNIQUE = 5


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
        if not config.value(name).is_file():
            raise config.ConfigurationError(f"{name} wijst niet naar een bestaand sleutelbestand")
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
