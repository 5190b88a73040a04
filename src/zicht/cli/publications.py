"""``zicht report``, ``zicht factsheet`` and ``zicht bake``: publication products of an edition."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from zicht.cli._common import console, django_ready

LanguageOption = typer.Option("nl", "--language", "--taal", help="nl of en.")


def _language_or_exit(language: str) -> str:
    if language not in ("nl", "en"):
        console.print("[red]Kies de taal nl of en.[/red]")
        raise typer.Exit(2)
    return language


def _edition_or_exit(year: int):
    from zicht.web.publication import cache

    edition = cache.edition(year)
    if edition is None:
        console.print(f"[red]Er is geen gepubliceerde editie {year}.[/red]")
        raise typer.Exit(1)
    return edition


def report(
    year: int = typer.Argument(..., help="Het jaar van de gepubliceerde editie."),
    out: Path = typer.Option(..., "--out", "-o", help="Het PDF-bestand dat wordt geschreven."),
    language: str = LanguageOption,
) -> None:
    """Schrijf het rapport van een gepubliceerde editie als PDF (Typst)."""
    language = _language_or_exit(language)
    django_ready(migrate=False)
    from zicht.web.publication import products

    _edition_or_exit(year)
    started = time.perf_counter()
    pdf = products.report_pdf(year, language)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    console.print(f"[green]Geschreven:[/green] {out} ({time.perf_counter() - started:.1f} s)")


def factsheet(
    year: int = typer.Argument(..., help="Het jaar van de gepubliceerde editie."),
    area: str = typer.Argument(None, help="CBS-code van de gemeente (GM0599); leeg: allemaal."),
    out: Path = typer.Option(
        None, "--out", "-o", help="PDF-bestand (één gemeente) of map (alle gemeenten)."
    ),
    all_areas: bool = typer.Option(False, "--all", help="Alle gemeenten van de editie."),
    language: str = LanguageOption,
) -> None:
    """Schrijf de factsheet van een gemeente, of met --all die van alle gemeenten."""
    language = _language_or_exit(language)
    django_ready(migrate=False)
    from zicht.web.publication import products

    edition = _edition_or_exit(year)
    municipalities = sorted(c for c, a in edition.areas.items() if a.level == "municipality")
    if all_areas or area is None:
        folder = out or Path(f"factsheets-{year}")
        folder.mkdir(parents=True, exist_ok=True)
        for code in municipalities:
            path = folder / f"factsheet-{year}-{code}-{language}.pdf"
            path.write_bytes(products.factsheet_pdf(year, code, language))
        console.print(f"[green]{len(municipalities)} factsheets geschreven in {folder}[/green]")
        return
    code = area.upper()
    if code not in municipalities:
        console.print(f"[red]Gemeente {code} staat niet in editie {year}.[/red]")
        raise typer.Exit(1)
    path = out or Path(f"factsheet-{year}-{code}-{language}.pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(products.factsheet_pdf(year, code, language))
    console.print(f"[green]Geschreven:[/green] {path}")


def bake(
    years: list[int] = typer.Argument(None, help="Edities (standaard: alle gepubliceerde)."),
    out: Path = typer.Option(..., "--out", "-o", help="Map voor de statische site."),
    base_url: str = typer.Option(
        "http://127.0.0.1:8000", "--base-url", help="Adres waarop de site komt te staan."
    ),
) -> None:
    """Schrijf de openbare site van gepubliceerde edities als statische bestanden."""
    django_ready(migrate=False)
    from zicht.web.publication import bake as baking
    from zicht.web.publication import cache

    published = cache.published_years()
    chosen = years or published
    missing = [y for y in chosen if y not in published]
    if missing:
        console.print(f"[red]Geen gepubliceerde editie: {', '.join(map(str, missing))}.[/red]")
        raise typer.Exit(1)
    started = time.perf_counter()
    written = baking.bake_site(years=chosen, out=out, base_url=base_url)
    console.print(
        f"[green]{written} bestanden geschreven in {out} "
        f"({time.perf_counter() - started:.0f} s)[/green]"
    )
