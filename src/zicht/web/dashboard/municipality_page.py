"""A municipality's page: the indicators with a figure for the municipality, theme by theme,
with its trend, the previous year, the region beside it and a rate per 10,000 inhabitants;
then the indicators without one, grouped by why (the region's figure where only the region has
one), so that a small municipality's table is not sixteen rows of dashes around two figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zicht.core.catalog.model import AreaLevel, DataStatus
from zicht.core.publication.absence import Absence, why_absent
from zicht.core.publication.comparison import new_in_edition
from zicht.core.publication.formatting import format_number
from zicht.core.publication.snapshot import EditionSnapshot, IndicatorInfo
from zicht.core.publication.sparkline import sparkline_html
from zicht.web.dashboard.presenters import (
    ChangeView,
    FigureView,
    ThemeNotes,
    compare_figures,
    figure_notes,
    see_sections,
    symbols_used,
    theme_sections,
)
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition, EditionFigure


@dataclass
class MunicipalityRow:
    code: str
    name: str
    unit: str
    figure: FigureView | None
    previous: FigureView | None
    change: ChangeView | None
    region: FigureView | None
    rate: str
    region_rate: str
    sparkline: str
    years: list[str]  # every edition's figure in words: the sparkline's text, or instead of it
    history: list[FigureView | None]  # every edition's figure, when the row has a trend
    notes: list[str]
    absent: str  # why there is no figure for this municipality, in a sentence
    absence: Absence | None  # None when the municipality has a figure
    region_not_collected: bool  # collected for some municipalities only: no region figure
    #: For a figure of the whole region only: its change, as the factsheet and the report give
    #: it, and the notes that go with that comparison ("In 2020: ...").
    region_change: ChangeView | None = None
    region_notes: tuple[str, ...] = ()
    #: Other themes' sections on the page whose notes are this row's too (named, not repeated).
    see: tuple[ThemeNotes, ...] = ()


@dataclass
class ThemeRows:
    name: str
    rows: list[MunicipalityRow]
    anchor: str = ""
    #: The theme's own notes, once under its heading for all its rows (as on the edition page).
    notes: list[str] = field(default_factory=list)


@dataclass
class MissingGroup:
    """Indicators without a figure for this municipality, for one reason."""

    reason: Absence
    heading: str
    rows: list[MunicipalityRow]


#: Most useful first: a region's figure still says something about the municipality.
_MISSING_ORDER = (
    Absence.REGION_ONLY,
    Absence.NOT_DELIVERED,
    Absence.COLLECTED_ELSEWHERE,
    Absence.NOT_AGREED,
)


def _absence(meta: IndicatorInfo, area: str) -> Absence:
    return why_absent(
        agreed=meta.data_status is DataStatus.AGREED,
        region_only=meta.area_level is AreaLevel.REGION,
        collected_for=meta.collected_for,
        area=area,
    )


def _collected_for(meta: IndicatorInfo, snapshot: EditionSnapshot) -> str:
    return ", ".join(sorted(snapshot.area_name(code) for code in meta.collected_for))


def _absent(
    meta: IndicatorInfo,
    area: str,
    snapshot: EditionSnapshot,
    language: str,
    absence: Absence | None = None,
) -> str:
    """Why this municipality has no figure: a figure collected for Rotterdam alone is not
    "not yet delivered" for Schiedam."""
    if absence is None:  # asked on its own (a test); a row passes the one it computed
        absence = _absence(meta, area)
    if absence is Absence.NOT_AGREED:
        return meta.status_label(language)
    if absence is Absence.REGION_ONLY:
        return _("Dit cijfer bestaat alleen voor de hele regio.")
    if absence is Absence.COLLECTED_ELSEWHERE:
        # "the municipality of Rotterdam": on Schiedam's page a bare "Rotterdam" reads as
        # the Rotterdam region, which Schiedam is part of.
        return ngettext(
            "Dit cijfer wordt alleen verzameld voor de gemeente %(names)s.",
            "Dit cijfer wordt alleen verzameld voor de gemeenten %(names)s.",
            len(meta.collected_for),
        ) % {"names": _collected_for(meta, snapshot)}
    return _("Nog niet geleverd voor %(name)s.") % {"name": snapshot.area_name(area)}


def _region_rate(region, inhabitants: int, language: str) -> str:
    """The region's figure per 10,000 inhabitants; an estimate's as its interval, since the
    figure itself is never shown as a bare point."""

    def per_10_000(value: float) -> str:
        return format_number(value / inhabitants * 10_000, language, 1)

    if region.lower is not None and region.upper is not None:
        return f"{per_10_000(region.lower)}–{per_10_000(region.upper)}"
    return per_10_000(region.value)


def _rate(population, area: str, figure, language: str) -> str:
    rate = population.per_10_000(area, figure.value if figure else None) if population else None
    return format_number(rate, language, 1) if rate is not None else ""


class _Figures:
    """The figures a municipality page reads, in a fixed number of queries whatever the
    catalogue size."""

    def __init__(self, edition: Edition, area: str, snapshot: EditionSnapshot):
        self.edition, self.area, self.snapshot = edition, area, snapshot
        self.own = selectors.edition_figures(edition=edition, area=area, totals_only=True)
        self.region = selectors.edition_figures(
            edition=edition, area=snapshot.region, totals_only=True
        )
        self.previous = selectors.previous_edition(edition=edition)
        self.before = (
            selectors.edition_figures(edition=self.previous, area=area, totals_only=True)
            if self.previous
            else {}
        )
        self.region_before = (
            selectors.edition_figures(edition=self.previous, area=snapshot.region, totals_only=True)
            if self.previous
            else {}
        )
        # Of every area: an indicator the previous edition has no figure of at all is new.
        self.previous_indicators = (
            selectors.edition_indicators(edition=self.previous) if self.previous else None
        )
        population = snapshot.population
        members = [code for code, _name in snapshot.municipalities]
        # Once per page, not once per row.
        self.region_inhabitants = population.total(members) if population else None
        keys = [(code, area) for code in snapshot.indicators]
        self.series = selectors.figure_series_many(keys=keys, until=edition.year)
        self.editions = {
            e.year: e for e in selectors.published_editions().filter(year__lte=edition.year)
        }
        self.notes = selectors.edition_notes(edition=edition)
        self.previous_notes = (
            selectors.edition_notes(edition=self.previous) if self.previous else []
        )
        # The theme sections the page has, with their notes (see :func:`_sections`).
        self.sections: list[ThemeNotes] = []


def _history(series: list, data: _Figures, language: str) -> list[FigureView | None]:
    """Each edition's figure as the page shows it, oldest first; none for a single edition
    (the figure in its column is all there is)."""
    if len(series) < 2:
        return []
    return [FigureView.of(figure, language, data.editions.get(year)) for year, figure in series]


def _years_in_words(years: list[int], history: list[FigureView | None]) -> list[str]:
    """["2018: 12", "2019: <5", "2020: <5", "2021: 8"], so the hidden years between two
    figures are said, not drawn as a trend."""
    return [
        _("%(year)s: %(shown)s") % {"year": year, "shown": view.shown if view else "—"}
        for year, view in zip(years, history, strict=False)
    ]


def _shows_a_dash(row: MunicipalityRow) -> bool:
    """Whether the row has a "—" in the table: a rate, a previous year or a trend missing."""
    return row.figure is not None and (
        not row.rate
        or row.previous is None
        or (row.region is None and not row.region_not_collected)
        or (not row.sparkline and not row.years)
        or any(view is None for view in row.history)
    )


def _row(meta: IndicatorInfo, data: _Figures, language: str) -> MunicipalityRow:
    area, snapshot = data.area, data.snapshot
    figure = data.own.get((meta.code, area, ""))
    old = data.before.get((meta.code, area, ""))
    region = data.region.get((meta.code, snapshot.region, ""))
    change = (
        compare_figures(figure, old, data.previous.year)
        if data.previous and figure is not None
        else None
    )
    population = snapshot.population
    series = data.series[(meta.code, area)]
    absence = None if figure is not None else _absence(meta, area)
    history = _history(series, data, language) if figure is not None else []
    years = _years_in_words([year for year, _figure in series], history)
    region_change, region_notes = _region_only_change(meta, region, absence, data, language)
    region_rate = ""
    if region is not None and region.value is not None and data.region_inhabitants:
        region_rate = _region_rate(region, data.region_inhabitants, language)
    return MunicipalityRow(
        code=meta.code,
        name=meta.name.get(language),
        unit=meta.unit.get(language),
        figure=FigureView.of(figure, language, data.edition),
        previous=FigureView.of(old, language, data.previous),
        change=ChangeView.of(
            change, language, new=new_in_edition(meta.code, data.previous_indicators)
        ),
        region=FigureView.of(region, language, data.edition),
        rate=_rate(population, area, figure, language),
        region_rate=region_rate,
        sparkline=sparkline_html(
            [(y, f.value if f else None) for y, f in series],
            label=meta.name.get(language),
            spoken="; ".join(years),
        ),
        years=years,
        history=history,
        notes=figure_notes(
            meta,
            data.notes,
            data.previous,
            data.previous_notes,
            change is not None,
            language,
            data.sections,
        ),
        absent="" if absence is None else _absent(meta, area, snapshot, language, absence),
        absence=absence,
        region_not_collected=region is None and bool(meta.collected_for),
        region_change=region_change,
        region_notes=region_notes,
        see=_see(meta, figure is not None, change is not None or bool(region_change), data),
    )


def _see(meta: IndicatorInfo, own: bool, compared: bool, data: _Figures) -> tuple:
    """The other theme sections whose notes this row's figure (or, for a region-only topic,
    the region's) carries too."""
    args = (meta, data.notes, data.previous, data.previous_notes, compared, data.sections)
    return tuple(see_sections(*args)) if own or meta.area_level is AreaLevel.REGION else ()


def _sections(data: _Figures, language: str) -> list[ThemeNotes]:
    """The themes with a figure for the municipality each have a section, and under its
    heading the theme's notes, once for all its rows."""
    shown = [
        (theme.code, theme.name.get(language), f"thema-{theme.code}")
        for theme in data.snapshot.themes_in_order()
        if any(
            (meta.code, data.area, "") in data.own
            for meta in data.snapshot.indicators_of_theme(theme.code)
        )
    ]
    return theme_sections(data.notes, shown)


def _region_only_change(
    meta: IndicatorInfo,
    region: EditionFigure | None,
    absence: Absence | None,
    data: _Figures,
    language: str,
) -> tuple[ChangeView | None, tuple[str, ...]]:
    """A figure the municipality has only as part of the whole region: the region's change
    since the previous edition, and the notes beside that comparison, so that a 2020 dip
    reads as what it was here too."""
    if absence is not Absence.REGION_ONLY or region is None or data.previous is None:
        return None, ()
    before = data.region_before.get((meta.code, data.snapshot.region, ""))
    change = compare_figures(region, before, data.previous.year)
    view = ChangeView.of(change, language, new=new_in_edition(meta.code, data.previous_indicators))
    notes = figure_notes(
        meta, data.notes, data.previous, data.previous_notes, True, language, data.sections
    )
    return view, tuple(notes)


def _group_heading(
    reason: Absence, meta: IndicatorInfo, area: str, snapshot: EditionSnapshot, language: str
) -> str:
    if reason is Absence.REGION_ONLY:
        return _("Alleen voor de hele regio")
    if reason is Absence.COLLECTED_ELSEWHERE:
        return ngettext(
            "Alleen verzameld voor de gemeente %(names)s",
            "Alleen verzameld voor de gemeenten %(names)s",
            len(meta.collected_for),
        ) % {"names": _collected_for(meta, snapshot)}
    if reason is Absence.NOT_DELIVERED:
        return _("Nog niet geleverd voor %(name)s") % {"name": snapshot.area_name(area)}
    return meta.status_label(language)  # in preparation, or no data yet


def _missing_groups(
    rows: list[MunicipalityRow], area: str, snapshot: EditionSnapshot, language: str
) -> list[MissingGroup]:
    """The rows without a figure, one group per reason (per set of municipalities, for a
    figure collected for some of them), in the order of :data:`_MISSING_ORDER`."""
    groups: dict[tuple[Absence, str], MissingGroup] = {}
    for row in rows:
        if row.absence is None:
            continue
        meta = snapshot.indicators[row.code]
        heading = _group_heading(row.absence, meta, area, snapshot, language)
        group = groups.setdefault((row.absence, heading), MissingGroup(row.absence, heading, []))
        group.rows.append(row)
    return sorted(groups.values(), key=lambda g: (_MISSING_ORDER.index(g.reason), g.heading))


def municipality_context(edition: Edition, area: str, language: str) -> dict | None:
    snapshot = edition.snapshot
    if area not in snapshot.areas or area == snapshot.region:
        return None
    name = snapshot.areas[area]
    data = _Figures(edition, area, snapshot)
    data.sections = _sections(data, language)
    sections = {section.code: section for section in data.sections}
    themes, rows = [], []
    for theme in snapshot.themes_in_order():
        theme_rows = [_row(m, data, language) for m in snapshot.indicators_of_theme(theme.code)]
        rows += theme_rows
        with_figure = [row for row in theme_rows if row.figure is not None]
        if with_figure:
            section = sections[theme.code]
            themes.append(
                ThemeRows(
                    theme.name.get(language),
                    with_figure,
                    section.anchor,
                    section.texts(language),
                )
            )
    population = snapshot.population
    missing = _missing_groups(rows, area, snapshot, language)
    return {
        "name": name,
        "code": area,
        "themes": themes,
        "missing": missing,
        "missing_count": sum(len(group.rows) for group in missing),
        "delivered": sum(1 for row in rows if row.figure is not None),
        "total": len(rows),
        "has_notes": any(row.notes for row in rows),
        "previous": data.previous,
        "inhabitants": format_number(population.inhabitants.get(area), language)
        if population and area in population.inhabitants
        else "",
        "population": population,
        "region_name": snapshot.region_name.get(language),
        # Only what the page shows: the previous year and trend of a row without this
        # year's figure are not shown, the region's figure of a region-only topic is.
        "symbols": symbols_used(
            [r.figure for r in rows],
            [r.previous for r in rows if r.figure is not None],
            [r.region for r in rows if r.figure is not None or r.absence is Absence.REGION_ONLY],
            [view for r in rows for view in r.history],
        ),
        "dash": any(_shows_a_dash(row) for row in rows),
    }
