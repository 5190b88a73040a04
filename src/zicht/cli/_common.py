"""Helpers shared by the CLI commands: catalogue loading, Django start-up, output."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from zicht import config
from zicht.core.catalog import CatalogInvalid, load_catalog
from zicht.core.catalog.model import Catalog
from zicht.core.errors import ZichtError

console = Console(stderr=True)
CatalogOption = typer.Option(
    None, "--catalog", help="Map met de catalogus (standaard: ZICHT_CATALOG_DIR of ./catalog)."
)
JsonOption = typer.Option(False, "--json", help="Uitvoer als JSON voor scripts.")


# Terminal escape sequences (colour codes, OSC-8 hyperlinks, window titles) and other control
# or direction-changing characters: a file could rewrite or hide what the operator reads.
_ESCAPE_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI: colours, cursor movement
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: hyperlinks, titles (possibly unterminated)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"  # other controls, bidi
)


def strip_escapes(text: object) -> str:
    """Text from a file or the database without escape sequences or control characters."""
    return _ESCAPE_SEQUENCES.sub("", str(text))


def safe(text: object) -> str:
    """Text from a file or the database, made fit to print through Rich: escape sequences
    and control characters removed, and ``[...]`` shown as written instead of read as Rich
    markup (a header such as ``[/red]`` used to crash the CLI)."""
    return escape(strip_escapes(text))


#: Exit code per refusal code, the one map from Zicht's errors to the shell. 1 is the default;
#: 2 is "the input cannot be used", 3 "the input is readable but allows no result".
EXIT_CODES = {
    "catalog_invalid": 2,
    "delivery_rejected": 1,
    "publication_refused": 1,
    "ads_corpus_unreadable": 2,
    "secret_too_short": 3,
    "capture_table_invalid": 2,
    "estimate_does_not_exist": 3,
    "secret_invalid": 2,
    "persons_file_invalid": 2,
    "encoding_file_invalid": 2,
    "text_store_not_allowed": 2,
    "run_state": 2,
    "audit_trail_broken": 1,
    "anchor_invalid": 2,
}


def exit_code_for(error: ZichtError) -> int:
    return EXIT_CODES.get(error.code, 1)


def refused(error: ZichtError, *, as_json: bool = False, data: object = None) -> typer.Exit:
    """Print a refusal and return the exit that ends with it: ``data`` for a command asked for
    JSON, else the refusal's Dutch message, made safe to print."""
    print_outcome(data, f"[red]{safe(error.message)}[/red]", as_json=as_json)
    return typer.Exit(exit_code_for(error))


def _guarded(callback: Callable) -> Callable:
    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except ZichtError as error:
            raise refused(error) from None

    return run


def guard_refusals(app: typer.Typer) -> None:
    """Every command of ``app`` (and of its groups) ends a refusal with its message and exit
    code instead of a traceback; called once, after all commands are registered."""
    for command in app.registered_commands:
        if command.callback is not None:
            command.callback = _guarded(command.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            guard_refusals(group.typer_instance)


def catalog_or_exit(path: Path | None) -> Catalog:
    try:
        return load_catalog(path or config.catalog_dir())
    except CatalogInvalid as invalid:
        console.print(f"[red]De catalogus heeft {len(invalid.problems)} probleem/problemen:[/red]")
        for problem in invalid.problems:
            console.print(f"  - {safe(problem)}")
        raise typer.Exit(exit_code_for(invalid)) from None


def django_ready(migrate: bool = False) -> None:
    """Start Django (settings from the environment) for a command that uses the database.

    The schema is checked, not migrated, on every command (a cheap look at the migration
    plan). Pending migrations are applied once, here, outside production; in production the
    operator runs ``zicht migrate`` deliberately (before starting more than one process).
    ``migrate=True`` applies them unconditionally (``zicht migrate``, ``zicht demo``).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    import django

    django.setup()
    if not migrate and not pending_migrations():
        return
    if not migrate and config.environment() is config.Environment.PRODUCTION:
        console.print(
            "[red]De database is niet bijgewerkt naar deze versie van Zicht.[/red] "
            "Voer eerst 'zicht migrate' uit."
        )
        raise typer.Exit(2)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def pending_migrations() -> list[str]:
    """Migrations not yet applied to the database, as 'app.name'."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def migrate() -> None:
    """Breng de database bij naar deze versie van Zicht (na installatie of een upgrade)."""
    django_ready(migrate=True)
    console.print("[green]De database is bijgewerkt.[/green]")


def print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_outcome(data: object, line: str, *, as_json: bool) -> None:
    """What a command did: ``data`` as JSON for scripts (``--json``), else ``line`` for people."""
    if as_json:
        print_json(data)
    else:
        console.print(line)
