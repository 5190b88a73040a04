"""``zicht export``: write what the public may see of an edition."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from zicht.cli._common import console, django_ready


def export(
    year: int = typer.Argument(..., help="Het jaar van de gepubliceerde editie."),
    out: Path = typer.Option(..., "--out", "-o", help="Map waarin de bestanden komen."),
    base_url: str = typer.Option(
        "http://127.0.0.1:8000", "--base-url", help="Adres van de site, voor de vaste URL's."
    ),
) -> None:
    """Schrijf de openbare cijfers van een editie (lang formaat, met afschermingssymbolen),
    met de toelichtingen en de privacyverantwoording ernaast."""
    django_ready()
    from zicht.web.monitor import selectors
    from zicht.web.monitor.exports import edition_csv, edition_notes_csv

    edition = selectors.published_edition(year=year)
    if edition is None:
        console.print(f"[red]Er is geen gepubliceerde editie {year}.[/red]")
        raise typer.Exit(1)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"zicht-{year}.csv").write_text(edition_csv(edition=edition), encoding="utf-8")
    notes = out / f"zicht-{year}-toelichtingen.csv"
    notes.write_text(edition_notes_csv(edition=edition), encoding="utf-8")
    report = edition.disclosure_report
    (out / f"zicht-{year}-privacy.json").write_text(
        json.dumps(
            {"year": year, "published_at": edition.published_at.isoformat(), **report},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    from zicht.web.publication.opendata_files import write_open_data

    folder = write_open_data(year=year, out=out / "open-data", base_url=base_url)
    console.print(f"[green]Geschreven:[/green] {out / f'zicht-{year}.csv'} en {folder}")
