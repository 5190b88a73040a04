"""``zicht runs`` and ``zicht worker``: heavy jobs in the background, with progress."""

from __future__ import annotations

from pathlib import Path

import typer

from zicht.cli._common import console, django_ready, print_json, refused

app = typer.Typer(
    help="Zware taken op de achtergrond: advertentieanalyse, koppeling en schatting.",
    no_args_is_help=True,
)


@app.command("ads")
def start_ads(
    corpus: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="Advertentiecorpus (JSON Lines of CSV)."
    ),
    year: int = typer.Option(..., "--year", "-j", help="Het jaar van de waarnemingen."),
    keep_text_days: int | None = typer.Option(
        None,
        "--keep-text-days",
        help="Bewaar de advertentieteksten (telefoonnummers en e-mail vervangen door "
        "pseudoniemen) zoveel dagen in de beperkte opslag; standaard niets. Maximaal "
        "ZICHT_AD_TEXT_MAX_RETENTION_DAYS.",
    ),
) -> None:
    """Zet een advertentieanalyse in de wachtrij; alleen de uitkomsten worden bewaard."""
    django_ready()
    from zicht.web.monitor.ad_analysis import TextStoreNotAllowed
    from zicht.web.monitor.runs import ad_analysis_enqueue

    try:
        run = ad_analysis_enqueue(corpus=corpus, year=year, keep_text_days=keep_text_days)
    except TextStoreNotAllowed as error:
        raise refused(error) from None
    if run.keep_text_days:
        console.print(
            f"Teksten zonder contactgegevens worden {run.keep_text_days} dagen bewaard "
            "(alleen zichtbaar in /beheer/ voor wie daar rechten voor heeft)."
        )
    console.print(
        f"Taak {run.pk} staat in de wachtrij. Volg: zicht runs list; verwerk: zicht worker"
    )


@app.command("link")
def start_linkage(
    encodings: list[Path] = typer.Argument(
        ..., exists=True, dir_okay=False, help="Versleutelde lijsten van de partners (.jsonl)."
    ),
    year: int = typer.Option(..., "--year", "-j", help="Het jaar van de schatting."),
) -> None:
    """Zet koppeling en schatting (MSE) in de wachtrij."""
    django_ready()
    from zicht.web.monitor.runs import linkage_enqueue

    run = linkage_enqueue(encodings=encodings, year=year)
    console.print(
        f"Taak {run.pk} staat in de wachtrij. Volg: zicht runs list; verwerk: zicht worker"
    )


@app.command("list")
def list_runs(as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON.")) -> None:
    """Toon de taken met hun voortgang."""
    django_ready()
    from zicht.web.monitor.models import AnalysisRun

    runs = list(AnalysisRun.objects.all()[:50])
    if as_json:
        print_json(
            [
                {
                    "id": r.pk,
                    "kind": r.kind,
                    "year": r.year,
                    "status": r.status,
                    "stage": r.stage,
                    "progress": r.progress,
                    "message": r.message,
                }
                for r in runs
            ]
        )
        return
    if not runs:
        console.print("Nog geen taken. Start er een met 'zicht runs ads' of 'zicht runs link'.")
    for r in runs:
        console.print(
            f"{r.pk:>4}  {r.get_kind_display():<24} {r.year}  "
            f"{r.get_status_display():<15} {r.stage:<12} {r.progress:>4.0%}  {r.message}"
        )


@app.command("retry")
def retry(run_id: int = typer.Argument(..., help="Nummer van de mislukte taak.")) -> None:
    """Zet een mislukte taak opnieuw in de wachtrij."""
    django_ready()
    from zicht.web.monitor.runs import run_retry

    run = run_retry(run_id)  # a run in the wrong state: RunStateError, exit 2 (the CLI's map)
    console.print(f"Taak {run.pk} staat weer in de wachtrij (poging {run.attempt + 1}).")


@app.command("cancel")
def cancel(run_id: int = typer.Argument(..., help="Nummer van de taak.")) -> None:
    """Annuleer een taak die wacht of bezig is; er blijft niets van bewaard."""
    django_ready()
    from zicht.web.monitor.runs import run_cancel

    run = run_cancel(run_id)  # a run in the wrong state: RunStateError, exit 2 (the CLI's map)
    console.print(f"Taak {run.pk} is geannuleerd.")


def worker(
    batch: bool = typer.Option(False, "--batch", help="Verwerk wat klaarstaat en stop dan."),
) -> None:
    """Start een taakverwerker (meerdere tegelijk kan, ook op andere machines).

    Taken waarvan de verwerker is gestopt (geen teken van leven sinds ZICHT_RUN_LEASE_SECONDS)
    worden eerst als mislukt gemarkeerd, met de reden; 'zicht runs retry' start ze opnieuw.
    """
    django_ready()
    from django.core.management import call_command

    from zicht.web.monitor.runs import recover_stale_runs

    for run_id in recover_stale_runs():
        console.print(f"Taak {run_id}: verwerker gestopt, gemarkeerd als mislukt.")
    call_command("db_worker", batch=batch, startup_delay=False)
