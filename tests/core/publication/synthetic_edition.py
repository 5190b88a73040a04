"""A small published edition made in code, for the core publication tests (no database)."""

from __future__ import annotations

import datetime as dt

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

REGION = "RE-TST"
TOWNS = ("GM0001", "GM0002")


def _indicator(code: str, theme: str, unit: str, **extra) -> IndicatorEntry:
    return IndicatorEntry(
        code=code,
        theme=theme,
        partner="politie",
        name=Text(f"Naam {code}", f"Name {code}"),
        definition=Text(f"Definitie van {code}, met ‘aanhalingstekens’ en #hekje", f"Def {code}"),
        unit=Text(unit, unit),
        kind="flow",
        area_level="municipality",
        data_status="agreed",
        **extra,
    )


def synthetic_edition(year: int = 2020, scale: float = 1.0) -> PublishedEdition:
    notes = (
        PublishedNote(
            "N1",
            "context",
            "checks",
            "",
            Text("Door COVID-19 minder controles.", "Fewer checks because of COVID-19."),
        ),
        PublishedNote(
            "N2",
            "context",
            "",
            "enforcement",
            Text("Een signaal is geen zaak.", "A signal is not a case."),
        ),
    )
    figures = [
        PublishedFigure("signals", REGION, str(year), "", "", round(1523 * scale), notes=()),
        PublishedFigure("signals", TOWNS[0], str(year), "", "", round(1519 * scale)),
        PublishedFigure("signals", TOWNS[1], str(year), "", "", None, symbol="<5"),
        PublishedFigure("signals", REGION, str(year), "sex", "vrouw", 1000.0),
        PublishedFigure("signals", REGION, str(year), "sex", "man", None, symbol="x"),
        PublishedFigure("checks", REGION, str(year), "", "", 92.0, notes=("N1", "N2")),
        PublishedFigure("checks", TOWNS[0], str(year), "", "", 80.0, notes=("N1", "N2")),
        PublishedFigure("checks", TOWNS[1], str(year), "", "", 12.0, notes=("N1", "N2")),
        PublishedFigure("victims", REGION, str(year), "", "", 331.4, lower=250.2, upper=480.9),
        PublishedFigure("share", REGION, str(year), "", "", 8.5),
    ]
    return PublishedEdition(
        year=year,
        title=Text(f"Monitor mensenhandel {year}", f"Human trafficking monitor {year}"),
        published_at=dt.datetime(year + 1, 3, 1, 12, 0, tzinfo=dt.UTC),
        region=REGION,
        headline_area=TOWNS[0],
        figures=tuple(figures),
        notes=notes,
        indicators={
            "signals": _indicator(
                "signals",
                "signalling",
                "signalen",
                breakdowns=("sex",),
                tile_area=REGION,
                tile_order=1,
            ),
            "checks": _indicator("checks", "enforcement", "controles", tile_area=REGION),
            "victims": _indicator(
                "victims", "signalling", "personen", tile_area=REGION, tile_order=2
            ),
            "share": _indicator("share", "signalling", "procent"),
        },
        areas={
            REGION: AreaEntry(REGION, Text("Regio Test", "Test region"), "region"),
            TOWNS[0]: AreaEntry(
                TOWNS[0],
                Text("Eerstestad", "Eerstestad"),
                "municipality",
                REGION,
                population=650_000,
            ),
            TOWNS[1]: AreaEntry(TOWNS[1], Text("Tweedorp", "Tweedorp"), "municipality", REGION),
        },
        categories=(
            CategoryEntry("sex", Text("geslacht", "sex"), "man", Text("man", "male")),
            CategoryEntry("sex", Text("geslacht", "sex"), "vrouw", Text("vrouw", "female")),
        ),
        themes=(
            ThemeEntry("signalling", 1, Text("Signalering", "Signalling"), Text("Wie", "Who")),
            ThemeEntry("enforcement", 2, Text("Handhaving", "Enforcement"), Text("Wat", "What")),
        ),
        partners={"politie": Text("Politie Test", "Police Test")},
        texts=(
            EditionTextEntry(
                "aanleiding",
                Text("Aanleiding", "Why"),
                Text(
                    "Eerste alinea met **nadruk** en #typst [markup].\n\n- punt een\n- punt twee",
                    "First paragraph.",
                ),
            ),
            EditionTextEntry(
                "blik_vooruit",
                Text("Blik vooruit", "Ahead"),
                Text("Volgend jaar meer.", "More next year."),
            ),
        ),
        statement=Text(
            "Kleine aantallen zijn afgeschermd.\n\nTweede alinea.",
            "Small numbers are withheld.\n\nSecond paragraph.",
        ),
        previous_year=year - 1,
    )
