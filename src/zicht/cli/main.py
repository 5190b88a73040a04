"""Entry point of the ``zicht`` command.

Each job lives in its own module under ``zicht.cli`` and is registered here, so that
``zicht --help`` lists everything a newcomer can do.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="zicht",
    help=(
        "Zicht, the human trafficking monitor. Check the catalogue, write delivery templates, "
        "import partner deliveries, publish editions and serve the dashboard."
    ),
    no_args_is_help=True,
    add_completion=False,
)

# --- command registrations (one line per module; keep sorted) -------------------------------
from zicht.cli import estimate as _estimate  # noqa: E402
app.command("estimate", help="Schat het verborgen aantal slachtoffers (multiple systems estimation).")(_estimate.estimate)
# --- end of command registrations -------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    app()
