"""``zicht audit``: check the audit trail's seals (``zicht.core.audit_chain``)."""

from __future__ import annotations

import typer

from zicht.cli._common import JsonOption, django_ready, print_outcome, refused

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command("check")
def check(
    anchor: str | None = typer.Option(
        None,
        "--anchor",
        metavar="VOLGNUMMER:ZEGEL",
        help="De laatste audit-regel uit het log (position=…, seal=…): toont ook of de "
        "nieuwste regels zijn verwijderd.",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Controleer dat geen regel van de audittrail buiten Zicht om is gewijzigd of verwijderd."""
    from zicht.core.audit_chain import Anchor, AuditTrailBroken, verdict

    logged = Anchor.parse(anchor) if anchor is not None else None
    django_ready()
    from zicht.web.portal.models import AuditEvent
    from zicht.web.portal.sealing import check as check_trail

    outcome = check_trail(AuditEvent, anchor=logged)
    data = {
        "intact": outcome.intact,
        "events": outcome.events,
        "last_position": outcome.last_position,
        "last_seal": outcome.last_seal,
        "problem": outcome.problem.value if outcome.problem else None,
        "broken_at": outcome.broken_at,
        "anchored_at": outcome.anchored_at,
    }
    if not outcome.intact:
        raise refused(AuditTrailBroken(verdict(outcome)), as_json=as_json, data=data)
    print_outcome(data, verdict(outcome), as_json=as_json)
