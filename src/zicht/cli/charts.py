"""``zicht charts``: the folder of rendered charts (``ZICHT_CHART_CACHE_DIR``)."""

from __future__ import annotations

import typer
from rich.console import Console

from zicht import config
from zicht.core.publication.chart_store import ChartStore

app = typer.Typer(no_args_is_help=True, add_completion=False)
console = Console(stderr=True)


@app.command("prune")
def prune(
    days: int = typer.Option(
        90, "--days", min=1, help="Verwijder grafieken die zo veel dagen niet gebruikt zijn."
    ),
) -> None:
    """Verwijder grafieken die geen pagina meer gebruikt (een gebruikte wordt opnieuw gemaakt)."""
    folder = config.chart_cache_dir()
    result = ChartStore(folder).prune(days * 24 * 3600)
    megabytes = f"{result.freed_bytes / 1e6:.1f}".replace(".", ",")
    console.print(
        f"{result.removed} grafiek(en) verwijderd ({megabytes} MB), "
        f"{result.kept} bewaard in {folder}."
    )
