"""``zicht catalog``: check the catalogue."""

from __future__ import annotations

from pathlib import Path

import typer

from zicht.cli._common import CatalogOption, catalog_or_exit, console

app = typer.Typer(
    help="Werk met de catalogus (thema's, partners, gebieden, indicatoren).", no_args_is_help=True
)


@app.command("check")
def check(catalog: Path | None = CatalogOption) -> None:
    """Controleer de catalogus en meld alle problemen in één keer."""
    loaded = catalog_or_exit(catalog)
    console.print(
        f"[green]Catalogus in orde:[/green] {len(loaded.themes)} thema's, "
        f"{len(loaded.partners)} partners, {len(loaded.municipalities)} gemeenten, "
        f"{len(loaded.indicators)} indicatoren, {len(loaded.editions)} edities."
    )
