"""Writes of the portal: uploads through the existing delivery service, rounds, reminders.

Views call these after ``permissions`` allowed the request; these functions trust their
caller on who may act, and keep the domain rules (a round asks valid indicators of a partner).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from zicht.core.catalog import Catalog
from zicht.core.deliveries import DeliveryRejected
from zicht.core.deliveries.filenames import kept_filename
from zicht.core.errors import ZichtError
from zicht.core.privacy.guard.free_text import check_free_text
from zicht.core.privacy.guard.kinds import PersonalDataKind
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Edition
from zicht.web.monitor.services import delivery_import
from zicht.web.portal.audit import Action, audit_record
from zicht.web.portal.models import DeliveryRound, PartnerMembership, RoundRequest, UploadAttempt

log = logging.getLogger("zicht.portal")


def upload_receive(
    *,
    catalog: Catalog,
    partner: str,
    year: int,
    filename: str,
    content: bytes | BinaryIO,
    user,
    note: str = "",
    request=None,
) -> UploadAttempt:
    """Validate and store a partner's upload; a refused file leaves only its messages.
    ``note`` is the partner's word to the coordinator, refused with the file when it holds
    personal data.

    The file itself is never kept here: the delivery service keeps an aggregate file as
    received and only counts a record-level one.
    """
    attempt = UploadAttempt(
        partner_id=partner, year=year, uploaded_by=user, filename=kept_filename(filename)
    )
    try:
        result = delivery_import(
            catalog=catalog,
            partner=partner,
            year=year,
            filename=filename,
            content=content,
            note=note,
            delivered_by=user,
        )
    except DeliveryRejected as rejected:
        attempt.outcome = UploadAttempt.Outcome.REFUSED
        attempt.error_count = rejected.total
        attempt.errors = [error.as_dict() for error in rejected.errors]
        attempt.save()
        audit_record(
            Action.UPLOAD_REFUSED,
            request=request,
            user=user,
            target=f"upload {attempt.pk}",
            detail=f"partner {partner}, jaar {year}, {rejected.total} fout(en)",
        )
        return attempt
    attempt.outcome = (
        UploadAttempt.Outcome.STORED if result.created else UploadAttempt.Outcome.UNCHANGED
    )
    attempt.delivery = result.delivery
    attempt.save()
    return attempt


@dataclass(frozen=True)
class RoundPlan:
    """What a coordinator asks: per partner the indicator codes, for one year by a deadline."""

    year: int
    deadline: dt.date
    title: str
    indicators: dict[str, tuple[str, ...]]


def default_plan(catalog: Catalog, *, year: int, deadline: dt.date) -> RoundPlan:
    """Every delivering partner active that year, with every indicator valid that year."""
    indicators = {}
    for code, partner in sorted(catalog.partners.items()):
        if partner.format == "analysis" or (partner.since is not None and year < partner.since):
            continue
        valid = tuple(sorted(i.code for i in catalog.indicators_of(code, year)))
        if valid:
            indicators[code] = valid
    return RoundPlan(year, deadline, f"Leverronde {year}", indicators)


class RoundRefused(ZichtError):
    """A round that can lead nowhere: its year's edition is published and never changes."""

    code = "round_refused"


def round_open(*, catalog: Catalog, plan: RoundPlan, user=None, request=None) -> DeliveryRound:
    """Open a round; every indicator must be one the partner delivers in that year, and the
    year's edition must not be published yet (what partners delivered would reach no edition)."""
    if Edition.year_is_published(plan.year):
        raise RoundRefused(
            f"Editie {plan.year} is al gepubliceerd en verandert niet meer: wat partners nu "
            f"over {plan.year} leveren, komt in geen editie. Open een ronde voor een jaar "
            "waarvan de editie nog niet gepubliceerd is."
        )
    for partner, codes in plan.indicators.items():
        valid = {i.code for i in catalog.indicators_of(partner, plan.year)}
        unknown = sorted(set(codes) - valid)
        if unknown:
            raise ValueError(f"{partner} levert in {plan.year} niet: {', '.join(unknown)}")
    catalog_sync(catalog=catalog)
    with transaction.atomic():
        opened = DeliveryRound.objects.create(
            year=plan.year, deadline=plan.deadline, title=plan.title[:200], opened_by=user
        )
        RoundRequest.objects.bulk_create(
            RoundRequest(round=opened, partner_id=partner, indicator_id=code)
            for partner, codes in plan.indicators.items()
            for code in codes
        )
    audit_record(
        Action.ROUND,
        request=request,
        user=user,
        target=f"ronde {opened.pk}",
        detail=f"jaar {plan.year}, {len(plan.indicators)} partners, deadline {plan.deadline}",
    )
    return opened


class RoundClosed(ZichtError):
    """The round's edition is published: a "not available" can be neither given nor taken
    back, since it could change no published figure."""

    code = "round_closed"

    def __init__(self, delivery_round: DeliveryRound):
        super().__init__(
            f"Editie {delivery_round.year} is al gepubliceerd: de ronde is gesloten. Een melding "
            "'niet beschikbaar' kan niet meer worden gegeven of ingetrokken."
        )


class ReasonHasPersonalData(ZichtError):
    """A "not available" reason holding personal data: refused, naming only what kinds it
    held (a page can say them in its reader's language), never where or what."""

    code = "reason_has_personal_data"

    def __init__(self, kinds: tuple[PersonalDataKind, ...]) -> None:
        super().__init__(
            "de reden bevat persoonsgegevens: " + ", ".join(kind.label for kind in kinds)
        )
        self.kinds = kinds


def request_mark_unavailable(*, item: RoundRequest, reason: str, user, request=None) -> None:
    """The partner says an indicator cannot be delivered, and why (no personal data). Only
    while the round is open (``DeliveryRound.is_closed``), as its withdrawal."""
    if item.round.is_closed:
        raise RoundClosed(item.round)
    findings = check_free_text(reason)
    if findings:
        raise ReasonHasPersonalData(tuple(dict.fromkeys(f.kind for f in findings)))
    item.unavailable_reason = reason.strip()[:2000]
    item.unavailable_at = timezone.now() if item.unavailable_reason else None
    item.save(update_fields=["unavailable_reason", "unavailable_at"])
    _record_request_change(Action.NOT_AVAILABLE, item, user, request)


def request_withdraw_unavailable(*, item: RoundRequest, user, request=None) -> bool:
    """The partner takes back "not available": the indicator counts as asked again (or as
    delivered, when it was). Only while the round is open (``DeliveryRound.is_closed``).

    The reason is dropped, not kept aside: the audit trail records that the mark was made and
    withdrawn, never its text. Returns False when there was no mark to withdraw (a second
    click), which records nothing.
    """
    if item.round.is_closed:
        raise RoundClosed(item.round)
    # One conditional update: two clicks at once withdraw (and record) only once.
    withdrawn = (
        RoundRequest.objects.filter(pk=item.pk)
        .exclude(unavailable_reason="")
        .update(unavailable_reason="", unavailable_at=None, unavailable_withdrawn_at=timezone.now())
    )
    if not withdrawn:
        return False
    _record_request_change(Action.NOT_AVAILABLE_WITHDRAWN, item, user, request)
    return True


def _record_request_change(action: Action, item: RoundRequest, user, request) -> None:
    """The audit line for a change to one requested indicator: which, never the reason."""
    audit_record(
        action,
        request=request,
        user=user,
        target=f"gevraagde indicator {item.pk}",
        detail=f"partner {item.partner_id}, indicator {item.indicator_id}",
    )


def rounds_remind(*, today: dt.date | None = None, base_url: str = "") -> int:
    """E-mail every partner user of each open round whose partner still owes something.

    Returns the number of e-mails sent. Owed: requested (or refused at upload, or rejected by the
    coordinator) and not marked as not available, in a round whose deadline has not passed by
    more than 30 days.
    """
    from zicht.web.portal.selectors import Status, round_board

    today = today or timezone.localdate()
    sent = 0
    for delivery_round in DeliveryRound.objects.filter(deadline__gte=today - dt.timedelta(30)):
        owing = {
            row.partner
            for row in round_board(delivery_round=delivery_round)
            if row.status in (Status.REQUESTED, Status.REFUSED, Status.REJECTED, Status.LATE)
        }
        for membership in PartnerMembership.objects.filter(partner_id__in=owing).select_related(
            "user", "partner"
        ):
            if not membership.user.email or not membership.user.is_active:
                continue
            send_mail(
                subject=f"Herinnering: {delivery_round.title} "
                f"(uiterlijk {delivery_round.deadline:%d-%m-%Y})",
                message=_reminder_text(delivery_round, membership.partner.name_nl, base_url),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[membership.user.email],
            )
            sent += 1
        RoundRequest.objects.filter(round=delivery_round, partner_id__in=owing).update(
            last_reminded_at=timezone.now()
        )
        audit_record(
            Action.REMINDER,
            target=f"ronde {delivery_round.pk}",
            detail=f"{len(owing)} partner(s) met openstaande indicatoren",
        )
    log.info("reminders sent count=%s", sent)
    return sent


def _reminder_text(delivery_round: DeliveryRound, partner_name: str, base_url: str) -> str:
    return (
        f"Beste collega van {partner_name},\n\n"
        f"Voor {delivery_round.title} vragen wij uw cijfers over {delivery_round.year}, "
        f"uiterlijk {delivery_round.deadline:%d-%m-%Y}. Nog niet alles is ontvangen.\n"
        f"In het portaal ziet u wat er gevraagd is, downloadt u het sjabloon en levert u aan:\n"
        f"{base_url}/portaal/\n\n"
        "Kunt u een cijfer niet leveren? Meld dat in het portaal met de reden.\n\n"
        "Met vriendelijke groet,\nde coördinator van de monitor mensenhandel\n"
    )
