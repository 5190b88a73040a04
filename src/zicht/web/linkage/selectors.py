"""What the coordinator's runs page reads: the encoded lists per year (and whether their
linkage can start) and the recent runs in the page's language. Counts and reasons only."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zicht.core.publication.formatting import format_number
from zicht.web.linkage.models import PartnerEncoding
from zicht.web.monitor.models import AnalysisRun, RunMessage


@dataclass(frozen=True)
class YearLists:
    year: int
    encodings: list[PartnerEncoding]
    #: Why the linkage of this year cannot start yet, said before the button is pressed.
    not_ready: str | None


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class RunRow:
    pk: int
    kind: str
    year: int
    status: str  # the status code: queued, running, done, failed
    status_label: str
    stage: str
    progress: float
    message: RunMessage | None
    result: list[Figure]

    @property
    def active(self) -> bool:
        return self.status in (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING)


def encodings_by_year() -> list[YearLists]:
    encodings = PartnerEncoding.objects.select_related("partner").order_by("-year", "partner_id")
    by_year: dict[int, list[PartnerEncoding]] = {}
    for item in encodings:
        by_year.setdefault(item.year, []).append(item)
    return [YearLists(year, items, _not_ready(items)) for year, items in by_year.items()]


def _not_ready(items: list[PartnerEncoding]) -> str | None:
    if len(items) < 2:
        return ngettext(
            "Nog niet te starten: er zijn versleutelde lijsten van minstens twee partners "
            "nodig; er is er nu %(count)s.",
            "Nog niet te starten: er zijn versleutelde lijsten van minstens twee partners "
            "nodig; er zijn er nu %(count)s.",
            len(items),
        ) % {"count": len(items)}
    if len({item.key_check for item in items}) > 1:
        return _(
            "Nog niet te starten: de lijsten zijn met verschillende geheimen versleuteld (zie "
            "de controlewaarden). Laat de partners opnieuw versleutelen met het gedeelde geheim."
        )
    return None


def runs_recent(*, language: str, limit: int = 20) -> list[RunRow]:
    return [_row(run, language) for run in AnalysisRun.objects.order_by("-created_at")[:limit]]


def _row(run: AnalysisRun, language: str) -> RunRow:
    return RunRow(
        pk=run.pk,
        kind=str(run.get_kind_display()),
        year=run.year,
        status=run.status,
        status_label=str(run.get_status_display()),
        stage=run.stage_label if run.status != AnalysisRun.Status.DONE else "",
        progress=run.progress,
        message=run.message_in(language),
        result=_figures(run, language) if run.status == AnalysisRun.Status.DONE else [],
    )


def _figures(run: AnalysisRun, language: str) -> list[Figure]:
    """A finished run's headline figures; runs stored before they were kept show none."""
    result = run.result or {}

    def number(key: str, decimals: int = 0) -> str:
        return format_number(result.get(key), language, decimals)

    if run.kind == AnalysisRun.Kind.LINKAGE and "persons" in result:
        figures = [
            Figure(_("Vermeldingen op de lijsten"), number("records")),
            Figure(_("Personen na koppeling"), number("persons")),
        ]
        if result.get("estimate") is not None:
            interval = _("%(lower)s tot %(upper)s") % {
                "lower": number("lower") or "?",
                "upper": number("upper") or _("onbegrensd"),
            }
            figures += [
                Figure(_("Geschat aantal slachtoffers"), number("estimate")),
                Figure(_("Interval"), interval),
            ]
        return figures
    if run.kind == AnalysisRun.Kind.ADS and "ads" in result:
        share = result.get("share_high_risk")
        return [
            Figure(_("Advertenties"), number("ads")),
            Figure(_("Unieke advertenties"), number("unique")),
            Figure(_("Groepen"), number("clusters")),
            Figure(
                _("Aandeel hoog risico"),
                "" if share is None else format_number(100 * share, language, 1) + " %",
            ),
        ]
    return []
