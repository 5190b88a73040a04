"""The coordinator publishes a year's edition: first a page that shows what would be published
and what is missing, then an explicit confirmation. A published edition never changes, so the
decision is made on that page, not by one click on a list.

Who may publish is ``permissions.may_publish``; what may be published is decided by
``monitor.publishing`` (accepted deliveries only: four eyes), which refuses otherwise. A refusal
is recorded in the audit trail there and said here in the reader's language.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zicht.web.monitor.publishing import PublicationRefused, RefusalReason, edition_publish
from zicht.web.portal import permissions as may
from zicht.web.portal.publication_preview import PublicationPreview, publication_preview
from zicht.web.portal.views import page, portal_catalog

#: The hidden field that carries which accepted deliveries the confirmation page showed.
SEEN_FIELD = "accepted_deliveries"


@may.signed_in
def publish(request, year: int):
    """GET: the confirmation page. POST: publish, if the page confirmed is still what it was."""
    may.require(request, may.may_publish(request.user), "alleen de coördinator publiceert")
    preview = publication_preview(catalog=portal_catalog(), year=year)
    if request.method != "POST":
        context = {
            "preview": preview,
            "seen_field": SEEN_FIELD,
            "not_described": not_in_catalogue(year),
        }
        return page(request, "publish.html", context)
    if request.POST.get(SEEN_FIELD) != preview.seen:
        # Not confirmed on the page, or something was accepted or replaced since it was
        # shown: the coordinator decides on what will actually be published.
        if SEEN_FIELD in request.POST:
            messages.warning(
                request,
                _(
                    "Sinds deze pagina werd geopend, is er een levering bijgekomen of vervangen. "
                    "Bekijk opnieuw wat er gepubliceerd wordt en bevestig dan nog een keer."
                ),
            )
        return redirect("portal:publish", year=year)
    try:
        edition_publish(
            catalog=portal_catalog(),
            year=year,
            published_by=request.user,
            remark=_remark(preview),
        )
    except PublicationRefused as refused:
        messages.error(request, refusal_message(refused))
        return redirect("portal:publish", year=year)
    messages.success(request, _("Editie %(year)s is gepubliceerd.") % {"year": year})
    return redirect("portal:working_figures_index")


def _remark(preview: PublicationPreview) -> str:
    """For the audit trail (Dutch, ids and counts): what the coordinator confirmed."""
    deadlines = ", ".join(
        f"ronde {r.delivery_round.pk} uiterste leverdatum {r.delivery_round.deadline.isoformat()}"
        + (" verstreken" if r.delivery_round.is_past_deadline else " nog niet verstreken")
        for r in preview.rounds
    )
    asked = f"bevestigd met {preview.missing} van {preview.requested} gevraagde cijfers niet erin"
    return f"{asked}; leveringen {preview.seen or 'geen'}" + (f"; {deadlines}" if deadlines else "")


def refusal_message(refused: PublicationRefused) -> str:
    """Why the edition was not published, in the reader's language. Two reasons carry a
    description that only exists in Dutch (from the privacy guard and the disclosure check);
    the English page says so."""
    facts = {"year": refused.year, **refused.facts}
    reason = refused.reason
    if reason is RefusalReason.NOT_IN_CATALOGUE:
        return not_in_catalogue(refused.year)
    if reason is RefusalReason.ALREADY_PUBLISHED:
        text = _("Editie %(year)s is al gepubliceerd en verandert niet meer.")
    elif reason is RefusalReason.NOTHING_ACCEPTED:
        text = _(
            "Er is nog geen geaccepteerde levering over %(year)s. Een lege editie wordt niet "
            "gepubliceerd: beoordeel eerst de leveringen."
        )
    elif reason is RefusalReason.TEXT_HAS_PERSONAL_DATA:
        text = _(
            "Editie %(year)s is niet gepubliceerd: de tekst '%(key)s' (%(language)s) bevat "
            "persoonsgegevens. Laat de tekst in de catalogus aanpassen en publiceer dan opnieuw. "
            "Gevonden: %(findings)s"
        )
    elif reason is RefusalReason.DISCLOSURE_TOO_NARROW:
        text = ngettext(
            "Editie %(year)s is niet gepubliceerd: bij %(cells)s afgeschermde cel kan een lezer "
            "de waarde te nauwkeurig afleiden uit wat al gepubliceerd is.",
            "Editie %(year)s is niet gepubliceerd: bij %(cells)s afgeschermde cellen kan een "
            "lezer de waarde te nauwkeurig afleiden uit wat al gepubliceerd is.",
            int(facts.get("cells", 0)),
        )
    else:
        text = _(
            "Editie %(year)s is niet gepubliceerd: de cijfers kloppen niet met elkaar, zodat ze "
            "niet veilig kunnen worden afgeschermd. Wat niet klopt: %(problem)s"
        )
    return text % facts


def not_in_catalogue(year: int) -> str:
    return _(
        "Editie %(year)s is nog niet beschreven in de catalogus en kan daarom niet worden "
        "gepubliceerd. Vraag de beheerder haar aan de catalogus toe te voegen (voor de "
        "beheerder: catalog/editions.yaml, zie docs/catalogue.md); daarna kunt u haar hier "
        "publiceren."
    ) % {"year": year}
