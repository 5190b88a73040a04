"""``zicht serve`` and ``zicht demo``: run the dashboard, build the demo monitor."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
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


def serve(
    host: str = HOST,
    port: int = PORT,
    production: bool = typer.Option(
        False,
        "--production",
        help="Productieserver (gunicorn, JSON-logs) in plaats van Djangos ontwikkelserver.",
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Aantal webprocessen (standaard ZICHT_WEB_WORKERS)."
    ),
) -> None:
    """Start het publieke dashboard op de database uit ZICHT_DATABASE_URL."""
    django_ready()
    if production:
        from django.db import connections

        from zicht.web import server

        connections.close_all()  # the workers open their own connections
        console.print(f"Productieserver (gunicorn) op http://{host}:{port}/ (stoppen: Ctrl+C)")
        server.run(host, port, workers)
        return
    _run_server(host, port)


@contextmanager
def _build_logs_quiet() -> Iterator[None]:
    """While the demo is built, its progress bars say what happens: the build's ~150 info lines
    (a delivery stored, an audit entry; the audit trail keeps them in the database) would break
    the bars up. Warnings still show; an explicit ZICHT_LOG_LEVEL is obeyed."""
    if "ZICHT_LOG_LEVEL" in os.environ:
        yield
        return
    logger = logging.getLogger("zicht")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _ad_results(catalog, progress: Progress) -> dict[int, dict]:
    """Analyse each year's synthetic ad corpus that has not been analysed yet."""
    from zicht import config
    from zicht.demo.ads import demo_corpus_years
    from zicht.web.monitor.ad_analysis import ads_partner
    from zicht.web.monitor.demo_build import analyse_demo_ads, missing_years

    years = missing_years(ads_partner(catalog), demo_corpus_years())
    task = progress.add_task("Advertenties analyseren", total=len(years))
    folder = config.data_dir() / "demo"
    secret = config.pseudonym_secret()
    return analyse_demo_ads(catalog, years, folder, secret, lambda: progress.advance(task))


def _overlaps(catalog, progress: Progress) -> dict:
    """Encode each year's synthetic partner lists (as partners would) and link them."""
    import hashlib

    from zicht import config
    from zicht.demo.linkage import POPULATION, demo_overlap
    from zicht.web.monitor.demo_build import missing_years
    from zicht.web.monitor.victim_estimate import estimate_partner

    # In real use the partners hold this secret and Zicht never sees it; the demo plays the
    # partners, with a fixed secret so that every demo build gives the same estimate.
    secret = hashlib.sha256(b"zicht-demo-partners-shared-secret").hexdigest().encode()
    years = missing_years(estimate_partner(catalog), POPULATION)
    task = progress.add_task("Personen koppelen", total=len(years))
    overlaps = {}
    for year in years:
        folder = config.data_dir() / "demo" / "koppeling"
        overlaps[year] = demo_overlap(year, folder, secret)
        progress.advance(task)
    return overlaps


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
    django_ready(migrate=True)
    from zicht.demo.deliveries import demo_files
    from zicht.web.monitor import demo_build

    files = demo_files(loaded, seed)
    with _build_logs_quiet(), Progress(console=console) as progress:
        task = progress.add_task("Leveringen importeren", total=len(files))
        demo_build.import_deliveries(loaded, files, lambda: progress.advance(task))
        demo_build.store_ad_analyses(loaded, _ad_results(loaded, progress))
        demo_build.store_estimates(loaded, _overlaps(loaded, progress))
        task = progress.add_task("Edities publiceren", total=len(loaded.editions))
        demo_build.publish_editions(loaded, lambda: progress.advance(task))
    years = sorted(loaded.editions)
    console.print(f"[green]Demomonitor klaar:[/green] {len(files)} leveringen, edities {years}.")
    from zicht.cli.portal import print_demo_accounts
    from zicht.web.portal.demo_setup import demo_accounts_create, demo_portal_setup

    with _build_logs_quiet():
        demo_portal_setup(catalog=loaded)
        accounts = demo_accounts_create(catalog=loaded)
    print_demo_accounts(accounts)
    if serve_after:
        _run_server(host, port)
