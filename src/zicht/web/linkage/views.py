"""Portal pages: encode in the browser and upload (partner), start and follow runs
(coordinator). Access is decided by the portal's permissions module, nowhere else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.core.privacy.linkage.schema import DUTCH_COLUMN_NAMES, standard_columns
from zicht.web.linkage import selectors, services
from zicht.web.linkage.models import PartnerEncoding
from zicht.web.monitor.models import Edition, Partner
from zicht.web.portal import permissions as may
from zicht.web.portal.audit import audit_record
from zicht.web.portal.models import AuditEvent, DeliveryRound
from zicht.web.portal.roles import Role
from zicht.web.portal.views import page

Action = AuditEvent.Action


def _years() -> list[int]:
    """The years a list or an ad corpus can be given for: the last six whose edition is not
    published yet (what is computed for a published year would reach no edition)."""
    this_year = dt.date.today().year
    recent = range(this_year, this_year - 6, -1)
    published = set(
        Edition.objects.filter(year__in=recent, status=Edition.Status.PUBLISHED).values_list(
            "year", flat=True
        )
    )
    return [year for year in recent if year not in published]


def _proposed_year(offered: list[int]) -> int:
    """The year a form proposes: that of the newest round still open, whose lists and ads are
    the ones being gathered now; without one, last year (a monitor looks back a year), or the
    newest year offered when last year's edition is out."""
    rounds = DeliveryRound.objects.filter(year__in=offered).order_by("-year", "-opened_at")
    for delivery_round in rounds:  # only the offered years: a round's openness is a query
        if not delivery_round.is_closed:
            return delivery_round.year
    last_year = dt.date.today().year - 1
    return last_year if last_year in offered or not offered else offered[0]


def _year(text: str | None) -> int | None:
    try:
        year = int(text or "")
    except ValueError:
        return None
    return year if year in _years() else None


@dataclass(frozen=True)
class _Posted:
    year: int
    file: UploadedFile


def _posted(request, field: str) -> _Posted | None:
    """The posted year and file, or None when either is missing or the year is not offered."""
    year = _year(request.POST.get("year"))
    file = request.FILES.get(field)
    return None if year is None or file is None else _Posted(year, file)


def _partner(request) -> Partner:
    code = may.partner_of(request.user)
    may.require(request, code is not None, "alleen partners versleutelen een personenlijst")
    return Partner.objects.get(code=code)


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


@may.signed_in
def encode(request):
    partner = _partner(request)
    uploaded = PartnerEncoding.objects.filter(partner=partner).order_by("-year")
    years = _years()  # one query for the list and the proposal
    language = _language()
    other = "nl" if language == "en" else "en"
    # The list's columns by this page's names, the other language's named as accepted too:
    # the first six are needed, the rest optional.
    return page(
        request,
        "linkage_encode.html",
        {
            "partner": partner,
            "years": years,
            "proposed": _proposed_year(years),
            "uploaded": uploaded,
            "needed_columns": ", ".join(standard_columns(language)[:6]),
            "optional_columns": ", ".join(standard_columns(language)[6:]),
            "other_columns": ", ".join(standard_columns(other)[:6]),
            "dutch_column_names": DUTCH_COLUMN_NAMES,
            "page_texts": _encoding_texts(),
        },
    )


def _encoding_texts() -> dict[str, str]:
    """What the encoding page's script says, in the page's language (placeholders in
    gettext's %(name)s form, filled in by the script)."""
    return {
        "choose": _("Kies eerst de personenlijst en het bestand met het geheim."),
        "busy": _("Bezig met versleutelen…"),
        "progress": _("Bezig met versleutelen: %(done)s van %(total)s personen…"),
        "done": _(
            "Klaar: %(records)s personen versleuteld (controlewaarde van het geheim %(key_check)s)."
        ),
        "warning": _("Let op: %(warning)s"),
        "refused": _("Niet versleuteld: de lijst of het geheim is niet in orde."),
        "unexpected": _("Onverwachte fout bij het versleutelen."),
    }


@may.signed_in
def persons_template(request):
    """An empty person list (the header alone) with the columns in the page's language: a
    partner's export can be pasted under it, and the encoder reads it as it is."""
    _partner(request)
    language = _language()
    header = ";".join(standard_columns(language))
    response = HttpResponse(f"\ufeff{header}\r\n", content_type="text/csv; charset=utf-8")
    name = "person-list" if language == "en" else "personenlijst"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@may.signed_in
@require_POST
def upload(request):
    partner = _partner(request)
    posted = _posted(request, "encoding")
    if posted is None:
        messages.error(request, _("Kies een jaar en versleutel eerst de personenlijst."))
        return redirect("linkage:encode")
    year = posted.year
    try:
        stored = services.store_encoding(
            partner=partner, year=year, upload=posted.file, user=request.user
        )
    except services.EncodingRefused as refused:
        audit_record(Action.UPLOAD_REFUSED, request=request, target=f"versleuteling {year}",
                     detail="; ".join(refused.problems))  # fmt: skip
        messages.error(request, _("Versleuteling geweigerd: %s") % "; ".join(refused.problems))
        return redirect("linkage:encode")
    audit_record(Action.DELIVERY, request=request, target=f"versleuteling {partner.code} {year}",
                 detail=f"{stored.records} records")  # fmt: skip
    messages.success(
        request,
        _("Versleuteling van %(records)s personen voor %(year)s ontvangen.")
        % {"records": stored.records, "year": year},
    )
    return redirect("linkage:encode")


@may.signed_in
def runs(request):
    may.require(request, may.has_role(request.user, Role.COORDINATOR), "alleen coördinatoren")
    recent = selectors.runs_recent(language=_language())
    years = _years()
    return page(
        request,
        "linkage_runs.html",
        {
            "lists_by_year": selectors.encodings_by_year(),
            "runs": recent,
            "active": any(run.active for run in recent),
            "years": years,
            "proposed": _proposed_year(years),
            "runs_texts": _runs_texts(),
        },
    )


def _runs_texts() -> dict[str, str]:
    """What the runs page's script says, in the page's language."""
    return {
        "changed": _("Taak %(run)s: %(status)s."),
        "all_done": _("Alle taken zijn afgerond; de tabel wordt niet meer bijgewerkt."),
        "stop": _("Bijwerken stoppen"),
        "resume": _("Bijwerken hervatten"),
        "stopped": _("Bijwerken gestopt; Vernieuwen laadt de pagina opnieuw."),
        "resumed": _("Er loopt een taak; de tabel wordt elke 5 seconden bijgewerkt."),
        "unreachable": _("Bijwerken lukt nu niet; Vernieuwen laadt de pagina opnieuw."),
    }


def _problems(refused: services.EncodingRefused) -> str:
    """The refusal's problems in the page's language where they are written in it."""
    english = _language() == "en" and refused.problems_en
    return "; ".join(refused.problems_en if english else refused.problems)


@may.signed_in
@require_POST
def start_linkage(request, year: int):
    may.require(request, may.has_role(request.user, Role.COORDINATOR), "alleen coördinatoren")
    try:
        run = services.start_linkage(year)
    except services.EncodingRefused as refused:
        messages.error(request, _("Koppeling niet gestart: %s") % _problems(refused))
        return redirect("linkage:runs")
    audit_record(Action.ANALYSIS_RUN, request=request, target=f"koppeling {year}",
                 detail=f"taak {run.pk} gestart")  # fmt: skip
    messages.success(request, _("Koppeling en schatting voor %s gestart.") % year)
    return redirect("linkage:runs")


@may.signed_in
@require_POST
def start_ads(request):
    may.require(request, may.has_role(request.user, Role.COORDINATOR), "alleen coördinatoren")
    posted = _posted(request, "corpus")
    if posted is None:
        messages.error(request, _("Kies een jaar en een bestand met advertenties."))
        return redirect("linkage:runs")
    year = posted.year
    try:
        run = services.start_ad_analysis(year=year, upload=posted.file)
    except services.EncodingRefused as refused:
        messages.error(request, _problems(refused))
        return redirect("linkage:runs")
    audit_record(Action.ANALYSIS_RUN, request=request, target=f"advertenties {year}",
                 detail=f"taak {run.pk} gestart")  # fmt: skip
    messages.success(request, _("Advertentieanalyse voor %s gestart.") % year)
    return redirect("linkage:runs")
