"""``zicht template`` and ``zicht deliver``: the partner's side of a delivery."""

from __future__ import annotations

from pathlib import Path

import typer

from zicht.cli._common import (
    CatalogOption,
    JsonOption,
    catalog_or_exit,
    console,
    django_ready,
    print_outcome,
    refused,
    safe,
)
from zicht.core.deliveries import DeliveryRejected, write_template


def template(
    year: int = typer.Argument(..., help="Het jaar waarover geleverd wordt, bijvoorbeeld 2020."),
    partner: str | None = typer.Option(
        None, "--partner", "-p", help="Alleen het sjabloon van deze partner."
    ),
    out: Path = typer.Option(Path("sjablonen"), "--out", "-o", help="Map voor de sjablonen."),
    xlsx: bool = typer.Option(False, "--xlsx", help="Schrijf XLSX in plaats van CSV."),
    english: bool = typer.Option(
        False, "--english", help="Engelse kolomnamen en toelichting (beide worden aanvaard)."
    ),
    catalog: Path | None = CatalogOption,
) -> None:
    """Schrijf per partner het leveringssjabloon voor een jaar."""
    loaded = catalog_or_exit(catalog)
    partners = [partner] if partner else sorted(loaded.partners)
    out.mkdir(parents=True, exist_ok=True)
    for code in partners:
        if code not in loaded.partners:
            known = ", ".join(sorted(loaded.partners))
            console.print(f"[red]Onbekende partner:[/red] {safe(code)}. Bekende partners: {known}")
            raise typer.Exit(2)
        spec = loaded.partners[code]
        if (spec.since is not None and year < spec.since) or spec.format == "analysis":
            continue
        path = write_template(
            loaded,
            code,
            year,
            out / f"{code}-{year}.{'xlsx' if xlsx else 'csv'}",
            "en" if english else "nl",
        )
        console.print(f"Sjabloon geschreven: {path}")


def deliver(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="Het leveringsbestand (CSV of XLSX)."
    ),
    partner: str = typer.Option(..., "--partner", "-p", help="Code van de leverende partner."),
    year: int = typer.Option(..., "--year", "-j", help="Het jaar waarover geleverd wordt."),
    note: str = typer.Option(
        "", "--note", help="Toelichting bij de levering (bijv. reden van correctie)."
    ),
    as_json: bool = JsonOption,
    pending: bool = typer.Option(
        False,
        "--pending",
        help="Laat de levering door een coördinator beoordelen voordat ze meetelt "
        "(standaard telt een levering via de opdrachtregel als geaccepteerd door de "
        "automatisering).",
    ),
    catalog: Path | None = CatalogOption,
) -> None:
    """Lever een bestand aan.

    Eerst wordt het hele bestand gecontroleerd; bij één fout wordt niets opgeslagen.
    """
    loaded = catalog_or_exit(catalog)
    django_ready()
    from zicht.web.monitor.services import delivery_import

    try:
        # The open file, not its bytes: a file past the size limit is refused after reading
        # one byte more than the limit.
        with file.open("rb") as handle:
            result = delivery_import(
                catalog=loaded,
                partner=partner,
                year=year,
                filename=file.name,
                content=handle,
                note=note,
                pending=pending,
            )
    except DeliveryRejected as rejected:
        answer = {
            "accepted": False,
            "errors": [e.as_dict() for e in rejected.errors],
            "error_count": rejected.total,
        }
        raise refused(rejected, as_json=as_json, data=answer) from None
    d = result.delivery
    state = "opgeslagen" if result.created else "was al ontvangen (ongewijzigd)"
    print_outcome(
        {
            "accepted": True,
            "delivery": d.pk,
            "partner": partner,
            "year": year,
            "revision": d.revision,
            "new": result.created,
            "checksum": d.checksum,
            "rows": d.row_count,
            "observations": result.observations,
            "supersedes": d.supersedes_id,
        },
        f"[green]Levering {state}:[/green] {partner} {year}, revisie {d.revision}, "
        f"{d.row_count} rijen, {result.observations} waarnemingen.",
        as_json=as_json,
    )
