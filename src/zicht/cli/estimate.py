"""``zicht estimate``: estimate the hidden number of victims from a capture-history table."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from zicht.cli._common import safe, strip_escapes
from zicht.core.estimation import (
    BootstrapKind,
    CaptureTableError,
    EstimateDoesNotExistError,
    EstimationResult,
    EstimationSettings,
    IntervalMethod,
    IntervalSettings,
    SelectionMethod,
    SelectionSettings,
    estimate_population,
    read_capture_table_csv,
)

ALTERNATIVE_LABELS = {
    "main": "alleen hoofdeffecten (lijsten onafhankelijk)",
    "bic_model_average": "gemiddelde over modellen (BIC-gewogen)",
}
EXIT_BAD_TABLE = 2
EXIT_NO_ESTIMATE = 3

TABLE_HELP = (
    "CSV-bestand met één kolom per lijst (0 = niet op de lijst, 1 = wel) en een kolom 'count' "
    "met het aantal personen met dat patroon. De rij 'op geen enkele lijst' hoort er niet in: "
    "dat aantal wordt juist geschat."
)
METHOD_HELP = (
    "Modelkeuze: 'stepwise' voegt stap voor stap samenhang tussen twee lijsten toe zolang die "
    "significant is (zoals SparseMSE); 'main' neemt aan dat lijsten onafhankelijk zijn; 'all' "
    "neemt alle paren op; 'fixed' gebruikt de paren uit --terms."
)
INTERVAL_HELP = (
    "Soort 95%-interval: 'asymptotic' (snel, zoals SparseMSE), 'profile' (profile likelihood, "
    "beter bij kleine aantallen) of 'bootstrap' (BCa; kiest het model opnieuw in elke "
    "herhaling en neemt zo ook de onzekerheid van de modelkeuze mee; duurt langer)."
)


def estimate(
    table: Annotated[Path, typer.Argument(help=TABLE_HELP, exists=True, dir_okay=False)],
    json_output: Annotated[
        bool, typer.Option("--json", help="Uitvoer als JSON (voor scripts en het dashboard).")
    ] = False,
    method: Annotated[SelectionMethod, typer.Option(help=METHOD_HELP)] = SelectionMethod.STEPWISE,
    pthresh: Annotated[
        float, typer.Option(help="Drempel voor de p-waarde bij 'stepwise' (SparseMSE: 0.02).")
    ] = 0.02,
    terms: Annotated[
        str, typer.Option(help="Paren voor --method fixed, bijvoorbeeld 'A:B,B:C'.")
    ] = "",
    interval: Annotated[
        IntervalMethod, typer.Option(help=INTERVAL_HELP)
    ] = IntervalMethod.ASYMPTOTIC,
    level: Annotated[float, typer.Option(help="Betrouwbaarheid van het interval.")] = 0.95,
    bootstrap_replicates: Annotated[int, typer.Option(help="Aantal bootstrapherhalingen.")] = 1000,
    bootstrap_kind: Annotated[
        BootstrapKind,
        typer.Option(help="'nonparametric' (personen opnieuw trekken) of 'parametric'."),
    ] = BootstrapKind.NONPARAMETRIC,
    seed: Annotated[int, typer.Option(help="Startwaarde van de toevalsgenerator.")] = 1234,
    compare: Annotated[
        bool,
        typer.Option(help="Vergelijk met een gemiddelde over modellen (modelonzekerheid)."),
    ] = True,
    store_year: Annotated[
        int | None,
        typer.Option(
            "--store-year",
            help="Sla de schatting op als waarneming 'geschat aantal slachtoffers' voor dit "
            "jaar (met interval, methode en model), zodat ze in de editie komt.",
        ),
    ] = None,
) -> None:
    """Schat hoeveel slachtoffers geen enkele lijst zag, en het totaal, met interval."""
    try:
        settings = EstimationSettings(
            selection=SelectionSettings(
                method=method,
                p_threshold=pthresh,
                fixed_terms=tuple(t.strip() for t in terms.split(",") if t.strip()),
            ),
            interval=IntervalSettings(
                method=interval,
                level=level,
                bootstrap_replicates=bootstrap_replicates,
                bootstrap_kind=bootstrap_kind,
                seed=seed,
            ),
        )
        settings = _with_comparison(settings, compare)
        capture_table = read_capture_table_csv(table)
        result = estimate_population(capture_table, settings)
    except EstimateDoesNotExistError as error:
        _fail(str(error), EXIT_NO_ESTIMATE, json_output, exists=True)
    except (CaptureTableError, ValueError) as error:
        _fail(str(error), EXIT_BAD_TABLE, json_output, exists=False)
    if store_year is not None:
        _store(capture_table, settings, store_year, table.name)
    if json_output:
        typer.echo(result.to_json())
    else:
        _print_human(result)


def _store(capture_table, settings: EstimationSettings, year: int, name: str) -> None:
    """Store the estimate through the monitor's service (the same as the linkage flow)."""
    from zicht import config
    from zicht.cli._common import django_ready
    from zicht.core.catalog import Text, load_catalog

    django_ready()
    from zicht.web.monitor.victim_estimate import victim_estimate_store

    stored, _ = victim_estimate_store(
        catalog=load_catalog(config.catalog_dir()),
        year=year,
        table=capture_table,
        settings=settings,
        source=Text(f"aangeleverde tabel {name}", f"uploaded table {name}"),
    )
    typer.echo(f"Opgeslagen als waarneming voor {year} (levering {stored.delivery.pk}).", err=True)


def _with_comparison(settings: EstimationSettings, compare: bool) -> EstimationSettings:
    if compare:
        return settings
    return replace(settings, alternatives=replace(settings.alternatives, enabled=False))


def _fail(message: str, code: int, json_output: bool, exists: bool) -> None:
    if json_output:
        payload = {"estimate": None, "ci_low": None, "ci_high": None, "error": message}
        if exists:
            payload["estimate_exists"] = False
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    prefix = "Geen schatting mogelijk" if exists else "Tabel niet bruikbaar"
    typer.echo(f"{prefix}: {strip_escapes(message)}", err=True)
    raise typer.Exit(code)


def _dutch_number(value: float | None) -> str:
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "onbegrensd"
    return f"{value:,.0f}".replace(",", ".")


def _print_human(result: EstimationResult) -> None:
    console = Console()
    level = f"{result.ci_level:.0%}"
    console.print(
        f"[bold]Geschat totaal aantal slachtoffers:[/bold] {_dutch_number(result.estimate)} "
        f"({level}-interval {_dutch_number(result.ci_low)} – {_dutch_number(result.ci_high)}, "
        f"{result.interval})"
    )
    console.print(
        f"Geregistreerd op minstens één lijst: {_dutch_number(result.observed_total)}; "
        f"geschat door geen lijst gezien: {_dutch_number(result.dark_figure)}."
    )
    terms = ", ".join(result.model_terms) or "geen (lijsten onafhankelijk)"
    console.print(f"Model ({result.method}): samenhang tussen lijsten: {terms}")
    if result.alternatives:
        comparison = Table(title="Andere methoden (ter vergelijking)")
        for column in ("methode", "schatting", "interval"):
            comparison.add_column(column)
        for alternative in result.alternatives:
            comparison.add_row(
                ALTERNATIVE_LABELS.get(alternative.method, alternative.method),
                _dutch_number(alternative.estimate),
                f"{_dutch_number(alternative.ci_low)} – {_dutch_number(alternative.ci_high)}",
            )
        console.print(comparison)
    for warning in result.warnings:
        console.print(f"[yellow]Let op:[/yellow] {safe(warning)}")
    console.print("Dit is een schatting met onzekerheid, geen telling: noem altijd het interval.")
