"""The coordinator's side: rounds and their status board, review, working figures, the build-up
of the monitor; and the administrator's audit trail. Publishing an edition is ``publication``."""

from __future__ import annotations

import csv
import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.core.audit_chain import Break, ChainCheck
from zicht.core.csvfiles import safe_row
from zicht.core.deliveries import DeliveryRejected
from zicht.core.publication.formatting import format_number
from zicht.web.monitor.models import Delivery
from zicht.web.monitor.services import ReviewRefused, delivery_review
from zicht.web.portal import permissions as may
from zicht.web.portal import sealing, selectors, services
from zicht.web.portal.audit import Action, audit_record
from zicht.web.portal.models import AuditEvent, DataAgreement, DeliveryRound
from zicht.web.portal.publication import not_in_catalogue
from zicht.web.portal.publication_preview import working_years
from zicht.web.portal.views import ReviewForm, delivery_page, page, portal_catalog

AUDIT_PAGE = 200


class RoundForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2100)
    deadline = forms.DateField(
        label=gettext_lazy("Uiterste leverdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        """A round asks for a whole year's figures: its deadline lies after that year, and a
        deadline already past would make every partner late on the day the round opens."""
        cleaned = super().clean()
        year, deadline = cleaned.get("year"), cleaned.get("deadline")
        if deadline is None:
            return cleaned
        if deadline < timezone.localdate():
            self.add_error(
                "deadline",
                _("Deze datum is al voorbij; kies vandaag of een latere datum."),
            )
        elif year is not None and deadline.year <= year:
            self.add_error(
                "deadline",
                _(
                    "De ronde vraagt cijfers over heel %(year)s; die zijn er pas na 31 december "
                    "%(year)s. Kies een datum daarna."
                )
                % {"year": year},
            )
        return cleaned


@may.signed_in
def rounds(request):
    may.require(request, may.has_role(request.user, *may.STAFF_ROLES), "geen rol voor rondes")
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        may.require(request, may.may_manage_rounds(request.user), "alleen de coördinator")
        if form.is_valid():
            plan = services.default_plan(
                portal_catalog(),
                year=form.cleaned_data["year"],
                deadline=form.cleaned_data["deadline"],
            )
            try:
                opened = services.round_open(
                    catalog=portal_catalog(), plan=plan, user=request.user, request=request
                )
            except services.RoundRefused as refused:
                form.add_error("year", refused.message)
            else:
                if opened.year not in portal_catalog().editions:
                    # Partners can deliver already; publishing waits for the catalogue.
                    messages.warning(
                        request,
                        _(
                            "Editie %(year)s staat nog niet in de catalogus. Partners kunnen "
                            "leveren, maar de editie kan pas worden gepubliceerd als de "
                            "beheerder haar aan de catalogus toevoegt."
                        )
                        % {"year": opened.year},
                    )
                return redirect("portal:round", pk=opened.pk)
    context = {
        "rounds": selectors.rounds_for(partner=None),
        "form": form,
        "may_manage": may.may_manage_rounds(request.user),
    }
    return page(request, "rounds.html", context)


@may.signed_in
def round_detail(request, pk: int):
    delivery_round = get_object_or_404(DeliveryRound, pk=pk)
    may.require(request, may.may_view_board(request.user), "statusbord alleen voor medewerkers")
    rows = selectors.round_board(delivery_round=delivery_round)
    counts = {}
    for row in rows:
        counts[row.status.label] = counts.get(row.status.label, 0) + 1
    agreements = selectors.agreements_by_partner()
    rows_with_agreements = [
        (row, selectors.agreements_covering(agreements.get(row.partner, []), row.indicator))
        for row in rows
    ]
    # Named above the board: a partner asked to deliver under a lapsed agreement is the one
    # thing on it the coordinator must act on before the deadline.
    lapsed = {
        row.partner_name
        for row, covering in rows_with_agreements
        if covering and all(a.is_lapsed for a in covering)
    }
    # Likewise a partner asked for a figure that no signed agreement covers yet (one in
    # preparation, ended, or none at all): it may be asked, but not deliver on no basis.
    unsigned = {
        row.partner_name
        for row, covering in rows_with_agreements
        if not any(a.status == DataAgreement.Status.SIGNED for a in covering)
    }
    context = {
        "round": delivery_round,
        "rows": rows_with_agreements,
        "lapsed_partners": sorted(lapsed),
        "unsigned_partners": sorted(unsigned),
        "counts": sorted(counts.items()),
        "may_review": may.has_role(request.user, may.Role.COORDINATOR),
    }
    return page(request, "round.html", context)


@may.signed_in
def reviews(request):
    may.require(request, may.has_role(request.user, may.Role.COORDINATOR), "alleen de coördinator")
    return page(request, "reviews.html", {"deliveries": selectors.pending_reviews()})


@require_POST
@may.signed_in
def review(request, pk: int):
    delivery = get_object_or_404(Delivery.objects.select_related("partner"), pk=pk)
    may.require(
        request, may.may_review(request.user, delivery), "eigen levering of geen coördinator"
    )
    form = ReviewForm(request.POST)
    if not form.is_valid():  # a refusal without a reason: nothing changed
        return delivery_page(request, delivery, form)
    accept = form.cleaned_data["decision"] == ReviewForm.ACCEPT
    try:
        delivery_review(
            delivery=delivery,
            reviewer=request.user,
            accept=accept,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            _("Geaccepteerd.")
            if accept
            else _("Afgewezen. De partner ziet de reden en kan een nieuwe versie uploaden."),
        )
    except ReviewRefused as refused:
        messages.error(request, str(refused))
    except DeliveryRejected:  # the reason held personal data; the service stored nothing
        form.add_error(
            "reason",
            _(
                "De reden bevat persoonsgegevens, zoals een naam of een geboortedatum. Er is "
                "niets opgeslagen en de levering is niet afgewezen. Schrijf de reden zonder "
                "gegevens over personen."
            ),
        )
        form.withheld = True
        return delivery_page(request, delivery, form)
    back = request.POST.get("back", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("portal:reviews")


@may.signed_in
def working_figures_index(request):
    may.require(request, may.may_view_working_figures(request.user), "geen werkcijfers")
    years = working_years(catalog=portal_catalog())
    context = {
        # A year the catalogue does not describe gets an explanation instead of a button.
        "years": [(y, "" if y.in_catalogue else not_in_catalogue(y.year)) for y in years],
        "may_publish": may.may_publish(request.user),
    }
    return page(request, "working_index.html", context)


@may.signed_in
def working_figures(request, year: int):
    may.require(request, may.may_view_working_figures(request.user), "geen werkcijfers")
    figures = selectors.working_figures(
        year=year, language=get_language() or "nl", catalog=portal_catalog()
    )
    audit_record(
        Action.VIEW, request=request, target=f"werkcijfers {year}", detail=f"{len(figures)} cijfers"
    )
    return page(request, "working.html", {"year": year, "figures": figures})


@may.signed_in
def working_figures_csv(request, year: int):
    may.require(request, may.may_view_working_figures(request.user), "geen werkcijfers")
    figures = selectors.working_figures(year=year)
    audit_record(
        Action.DOWNLOAD,
        request=request,
        target=f"werkcijfers {year}",
        detail=f"{len(figures)} cijfers",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="werkcijfers-{year}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "indicator", "indicatornaam", "gebied", "gebiedsnaam", "periode", "waarde",
            "ondergrens", "bovengrens", "beoordeling",
        ]
    )  # fmt: skip
    for f in figures:
        writer.writerow(
            safe_row(
                [
                    f.indicator,
                    f.indicator_name,
                    f.area,
                    f.area_name,
                    f.period,
                    f.value,
                    "" if f.lower is None else f.lower,
                    "" if f.upper is None else f.upper,
                    f.review,
                ]
            )  # fmt: skip
        )
    return response


@may.signed_in
def build_up(request):
    may.require(request, may.has_role(request.user, *may.STAFF_ROLES), "geen rol")
    context = {
        "years": selectors.build_up(catalog=portal_catalog(), language=get_language() or "nl"),
        "agreements": selectors.agreements_by_partner(),
    }
    return page(request, "build_up.html", context)


@may.signed_in
def audit(request):
    may.require(request, may.may_read_audit(request.user), "alleen de beheerder")
    events = AuditEvent.objects.all()[:AUDIT_PAGE]
    return page(request, "audit.html", {"events": events, "limit": AUDIT_PAGE})


def _seal_verdict(check: ChainCheck, recorded_as: int) -> str:
    """The check's outcome in the reader's language (``audit_chain.verdict`` is the CLI's).

    The check is recorded after it ran, so the table under the message starts with an event the
    check did not cover; the message says so, lest that event read as one the seals missed."""
    numbers = {
        "count": format_number(check.events, get_language() or "nl"),
        "position": check.broken_at or check.last_position,
        "seal": check.last_seal[:16],
        "recorded": recorded_as,
    }
    if check.intact:
        held = ngettext(
            "De enige regel vóór deze controle, nr. %(position)s, is ongeschonden; zijn zegel "
            "begint met %(seal)s.",
            "Alle %(count)s regels vóór deze controle zijn ongeschonden, tot en met nr. "
            "%(position)s, met een zegel dat begint met %(seal)s.",
            check.events,
        )
        ending = _(
            "Of er aan het eind regels zijn weggehaald, laat alleen het applicatielog zien "
            "(zicht audit check --anchor)."
        )
    else:
        if check.problem is Break.MISSING:
            held = _(
                "Vóór regel nr. %(position)s ontbreken regels: ze zijn buiten Zicht om verwijderd."
            )
        else:
            held = _("Regel nr. %(position)s is buiten Zicht om gewijzigd, of de regel ervoor.")
        if check.events:
            held += " " + ngettext(
                "De regel ervoor is ongeschonden.",
                "De %(count)s regels ervoor zijn ongeschonden.",
                check.events,
            )
        ending = ""
    recorded = _("Deze controle is vastgelegd als nr. %(recorded)s.")
    return " ".join(part for part in (held, recorded, ending) if part) % numbers


@require_POST
@may.signed_in
def audit_check(request):
    may.require(request, may.may_read_audit(request.user), "alleen de beheerder")
    check = sealing.check(AuditEvent)
    outcome = "ongeschonden" if check.intact else f"beschadigd bij nr. {check.broken_at}"
    event = audit_record(Action.AUDIT_CHECK, request=request, target="audittrail", detail=outcome)
    say = messages.success if check.intact else messages.error
    say(request, _seal_verdict(check, event.position))
    return redirect("portal:audit")


@may.signed_in
def audit_csv(request):
    may.require(request, may.may_read_audit(request.user), "alleen de beheerder")
    audit_record(Action.DOWNLOAD, request=request, target="audittrail")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = dt.date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audittrail-{stamp}.csv"'
    writer = csv.writer(response, delimiter=";")
    # volgnummer and zegel: an exported copy can be held against the log (docs/operations.md).
    writer.writerow(
        ["tijdstip", "account-id", "wie", "wat", "waarop", "toelichting", "ip", "adres"]
        + ["volgnummer", "zegel"]
    )
    for e in AuditEvent.objects.order_by("position").iterator():
        row = [e.actor_name, e.action, e.target, e.detail, e.ip_address or "", e.path]
        sealed = [e.position, e.seal]
        writer.writerow(safe_row([e.at.isoformat(), e.actor_id or "", *row, *sealed]))
    return response
