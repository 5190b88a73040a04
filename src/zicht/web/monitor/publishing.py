"""Publishing an edition: freeze the year's observations, texts and notes, disclosure-controlled."""

from __future__ import annotations

import json
import logging
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from zicht.core.catalog import AnalysisMethod, Catalog, Text
from zicht.core.errors import ZichtError
from zicht.core.privacy.disclosure import DisclosureRefused
from zicht.core.privacy.guard.free_text import check_free_text, describe_findings
from zicht.core.publication.cells import Cell
from zicht.core.publication.protect import earlier_release, protect_cells
from zicht.core.publication.report import (
    PlannedNote,
    catalogue_notes,
    disclosure_summary,
    method_notes,
)
from zicht.core.publication.snapshot import AdAnalysisInfo, population_of, snapshot_of
from zicht.core.publication.totals import derive_region_totals
from zicht.web.monitor import ad_analysis, selectors, victim_estimate
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import (
    Delivery,
    Edition,
    EditionFigure,
    EditionNote,
    EditionText,
    Observation,
)
from zicht.web.monitor.signals import edition_publication_refused, edition_published

log = logging.getLogger("zicht.editions")


#: Readers' notes on how each kind of analysis delivery was made, from its stored content.
_METHOD_NOTES = {
    AnalysisMethod.POPULATION_ESTIMATE: victim_estimate.method_notes,
    AnalysisMethod.ADS: ad_analysis.method_notes,
}


class RefusalReason(StrEnum):
    """Why an edition was not published: stable, for the audit trail and for translation."""

    NOT_IN_CATALOGUE = "edition_not_in_catalogue"
    ALREADY_PUBLISHED = "edition_already_published"
    NOTHING_ACCEPTED = "nothing_accepted"
    TEXT_HAS_PERSONAL_DATA = "text_has_personal_data"
    DISCLOSURE_TOO_NARROW = "disclosure_too_narrow"
    FIGURES_INCONSISTENT = "figures_inconsistent"


class PublicationRefused(ZichtError):
    """The edition cannot be published; the message says why (Dutch).

    ``reason`` names why and ``facts`` holds its numbers and names (never a value from a
    delivery), so that a page can say it in its reader's language.
    """

    code = "publication_refused"

    def __init__(
        self, message: str, *, reason: RefusalReason, year: int, **facts: str | int
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.year = year
        self.facts = facts


def _counted_deliveries():
    """Deliveries that count for publication: current and accepted (four eyes)."""
    return Delivery.objects.filter(status=Delivery.Status.CURRENT, review=Delivery.Review.ACCEPTED)


def _current_cells(year: int) -> list[Cell]:
    rows = Observation.objects.filter(
        year=year,
        delivery__status=Delivery.Status.CURRENT,
        delivery__review=Delivery.Review.ACCEPTED,
    ).values_list(
        "indicator_id", "area_id", "period", "breakdown", "value", "lower", "upper", "delivery_id"
    )
    return [
        Cell(i, a, p, b, v, lower=lo, upper=up, deliveries=(d,))
        for i, a, p, b, v, lo, up, d in rows
    ]


def _published_cells(edition: Edition) -> list[Cell]:
    rows = EditionFigure.objects.filter(edition=edition).values_list(
        "indicator_code", "area_code", "period", "breakdown", "value", "symbol"
    )
    return [Cell(i, a, p, b, v, symbol=s) for i, a, p, b, v, s in rows]


def _protect(catalog: Catalog, edition: Edition, cells: list[Cell]):
    previous = selectors.previous_edition(edition=edition)
    earlier = earlier_release(_published_cells(previous), catalog) if previous else None
    try:
        return protect_cells(cells, catalog, earlier)
    except DisclosureRefused as refused:
        narrow = len(refused.report.failures)
        raise PublicationRefused(
            f"publicatie geweigerd: bij {narrow} afgeschermde cel(len) kan een lezer de waarde "
            "te nauwkeurig afleiden uit wat gepubliceerd is",
            reason=RefusalReason.DISCLOSURE_TOO_NARROW,
            year=edition.year,
            cells=narrow,
        ) from None
    except ZichtError as refused:  # e.g. stored margins that do not add up
        raise PublicationRefused(
            f"publicatie geweigerd: {refused.message}",
            reason=RefusalReason.FIGURES_INCONSISTENT,
            year=edition.year,
            problem=refused.message,
        ) from None


def _ad_analysis(catalog: Catalog, year: int) -> AdAnalysisInfo | None:
    """The published part of the year's ad analysis: rule and share per threshold."""
    partner = catalog.analysis_partner(AnalysisMethod.ADS)
    delivery = _counted_deliveries().filter(partner_id=partner.code, year=year).first()
    if delivery is None or not delivery.content:
        return None
    summary = json.loads(bytes(delivery.content))["summary"]
    return AdAnalysisInfo.from_dict(summary | {"indicators": partner.analysis.indicators})


def _refuse_personal_texts(edition: Edition) -> None:
    for text in EditionText.objects.filter(edition=edition):
        findings = check_free_text(text.markdown, language=text.language)
        if findings:
            described = describe_findings(findings)
            raise PublicationRefused(
                f"de tekst '{text.key}' ({text.language}) bevat persoonsgegevens: {described}",
                reason=RefusalReason.TEXT_HAS_PERSONAL_DATA,
                year=edition.year,
                key=text.key,
                language=text.language,
                findings=described,
            )


def _freeze_analysis_notes(edition: Edition, catalog: Catalog, year: int) -> None:
    """Figures Zicht computes (the estimate, the ad analysis) carry how they were made."""
    analyses = _counted_deliveries().filter(year=year, format="analysis").exclude(note="")
    for delivery in analyses:
        analysis = catalog.partners[delivery.partner_id].analysis
        writer = _METHOD_NOTES.get(analysis.method) if analysis else None
        note = (
            writer(json.loads(bytes(delivery.content)), catalog)
            if writer is not None and delivery.content
            else Text(delivery.note, "")
        )
        _store_notes(edition, method_notes(catalog, delivery.partner_id, year, note))


def _store_notes(edition: Edition, notes: list[PlannedNote]) -> None:
    EditionNote.objects.bulk_create(
        EditionNote(
            edition=edition,
            kind=note.kind.value,
            indicator_code=note.indicator,
            theme_code=note.theme,
            text_nl=note.text.nl,
            text_en=note.text.en,
        )
        for note in notes
    )


def edition_prepare(*, catalog: Catalog, year: int) -> Edition:
    """Create the draft edition for a year with its texts from the catalogue, if not there yet."""
    spec = catalog.editions.get(year)
    if spec is None:
        raise PublicationRefused(
            f"editie {year} staat niet in catalog/editions.yaml",
            reason=RefusalReason.NOT_IN_CATALOGUE,
            year=year,
        )
    catalog_sync(catalog=catalog)
    edition, created = Edition.objects.get_or_create(
        year=year, defaults={"title_nl": spec.title.nl, "title_en": spec.title.en}
    )
    if created:
        for order, key in enumerate(spec.texts):
            for language in ("nl", "en"):
                text = catalog.texts.get((year, key, language))
                if text is not None:
                    EditionText.objects.create(
                        edition=edition, key=key, language=language, order=order, markdown=text
                    )
    return edition


def edition_publish(*, catalog: Catalog, year: int, published_by=None, remark: str = "") -> Edition:
    """Freeze the edition of ``year``. A published edition never changes.

    Only accepted deliveries count: a portal delivery waiting for a coordinator's review (or
    refused) is left out. ``published_by`` is the coordinator; None for automation.
    ``remark`` (ids and counts only) goes with the signal: what the publisher saw when deciding.

    A refusal is signalled after its transaction is rolled back, so that what listens (the
    audit trail) keeps the attempt.
    """
    try:
        return _edition_freeze(catalog=catalog, year=year, published_by=published_by, remark=remark)
    except PublicationRefused as refused:
        log.info("edition refused year=%s reason=%s", year, refused.reason)
        edition_publication_refused.send(
            Edition, year=year, reason=refused.reason, published_by=published_by
        )
        raise


@transaction.atomic
def _edition_freeze(*, catalog: Catalog, year: int, published_by, remark: str) -> Edition:
    # A delivery of this year in progress commits first, and none starts until the edition is
    # frozen: every read below sees one set of current revisions (PostgreSQL row locks),
    # taken before anything else so that the two never wait for each other.
    list(Delivery.objects.select_for_update().filter(year=year, status=Delivery.Status.CURRENT))
    edition = edition_prepare(catalog=catalog, year=year)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise PublicationRefused(
            f"editie {year} is al gepubliceerd en verandert niet meer",
            reason=RefusalReason.ALREADY_PUBLISHED,
            year=year,
        )
    _refuse_personal_texts(edition)
    cells = _current_cells(year)
    if not cells:
        # An edition is frozen for good: publishing before the deliveries are in would leave
        # an empty edition that can never be filled.
        raise PublicationRefused(
            f"er zijn nog geen actuele leveringen voor {year} die geaccepteerd zijn; een lege "
            "editie wordt niet gepubliceerd (eerst leveren en beoordelen, dan publiceren)",
            reason=RefusalReason.NOTHING_ACCEPTED,
            year=year,
        )
    cells += derive_region_totals(cells, catalog)
    protected = _protect(catalog, edition, cells)
    EditionFigure.objects.bulk_create(
        EditionFigure(
            edition=edition,
            indicator_code=c.indicator,
            area_code=c.area,
            period=c.period,
            breakdown=c.breakdown,
            value=c.value,
            lower=c.lower,
            upper=c.upper,
            symbol=c.symbol,
            derived=c.derived,
            deliveries=list(c.deliveries),
        )
        for c in protected.cells
    )
    _store_notes(edition, catalogue_notes(catalog, year))
    _freeze_analysis_notes(edition, catalog, year)
    snapshot = snapshot_of(
        catalog,
        year,
        ad_analysis=_ad_analysis(catalog, year),
        population=population_of(catalog, year),
    )
    edition.catalog_snapshot = snapshot.to_dict()
    edition.disclosure_report = disclosure_summary(catalog, protected).to_dict()
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = timezone.now()
    edition.published_by = published_by
    edition.save()
    log.info(
        "edition published year=%s figures=%s hidden=%s",
        year,
        len(protected.cells),
        edition.disclosure.hidden,
    )
    # In the same transaction: the audit record stands or falls with the publication.
    edition_published.send(Edition, edition=edition, published_by=published_by, remark=remark)
    return edition
