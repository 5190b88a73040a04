"""Entry point of the ``zicht`` command.

Each job lives in its own module under ``zicht.cli`` and is registered here, so that
``zicht --help`` lists everything a newcomer can do.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="zicht",
    help=(
        "Zicht, de monitor mensenhandel. Controleer de catalogus, schrijf leveringssjablonen, "
        "importeer leveringen van partners, publiceer edities en start het dashboard."
    ),
    no_args_is_help=True,
    add_completion=False,
)

# --- command registrations (one line per module; keep sorted) -------------------------------
from zicht.cli import _common  # noqa: E402
from zicht.cli import catalog as _catalog  # noqa: E402
from zicht.cli import charts as _charts  # noqa: E402
from zicht.cli import deliveries as _deliveries  # noqa: E402
from zicht.cli import editions as _editions  # noqa: E402
from zicht.cli import export as _export  # noqa: E402
from zicht.cli import publications as _publications  # noqa: E402
from zicht.cli import runs as _runs  # noqa: E402
from zicht.cli import serving as _serving  # noqa: E402

app.add_typer(_catalog.app, name="catalog", help="Controleer de catalogus.")
app.command("template")(_deliveries.template)
app.command("deliver")(_deliveries.deliver)
app.command("publish")(_editions.publish)
app.command("export")(_export.export)
app.command("report")(_publications.report)
app.command("factsheet")(_publications.factsheet)
app.command("bake")(_publications.bake)
app.add_typer(_charts.app, name="charts", help="Ruim de map met gemaakte grafieken op.")
app.command("serve")(_serving.serve)
app.command("migrate")(_common.migrate)
app.command("demo")(_serving.demo)
app.add_typer(_runs.app, name="runs", help="Taken op de achtergrond starten en volgen.")
app.command("worker")(_runs.worker)
from zicht.cli import estimate as _estimate  # noqa: E402

app.command(
    "estimate", help="Schat het verborgen aantal slachtoffers (multiple systems estimation)."
)(_estimate.estimate)
from zicht.cli import link as _link  # noqa: E402

app.add_typer(
    _link.app,
    name="link",
    help="Koppel personen tussen partners zonder identiteit te delen (PPRL).",
)
from zicht.cli import ads as _ads  # noqa: E402

app.add_typer(
    _ads.app,
    name="ads",
    help="Analyseer seksadvertenties: koppel advertenties per exploitant en scoor risico.",
)
from zicht.cli import portal as _portal  # noqa: E402

app.add_typer(_portal.accounts, name="accounts", help="Accounts van het portaal (demo).")
app.add_typer(_portal.rounds, name="rounds", help="Leverrondes openen en herinneringen sturen.")
from zicht.cli import audit as _audit  # noqa: E402

app.add_typer(_audit.app, name="audit", help="Controleer de audittrail.")
# --- end of command registrations -------------------------------------------------------------

# Refusals (ZichtError) end every command with their Dutch message and exit code (one map).
_common.guard_refusals(app)


if __name__ == "__main__":  # pragma: no cover
    app()
