"""``zicht publish``: freeze an edition."""

from __future__ import annotations

from pathlib import Path

import typer

from zicht.cli._common import (
    CatalogOption,
    JsonOption,
    catalog_or_exit,
    django_ready,
    print_outcome,
    refused,
)


def publish(
    year: int = typer.Argument(..., help="Het jaar van de editie, bijvoorbeeld 2020."),
    as_json: bool = JsonOption,
    catalog: Path | None = CatalogOption,
) -> None:
    """Publiceer de editie van een jaar. Een gepubliceerde editie verandert daarna nooit meer."""
    loaded = catalog_or_exit(catalog)
    django_ready()
    from zicht.web.monitor.publishing import PublicationRefused, edition_publish

    try:
        edition = edition_publish(catalog=loaded, year=year)
    except PublicationRefused as error:
        answer = {"published": False, "reason": error.message}
        raise refused(error, as_json=as_json, data=answer) from None
    report = edition.disclosure.to_dict()
    print_outcome(
        {
            "published": True,
            "year": year,
            "title": edition.title_nl,
            "published_at": edition.published_at.isoformat(),
            **report,
        },
        f"[green]Gepubliceerd:[/green] {edition.title_nl} "
        f"({report['cells']} cijfers, waarvan {report['hidden']} afgeschermd).",
        as_json=as_json,
    )
