"""``zicht link``: privacy-preserving record linkage between partners (PPRL).

``encode`` runs at the partner and writes only encodings; ``check`` and ``match`` run at
Zicht. Messages name files, counts and line numbers, never a record's content.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from zicht.cli._common import safe
from zicht.core.csvfiles import safe_frame
from zicht.core.privacy.linkage import (
    FEBRL_COLUMN_MAPPING,
    LinkageSettings,
    encode_csv,
    link_files,
    load_secret,
    parse_column_mapping,
    read_encoding_file,
)
from zicht.core.privacy.linkage.schema import ColumnMapping
from zicht.core.privacy.linkage.synthetic import (
    SyntheticListSettings,
    generate_lists,
    write_list_csv,
)
from zicht.core.privacy.linkage.threshold import threshold_method_label

EXIT_REFUSED = 2

app = typer.Typer(no_args_is_help=True, add_completion=False)
console = Console(stderr=True)

STAGE_LABELS = {
    "encode": "Coderen",
    "read": "Bestanden inlezen",
    "compare": "Vergelijken",
    "blocking": "Blokken (LSH)",
}
COLUMNS_HELP = (
    "Kolomtoewijzing 'veld=kolom,...' (meerdere kolommen met '+'), of 'febrl'. Velden: "
    "record_ref, given_name, family_name, date_of_birth, sex, country_of_birth, address, "
    "place, postal_code, identity_number, year, municipality, exploitation_form, age_group."
)


@contextmanager
def _progress() -> Iterator[object]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = STAGE_LABELS.get(stage, stage)
                tasks[stage] = progress.add_task(label, total=total or None)
            progress.update(tasks[stage], completed=done, total=total or None)

        yield report


def _mapping(text: str | None) -> ColumnMapping | None:
    if not text:
        return None
    if text.strip().lower() == "febrl":
        return FEBRL_COLUMN_MAPPING
    try:
        return parse_column_mapping(text)
    except ValueError as error:
        console.print(f"[red]{safe(error)}[/red]")
        raise typer.Exit(EXIT_REFUSED) from None


@app.command("encode")
def encode(
    persons: Annotated[Path, typer.Argument(help="CSV met personen.", exists=True, dir_okay=False)],
    secret_file: Annotated[
        Path, typer.Option(help="Bestand met het gedeelde geheim (buiten Zicht beheerd).")
    ],
    out: Annotated[Path, typer.Option(help="Uitvoerbestand met coderingen (JSON Lines).")],
    source: Annotated[
        str | None, typer.Option(help="Naam van de bron (standaard: bestandsnaam zonder .csv).")
    ] = None,
    columns: Annotated[str | None, typer.Option(help=COLUMNS_HELP)] = None,
) -> None:
    """Codeer personen bij de partner: alleen coderingen verlaten dit bestand."""
    secret = load_secret(secret_file)  # refusals end the command through the CLI's guard
    warnings: list[str] = []
    with _progress() as report:
        written = encode_csv(
            persons, out, secret, source, _mapping(columns), progress=report, warnings=warnings
        )
    for warning in warnings:
        console.print(f"[yellow]Let op: {safe(warning)}[/yellow]")
    console.print(f"[green]{written} records gecodeerd naar {out}.[/green]")


@app.command("check")
def check(
    encodings: Annotated[Path, typer.Argument(help="Coderingsbestand (JSON Lines).", exists=True)],
) -> None:
    """Controleer een aangeleverd coderingsbestand; weigert alles wat er niet in hoort."""
    loaded = read_encoding_file(encodings)
    console.print(
        f"[green]{encodings.name}: {len(loaded.record_refs)} records, schema "
        f"{loaded.schema.version}, in orde.[/green]"
    )


@app.command("match")
def match(
    encodings: Annotated[
        list[Path], typer.Argument(help="Coderingsbestanden van de partners.", exists=True)
    ],
    out: Annotated[Path, typer.Option(help="CSV met source,record_ref,person_id.")],
    overlap: Annotated[
        Path | None, typer.Option(help="CSV met het overlappatroon voor 'zicht estimate'.")
    ] = None,
    counts: Annotated[
        Path | None, typer.Option(help="CSV met unieke personen per bron, gemeente en jaar.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="JSON met drempel, scoreverdeling en kwaliteit.")
    ] = None,
    deduplicate: Annotated[
        bool,
        typer.Option(help="Sta meerdere records per persoon binnen één bron toe (ontdubbelen)."),
    ] = False,
) -> None:
    """Koppel coderingen van alle partners tot personen; drempel gekozen uit de data."""
    settings = LinkageSettings(one_record_per_source=not deduplicate)
    try:
        with _progress() as progress:
            result = link_files(encodings, settings, progress)
    except ValueError as error:
        console.print(f"[red]{safe(error)}[/red]")
        raise typer.Exit(EXIT_REFUSED) from None
    # Record references come from the partners' files: written safe from formula injection.
    safe_frame(result.links()).write_csv(out)
    if overlap is not None:
        safe_frame(result.overlap()).write_csv(overlap)
    if counts is not None:
        safe_frame(result.unique_persons()).write_csv(counts)
    summary = result.report()
    if report is not None:
        report.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    quality = result.quality
    chosen = threshold_method_label(result.threshold.method)
    console.print(
        f"[green]{summary['records']} records, {summary['persons']} personen; drempel "
        f"{summary['threshold']} ({chosen}). Waarschijnlijk "
        f"onterechte koppelingen: {quality.likely_false_links.expected:.0f} "
        f"({quality.likely_false_links.low:.0f}–{quality.likely_false_links.high:.0f}); "
        f"mogelijk gemiste (eerder te hoog): {quality.likely_missed_links.expected:.0f} "
        f"({quality.likely_missed_links.low:.0f}–{quality.likely_missed_links.high:.0f}).[/green]"
    )


@app.command("synthetic")
def synthetic(
    out_dir: Annotated[Path, typer.Option(help="Map voor de gegenereerde CSV-bestanden.")],
    population: Annotated[int, typer.Option(help="Grootte van de verzonnen populatie.")] = 3000,
    seed: Annotated[int, typer.Option(help="Startwaarde van de toevalsgenerator.")] = 20260101,
) -> None:
    """Maak verzonnen partnerlijsten (geen echte personen) om de koppeling te proberen."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lists = generate_lists(SyntheticListSettings(population=population, seed=seed))
    for source, rows in lists.records.items():
        write_list_csv(rows, out_dir / f"{source}.csv")
    truth = out_dir / "waarheid.csv"
    with truth.open("w", encoding="utf-8") as handle:
        handle.write("source,record_ref,person\n")
        for (source, reference), person in sorted(lists.person_of_record.items()):
            handle.write(f"{source},{reference},{person}\n")
    console.print(f"[green]{len(lists.records)} lijsten en {truth.name} in {out_dir}.[/green]")
