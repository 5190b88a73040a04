"""``zicht ads``: analyse sex-advertisement corpora and write synthetic ones."""

from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from zicht import config
from zicht.cli._common import exit_code_for, safe
from zicht.core.ads import (
    AdsImportError,
    AdsProgress,
    analyse_corpus,
    write_ads_csv,
    write_summary_json,
)
from zicht.demo.ads_corpus import (
    DEMO_YEARS,
    VARIANTS,
    generate_corpus,
    generate_demo_corpus,
    write_jsonl,
)

SECRET_ENVIRONMENT_VARIABLE = "ZICHT_ADS_SECRET"
STAGE_LABELS = {"import": "Inlezen", "link": "Koppelen", "score": "Scoren"}

app = typer.Typer(no_args_is_help=True, add_completion=False)
console = Console(stderr=True)


def _read_secret(secret_file: Path | None) -> bytes:
    if secret_file is not None:
        return secret_file.read_bytes().strip()
    from_environment = config.ads_secret()
    if from_environment:
        return from_environment
    # Without a stored secret the pseudonyms are valid for this run only, which is enough for
    # a one-off analysis and safer than a default key.
    console.print(
        "[yellow]Geen geheim opgegeven: eenmalige sleutel gebruikt; pseudoniemen zijn niet "
        "vergelijkbaar met andere runs.[/yellow]"
    )
    return secrets.token_bytes(32)


def _column_mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        canonical, _, source = pair.partition("=")
        if not source:
            raise typer.BadParameter(f"verwacht VELD=KOLOM, kreeg '{pair}'")
        mapping[canonical.strip()] = source.strip()
    return mapping


@app.command("analyse")
def analyse(
    corpus: Annotated[
        Path,
        typer.Argument(help="Corpus als JSON Lines of CSV (ook .gz).", exists=True, dir_okay=False),
    ],
    out: Annotated[Path, typer.Option("--out", help="Map voor ads.csv en summary.json.")],
    secret_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-file",
            help=f"Bestand met de sleutel voor pseudoniemen (of ${SECRET_ENVIRONMENT_VARIABLE}).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option("--column", help="Andere kolomnaam, bijvoorbeeld --column text=body."),
    ] = None,
) -> None:
    """Koppel advertenties per exploitant en scoor het risico; schrijft alleen ids en cijfers."""
    out.mkdir(parents=True, exist_ok=True)
    secret = _read_secret(secret_file)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Inlezen", total=None)

        def report(update: AdsProgress) -> None:
            progress.update(
                task,
                description=STAGE_LABELS.get(update.stage, update.stage),
                completed=update.done,
                total=update.total,
            )

        try:
            analysis = analyse_corpus(
                corpus,
                secret=secret,
                column_mapping=_column_mapping(column or []),
                progress=report,
            )
        except AdsImportError as error:
            console.print(f"[red]Corpus onleesbaar:[/red] {safe(error)}")
            raise typer.Exit(exit_code_for(error)) from None
    write_ads_csv(analysis, out / "ads.csv")
    without_year = analysis.summary()["n_unique_without_year"]
    if without_year:
        console.print(
            f"[yellow]Let op: {without_year:,} unieke advertentie(s) zonder leesbare "
            "first_seen tellen in geen enkel jaar mee (gebruik JJJJ-MM-DD of een "
            "Unix-tijdstempel).[/yellow]"
        )
    write_summary_json(analysis, out / "summary.json")
    console.print(
        f"{analysis.n_ads:,} advertenties, {analysis.n_unique:,} uniek, "
        f"{analysis.n_clusters:,} exploitanten, {analysis.share_high_risk():.1%} hoog risico "
        f"(regel {analysis.settings.risk.version}); geschreven naar {out}"
    )


@app.command("generate")
def generate(
    out: Annotated[Path, typer.Argument(help="Uitvoerbestand (JSON Lines).", dir_okay=False)],
    variant: Annotated[
        str, typer.Option(help="easy, hard (5% woorden gewijzigd) of obfuscated.")
    ] = "easy",
    ads: Annotated[int, typer.Option("--ads", help="Aantal unieke advertenties.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed van de generator.")] = 2021,
    demo_year: Annotated[
        int | None,
        typer.Option(
            help=f"Demo-corpus Rijnmond voor een jaar ({', '.join(map(str, DEMO_YEARS))})."
        ),
    ] = None,
) -> None:
    """Schrijf een synthetisch corpus met bekende exploitanten (veld 'operator')."""
    if demo_year is not None:
        if demo_year not in DEMO_YEARS:
            raise typer.BadParameter(f"geen demo-corpus voor {demo_year}")
        records = generate_demo_corpus(demo_year)
    else:
        if variant not in VARIANTS:
            raise typer.BadParameter(f"onbekende variant '{variant}'")
        records = generate_corpus(replace(VARIANTS[variant], n_ads=ads, seed=seed))
    write_jsonl(records, out)
    console.print(f"{len(records):,} synthetische advertenties geschreven naar {out}")


@app.command("purge")
def purge() -> None:
    """Verwijder verlopen advertentieteksten uit de beperkte opslag (gebeurt ook bij elke taak)."""
    from zicht.cli._common import django_ready

    django_ready()
    from zicht.web.monitor.ad_analysis import purge_expired_ad_texts

    removed = purge_expired_ad_texts()
    console.print(f"{removed:,} verlopen advertentietekst(en) verwijderd.")
