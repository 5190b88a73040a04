"""Reads of the portal: the status board, a partner's history, working figures, the build-up.

Views call these after ``permissions`` allowed the request; a partner's reads are always
filtered by its partner code here, so a view cannot forget it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zicht.core.breakdowns import Breakdown
from zicht.core.catalog import Catalog
from zicht.core.catalog.model import AreaLevel, Text
from zicht.web.monitor.models import Area, Delivery, Edition, Observation
from zicht.web.portal.models import DataAgreement, DeliveryRound, RoundRequest, UploadAttempt


class Status(StrEnum):
    REQUESTED = "requested"
    RECEIVED = "received"
    REFUSED = "refused"  # by the checks at upload
    REJECTED = "rejected"  # by the coordinator, with a reason
    ACCEPTED = "accepted"
    LATE = "late"
    NOT_AVAILABLE = "not_available"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.REQUESTED: _("gevraagd"),
    Status.RECEIVED: _("ontvangen, wacht op beoordeling"),
    Status.REFUSED: _("geweigerd bij controle"),
    Status.REJECTED: _("afgewezen door de coördinator"),
    Status.ACCEPTED: _("geaccepteerd"),
    Status.LATE: _("te laat"),
    Status.NOT_AVAILABLE: _("niet beschikbaar"),
}


@dataclass(frozen=True)
class BoardRow:
    request_id: int
    partner: str
    partner_name: str
    indicator: str
    indicator_name: str
    status: Status
    delivery_id: int | None
    reason: str  # the partner's reason when not available; the coordinator's when rejected
    #: When the partner took back "not available" (and has not marked it again since).
    withdrawn_at: dt.datetime | None = None
    #: Marked "not available" and delivered all the same: the delivery counts, and the board
    #: says so, so that the mark does not vanish without a word.
    delivered_despite_mark: bool = False


def _current_deliveries(year: int, partners: set[str]) -> dict[str, Delivery]:
    current = Delivery.objects.filter(
        year=year, status=Delivery.Status.CURRENT, partner_id__in=partners
    )
    return {d.partner_id: d for d in current}


def _delivered_indicators(deliveries: dict[str, Delivery]) -> set[tuple[int, str]]:
    pairs = Observation.objects.filter(delivery__in=deliveries.values()).values_list(
        "delivery_id", "indicator_id"
    )
    return set(pairs.distinct())


def _refused_uploads(delivery_round: DeliveryRound, partners: set[str]) -> set[str]:
    """Partners whose latest upload in this round's year was refused at validation."""
    latest: dict[str, str] = {}
    attempts = UploadAttempt.objects.filter(
        year=delivery_round.year, partner_id__in=partners, uploaded_at__gte=delivery_round.opened_at
    ).order_by("uploaded_at", "pk")
    for attempt in attempts:
        latest[attempt.partner_id] = attempt.outcome
    return {p for p, outcome in latest.items() if outcome == UploadAttempt.Outcome.REFUSED}


#: The states in which the current delivery holds the indicator's figures.
DELIVERED = frozenset({Status.ACCEPTED, Status.RECEIVED, Status.REJECTED})


def _status(item: RoundRequest, delivery, delivered, refused_upload: set[str], late: bool):
    # What was delivered decides first: a later upload that the checks refused leaves the
    # current delivery (accepted or waiting) standing, and so does an earlier "not available".
    if delivery is not None and (delivery.pk, item.indicator_id) in delivered:
        review = {
            Delivery.Review.ACCEPTED: Status.ACCEPTED,
            Delivery.Review.PENDING: Status.RECEIVED,
            Delivery.Review.REFUSED: Status.REJECTED,
        }[delivery.review]
        return review, delivery.review_reason if review is Status.REJECTED else ""
    if item.unavailable_reason:
        return Status.NOT_AVAILABLE, item.unavailable_reason
    if item.partner_id in refused_upload:
        return Status.REFUSED, ""
    return (Status.LATE if late else Status.REQUESTED), ""


def round_board(*, delivery_round: DeliveryRound, partner: str | None = None) -> list[BoardRow]:
    """One row per partner and indicator asked; ``partner`` limits it to that partner's rows."""
    items = delivery_round.requests.select_related("partner", "indicator")
    if partner is not None:
        items = items.filter(partner_id=partner)
    items = list(items)
    partners = {i.partner_id for i in items}
    deliveries = _current_deliveries(delivery_round.year, partners)
    delivered = _delivered_indicators(deliveries)
    refused_upload = _refused_uploads(delivery_round, partners)
    rows = []
    for item in items:
        delivery = deliveries.get(item.partner_id)
        status, reason = _status(
            item, delivery, delivered, refused_upload, delivery_round.is_past_deadline
        )
        rows.append(
            BoardRow(
                item.pk,
                item.partner_id,
                item.partner.name,
                item.indicator_id,
                item.indicator.name,
                status,
                delivery.pk if delivery is not None else None,
                reason,
                item.unavailable_withdrawn_at if status is not Status.NOT_AVAILABLE else None,
                bool(item.unavailable_reason) and status in DELIVERED,
            )
        )
    return rows


def rounds_for(*, partner: str | None) -> QuerySet[DeliveryRound]:
    """Every round for staff (``partner`` None); for a partner only rounds that ask it."""
    rounds = DeliveryRound.objects.all()
    if partner is not None:
        rounds = rounds.filter(requests__partner_id=partner).distinct()
    return rounds


def partner_deliveries(*, partner: str) -> QuerySet[Delivery]:
    return Delivery.objects.filter(partner_id=partner).order_by("-year", "-revision")


def rejected_deliveries(*, partner: str) -> QuerySet[Delivery]:
    """The partner's current deliveries a coordinator rejected: each waits for a new version."""
    return Delivery.objects.filter(
        partner_id=partner, status=Delivery.Status.CURRENT, review=Delivery.Review.REFUSED
    ).order_by("-year")


def resubmission_of(delivery: Delivery | None) -> Delivery | None:
    """The rejected revision whose very file ``delivery`` offers again for review, if any."""
    previous = delivery.supersedes if delivery is not None else None
    if (
        previous is not None
        and previous.review == Delivery.Review.REFUSED
        and previous.checksum == delivery.checksum
    ):
        return previous
    return None


def partner_uploads(*, partner: str) -> QuerySet[UploadAttempt]:
    return UploadAttempt.objects.filter(partner_id=partner).select_related("delivery")


def pending_reviews() -> QuerySet[Delivery]:
    return Delivery.objects.filter(
        status=Delivery.Status.CURRENT, review=Delivery.Review.PENDING
    ).select_related("partner", "delivered_by")


def agreements_by_partner() -> dict[str, list[DataAgreement]]:
    by_partner: dict[str, list[DataAgreement]] = defaultdict(list)
    for agreement in DataAgreement.objects.prefetch_related("indicators"):
        by_partner[agreement.partner_id].append(agreement)
    return dict(by_partner)


def agreements_covering(agreements: list[DataAgreement], indicator: str) -> list[DataAgreement]:
    """Those of a partner's agreements that cover ``indicator`` (one that names no indicator
    covers them all): a signed agreement for one figure says nothing about another that is
    still being arranged."""
    covering = []
    for agreement in agreements:
        codes = {i.code for i in agreement.indicators.all()}  # prefetched: no query
        if not codes or indicator in codes:
            covering.append(agreement)
    return covering


@dataclass(frozen=True)
class WorkingFigure:
    indicator: str
    indicator_name: str
    area: str
    area_name: str
    period: str
    value: float
    review: str  # the delivery's review label: working figures are not yet public
    #: An estimate's 95% interval (None for a count): without it a figure such as 1,132.39
    #: reads as a count, exact to the hundredth.
    lower: float | None = None
    upper: float | None = None


def area_name(area: Area, catalog: Catalog | None, language: str) -> str:
    """An area's name in ``language``: a region's from the catalogue ("Rotterdam region
    (police unit Rotterdam)"), where the database keeps the Dutch; a municipality's is one."""
    region = catalog.regions.get(area.code) if catalog is not None else None
    return region.name.get(language) if region is not None else area.name


def working_figures(
    *, year: int, language: str = "nl", catalog: Catalog | None = None
) -> list[WorkingFigure]:
    """The totals of the year's current deliveries, before publication (not public), by theme
    and indicator, the region first, then the municipalities by name; indicators (and, given
    the catalogue, the region) named in ``language``."""
    observations = (
        Observation.objects.filter(
            year=year, delivery__status=Delivery.Status.CURRENT, breakdown=""
        )
        .select_related("indicator", "area", "delivery")
        .order_by("indicator__theme__order", "indicator_id", "-area__level", "area__name", "period")
    )
    return [
        WorkingFigure(
            indicator=o.indicator_id,
            indicator_name=Text(o.indicator.name_nl, o.indicator.name_en).get(language),
            area=o.area_id,
            area_name=area_name(o.area, catalog, language),
            period=o.period,
            value=o.value,
            review=o.delivery.get_review_display(),
            lower=o.lower,
            upper=o.upper,
        )
        for o in observations
    ]


# A change from the year before that a reviewer should look at twice: a quarter or more, and
# at least this many, so that 2 becoming 3 in a small municipality is not flagged.
NOTABLE_SHARE = 0.25
NOTABLE_MIN_DIFFERENCE = 5


@dataclass(frozen=True)
class DeliveredFigure:
    """A figure in a delivery beside what the reviewer compares it with (not public)."""

    label: str  # what the row is: an area's name, or a breakdown's category
    period: str
    value: float
    previous_revision: float | None  # the revision this delivery replaces, None if new there
    previous_year: float | None  # the partner's current figure a year earlier
    #: An estimate's 95% interval (None for a count), shown beside a whole number of persons.
    lower: float | None = None
    upper: float | None = None

    @property
    def changed_since_revision(self) -> bool:
        return self.previous_revision is not None and self.previous_revision != self.value

    @property
    def difference_from_previous_year(self) -> float | None:
        return None if self.previous_year is None else self.value - self.previous_year

    @property
    def share_of_previous_year(self) -> float | None:
        """The change as a share of the year before (0.2 is 20% more); None from zero."""
        if not self.previous_year:
            return None
        return (self.value - self.previous_year) / self.previous_year

    @property
    def stands_out(self) -> bool:
        difference = self.difference_from_previous_year
        if difference is None or abs(difference) < NOTABLE_MIN_DIFFERENCE:
            return False
        share = self.share_of_previous_year
        return share is None or abs(share) >= NOTABLE_SHARE


@dataclass(frozen=True)
class DeliveredBreakdown:
    """An indicator split by one dimension, per category and period, for the delivery's
    municipalities together (an additive indicator) or its one area."""

    dimension_name: str
    area_name: str  # "" for all municipalities together
    figures: tuple[DeliveredFigure, ...]  # each labelled with its category


@dataclass(frozen=True)
class DeliveredIndicator:
    """One indicator's totals in a delivery and, where adding them up means something (an
    additive indicator delivered for more than one municipality), their sum per period; then
    its breakdowns, so that a reviewer sees a shift between categories the totals hide."""

    name: str
    figures: tuple[DeliveredFigure, ...]
    municipalities_together: tuple[DeliveredFigure, ...]
    breakdowns: tuple[DeliveredBreakdown, ...] = ()


@dataclass(frozen=True)
class NotableCount:
    """How many rows of a delivery's tables are marked "opvallend", and how many of them are
    sums of all municipalities together or rows of a breakdown: the count above the tables
    must match the marks."""

    rows: int
    sums: int
    breakdown_rows: int = 0


def notable_count(indicators: list[DeliveredIndicator]) -> NotableCount:
    """The rows marked as standing out, the municipalities' sum rows and the breakdowns'
    rows included (a sum can stand out while no single municipality does, and the reader
    sees it marked)."""
    figures = sum(f.stands_out for i in indicators for f in i.figures)
    sums = sum(f.stands_out for i in indicators for f in i.municipalities_together)
    split = sum(f.stands_out for i in indicators for b in i.breakdowns for f in b.figures)
    return NotableCount(rows=figures + sums + split, sums=sums, breakdown_rows=split)


def _a_year_earlier(period: str) -> str:
    """ "2022", "2022-Q3", "2022-07" or "2022-12-31" a year earlier: the leading year minus one."""
    return f"{int(period[:4]) - 1}{period[4:]}" if period[:4].isdigit() else period


def _totals(delivery: Delivery | None) -> dict[tuple[str, str, str], float]:
    if delivery is None:
        return {}
    rows = delivery.observations.filter(breakdown="").values_list(
        "indicator_id", "area_id", "period", "value"
    )
    return {(indicator, area, period): value for indicator, area, period, value in rows}


#: (indicator, breakdown, period) → the value over the areas a breakdown table covers.
_BreakdownSums = dict[tuple[str, str, str], float]


def _breakdown_sums(delivery: Delivery | None, summed: dict[str, set[str]]) -> _BreakdownSums:
    """Per indicator the breakdown rows added up over the areas in ``summed`` (the delivery's
    municipalities for an additive indicator, or its one area)."""
    if delivery is None:
        return {}
    sums: _BreakdownSums = defaultdict(float)
    rows = delivery.observations.exclude(breakdown="").values_list(
        "indicator_id", "area_id", "breakdown", "period", "value"
    )
    for indicator, area, breakdown, period, value in rows:
        if area in summed.get(indicator, ()):
            sums[(indicator, breakdown, period)] += value
    return dict(sums)


def _breakdowns(
    delivery: Delivery,
    replaced: Delivery | None,
    year_before: Delivery | None,
    areas: dict[str, dict[str, str]],
    catalog: Catalog,
    language: str,
) -> dict[str, tuple[DeliveredBreakdown, ...]]:
    """Per indicator its breakdown tables, in the catalogue's order of dimensions and
    categories. ``areas`` holds per indicator the areas (code → name) a table adds up: all
    its municipalities for an additive indicator, or its one area; the others get none, as
    a sum of rates or of estimates means nothing and a table per municipality is too long."""
    summed = {code: set(names) for code, names in areas.items()}
    now = _breakdown_sums(delivery, summed)
    before_by_revision = _breakdown_sums(replaced, summed)
    before_by_year = _breakdown_sums(year_before, summed)
    keys: dict[str, list[tuple[Breakdown, str]]] = defaultdict(list)
    for indicator, breakdown, period in now:
        keys[indicator].append((Breakdown.parse(breakdown), period))
    tables: dict[str, list[DeliveredBreakdown]] = defaultdict(list)
    for indicator, found in keys.items():
        names = areas[indicator]
        area_name = next(iter(names.values())) if len(names) == 1 else ""
        for code, dimension in catalog.dimensions.items():
            order = [c.code for c in dimension.categories]
            rows = sorted(
                ((b, period) for b, period in found if b.dimension == code),
                key=lambda row: (
                    order.index(row[0].category) if row[0].category in order else len(order),
                    row[0].category,
                    row[1],
                ),
            )
            labels = {c.code: c.label.get(language) for c in dimension.categories}
            figures = tuple(
                DeliveredFigure(
                    label=labels.get(b.category, b.category),
                    period=period,
                    value=now[(indicator, str(b), period)],
                    previous_revision=before_by_revision.get((indicator, str(b), period)),
                    previous_year=before_by_year.get((indicator, str(b), _a_year_earlier(period))),
                )
                for b, period in rows
            )
            if figures:
                tables[indicator].append(
                    DeliveredBreakdown(dimension.name.get(language), area_name, figures)
                )
    return {indicator: tuple(found) for indicator, found in tables.items()}


def _sum_of(values: list[float | None]) -> float | None:
    """A sum only when every part is known: a sum over fewer municipalities would compare
    unlike with like."""
    return (
        None
        if not values or any(v is None for v in values)
        else sum(v for v in values if v is not None)
    )


def _together(figures: list[DeliveredFigure]) -> tuple[DeliveredFigure, ...]:
    by_period: dict[str, list[DeliveredFigure]] = defaultdict(list)
    for figure in figures:
        by_period[figure.period].append(figure)
    return tuple(
        DeliveredFigure(
            label="",
            period=period,
            value=sum(f.value for f in parts),
            previous_revision=_sum_of([f.previous_revision for f in parts]),
            previous_year=_sum_of([f.previous_year for f in parts]),
        )
        for period, parts in sorted(by_period.items())
        if len(parts) > 1
    )


def delivered_figures(
    delivery: Delivery, catalog: Catalog, language: str = "nl"
) -> list[DeliveredIndicator]:
    """The delivery's totals per indicator, each beside the revision it replaces and the year
    before, so that a coordinator judges a delivery by its figures, not by its file name; and
    its breakdowns, named in ``language``."""
    replaced = delivery.supersedes
    year_before = Delivery.objects.filter(
        partner_id=delivery.partner_id, year=delivery.year - 1, status=Delivery.Status.CURRENT
    ).first()
    before_by_revision, before_by_year = _totals(replaced), _totals(year_before)
    observations = (
        delivery.observations.filter(breakdown="")
        .select_related("indicator", "area")
        .order_by("indicator__theme__order", "indicator_id", "-area__level", "area__name", "period")
    )
    figures: dict[str, list[DeliveredFigure]] = defaultdict(list)
    municipal: dict[str, list[DeliveredFigure]] = defaultdict(list)
    indicators = {}
    areas: dict[str, dict[str, str]] = defaultdict(dict)  # per indicator: code → name
    municipalities: dict[str, dict[str, str]] = defaultdict(dict)
    for o in observations:
        name = area_name(o.area, catalog, language)
        areas[o.indicator_id][o.area_id] = name
        figure = DeliveredFigure(
            label=name,
            period=o.period,
            value=o.value,
            previous_revision=before_by_revision.get((o.indicator_id, o.area_id, o.period)),
            previous_year=before_by_year.get(
                (o.indicator_id, o.area_id, _a_year_earlier(o.period))
            ),
            lower=o.lower,
            upper=o.upper,
        )
        indicators[o.indicator_id] = o.indicator
        figures[o.indicator_id].append(figure)
        if o.indicator.additive and o.area.level == AreaLevel.MUNICIPALITY:
            municipal[o.indicator_id].append(figure)
            municipalities[o.indicator_id][o.area_id] = name
    summed = {
        code: municipalities[code] if indicator.additive and municipalities[code] else areas[code]
        for code, indicator in indicators.items()
        if (indicator.additive and municipalities[code]) or len(areas[code]) == 1
    }
    breakdowns = _breakdowns(delivery, replaced, year_before, summed, catalog, language)
    return [
        DeliveredIndicator(
            name=indicator.name,
            figures=tuple(figures[code]),
            municipalities_together=_together(municipal[code]),
            breakdowns=breakdowns.get(code, ()),
        )
        for code, indicator in indicators.items()
    ]


@dataclass(frozen=True)
class LivePartner:
    name: str
    indicators: int  # indicators of this partner valid that year
    new: bool  # not live the year before (or more indicators than the year before)


@dataclass(frozen=True)
class BuildUpYear:
    """The phased build-up: which partners and how many indicators are live in a year."""

    year: int
    partners: tuple[LivePartner, ...]
    published: bool


def build_up(*, catalog: Catalog, language: str = "nl") -> list[BuildUpYear]:
    """Per year, the partners live then and their indicators, named in ``language``."""
    published = set(
        Edition.objects.filter(status=Edition.Status.PUBLISHED).values_list("year", flat=True)
    )
    years = sorted(set(catalog.editions) | published)
    result, before = [], {}
    for year in years:
        live, counts = [], {}
        by_name = sorted(catalog.partners.items(), key=lambda p: p[1].name.get(language))
        for code, partner in by_name:
            count = len(catalog.indicators_of(code, year))
            if count and (partner.since is None or partner.since <= year):
                counts[code] = count
                grew = bool(before) and count > before.get(code, 0)
                live.append(LivePartner(partner.name.get(language), count, grew))
        result.append(BuildUpYear(year, tuple(live), year in published))
        before = counts
    return result
