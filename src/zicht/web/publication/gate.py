"""From the public gate to the typed edition every publication product renders.

Only :mod:`zicht.web.monitor.selectors` is read; what it does not give, no product shows.
"""

from __future__ import annotations

from zicht.core.catalog.model import Text
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
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition, EditionNote


def _text(value: dict | None, fallback: str = "") -> Text:
    value = value or {}
    nl = value.get("nl") or fallback
    return Text(nl, value.get("en") or nl)


def _indicator(meta: dict) -> IndicatorEntry:
    tile = meta.get("tile") or {}
    return IndicatorEntry(
        code=meta["code"],
        theme=meta["theme"],
        partner=meta["partner"],
        name=_text(meta["name"]),
        definition=_text(meta["definition"]),
        unit=_text(meta["unit"]),
        kind=str(meta["kind"]),
        area_level=str(meta["area_level"]),
        data_status=str(meta["data_status"]),
        breakdowns=tuple(meta.get("breakdowns") or ()),
        tile_area=tile.get("area", ""),
        tile_order=tile.get("order", 999),
    )


def _areas(snapshot: dict) -> dict[str, AreaEntry]:
    region = snapshot["region"]
    populations = snapshot.get("population") or {}
    areas = {}
    for code, name in snapshot["areas"].items():
        if code == region:
            entry = AreaEntry(code, _text(snapshot.get("region_name"), name), "region")
        else:
            entry = AreaEntry(code, Text(name, name), "municipality", region)
        population = populations.get(code) if isinstance(populations, dict) else None
        areas[code] = AreaEntry(**{**entry.__dict__, "population": population})
    return areas


def _categories(snapshot: dict) -> tuple[CategoryEntry, ...]:
    labels = snapshot.get("dimension_labels", {})
    return tuple(
        CategoryEntry(
            key.split("=")[0],
            _text(labels.get(key.split("=")[0])),
            key.split("=", 1)[1],
            _text(label),
        )
        for key, label in sorted(labels.items())
        if "=" in key
    )


def _notes(edition: Edition) -> list[tuple[PublishedNote, EditionNote]]:
    notes = sorted(selectors.edition_notes(edition=edition), key=lambda n: n.pk)
    return [
        (
            PublishedNote(
                id=f"N{number}",
                kind=note.kind,
                indicator=note.indicator_code,
                theme=note.theme_code,
                text=Text(note.text_nl, note.text_en or note.text_nl),
            ),
            note,
        )
        for number, note in enumerate(notes, start=1)
    ]


def _figures(edition: Edition, indicators: dict[str, IndicatorEntry], notes) -> list:
    by_indicator: dict[str, list[str]] = {}
    for note, _row in notes:
        for code, indicator in indicators.items():
            if note.indicator == code or (not note.indicator and note.theme == indicator.theme):
                by_indicator.setdefault(code, []).append(note.id)
    figures = []
    for (code, area, breakdown), row in sorted(selectors.edition_figures(edition=edition).items()):
        dimension, _, category = breakdown.partition("=")
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
            )
        )
    return figures


def _texts(edition: Edition, titles: dict) -> tuple[EditionTextEntry, ...]:
    dutch = selectors.edition_texts(edition=edition, language="nl")
    english = {t.key: t.markdown for t in selectors.edition_texts(edition=edition, language="en")}
    return tuple(
        EditionTextEntry(
            t.key, _text(titles.get(t.key), t.key), Text(t.markdown, english.get(t.key, t.markdown))
        )
        for t in dutch
    )


def published_edition(*, year: int) -> PublishedEdition | None:
    """The published edition of ``year`` as typed data, or None when there is none."""
    edition = selectors.published_edition(year=year)
    return None if edition is None else edition_data(edition=edition)


def edition_data(*, edition: Edition) -> PublishedEdition:
    snapshot = edition.catalog_snapshot
    indicators = {code: _indicator(meta) for code, meta in sorted(snapshot["indicators"].items())}
    notes = _notes(edition)
    previous = selectors.previous_edition(edition=edition)
    statement = edition.disclosure_report.get("statement", {})
    return PublishedEdition(
        year=edition.year,
        title=Text(edition.title_nl, edition.title_en or edition.title_nl),
        published_at=edition.published_at,
        region=snapshot["region"],
        headline_area=snapshot["headline_area"],
        figures=tuple(_figures(edition, indicators, notes)),
        notes=tuple(note for note, _row in notes),
        indicators=indicators,
        areas=_areas(snapshot),
        categories=_categories(snapshot),
        themes=tuple(
            ThemeEntry(code, t["order"], _text(t["name"]), _text(t["description"]))
            for code, t in sorted(snapshot["themes"].items(), key=lambda t: t[1]["order"])
        ),
        partners={code: _text(name) for code, name in snapshot["partners"].items()},
        texts=_texts(edition, snapshot.get("text_titles", {})),
        statement=_text(statement),
        previous_year=previous.year if previous else None,
    )


def published_years() -> list[int]:
    return [e.year for e in selectors.published_editions()]
