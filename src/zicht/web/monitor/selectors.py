"""Reads for the public side. This is the one gate: only published, disclosure-controlled
edition data leaves through here; observations and deliveries are never read by public pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from zicht.core.errors import ZichtError
from zicht.core.publication.noise import figure_noise_margin as figure_noise_margin_of
from zicht.web.monitor.models import (
    Delivery,
    Edition,
    EditionFigure,
    EditionNote,
    EditionText,
    Partner,
)

FigureKey = tuple[str, str, str]  # indicator, area, breakdown


class NotPublished(ZichtError):
    """The public gate was asked for an edition that is not published."""

    code = "not_published"


def published_editions() -> QuerySet[Edition]:
    # The frozen snapshot and report are large JSON: read only where a page asks for them.
    return (
        Edition.objects.filter(status=Edition.Status.PUBLISHED)
        .defer("catalog_snapshot", "disclosure_report")
        .order_by("year")
    )


def published_edition(*, year: int) -> Edition | None:
    return published_editions().filter(year=year).first()


def previous_edition(*, edition: Edition) -> Edition | None:
    return published_editions().filter(year__lt=edition.year).order_by("-year").first()


def edition_figures(
    *,
    edition: Edition,
    indicator: str | None = None,
    area: str | None = None,
    totals_only: bool = False,
) -> dict[FigureKey, EditionFigure]:
    if not edition.is_published:  # not an assert: the gate must hold under python -O too
        raise NotPublished("deze editie is niet gepubliceerd; de openbare kant toont haar niet")
    figures = EditionFigure.objects.filter(edition=edition)
    if indicator is not None:
        figures = figures.filter(indicator_code=indicator)
    if area is not None:
        figures = figures.filter(area_code=area)
    if totals_only:
        # The dashboard's reads: provenance (the deliveries behind a figure) is JSON the pages
        # never show, so it is left unread there.
        figures = figures.filter(breakdown="").defer("deliveries")
    return {(f.indicator_code, f.area_code, f.breakdown): f for f in figures}


def edition_indicators(*, edition: Edition) -> set[str]:
    """The indicators an edition has any figure of, for any area, withheld ones too: what the
    next edition asks to tell an indicator new in it from a figure missing or withheld."""
    if not edition.is_published:
        raise NotPublished("deze editie is niet gepubliceerd; de openbare kant toont haar niet")
    figures = EditionFigure.objects.filter(edition=edition)
    return set(figures.values_list("indicator_code", flat=True).distinct())


def figure_series(
    *, indicator: str, area: str, breakdown: str = "", until: int | None = None
) -> list[tuple[Edition, EditionFigure | None]]:
    """The figure in every published edition up to ``until``, oldest first (None where it was
    not published). An edition's pages stop at its own year, so they read as published."""
    editions = published_editions()
    if until is not None:
        editions = editions.filter(year__lte=until)
    figures = {
        f.edition_id: f
        for f in EditionFigure.objects.filter(
            edition__status=Edition.Status.PUBLISHED,
            indicator_code=indicator,
            area_code=area,
            breakdown=breakdown,
        )
    }
    return [(e, figures.get(e.pk)) for e in editions]


def figure_noise_margin(*, edition: Edition | None, figure: EditionFigure | None) -> int | None:
    """The 95% margin of a figure its edition published with differential-privacy noise
    (None for every other figure): the edition's record says which indicators had noise."""
    if edition is None or figure is None or figure.value is None or figure.lower is not None:
        return None
    record = edition.disclosure.noise_of(figure.indicator_code)
    if record is None:
        return None
    region_total = figure.area_code == edition.snapshot.region and not figure.breakdown
    return figure_noise_margin_of(record, region_total=region_total)


def edition_notes(*, edition: Edition) -> list[EditionNote]:
    return list(EditionNote.objects.filter(edition=edition))


def indicator_notes_by_year(*, indicator: str) -> dict[int, list[EditionNote]]:
    """Each published edition's notes on one indicator, by edition year."""
    notes: dict[int, list[EditionNote]] = {}
    for note in (
        EditionNote.objects.filter(
            edition__status=Edition.Status.PUBLISHED, indicator_code=indicator
        )
        .select_related("edition")
        .order_by("pk")
    ):
        notes.setdefault(note.edition.year, []).append(note)
    return notes


def edition_texts(*, edition: Edition, language: str) -> list[EditionText]:
    texts = list(EditionText.objects.filter(edition=edition, language=language))
    return texts or list(EditionText.objects.filter(edition=edition, language="nl"))


def figure_series_many(
    *, keys: list[tuple[str, str]], until: int
) -> dict[tuple[str, str], list[tuple[int, EditionFigure | None]]]:
    """The totals of several (indicator, area) pairs in every published edition up to
    ``until``, oldest first, in one query: the sparklines of a page's tiles."""
    editions = list(published_editions().filter(year__lte=until))
    wanted = set(keys)
    found: dict[tuple[tuple[str, str], int], EditionFigure] = {}
    figures = EditionFigure.objects.defer("deliveries").filter(
        edition__in=editions,
        indicator_code__in={i for i, _a in wanted},
        area_code__in={a for _i, a in wanted},
        breakdown="",
    )
    years = {e.pk: e.year for e in editions}
    for figure in figures:
        key = (figure.indicator_code, figure.area_code)
        if key in wanted:
            found[(key, years[figure.edition_id])] = figure
    return {key: [(e.year, found.get((key, e.year))) for e in editions] for key in keys}


def published_figures(*, until: int, indicator: str | None = None) -> list[EditionFigure]:
    """Every published edition's figures up to ``until`` (each edition holds its own year),
    with their edition: the all-years download."""
    figures = EditionFigure.objects.filter(
        edition__status=Edition.Status.PUBLISHED, edition__year__lte=until
    ).select_related("edition")
    if indicator is not None:
        figures = figures.filter(indicator_code=indicator)
    return list(figures.order_by("edition__year", "indicator_code", "area_code", "breakdown"))


def published_state() -> str:
    """A fingerprint of what the public may see: changes exactly when an edition is published
    (published editions never change), so pages can be cached and revalidated by ETag."""
    rows = published_editions().values_list("pk", "published_at")
    return ";".join(
        f"{pk}@{published_at.isoformat() if published_at else ''}" for pk, published_at in rows
    )


@dataclass(frozen=True)
class DeliveringPartner:
    code: str
    name_nl: str
    name_en: str


def edition_delivering_partners(*, edition: Edition) -> list[DeliveringPartner]:
    """The partners whose deliveries stand behind a published edition's figures, for the
    public colophon. Only a published edition is answered; a draft gives an empty list.

    Reads the ids of deliveries a published figure keeps, and from them only the partner:
    nothing of a delivery's content leaves through here."""
    if not edition.is_published:
        return []
    ids: set[int] = set()
    for deliveries in EditionFigure.objects.filter(edition=edition).values_list(
        "deliveries", flat=True
    ):
        ids.update(deliveries or [])
    codes = set(Delivery.objects.filter(pk__in=ids).values_list("partner_id", flat=True))
    partners = Partner.objects.filter(code__in=codes).order_by("name_nl")
    return [DeliveringPartner(p.code, p.name_nl, p.name_en or p.name_nl) for p in partners]
