"""From the public gate to the typed edition every publication product renders.

Only :mod:`zicht.web.monitor.selectors` is read; what it does not give, no product shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from zicht.core.breakdowns import Breakdown
from zicht.core.catalog.model import Text
from zicht.core.publication.notes import notes_of_indicator
from zicht.core.publication.published import (
    AreaEntry,
    CategoryEntry,
    EditionTextEntry,
    IndicatorEntry,
    PublishedEdition,
    PublishedFigure,
    PublishedNote,
    ThemeEntry,
)
from zicht.core.publication.snapshot import EditionSnapshot, IndicatorInfo
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition, EditionNote


def _indicator(info: IndicatorInfo) -> IndicatorEntry:
    return IndicatorEntry(
        **info.description(),
        kind=info.kind.value,
        area_level=info.area_level.value,
        data_status=info.data_status.value,
        breakdowns=info.breakdowns,
        tile_area=info.tile.area if info.tile else "",
        tile_order=info.tile.order if info.tile else 999,
        computed=info.computed,
        collected_for=info.collected_for,
    )


def _areas(snapshot: EditionSnapshot) -> dict[str, AreaEntry]:
    inhabitants = snapshot.population.inhabitants if snapshot.population else {}
    areas = {}
    for code, name in snapshot.areas.items():
        if code == snapshot.region:
            members = [c for c in snapshot.areas if c != code]
            total = snapshot.population.total(members) if snapshot.population else None
            areas[code] = AreaEntry(code, snapshot.region_name, "region", population=total)
        else:
            areas[code] = AreaEntry(
                code, Text(name, name), "municipality", snapshot.region, inhabitants.get(code)
            )
    return areas


def _categories(snapshot: EditionSnapshot) -> tuple[CategoryEntry, ...]:
    entries = []
    keys = sorted(k for k in snapshot.dimension_labels if "=" in k)
    dimensions = {Breakdown.parse(k).dimension for k in keys}
    for dimension in sorted(dimensions):
        order = snapshot.categories.get(dimension) or sorted(
            Breakdown.parse(k).category for k in keys if Breakdown.parse(k).dimension == dimension
        )
        name = snapshot.dimension_labels.get(dimension) or Text(dimension, dimension)
        for category in order:
            label = snapshot.dimension_labels.get(f"{dimension}={category}")
            entries.append(
                CategoryEntry(dimension, name, category, label or Text(category, category))
            )
    return tuple(entries)


def published_notes(notes: Iterable[EditionNote]) -> list[PublishedNote]:
    """An edition's notes as every product refers to them: "N1", "N2", ... in the order they
    were stored (the ids of the open data's notes table)."""
    return [
        PublishedNote(
            id=f"N{number}",
            kind=note.kind,
            indicator=note.indicator_code,
            theme=note.theme_code,
            text=Text(note.text_nl, note.text_en or note.text_nl),
        )
        for number, note in enumerate(sorted(notes, key=lambda n: n.pk), start=1)
    ]


def _figures(
    edition: Edition, indicators: dict[str, IndicatorEntry], notes: list[PublishedNote]
) -> list:
    by_indicator = {
        code: [n.id for n in notes_of_indicator(notes, code, indicator.theme)]
        for code, indicator in indicators.items()
    }
    figures = []
    for (code, area, breakdown), row in sorted(selectors.edition_figures(edition=edition).items()):
        parsed = Breakdown.parse(breakdown)
        dimension, category = parsed.dimension, parsed.category
        figures.append(
            PublishedFigure(
                indicator=code,
                area=area,
                period=row.period,
                dimension=dimension,
                category=category,
                value=row.value,
                symbol=row.symbol if row.value is None else "",
                lower=row.lower,
                upper=row.upper,
                derived=row.derived,
                notes=tuple(by_indicator.get(code, ())),
                noise_margin=selectors.figure_noise_margin(edition=edition, figure=row),
            )
        )
    return figures


def _texts(edition: Edition, titles: dict[str, Text]) -> tuple[EditionTextEntry, ...]:
    dutch = selectors.edition_texts(edition=edition, language="nl")
    english = {t.key: t.markdown for t in selectors.edition_texts(edition=edition, language="en")}
    return tuple(
        EditionTextEntry(
            t.key,
            titles.get(t.key, Text(t.key, t.key)),
            Text(t.markdown, english.get(t.key, t.markdown)),
        )
        for t in dutch
    )


def published_edition(*, year: int) -> PublishedEdition | None:
    """The published edition of ``year`` as typed data, or None when there is none."""
    edition = selectors.published_edition(year=year)
    return None if edition is None else edition_data(edition=edition)


def edition_data(*, edition: Edition) -> PublishedEdition:
    snapshot = edition.snapshot
    indicators = {code: _indicator(info) for code, info in sorted(snapshot.indicators.items())}
    notes = published_notes(selectors.edition_notes(edition=edition))
    previous = selectors.previous_edition(edition=edition)
    statement = edition.disclosure.statement
    return PublishedEdition(
        year=edition.year,
        title=Text(edition.title_nl, edition.title_en or edition.title_nl),
        published_at=edition.published_at,
        region=snapshot.region,
        headline_area=snapshot.headline_area,
        figures=tuple(_figures(edition, indicators, notes)),
        notes=tuple(notes),
        indicators=indicators,
        areas=_areas(snapshot),
        categories=_categories(snapshot),
        themes=tuple(
            ThemeEntry(t.code, t.order, t.name, t.description) for t in snapshot.themes_in_order()
        ),
        partners=dict(snapshot.partners),
        texts=_texts(edition, snapshot.text_titles),
        statement=statement or Text("", ""),
        previous_year=previous.year if previous else None,
        population_note=_population_note(snapshot),
    )


def _population_note(snapshot: EditionSnapshot) -> Text | None:
    population = snapshot.population
    if population is None:
        return None
    source = population.source
    nl = f"Inwoners op 1 januari {population.year}; bron: {source.nl}."
    en = f"Inhabitants on 1 January {population.year}; source: {source.en}."
    if population.approximate:
        nl += " Het zijn benaderingen, geen officiële cijfers."
        en += " These are approximations, not official figures."
    return Text(nl, en)


def published_years() -> list[int]:
    return [e.year for e in selectors.published_editions()]
