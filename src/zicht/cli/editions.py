"""``zicht publish``: freeze an edition."""

from __future__ import annotations

from pathlib import Path

import typer

from zicht.cli._common import (
    CatalogOption,
    catalog_or_exit,
    console,
    django_ready,
    exit_code_for,
    print_json,
    safe,
)


def publish(
    year: int = typer.Argument(..., help="Het jaar van de editie, bijvoorbeeld 2020."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON voor scripts."),
    catalog: Path | None = CatalogOption,
) -> None:
    """Publiceer de editie van een jaar. Een gepubliceerde editie verandert daarna nooit meer."""
    loaded = catalog_or_exit(catalog)
    django_ready()
    from zicht.web.monitor.publishing import PublicationRefused, edition_publish

    try:
        edition = edition_publish(catalog=loaded, year=year)
    except PublicationRefused as refused:
        if as_json:
            print_json({"published": False, "reason": str(refused)})
        else:
            console.print(f"[red]{safe(refused)}[/red]")
        raise typer.Exit(exit_code_for(refused)) from None
    report = edition.disclosure.to_dict()
    if as_json:
        print_json(
            {
                "published": True,
                "year": year,
                "title": edition.title_nl,
                "published_at": edition.published_at.isoformat(),
                **report,
            }
        )
    else:
        console.print(
            f"[green]Gepubliceerd:[/green] {edition.title_nl} "
            f"({report['cells']} cijfers, waarvan {report['hidden']} afgeschermd)."
        )
