"""The partner's side of the portal: what is asked, templates, uploads, history.

Thin views: every one asks ``permissions`` first, then a selector or a service.
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht import config
from zicht.core.catalog import Catalog, load_catalog
from zicht.core.deliveries.templates import template_csv, template_xlsx
from zicht.core.privacy.guard.kinds import PersonalDataKind
from zicht.web.dashboard.error_pages import ErrorPage, not_found
from zicht.web.monitor.models import Delivery, Partner
from zicht.web.portal import permissions as may
from zicht.web.portal import selectors, services
from zicht.web.portal.audit import Action, audit_record
from zicht.web.portal.models import RoundRequest, UploadAttempt
from zicht.web.portal.navigation import navigation_for
from zicht.web.portal.roles import Role

# Every error in the portal leads back to the portal's start page.
_PORTAL_HOME = reverse_lazy("portal:home")
_TO_PORTAL_HOME = gettext_lazy("Naar het begin van het portaal")
FORBIDDEN = ErrorPage(
    403,
    title=gettext_lazy("Geen toegang"),
    explanation=gettext_lazy(
        "Deze pagina hoort bij een andere partner of bij een rol die uw account niet heeft. "
        "Denkt u dat u hier wel bij moet kunnen, vraag het dan de beheerder: die kent de rollen "
        "toe."
    ),
    onward_url=_PORTAL_HOME,
    onward_text=_TO_PORTAL_HOME,
)
NOT_FOUND = not_found(
    gettext_lazy(
        "Deze pagina bestaat niet (meer) in het portaal. Misschien is het adres verkeerd "
        "overgenomen."
    ),
    onward_url=_PORTAL_HOME,
    onward_text=_TO_PORTAL_HOME,
)


def error_page(request, error: ErrorPage) -> HttpResponse:
    """An error in the portal's own layout (with its navigation), not the public site's."""
    context = {"error": error, "layout": "portal/base.html"} | _frame(request)
    return render(request, "dashboard/error.html", context, status=error.status)


@lru_cache(maxsize=4)
def _catalog_at(path: str) -> Catalog:
    return load_catalog(path)


def portal_catalog() -> Catalog:
    return _catalog_at(str(config.catalog_dir()))


def _frame(request) -> dict:
    english = (get_language() or "nl").startswith("en")
    return {
        "navigation": navigation_for(request.user, request.path),
        "roles": sorted(r.label_en if english else r.value for r in may.roles_of(request.user)),
    }


def page(request, template: str, context: dict) -> HttpResponse:
    """Render a portal page with the navigation the user's roles allow."""
    return render(request, f"portal/{template}", context | _frame(request))


@may.signed_in
def home(request):
    if may.partner_of(request.user):
        return redirect("portal:partner_home")
    if may.has_role(request.user, Role.COORDINATOR, Role.ANALYST):
        return redirect("portal:rounds")
    if may.has_role(request.user, Role.ADMINISTRATOR):
        return redirect("portal:audit")
    return page(request, "no_role.html", {})


@may.signed_in
def partner_home(request):
    partner = may.partner_of(request.user)
    may.require(request, partner is not None, "geen partnerkoppeling")
    return redirect("portal:partner", code=partner)


NOTE_MAX_LENGTH = 2000


class UploadForm(forms.Form):
    # An empty file goes on to the delivery checks, which refuse it in words ("het bestand is
    # leeg") and keep the attempt in the partner's history.
    file = forms.FileField(label=gettext_lazy("Bestand (CSV of XLSX)"), allow_empty_file=True)
    # What the partner tells the coordinator with the file (what was corrected, why a figure
    # jumped). Checked for personal data with the file; the coordinator reads it at review.
    note = forms.CharField(required=False, max_length=NOTE_MAX_LENGTH, strip=True)


class UnavailableForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


@may.signed_in
def partner_detail(request, code: str):
    partner = get_object_or_404(Partner, code=code)
    may.require(request, may.may_view_partner(request.user, code), "andere partner")
    rounds = [
        (r, selectors.round_board(delivery_round=r, partner=code))
        for r in selectors.rounds_for(partner=code)
    ]
    context = {
        "partner": partner,
        "rounds": rounds,
        "may_deliver": may.may_deliver_for(request.user, code),
        "upload_form": UploadForm(),
        "unavailable_form": UnavailableForm(),
        # The request whose "not available" form was just refused: shown open again.
        "open_request": int(request.GET["open"]) if request.GET.get("open", "").isdigit() else None,
        "rejected": selectors.rejected_deliveries(partner=code),
        "uploads": selectors.partner_uploads(partner=code)[:50],
        "deliveries": selectors.partner_deliveries(partner=code)[:50],
    }
    return page(request, "partner.html", context)


@may.signed_in
def template_download(request, code: str, year: int, kind: str):
    get_object_or_404(Partner, code=code)
    may.require(request, may.may_view_partner(request.user, code), "andere partner")
    catalog = portal_catalog()
    if code not in catalog.partners or catalog.partners[code].format == "analysis":
        raise Http404("no template for this partner")
    if kind == "xlsx":
        content = template_xlsx(catalog, code, year, get_language() or "nl")
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = template_csv(catalog, code, year, get_language() or "nl")
        mime = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=mime)
    # Named in the template's own language, as its columns are.
    name = "template" if (get_language() or "nl").startswith("en") else "sjabloon"
    response["Content-Disposition"] = f'attachment; filename="{name}-{code}-{year}.{kind}"'
    return response


@require_POST
@may.signed_in
def upload(request, code: str, year: int):
    get_object_or_404(Partner, code=code)
    may.require(request, may.may_deliver_for(request.user, code), "levert niet voor deze partner")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        if "note" in form.errors:
            messages.error(
                request,
                _("De toelichting is te lang: ten hoogste %(n)s tekens.") % {"n": NOTE_MAX_LENGTH},
            )
        else:
            messages.error(request, _("Kies een bestand om te uploaden."))
        return redirect("portal:partner", code=code)
    file = form.cleaned_data["file"]
    # The open file: the delivery service reads at most its size limit (ZICHT_UPLOAD_MAX_MEGABYTES)
    # and refuses a larger file in Dutch.
    attempt = services.upload_receive(
        catalog=portal_catalog(),
        partner=code,
        year=year,
        filename=file.name,
        content=file,
        note=form.cleaned_data["note"],
        user=request.user,
        request=request,
    )
    return redirect("portal:upload", pk=attempt.pk)


@may.signed_in
def upload_detail(request, pk: int):
    attempt = get_object_or_404(UploadAttempt.objects.select_related("partner"), pk=pk)
    may.require(request, may.may_view_partner(request.user, attempt.partner_id), "andere partner")
    language = get_language() or "nl"
    problems = attempt.problems(language)
    context = {
        "attempt": attempt,
        "problems": problems,
        # An English page showing reasons stored before they were kept in English says why.
        "reasons_in_dutch": language != "nl" and any(p.language == "nl" for p in problems),
        # The file passed the checks and only the note was refused: say so, not "correct it".
        "only_the_note": bool(problems) and all(p.about_note for p in problems),
        "may_deliver": may.may_deliver_for(request.user, attempt.partner_id),
        "upload_form": UploadForm(),
        "refused": attempt.outcome == UploadAttempt.Outcome.REFUSED,
        "resubmission_of": selectors.resubmission_of(attempt.delivery)
        if attempt.outcome == UploadAttempt.Outcome.STORED
        else None,
    }
    return page(request, "upload.html", context)


def _say_round_closed(request, item: RoundRequest) -> None:
    message = _(
        "Editie %(year)s is al gepubliceerd: de ronde is gesloten. Een melding 'niet "
        "beschikbaar' kan niet meer worden gegeven of ingetrokken."
    )
    messages.error(request, message % {"year": item.round.year})


#: Kinds of personal data as a refusal names them to the partner, in the page's language.
KIND_NAMES = {
    PersonalDataKind.CITIZEN_SERVICE_NUMBER: gettext_lazy("een burgerservicenummer"),
    PersonalDataKind.PHONE_NUMBER: gettext_lazy("een telefoonnummer"),
    PersonalDataKind.EMAIL_ADDRESS: gettext_lazy("een e-mailadres"),
    PersonalDataKind.IBAN: gettext_lazy("een rekeningnummer"),
    PersonalDataKind.POSTAL_ADDRESS: gettext_lazy("een adres"),
    PersonalDataKind.DATE_OF_BIRTH: gettext_lazy("een (geboorte)datum"),
    PersonalDataKind.LICENCE_PLATE: gettext_lazy("een kenteken"),
    PersonalDataKind.PERSON_NAME: gettext_lazy("een naam van een persoon"),
}


@require_POST
@may.signed_in
def mark_unavailable(request, pk: int):
    item = get_object_or_404(RoundRequest.objects.select_related("round", "indicator"), pk=pk)
    may.require(request, may.may_deliver_for(request.user, item.partner_id), "andere partner")
    form = UnavailableForm(request.POST)
    partner_page = reverse("portal:partner", args=[item.partner_id])
    if form.is_valid():
        try:
            services.request_mark_unavailable(
                item=item, reason=form.cleaned_data["reason"], user=request.user, request=request
            )
            messages.success(request, _("Gemeld als niet beschikbaar."))
        except services.RoundClosed:
            _say_round_closed(request, item)
        except services.ReasonHasPersonalData as refused:
            kinds = get_text_list([str(KIND_NAMES[kind]) for kind in refused.kinds], _("en"))
            message = _(
                "'%(indicator)s' is niet als niet beschikbaar gemeld: de reden bevat %(kinds)s. "
                "Wat u schreef, tonen we niet opnieuw: het kan een persoonsgegeven zijn. Geef de "
                "reden opnieuw, zonder gegevens over personen."
            )
            messages.error(request, message % {"indicator": item.indicator.name, "kinds": kinds})
            # The message stands at the top of the page (no jump past it to the field); the
            # indicator's form is open again, so that the partner can write a new reason.
            return redirect(f"{partner_page}?open={item.pk}")
    return redirect(partner_page)


@require_POST
@may.signed_in
def mark_available(request, pk: int):
    """Withdraw "not available": a mark made by mistake, or data found after all."""
    item = get_object_or_404(RoundRequest.objects.select_related("round"), pk=pk)
    may.require(request, may.may_deliver_for(request.user, item.partner_id), "andere partner")
    try:
        withdrawn = services.request_withdraw_unavailable(
            item=item, user=request.user, request=request
        )
    except services.RoundClosed:
        _say_round_closed(request, item)
    else:
        if withdrawn:
            messages.success(request, _("Melding 'niet beschikbaar' ingetrokken."))
        else:
            messages.info(
                request, _("Er stond geen melding 'niet beschikbaar' meer voor deze indicator.")
            )
    return redirect("portal:partner", code=item.partner_id)


class ReviewForm(forms.Form):
    ACCEPT, REFUSE = "accept", "refuse"
    decision = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (REFUSE, REFUSE)])
    reason = forms.CharField(
        label=gettext_lazy("Reden bij afwijzen (zonder persoonsgegevens)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    #: Set when the reason held personal data: the page then shows the box empty, so that the
    #: refused text is not sent back.
    withheld = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REFUSE and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                _(
                    "Vul de reden bij afwijzen in. De partner leest die en weet dan wat te "
                    "verbeteren; de levering is niet afgewezen."
                ),
            )
        return cleaned


@may.signed_in
def delivery_detail(request, pk: int):
    delivery = get_object_or_404(Delivery.objects.select_related("partner"), pk=pk)
    may.require(request, may.may_view_delivery(request.user, delivery), "andere partner")
    return delivery_page(request, delivery, ReviewForm())


def delivery_page(request, delivery: Delivery, review_form: ReviewForm) -> HttpResponse:
    """The delivery's page; after a review that could not be done, with the form's errors."""
    figures = selectors.delivered_figures(delivery, portal_catalog(), get_language() or "nl")
    # Unprotected totals, like the working figures: who saw which delivery is in the trail.
    audit_record(
        Action.VIEW,
        request=request,
        target=f"levering {delivery.pk}",
        detail=f"{sum(len(i.figures) for i in figures)} cijfers",
    )
    context = {
        "delivery": delivery,
        "review_form": review_form,
        "resubmission_of": selectors.resubmission_of(delivery),
        "may_review": may.may_review(request.user, delivery)
        and delivery.review == Delivery.Review.PENDING
        and delivery.status == Delivery.Status.CURRENT,
        "own_delivery": delivery.delivered_by_id == request.user.pk,
        "figures": figures,
        "has_breakdowns": any(indicator.breakdowns for indicator in figures),
        "notable": selectors.notable_count(figures),
        "notable_share": round(selectors.NOTABLE_SHARE * 100),
        "notable_min": selectors.NOTABLE_MIN_DIFFERENCE,
    }
    return page(request, "delivery.html", context)
