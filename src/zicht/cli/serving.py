"""``zicht serve`` and ``zicht demo``: run the dashboard, build the demo monitor."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from zicht.cli._common import CatalogOption, catalog_or_exit, console, django_ready

HOST = typer.Option("127.0.0.1", "--host", help="Adres waarop de server luistert.")
PORT = typer.Option(8000, "--port", help="Poort waarop de server luistert.")


def _run_server(host: str, port: int) -> None:
    from django.core.management import call_command

    console.print(f"Het dashboard draait op [bold]http://{host}:{port}/[/bold] (stoppen: Ctrl+C)")
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)


def serve(host: str = HOST, port: int = PORT) -> None:
    """Start het publieke dashboard op de database uit ZICHT_DATABASE_URL."""
    django_ready()
    _run_server(host, port)


def _analyse_demo_ads(catalog, progress: Progress) -> None:
    """Analyse each year's synthetic ad corpus; only the aggregates are stored."""
    from zicht import config
    from zicht.demo.ads import demo_corpus, demo_corpus_years
    from zicht.web.monitor.ad_analysis import ad_analysis_store, analyse_ad_corpus
    from zicht.web.monitor.models import Delivery

    years = demo_corpus_years()
    task = progress.add_task("Advertenties analyseren", total=len(years))
    for year in years:
        path = demo_corpus(year, config.data_dir() / "demo")
        if not Delivery.objects.filter(partner_id="advertentiemonitor", year=year).exists():
            result = analyse_ad_corpus(path, catalog=catalog, secret=config.pseudonym_secret())
            ad_analysis_store(catalog=catalog, year=year, result=result)
        progress.advance(task)


def _estimate_demo_victims(catalog, progress: Progress) -> None:
    """Link each year's encoded partner lists and estimate the hidden number of victims."""
    import secrets

    from zicht import config
    from zicht.demo.linkage import POPULATION, demo_overlap
    from zicht.web.monitor.models import Delivery
    from zicht.web.monitor.victim_estimate import capture_table_from_overlap, victim_estimate_store

    folder = config.data_dir() / "demo" / "koppeling"
    key = config.data_dir() / "demo" / "koppeling.key"  # held by the partners, not by Zicht
    if not key.exists():
        key.parent.mkdir(parents=True, exist_ok=True)
        key.write_bytes(secrets.token_hex(32).encode())
    task = progress.add_task("Personen koppelen en schatten", total=len(POPULATION))
    for year in sorted(POPULATION):
        if not Delivery.objects.filter(partner_id="koppeling-en-schatting", year=year).exists():
            overlap = demo_overlap(year, folder, key.read_bytes())
            victim_estimate_store(
                catalog=catalog,
                year=year,
                table=capture_table_from_overlap(overlap),
                source="koppeling van versleutelde lijsten van politie, Humanitas en MO-zorgtafel",
                extra={"overlap": overlap.to_dicts()},
            )
        progress.advance(task)


def demo(
    serve_after: bool = typer.Option(
        True, "--serve/--no-serve", help="Start daarna het dashboard (standaard) of stop."
    ),
    seed: int = typer.Option(2020, "--seed", help="Zaad van de synthetische gegevens."),
    host: str = HOST,
    port: int = PORT,
    catalog: Path | None = CatalogOption,
) -> None:
    """Bouw de demomonitor: synthetische leveringen 2018–2021, importeren, publiceren."""
    loaded = catalog_or_exit(catalog)
    django_ready()
    from zicht.demo.deliveries import demo_files
    from zicht.web.monitor.models import Edition
    from zicht.web.monitor.publishing import edition_publish
    from zicht.web.monitor.services import delivery_import

    files = demo_files(loaded, seed)
    years = sorted(loaded.editions)
    with Progress(console=console) as progress:
        task = progress.add_task("Leveringen importeren", total=len(files))
        for file in files:
            delivery_import(
                catalog=loaded,
                partner=file.partner,
                year=file.year,
                filename=file.filename,
                content=file.content,
                note=file.note,
            )
            progress.advance(task)
        _analyse_demo_ads(loaded, progress)
        _estimate_demo_victims(loaded, progress)
        task = progress.add_task("Edities publiceren", total=len(years))
        for year in years:
            if not Edition.objects.filter(year=year, status=Edition.Status.PUBLISHED).exists():
                edition_publish(catalog=loaded, year=year)
            progress.advance(task)
    console.print(f"[green]Demomonitor klaar:[/green] {len(files)} leveringen, edities {years}.")
    if serve_after:
        _run_server(host, port)
