"""Helpers shared by the CLI commands: catalogue loading, Django start-up, output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console

from zicht import config
from zicht.core.catalog import CatalogInvalid, load_catalog
from zicht.core.catalog.model import Catalog

console = Console(stderr=True)
CatalogOption = typer.Option(
    None, "--catalog", help="Map met de catalogus (standaard: ZICHT_CATALOG_DIR of ./catalog)."
)


def catalog_or_exit(path: Path | None) -> Catalog:
    try:
        return load_catalog(path or config.catalog_dir())
    except CatalogInvalid as invalid:
        console.print(f"[red]De catalogus heeft {len(invalid.problems)} probleem/problemen:[/red]")
        for problem in invalid.problems:
            console.print(f"  - {problem}")
        raise typer.Exit(2) from None


def django_ready(migrate: bool = True) -> None:
    """Start Django (settings from the environment) and bring the database schema up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
