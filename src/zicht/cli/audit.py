"""``zicht audit``: check the audit trail's seals (``zicht.core.audit_chain``)."""

from __future__ import annotations

import typer

from zicht.cli._common import JsonOption, django_ready, print_outcome, refused

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command("check")
def check(as_json: bool = JsonOption) -> None:
    """Controleer dat geen regel van de audittrail buiten Zicht om is gewijzigd of verwijderd."""
    django_ready()
    from zicht.core.audit_chain import AuditTrailBroken, verdict
    from zicht.web.portal.models import AuditEvent
    from zicht.web.portal.sealing import check as check_trail

    outcome = check_trail(AuditEvent)
    data = {
        "intact": outcome.intact,
        "events": outcome.events,
        "last_position": outcome.last_position,
        "last_seal": outcome.last_seal,
        "problem": outcome.problem.value if outcome.problem else None,
        "broken_at": outcome.broken_at,
    }
    if not outcome.intact:
        raise refused(AuditTrailBroken(verdict(outcome)), as_json=as_json, data=data)
    print_outcome(data, verdict(outcome), as_json=as_json)
