"""Configuration from the environment: one typed registry of every setting Zicht reads.

Each setting has a name, a type, a default, a help text and the environments that require it.
``.env.example`` and the table in ``docs/operations.md`` are generated from ``SETTINGS``
(``make settings-docs``) and a test keeps them in step. Adding a setting is one line::

    ZICHT_EXAMPLE = add("ZICHT_EXAMPLE", Kind.INT, "5", "What it does and why.")

and reading it anywhere is ``config.value("ZICHT_EXAMPLE")`` (typed: int, bool, list ...).
This module stays free of Django, so the CLI and the core's callers can use it too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# Where the source lives: the repository root in a checkout, somewhere under site-packages
# when installed from a wheel. Only trusted as a root when it really is a checkout.
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


class ConfigurationError(ValueError):
    """A setting is missing, unknown or unsafe; the message names the setting, never a secret."""


class Environment(StrEnum):
    DEMO = "demo"
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Kind(StrEnum):
    """How a setting's text is read."""

    STR = "text"
    SECRET = "secret"  # never printed, never echoed in an error
    INT = "integer"
    BOOL = "true/false"
    LIST = "comma-separated list"
    PATH = "path"


PRODUCTION_ONLY = frozenset({Environment.PRODUCTION})
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    default: str | None  # as it would be written in the environment; None: no value
    help: str
    required_in: frozenset[Environment] = frozenset()
    example: str | None = None  # shown in .env.example when it differs from the default
    default_help: str | None = None  # for computed defaults ("var/ in the checkout")

    def parse(self, text: str | None) -> object:
        if text is None:
            return None
        text = text.strip()
        if self.kind is Kind.INT:
            try:
                return int(text)
            except ValueError:
                raise ConfigurationError(f"{self.name} moet een geheel getal zijn") from None
        if self.kind is Kind.BOOL:
            if text.lower() not in _TRUE | _FALSE:
                raise ConfigurationError(f"{self.name} moet 'true' of 'false' zijn")
            return text.lower() in _TRUE
        if self.kind is Kind.LIST:
            return [item.strip() for item in text.split(",") if item.strip()]
        if self.kind is Kind.PATH:
            return Path(text).expanduser() if text else None
        return text


SETTINGS: list[Setting] = []


def add(name: str, kind: Kind, default: str | None, help: str, **extra) -> str:
    """Register a setting; returns its name so modules can keep it as a constant."""
    if any(s.name == name for s in SETTINGS):
        raise ConfigurationError(f"{name} is twice in the registry")
    SETTINGS.append(Setting(name, kind, default, help, **extra))
    return name


# --- the registry (keep grouped; `make settings-docs` after a change) -------------------------
add(
    "ZICHT_ENVIRONMENT", Kind.STR, "demo",
    "One of demo, development, test, production. Production requires every secret and refuses "
    "unsafe values; any other word is refused.",
    example="production",
)  # fmt: skip
add(
    "ZICHT_DATABASE_URL", Kind.STR, None,
    "Database URL (dj-database-url syntax; options such as ?sslmode=require are kept).",
    required_in=PRODUCTION_ONLY,
    example="postgres://zicht:secret@127.0.0.1:5432/zicht?sslmode=require",
    default_help="SQLite at `$ZICHT_DATA_DIR/zicht.sqlite3`",
)  # fmt: skip
add(
    "ZICHT_DATA_DIR", Kind.PATH, None,
    "Folder for the embedded SQLite database, collected static files and generated files.",
    example="/var/lib/zicht",
    default_help="`var/` in the checkout; `./var` in the working directory when installed",
)  # fmt: skip
add(
    "ZICHT_CATALOG_DIR", Kind.PATH, None,
    "Folder with the catalogue YAML (themes, partners, areas, indicators, editions).",
    example="/etc/zicht/catalog",
    default_help="`catalog/` in the checkout; `./catalog` in the working directory when installed",
)  # fmt: skip
add(
    "ZICHT_SECRET_KEY", Kind.SECRET, None,
    "Django secret key: at least 50 characters, 5 different; generate one with "
    "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`.",
    required_in=PRODUCTION_ONLY, default_help="a fixed demo key outside production",
)  # fmt: skip
add("ZICHT_DEBUG", Kind.BOOL, "false", "Debug pages: only on a developer's machine; refused "
     "in production.")  # fmt: skip
add(
    "ZICHT_ALLOWED_HOSTS", Kind.LIST, "127.0.0.1,localhost",
    "Host names the web server answers to.", required_in=PRODUCTION_ONLY,
    example="zicht.example.nl",
)  # fmt: skip
add(
    "ZICHT_CSRF_TRUSTED_ORIGINS", Kind.LIST, "",
    "Origins allowed to post forms, for a TLS proxy on another host or port.",
    example="https://zicht.example.nl",
)  # fmt: skip
add(
    "ZICHT_BEHIND_TLS_PROXY", Kind.BOOL, "false",
    "Trust the proxy's X-Forwarded-Proto header to know a request came in over HTTPS (set "
    "only when the proxy always sets or strips it).",
    example="true",
)  # fmt: skip
add(
    "ZICHT_HSTS_SECONDS", Kind.INT, "31536000",
    "Strict-Transport-Security max-age in production (0 switches HSTS off).",
)  # fmt: skip
add(
    "ZICHT_PSEUDONYM_KEY_FILE", Kind.PATH, None,
    "File with the secret key for pseudonyms of phone numbers, e-mail addresses and image "
    "hashes in ad corpora.",
    required_in=PRODUCTION_ONLY, example="/etc/zicht/pseudonym.key",
    default_help="`$ZICHT_DATA_DIR/pseudonym.key`, created outside production",
)  # fmt: skip
add(
    "ZICHT_ADS_SECRET", Kind.SECRET, None,
    "Key for pseudonyms in `zicht ads analyse` when no --secret-file is given.",
    default_help="a one-off key per run (pseudonyms not comparable between runs)",
)  # fmt: skip
add(
    "ZICHT_AD_TEXT_MAX_RETENTION_DAYS", Kind.INT, "30",
    "Longest retention, in days, a coordinator may give the restricted ad text store of an "
    "analysis run (off unless a run asks for it); 0 disables the store.",
)  # fmt: skip
add(
    "ZICHT_RUN_LEASE_SECONDS", Kind.INT, "300",
    "A running background run whose worker has not reported for this long is taken as dead: "
    "`zicht worker` marks it failed (with the reason) so it can be retried.",
)  # fmt: skip
add(
    "ZICHT_WEB_WORKERS", Kind.INT, "3",
    "Gunicorn worker processes for `zicht serve --production`.",
)  # fmt: skip
add(
    "ZICHT_LOG_FORMAT", Kind.STR, "json",
    "Log format: json (one object per line, for a log collector) or text.",
)  # fmt: skip
add(
    "ZICHT_PUBLIC_PAGE_CACHE", Kind.BOOL, "true",
    "Keep rendered published pages in each web process and answer conditional GETs with 304 "
    "(off only to measure without it).",
)  # fmt: skip
add(
    "ZICHT_PUBLIC_MAX_AGE", Kind.INT, "300",
    "Seconds a browser, proxy or CDN may reuse a published page before revalidating it by ETag.",
)  # fmt: skip
add(
    "ZICHT_PUBLIC_STATE_SECONDS", Kind.INT, "5",
    "Each web process checks at most this often whether an edition was published; a new "
    "edition is on every process's pages within this time.",
)  # fmt: skip
add("ZICHT_LOG_LEVEL", Kind.STR, "INFO", "Lowest level logged (DEBUG, INFO, WARNING, ERROR).")
add(
    "ZICHT_UPLOAD_MAX_MEGABYTES", Kind.INT, "100",
    "Largest delivery file accepted (CSV or XLSX as uploaded); a larger one is refused after "
    "reading one byte past the limit.",
)  # fmt: skip
add(
    "ZICHT_UPLOAD_MAX_ROWS", Kind.INT, "1500000",
    "Most rows (lines) in one delivery file.",
)  # fmt: skip
add(
    "ZICHT_UPLOAD_MAX_COLUMNS", Kind.INT, "100",
    "Most columns in one delivery file.",
)  # fmt: skip
add(
    "ZICHT_UPLOAD_MAX_CELL_CHARACTERS", Kind.INT, "1000",
    "Longest cell (in characters) in one delivery file.",
)  # fmt: skip
add(
    "ZICHT_SYNTHETIC_DATA_NOTICE", Kind.BOOL, None,
    "Say on every public page that the figures are synthetic (made up to show the monitor). "
    "Must be off on an installation that publishes real figures.",
    default_help="on when ZICHT_ENVIRONMENT is demo, off otherwise", example="false",
)  # fmt: skip
# sign-in and the portal
add(
    "ZICHT_SESSION_MINUTES", Kind.INT, "120",
    "A signed-in session ends after this many minutes without a request, and when the "
    "browser closes.",
)  # fmt: skip
add(
    "ZICHT_SIGN_IN_FAILURE_LIMIT", Kind.INT, "5",
    "Wrong passwords in a row (per account name and address) before signing in is locked "
    "out (django-axes).",
)  # fmt: skip
add(
    "ZICHT_SIGN_IN_LOCKOUT_MINUTES", Kind.INT, "60",
    "How long a lock-out after too many wrong passwords lasts.",
)  # fmt: skip
add(
    "ZICHT_EMAIL_HOST", Kind.STR, "",
    "SMTP server for reminders to partners; empty prints the e-mails on the console (demo).",
    example="smtp.example.nl",
)  # fmt: skip
add("ZICHT_EMAIL_PORT", Kind.INT, "587", "SMTP port (STARTTLS is used when it is 587).")
add(
    "ZICHT_EMAIL_FROM", Kind.STR, "zicht@localhost",
    "Sender address of the reminders.", example="monitor-mensenhandel@example.nl",
)  # fmt: skip
add(
    "ZICHT_OIDC_CLIENT_ID", Kind.STR, "",
    "Client id at the municipality's OpenID Connect provider; empty switches single sign-on "
    "off. Single sign-on replaces the password; Zicht's second factor still follows.",
    example="zicht",
)  # fmt: skip
add("ZICHT_OIDC_CLIENT_SECRET", Kind.SECRET, None, "Client secret at the OpenID Connect provider.")
add(
    "ZICHT_OIDC_AUTHORIZATION_URL", Kind.STR, "", "The provider's authorization endpoint.",
    example="https://login.example.nl/oauth2/authorize",
)  # fmt: skip
add(
    "ZICHT_OIDC_TOKEN_URL", Kind.STR, "", "The provider's token endpoint.",
    example="https://login.example.nl/oauth2/token",
)  # fmt: skip
add(
    "ZICHT_OIDC_USERINFO_URL", Kind.STR, "", "The provider's userinfo endpoint.",
    example="https://login.example.nl/oauth2/userinfo",
)  # fmt: skip
add(
    "ZICHT_OIDC_JWKS_URL", Kind.STR, "", "The provider's signing keys (JWKS).",
    example="https://login.example.nl/oauth2/jwks",
)  # fmt: skip
# --- end of the registry ---------------------------------------------------------------------


def setting(name: str) -> Setting:
    for candidate in SETTINGS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"{name} is not in zicht.config.SETTINGS")


def get(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The raw text of a registered setting (the environment, else the default)."""
    environ = os.environ if environ is None else environ
    return environ.get(name, setting(name).default)


def value(name: str, environ: Mapping[str, str] | None = None):
    """The typed value of a registered setting."""
    return setting(name).parse(get(name, environ))


def environment(environ: Mapping[str, str] | None = None) -> Environment:
    text = get("ZICHT_ENVIRONMENT", environ) or ""
    try:
        return Environment(text)
    except ValueError:
        allowed = ", ".join(e.value for e in Environment)
        # The value is not echoed: a mistyped secret pasted into the wrong variable stays out.
        raise ConfigurationError(f"ZICHT_ENVIRONMENT is onbekend; kies uit {allowed}") from None


def missing_required(environ: Mapping[str, str] | None = None) -> list[str]:
    env = environment(environ)
    return [s.name for s in SETTINGS if env in s.required_in and not (get(s.name, environ) or "")]


def _checkout_root() -> Path | None:
    """The repository root when running from a checkout (editable install), else None."""
    root = _SOURCE_ROOT
    if (root / "pyproject.toml").is_file() and (root / "src" / "zicht").is_dir():
        return root
    return None


def data_dir() -> Path:
    configured = value("ZICHT_DATA_DIR")
    if configured:
        return configured
    return (_checkout_root() or Path.cwd()) / "var"


def catalog_dir() -> Path:
    configured = value("ZICHT_CATALOG_DIR")
    if configured:
        return configured
    return (_checkout_root() or Path.cwd()) / "catalog"


def pseudonym_secret() -> bytes:
    """The key for keyed pseudonyms; the demo creates one, production must provide it."""
    import secrets

    path = value("ZICHT_PSEUDONYM_KEY_FILE") or data_dir() / "pseudonym.key"
    if not path.exists():
        if environment() is Environment.PRODUCTION:
            raise ConfigurationError("ZICHT_PSEUDONYM_KEY_FILE must point to an existing key file")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


def ads_secret() -> bytes | None:
    text = get("ZICHT_ADS_SECRET")
    return text.encode() if text else None


def ad_text_max_retention_days() -> int:
    """Upper bound on the retention of stored ad text; 0 means the store cannot be enabled."""
    days = value("ZICHT_AD_TEXT_MAX_RETENTION_DAYS")
    if days < 0:
        raise ConfigurationError("ZICHT_AD_TEXT_MAX_RETENTION_DAYS must be 0 or more")
    return days


def database_url() -> str:
    return get("ZICHT_DATABASE_URL") or f"sqlite:///{data_dir() / 'zicht.sqlite3'}"


def debug() -> bool:
    return bool(value("ZICHT_DEBUG"))


# --- generated documentation ---------------------------------------------------------------
DOC_START = "<!-- settings table: generated by `make settings-docs`, checked by a test -->"
DOC_END = "<!-- end of settings table -->"


def _default_text(s: Setting) -> str:
    if s.default_help:
        return s.default_help
    return f"`{s.default}`" if s.default else "none"


def render_docs_table() -> str:
    lines = [
        DOC_START,
        "| variable | type | default | required in | meaning |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        required = ", ".join(sorted(e.value for e in s.required_in)) or "-"
        lines.append(
            f"| `{s.name}` | {s.kind.value} | {_default_text(s)} | {required} | {s.help} |"
        )
    lines.append(DOC_END)
    return "\n".join(lines)


def render_env_example() -> str:
    lines = [
        "# Zicht reads these settings from the environment; see docs/operations.md.",
        "# Generated from src/zicht/config.py by `make settings-docs` (a test checks it).",
    ]
    for s in SETTINGS:
        required = (
            " Required in: " + ", ".join(e.value for e in s.required_in) + "."
            if (s.required_in)
            else ""
        )
        lines.append("")
        lines.append(f"# {s.help}{required}")
        shown = s.example if s.example is not None else (s.default or "")
        if s.kind is Kind.SECRET:
            shown = ""
        lines.append(f"# {s.name}={shown}")
    return "\n".join(lines) + "\n"


def write_docs(repo: Path) -> None:
    """Rewrite .env.example and the table in docs/operations.md from the registry."""
    (repo / ".env.example").write_text(render_env_example(), encoding="utf-8")
    doc = repo / "docs" / "operations.md"
    text = doc.read_text(encoding="utf-8")
    before, _, rest = text.partition(DOC_START)
    _, found, after = rest.partition(DOC_END)
    if not found:
        raise ConfigurationError(f"{doc} has no generated settings table markers")
    doc.write_text(before + render_docs_table() + after, encoding="utf-8")


if __name__ == "__main__":  # python -m zicht.config [REPO]: regenerate the documentation
    write_docs(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())


def synthetic_data_notice(environ: Mapping[str, str] | None = None) -> bool:
    """Whether public pages carry the notice that their figures are synthetic."""
    chosen = value("ZICHT_SYNTHETIC_DATA_NOTICE", environ)
    return environment(environ) is Environment.DEMO if chosen is None else bool(chosen)
