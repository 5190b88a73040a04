"""The audit trail: one function writes it; receivers and a middleware call that function.

What is written: who (account id and name), when, what (action, target, detail of ids and
counts), from where (IP address, path). Never a victim's data, never a refused value, never a
password or a token: a failed sign-in records the attempted account name only.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from zicht.web.monitor.models import AnalysisRun
from zicht.web.monitor.signals import (
    analysis_run_changed,
    delivery_reviewed,
    delivery_stored,
    edition_publication_refused,
    edition_published,
)
from zicht.web.portal.models import AuditEvent, DataAgreement, PartnerMembership

log = logging.getLogger("zicht.audit")
Action = AuditEvent.Action
#: The request being answered, so that events raised deep in a service (a delivery stored, an
#: edition published) still record from where; None outside a request (the CLI, a worker).
_current_request: ContextVar = ContextVar("zicht_audit_request", default=None)


def client_address(request) -> str | None:
    # REMOTE_ADDR only: a forwarded header is set by whoever sends the request. Behind a
    # trusted proxy, the proxy's own address is what can be vouched for.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    action: str, *, request=None, user=None, target: str = "", detail: str = ""
) -> AuditEvent:
    """Append one event. ``user`` defaults to the request's user (None: anonymous/automation)."""
    request = request if request is not None else _current_request.get()
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    event = AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_name=user.get_username() if user is not None else "",
        action=action,
        target=target[:200],
        detail=detail,
        ip_address=client_address(request),
        path=request.path[:300] if request is not None else "",
    )
    # The position and seal in a log kept elsewhere anchor the chain's end (core.audit_chain).
    log.info(
        "audit action=%s actor=%s target=%s position=%s seal=%s",
        action,
        event.actor_id,
        target[:200],
        event.position,
        event.seal,
    )
    return event


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    audit_record(Action.SIGN_IN, request=request, user=user, detail="wachtwoord juist")


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(Action.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # ``credentials`` has the password already masked by Django; only the name is kept.
    name = str(credentials.get("username", ""))[:150]
    audit_record(Action.SIGN_IN_FAILED, request=request, target=f"account {name}")


@receiver(delivery_stored)
def _delivered(sender, delivery, created, by=None, resubmitted=False, **kwargs) -> None:
    what = "nieuwe revisie" if created else "zelfde bestand als de actuele levering"
    if resubmitted:
        what = (
            f"zelfde bestand als de afgewezen revisie {delivery.revision - 1}, "
            "opnieuw ter beoordeling aangeboden"
        )
    audit_record(
        Action.DELIVERY,
        user=by,
        target=f"levering {delivery.pk}",
        detail=(
            f"partner {delivery.partner_id}, jaar {delivery.year}, revisie {delivery.revision}, "
            f"{delivery.row_count} rijen, kanaal {delivery.channel}: {what}"
        ),
    )


@receiver(delivery_reviewed)
def _reviewed(sender, delivery, reviewer, **kwargs) -> None:
    accepted = delivery.review == delivery.Review.ACCEPTED
    audit_record(
        Action.ACCEPTANCE if accepted else Action.REFUSAL,
        user=reviewer,
        target=f"levering {delivery.pk}",
        detail=f"partner {delivery.partner_id}, jaar {delivery.year}, revisie {delivery.revision}",
    )


@receiver(edition_published)
def _published(sender, edition, published_by=None, remark: str = "", **kwargs) -> None:
    figures = f"{edition.disclosure_report.get('cells', 0)} cijfers"
    audit_record(
        Action.PUBLICATION,
        user=published_by,
        target=f"editie {edition.year}",
        detail=f"{figures}; {remark}" if remark else figures,
    )


@receiver(edition_publication_refused)
def _publication_refused(sender, year, reason, published_by=None, **kwargs) -> None:
    # The stable reason only: the refusal's message can name a text's findings.
    audit_record(
        Action.PUBLICATION_REFUSED, user=published_by, target=f"editie {year}", detail=str(reason)
    )


@receiver(post_save, sender=AnalysisRun)
def _run_queued(sender, instance, created, **kwargs) -> None:
    if created:
        audit_record(
            Action.ANALYSIS_RUN,
            target=f"analysetaak {instance.pk}",
            detail=f"{instance.kind}, jaar {instance.year}, in de wachtrij gezet",
        )


@receiver(analysis_run_changed)
def _run_changed(sender, run, **kwargs) -> None:
    audit_record(
        Action.ANALYSIS_RUN,
        target=f"analysetaak {run.pk}",
        detail=f"{run.kind}, jaar {run.year}, status {run.status}",
    )


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _groups_changed(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a group's members changed: ``instance`` is the group
        target, names = f"rol {instance.name}", f"accounts {sorted(pk_set or [])}"
    else:
        target = f"account {instance.get_username()}"
        names = ", ".join(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    audit_record(Action.ROLE_CHANGE, target=target, detail=f"{action}: {names}")


@receiver(m2m_changed, sender=get_user_model().user_permissions.through)
def _permissions_changed(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        audit_record(
            Action.ROLE_CHANGE,
            target=f"rechten {instance}",
            detail=f"{action}: {len(pk_set or [])} recht(en)",
        )


@receiver(pre_save, sender=PartnerMembership)
def _membership_before(sender, instance, **kwargs) -> None:
    """Which partner the account delivered for before this save (None for a new link)."""
    instance._partner_before = (
        PartnerMembership.objects.filter(pk=instance.pk)
        .values_list("partner_id", flat=True)
        .first()
        if instance.pk
        else None
    )


def _record_partner_link(membership: PartnerMembership, before: str | None, after: str | None):
    # Which partner an account delivers for is a right as much as its role: moved silently,
    # an account could deliver for another organisation without a trace.
    audit_record(
        Action.ROLE_CHANGE,
        target=f"account {membership.user.get_username()}",
        detail=f"partnerkoppeling: {before or 'geen'} → {after or 'geen'}",
    )


@receiver(post_save, sender=PartnerMembership)
def _membership_saved(sender, instance, created, **kwargs) -> None:
    before = getattr(instance, "_partner_before", None)
    if created or before != instance.partner_id:
        _record_partner_link(instance, before, instance.partner_id)


@receiver(post_delete, sender=PartnerMembership)
def _membership_deleted(sender, instance, **kwargs) -> None:
    _record_partner_link(instance, instance.partner_id, None)


@receiver(post_save, sender=DataAgreement)
def _agreement_saved(sender, instance, created, **kwargs) -> None:
    # What a partner has agreed to deliver decides what a round asks of it.
    audit_record(
        Action.AGREEMENT,
        target=f"gegevensafspraak {instance.pk}",
        detail=f"{'aangemaakt' if created else 'gewijzigd'}: partner {instance.partner_id}, "
        f"status {instance.status}",
    )


@receiver(post_delete, sender=DataAgreement)
def _agreement_deleted(sender, instance, **kwargs) -> None:
    audit_record(
        Action.AGREEMENT,
        target=f"gegevensafspraak {instance.pk}",
        detail=f"verwijderd: partner {instance.partner_id}",
    )


@receiver(m2m_changed, sender=DataAgreement.indicators.through)
def _agreement_indicators_changed(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        audit_record(
            Action.AGREEMENT,
            target=f"gegevensafspraak {instance.pk}",
            detail=f"indicatoren {action}: {', '.join(sorted(map(str, pk_set or [])))}",
        )


SIGN_IN_PATHS = ("/beheer/login/", "/portaal/aanmelden/", "/en/portaal/aanmelden/")
#: Back-office pages that show figures before publication or restricted text: every view is
#: recorded (the portal's own pages record theirs in the view).
NON_PUBLIC_PAGES = (
    "/beheer/monitor/observation/",
    "/beheer/monitor/delivery/",
    "/beheer/monitor/adtext/",
    "/beheer/monitor/analysisrun/",
)


def _sent_to_sign_in(request, response) -> bool:
    """A protected page answered by sending the visitor to sign in (not the sign-in itself)."""
    if response.status_code != 302 or request.path.startswith(SIGN_IN_PATHS):
        return False
    return response.get("Location", "").startswith(SIGN_IN_PATHS)


class RefusedRequestMiddleware:
    """Every refused request is written to the audit trail, whichever view refused it:
    401/403 answers anywhere, a locked-out sign-in (429), and protected pages that send the
    visitor to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        refused = response.status_code in (401, 403, 429) or _sent_to_sign_in(request, response)
        if refused and not getattr(request, "_audited_refusal", False):
            audit_record(
                Action.REQUEST_REFUSED,
                request=request,
                target=f"{request.method} {request.path}"[:200],
                detail=f"HTTP {response.status_code}",
            )
        elif response.status_code == 200 and request.path.startswith(NON_PUBLIC_PAGES):
            audit_record(Action.VIEW, request=request, target=request.path[:200])
        return response


def audit_refusal(request, reason: str) -> None:
    """Record a refusal decided by ``permissions`` (with its reason), once per request."""
    audit_record(
        Action.REQUEST_REFUSED,
        request=request,
        target=f"{request.method} {request.path}"[:200],
        detail=reason,
    )
    request._audited_refusal = True
