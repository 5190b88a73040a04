"""Reads before publishing a year's edition: whether it can be published at all, and what it
would take in and leave out (accepted deliveries in; everything asked and not accepted out).

The coordinator sees this before confirming; the rules themselves stay in
``monitor.publishing``, which refuses whatever this page could not foresee.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zicht.core.catalog import Catalog
from zicht.web.monitor.models import Delivery, Edition
from zicht.web.portal.models import DeliveryRound
from zicht.web.portal.selectors import BoardRow, Status, round_board


@dataclass(frozen=True)
class WorkingYear:
    """A year with deliveries, as the working-figures page offers it for publication."""

    year: int
    published: bool
    in_catalogue: bool  # an edition can only be made for a year the catalogue describes
    has_accepted: bool  # an edition without an accepted delivery is refused

    @property
    def publishable(self) -> bool:
        return self.in_catalogue and not self.published and self.has_accepted


def working_years(*, catalog: Catalog) -> list[WorkingYear]:
    """Every year with a delivery or a round, newest first, with what stands between it and
    publication (a round's year shows before its first delivery: the coordinator looks for it)."""
    delivered = set(Delivery.objects.values_list("year", flat=True).distinct())
    delivered |= set(DeliveryRound.objects.values_list("year", flat=True).distinct())
    published = set(
        Edition.objects.filter(status=Edition.Status.PUBLISHED).values_list("year", flat=True)
    )
    accepted = set(_accepted_deliveries().values_list("year", flat=True).distinct())
    return [
        WorkingYear(year, year in published, year in catalog.editions, year in accepted)
        for year in sorted(delivered, reverse=True)
    ]


def _accepted_deliveries() -> QuerySet[Delivery]:
    """What publication counts: current and accepted (``monitor.publishing``)."""
    return Delivery.objects.filter(status=Delivery.Status.CURRENT, review=Delivery.Review.ACCEPTED)


@dataclass(frozen=True)
class DeliverySummary:
    delivery_id: int
    partner_name: str
    revision: int
    totals: int  # figures without breakdown; the breakdowns come with them
    review: str  # the review's label


@dataclass(frozen=True)
class RoundProgress:
    """A round of the year as publication would leave it: what was asked, what is in."""

    delivery_round: DeliveryRound
    rows: tuple[BoardRow, ...]

    @property
    def missing(self) -> tuple[BoardRow, ...]:
        """Asked and not accepted: whatever its status, it will not be in the edition."""
        return tuple(row for row in self.rows if row.status is not Status.ACCEPTED)


@dataclass(frozen=True)
class PublicationPreview:
    """What publishing a year's edition would take in and leave out, shown before confirming."""

    year: int
    state: WorkingYear
    included: tuple[DeliverySummary, ...]
    left_out: tuple[DeliverySummary, ...]  # current but not (yet) accepted
    rounds: tuple[RoundProgress, ...]

    @property
    def requested(self) -> int:
        return sum(len(r.rows) for r in self.rounds)

    @property
    def missing(self) -> int:
        return sum(len(r.missing) for r in self.rounds)

    @property
    def seen(self) -> str:
        """The accepted deliveries the coordinator confirms: a confirmation counts only for
        the set it showed (another acceptance in between asks again)."""
        return ",".join(str(pk) for pk in sorted(d.delivery_id for d in self.included))


def _summaries(deliveries: QuerySet[Delivery]) -> tuple[DeliverySummary, ...]:
    labels = dict(Delivery.Review.choices)
    deliveries = deliveries.select_related("partner").annotate(
        totals=Count("observations", filter=Q(observations__breakdown=""))
    )
    return tuple(
        DeliverySummary(d.pk, d.partner.name, d.revision, d.totals, str(labels[d.review]))
        for d in deliveries.order_by("partner_id")
    )


def publication_preview(*, catalog: Catalog, year: int) -> PublicationPreview:
    accepted = _accepted_deliveries().filter(year=year).exists()
    state = WorkingYear(year, Edition.year_is_published(year), year in catalog.editions, accepted)
    current = Delivery.objects.filter(year=year, status=Delivery.Status.CURRENT)
    rounds = DeliveryRound.objects.filter(year=year).order_by("opened_at")
    return PublicationPreview(
        year=year,
        state=state,
        included=_summaries(current.filter(review=Delivery.Review.ACCEPTED)),
        left_out=_summaries(current.exclude(review=Delivery.Review.ACCEPTED)),
        rounds=tuple(RoundProgress(r, tuple(round_board(delivery_round=r))) for r in rounds),
    )
