"""Configuration from the environment: one typed registry of every setting Zicht reads.

Each setting has a name, a type, a default, a help text and the environments that require it.
They are declared as data in ``settings.toml`` beside this module and loaded into ``SETTINGS``
at import; ``.env.example`` and the table in ``docs/operations.md`` are generated from
``SETTINGS`` (``make settings-docs``) and a test keeps them in step. Adding a setting is one
table in that file::

    [ZICHT_EXAMPLE]
    kind = "int"
    default = "5"
    help = "What it does and why."

and reading it anywhere is ``config.value("ZICHT_EXAMPLE")`` (typed: int, bool, list ...).
This module stays free of Django, so the CLI and the core's callers can use it too.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tomllib
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


def _load_registry(path: Path) -> None:
    """Register every setting declared in ``settings.toml``, in the file's order; a mistake
    in the file stops the import, so no process starts with half a registry."""
    with path.open("rb") as file:
        declared = tomllib.load(file)
    for name, table in declared.items():
        try:
            kind = Kind[table.pop("kind").upper()]
            required_in = frozenset(Environment(e) for e in table.pop("required_in", ()))
            if not all(isinstance(text, str) for text in table.values()):
                raise TypeError("default, help, example and default_help are text")
            default, help = table.pop("default", None), table.pop("help")
            add(name, kind, default, help, required_in=required_in, **table)
        except (KeyError, TypeError, ValueError) as wrong:
            raise ConfigurationError(
                f"{path.name}: [{name}] is no valid setting: {wrong}"
            ) from None


_load_registry(Path(__file__).with_name("settings.toml"))


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


def _folder(name: str, in_checkout: str) -> Path:
    """A configured folder, else ``in_checkout`` in the checkout (or the working directory
    when Zicht runs from an installed wheel)."""
    return value(name) or (_checkout_root() or Path.cwd()) / in_checkout


def data_dir() -> Path:
    return _folder("ZICHT_DATA_DIR", "var")


def chart_cache_dir() -> Path:
    return value("ZICHT_CHART_CACHE_DIR") or data_dir() / "charts"


def catalog_dir() -> Path:
    return _folder("ZICHT_CATALOG_DIR", "catalog")


def _key_file(name: str, file_name: str) -> bytes:
    """A secret key read from the file a setting names; the demo creates one, production must
    provide it."""
    return _key_at(name, value(name) or data_dir() / file_name)


# Read once per process: the audit key is asked for on every audit event (each sign-in, each
# refused request), and a key file never changes while Zicht runs. A refusal is not kept.
@functools.cache
def _key_at(name: str, path: Path) -> bytes:
    import secrets
    import tempfile

    if not path.exists():
        if environment() is Environment.PRODUCTION:
            raise ConfigurationError(f"{name} must point to an existing key file")
        # Processes that start together must not each write a key of their own: the key is
        # written aside and linked into place, which only the first one does.
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.") as aside:
            aside.write(secrets.token_bytes(32))
            aside.flush()
            os.chmod(aside.name, 0o600)
            with contextlib.suppress(FileExistsError):
                os.link(aside.name, path)
    return path.read_bytes()


def pseudonym_secret() -> bytes:
    """The key for keyed pseudonyms of phone numbers, e-mail addresses and image hashes."""
    return _key_file("ZICHT_PSEUDONYM_KEY_FILE", "pseudonym.key")


def audit_key() -> bytes:
    """The key that seals the audit trail (``zicht.core.audit_chain``)."""
    return _key_file("ZICHT_AUDIT_KEY_FILE", "audit.key")


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
