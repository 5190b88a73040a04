"""``zicht accounts`` and ``zicht rounds``: demo accounts, delivery rounds and reminders."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from zicht.cli._common import (
    CatalogOption,
    JsonOption,
    catalog_or_exit,
    console,
    django_ready,
)

accounts = typer.Typer(no_args_is_help=True)
rounds = typer.Typer(no_args_is_help=True)


def print_demo_accounts(created, *, as_json: bool = False) -> None:
    """Shown once: the passwords are not stored in clear and cannot be shown again."""
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "username": a.username,
                        "role": a.role.value,
                        "password": a.password,
                        "totp_secret": a.totp_secret,
                        "backup_codes": list(a.backup_codes),
                    }
                    for a in created
                ]
            )
        )
        return
    if not created:
        console.print("Demo-accounts bestaan al (hun wachtwoorden zijn eerder één keer getoond).")
        return
    console.print(
        "[bold]Demo-accounts[/bold] (alleen voor de demo; wordt één keer getoond). Aanmelden op "
        "/portaal/aanmelden/ met wachtwoord en dan een code: de sleutel in een authenticator-app "
        "zetten, of één van de reservecodes gebruiken (elke code werkt één keer)."
    )
    for a in created:
        lines = [
            f"  {a.role.value}: {a.username}",
            f"    wachtwoord    {a.password}",
            f"    app-sleutel   {a.totp_secret}",
            f"    reservecodes  {' '.join(a.backup_codes)}",
        ]
        console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


@accounts.command("demo")
def accounts_demo(
    as_json: bool = JsonOption,
    catalog: Path | None = CatalogOption,
) -> None:
    """Maak één demo-account per rol (alleen buiten productie) en toon de gegevens één keer."""
    loaded = catalog_or_exit(catalog)
    django_ready()
    from zicht.web.portal.demo_setup import demo_accounts_create

    print_demo_accounts(demo_accounts_create(catalog=loaded), as_json=as_json)


@rounds.command("open")
def rounds_open(
    year: int = typer.Argument(..., help="Het jaar waarover geleverd wordt."),
    deadline: str = typer.Option(..., "--deadline", help="Uiterste leverdatum, JJJJ-MM-DD."),
    catalog: Path | None = CatalogOption,
) -> None:
    """Open een leverronde: elke actieve partner, alle indicatoren van dat jaar."""
    loaded = catalog_or_exit(catalog)
    try:
        day = dt.date.fromisoformat(deadline)
    except ValueError:
        console.print("[red]Ongeldige datum;[/red] gebruik JJJJ-MM-DD.")
        raise typer.Exit(2) from None
    django_ready()
    from zicht.web.portal.services import default_plan, round_open

    opened = round_open(catalog=loaded, plan=default_plan(loaded, year=year, deadline=day))
    console.print(f"Ronde geopend: {opened.title} (nummer {opened.pk}), uiterlijk {day:%d-%m-%Y}.")


@rounds.command("remind")
def rounds_remind(
    base_url: str = typer.Option(
        "http://127.0.0.1:8000", "--url", help="Adres van het portaal in de e-mail."
    ),
) -> None:
    """Herinner partners per e-mail aan wat in open rondes nog ontbreekt."""
    django_ready()
    from zicht.web.portal.services import rounds_remind as remind

    sent = remind(base_url=base_url.rstrip("/"))
    console.print(f"Herinneringen verstuurd: {sent}.")
