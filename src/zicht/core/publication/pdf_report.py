"""The PDF report of an edition, in the spirit of the *Monitor mensenhandel*.

Cover, introduction, key figures per theme (with the change against the previous edition),
trend and breakdown charts, notes, a look ahead, definitions and sources, methods in brief,
the privacy statement, and an appendix with the data table of every chart. In Dutch or English.
"""

from __future__ import annotations

from zicht.core.catalog.model import Text
from zicht.core.publication.charts import breakdown_spec, render_svg, trend_spec
from zicht.core.publication.comparison import compare, new_in_edition
from zicht.core.publication.document import Chart, compile_pdf, markdown_blocks
from zicht.core.publication.embed import chart_gap, embed_area
from zicht.core.publication.formatting import (
    capital_first,
    format_change,
    format_day,
    unbroken_brackets,
    without_brackets,
)
from zicht.core.publication.notes import FigureNote, figure_notes, printed_notes
from zicht.core.publication.notice import notice_text
from zicht.core.publication.published import IndicatorEntry, PublishedEdition, PublishedFigure

LOOK_AHEAD = "blik_vooruit"

LABELS = {
    "contents": Text("Inhoud", "Contents"),
    "introduction": Text("Inleiding", "Introduction"),
    "key_figures": Text("Kerncijfers per thema", "Key figures by theme"),
    "other_figures": Text("Alle andere cijfers", "All other figures"),
    "charts": Text("Ontwikkeling en uitsplitsing", "Trends and breakdowns"),
    "notes": Text("Toelichtingen", "Notes"),
    "look_ahead": Text("Een blik vooruit", "Looking ahead"),
    "definitions": Text("Definities en bronnen", "Definitions and sources"),
    "methods": Text("Methode in het kort", "Methods in brief"),
    "privacy": Text("Privacyverantwoording", "Privacy statement"),
    "appendix": Text("Bijlage: tabellen bij de grafieken", "Appendix: chart data tables"),
    "indicator": Text("Indicator", "Indicator"),
    "figure": Text("Cijfer", "Figure"),
    "area": Text("Gebied", "Area"),
    "change": Text("Verandering", "Change"),
    "note": Text("Toelichting", "Note"),
    "year": Text("Jaar", "Year"),
    "category": Text("Categorie", "Category"),
    "source": Text("Bron", "Source"),
    "unit": Text("Eenheid", "Unit"),
    "published": Text("Gepubliceerd op", "Published on"),
    "chart": Text("Grafiek", "Chart"),
    "table": Text("Tabel bij grafiek", "Data table for chart"),
    "symbols": Text(
        "Tekens: '<5' = een klein aantal (1 tot en met 4), afgeschermd; 'x' = afgeschermd om een "
        "klein aantal elders te beschermen. Een schatting staat als 95%-interval, met de "
        "schatting zelf tussen haakjes.",
        "Symbols: '<5' = a small number (1 to 4), withheld; 'x' = withheld to protect a small "
        "number elsewhere. An estimate is given as its 95% interval, with the estimate itself "
        "in brackets.",
    ),
    # Either figure is missing or withheld (not a change of definition): said as such.
    "not_comparable": Text(
        "geen vergelijking met {year}: een cijfer ontbreekt of is afgeschermd",
        "no comparison with {year}: a figure is missing or withheld",
    ),
    # The previous edition has no figure of the indicator at all (see ``new_in_edition``).
    "new_in_edition": Text("nieuw in deze editie", "new in this edition"),
    "within_uncertainty": Text("binnen de onzekerheidsmarge", "within the uncertainty"),
}

METHODS = Text(
    "Partners leveren jaarlijks cijfers die niet tot een persoon herleidbaar zijn; Zicht "
    "controleert elke levering, weigert persoonsgegevens en telt lijsten op persoonsniveau op "
    "tot aantallen. Een gepubliceerde editie ligt vast en verandert niet meer. Kleine aantallen "
    "worden afgeschermd en een controle met lineaire programmering bevestigt dat ze niet zijn "
    "terug te rekenen. Het aantal slachtoffers dat niet in beeld is, wordt geschat met "
    "multiple systems estimation uit de overlap van versleutelde lijsten van drie partners; "
    "de schatting staat altijd met haar 95%-interval. Advertentiecijfers komen uit een analyse "
    "van advertenties (dubbele plaatsingen verwijderd, risico-indicatoren); alleen de totalen "
    "worden bewaard.",
    "Partners deliver yearly figures that cannot be traced to a person; Zicht checks every "
    "delivery, refuses personal data and counts person-level lists into numbers. A published "
    "edition is frozen and never changes. Small numbers are withheld and a linear-programming "
    "audit confirms that they cannot be recalculated. The number of victims not in view is "
    "estimated by multiple systems estimation from the overlap of three partners' encrypted "
    "lists; the estimate is always given with its 95% interval. Ad figures come from an "
    "analysis of ads (reposts removed, risk indicators); only the totals are kept.",
)


#: The font the PDF sets its charts in (Typst finds it in Debian's fonts): Vega measures the
#: labels with the same font, so a long category name is not cut off at the chart's edge.
PRINT_FONT = "DejaVu Sans"


def print_svg(spec: dict, language: str) -> str:
    """The dashboard's spec rendered for print: the same chart, in the PDF's font."""
    return render_svg({**spec, "config": {**spec.get("config", {}), "font": PRINT_FONT}}, language)


def _labels(language: str) -> dict[str, str]:
    return {key: text.get(language) for key, text in LABELS.items()}


def change_text(
    figure: PublishedFigure | None,
    before: PublishedFigure | None,
    year: int,
    language: str,
    *,
    new: bool = False,
) -> str:
    """The change against the previous edition, as the dashboard words it; ``new``: the
    previous edition has no figure of this indicator at all (``new_in_edition``)."""
    if figure is None:
        return ""
    if new:
        return LABELS["new_in_edition"].get(language)
    if before is None:  # the previous edition has the indicator, but not for this area
        return LABELS["not_comparable"].get(language).format(year=year)
    change = compare(
        figure.value,
        before.value,
        year,
        current_interval=(figure.lower, figure.upper) if figure.lower is not None else None,
        previous_interval=(before.lower, before.upper) if before.lower is not None else None,
    )
    if change.absolute is None:
        return LABELS["not_comparable"].get(language).format(year=year)
    text = format_change(change.absolute, language)
    if change.relative is not None:
        text += f" ({format_change(change.relative, language)}%)"
    text += f" t.o.v. {year}" if language == "nl" else f" vs {year}"
    if change.beyond_uncertainty is False:
        text += f", {LABELS['within_uncertainty'].get(language)}"
    return text


def chart_area(edition: PublishedEdition, area: str, language: str) -> str:
    """The area in a chart's caption and description, named as in the tables ("gemeente
    Rotterdam", "hele regio, 24 gemeenten"): a caption is itself in brackets."""
    return without_brackets(edition.area_label(area, language))


def trend_chart(
    code: str, area: str, history: list[PublishedEdition], edition: PublishedEdition, language: str
) -> Chart | None:
    """The dashboard's trend spec for one figure over the published editions; None when there
    is nothing to draw: no edition has the figure, or every one is withheld (an empty chart
    with a 0 axis would read as "none"; its row in the key figures says why instead)."""
    indicator = edition.indicators[code]
    series = [(e.year, e.figure(code, area)) for e in history if e.year <= edition.year]
    if chart_gap(figure for _year, figure in series) is not None:
        return None
    points = [(year, f.value if f else None) for year, f in series]
    bounds = [(f.lower, f.upper) if f else (None, None) for _year, f in series]
    has_interval = any(lower is not None for lower, _upper in bounds)
    name = indicator.name.get(language)
    where = chart_area(edition, area, language)
    description = (
        f"Lijndiagram van {name} per jaar, {where}."
        if language == "nl"
        else f"Line chart of {name} by year, {where}."
    )
    spec = trend_spec(
        points,
        title=name,
        unit=indicator.unit.get(language),
        year_label=LABELS["year"].get(language),
        description=description,
        intervals=bounds if has_interval else None,
    )
    rows = tuple((str(year), f.shown_with_point(language) if f else "–") for year, f in series)
    return Chart(
        id=f"trend-{code}",
        svg=print_svg(spec, language),
        caption=f"{name} ({where}), {series[0][0]}–{edition.year}",
        description=description,
        columns=(LABELS["year"].get(language), indicator.unit.get(language)),
        rows=rows,
    )


def breakdown_charts(code: str, area: str, edition: PublishedEdition, language: str) -> list[Chart]:
    """One bar chart per breakdown dimension of a figure, in catalogue category order."""
    indicator = edition.indicators[code]
    where = chart_area(edition, area, language)
    charts = []
    for dimension in indicator.breakdowns:
        categories = [c for c in edition.categories if c.dimension == dimension]
        shown = [
            (c.label.get(language), f)
            for c in categories
            if (f := edition.figure(code, area, f"{dimension}={c.code}")) is not None
        ]
        if not shown:
            continue
        dimension_name = categories[0].dimension_name.get(language)
        name = indicator.name.get(language)
        title = f"{name}: {dimension_name.lower()}"
        description = (
            f"Staafdiagram van {name} naar {dimension_name.lower()}, {where}, {edition.year}."
            if language == "nl"
            else f"Bar chart of {name} by {dimension_name.lower()}, {where}, {edition.year}."
        )
        rows = [(label, f.value, f.shown(language)) for label, f in shown]
        spec = breakdown_spec(
            rows, title=title, unit=indicator.unit.get(language), description=description
        )
        charts.append(
            Chart(
                id=f"breakdown-{code}-{dimension}",
                svg=print_svg(spec, language),
                caption=f"{title} ({where}, {edition.year})",
                description=description,
                columns=(dimension_name, indicator.unit.get(language)),
                rows=tuple((label, text) for label, _value, text in rows),
            )
        )
    return charts


def change_from_previous(
    previous: PublishedEdition | None,
    figure: PublishedFigure | None,
    indicator: str,
    area: str,
    language: str,
) -> str:
    """The change of ``figure`` against the previous edition's figure of the same indicator
    and area, for the report and the factsheets alike; "" without a figure or an edition."""
    if previous is None or figure is None:
        return ""
    return change_text(
        figure,
        previous.figure(indicator, area),
        previous.year,
        language,
        new=new_in_edition(indicator, previous.indicator_codes()),
    )


def notes_beside(
    edition: PublishedEdition, previous: PublishedEdition | None, figure: PublishedFigure | None
) -> list[FigureNote]:
    """The notes beside a figure in the report and the factsheets: its own, and, as it is
    compared with the previous edition, that edition's context notes (``notes.figure_notes``,
    the dashboard's rule too)."""
    if figure is None:
        return []
    return figure_notes(
        figure.indicator,
        edition.notes_for(figure),
        previous.notes if previous else (),
        previous.year if previous else None,
        compared=previous is not None,
    )


def notes_list(
    edition: PublishedEdition, beside: list[FigureNote], language: str, *, every: bool
) -> list[dict]:
    """The document's notes: each text once, under its open-data ids; ``every``: all of the
    edition's notes (the report), else only those ``beside`` a figure (a factsheet)."""
    own = [FigureNote(n) for n in edition.notes] if every else []
    return [
        {"ids": list(n.references), "text": n.text} for n in printed_notes(own + beside, language)
    ]


def source_name(edition: PublishedEdition, indicator: IndicatorEntry, language: str) -> str:
    """The partner that delivers the indicator: the catalogue's partner name in the reader's
    language, as "Definitions and sources" and each factsheet figure name it."""
    return edition.partners.get(indicator.partner, Text(indicator.partner, indicator.partner)).get(
        language
    )


def _figure_row(
    edition: PublishedEdition,
    previous: PublishedEdition | None,
    indicator: IndicatorEntry,
    area: str,
    language: str,
) -> dict:
    figure = edition.figure(indicator.code, area)
    # "Gemeente Rotterdam", never a bare "Rotterdam" that reads as the region; the region's
    # count of municipalities on a line of its own, kept whole, in the narrow column.
    level, detail = edition.area_label_parts(area, language)
    return {
        "code": indicator.code,
        "name": indicator.name.get(language),
        "area": capital_first(level),
        "area_detail": unbroken_brackets(detail),
        "shown": figure.shown(language) if figure else "–",
        "point": figure.point_label(language) if figure else "",
        # No figure: say why (in preparation, no data yet), not a bare dash alone.
        "status": "" if figure else indicator.status_label(language),
        "unit": indicator.unit.get(language),
        "change": change_from_previous(previous, figure, indicator.code, area, language),
        "notes": [n.reference for n in notes_beside(edition, previous, figure)],
    }


def _first_area(edition: PublishedEdition, indicator: IndicatorEntry) -> str:
    """A key figure's own area; otherwise the region when it has the figure (a regional
    monitor), else the area its page and embed show."""
    if not indicator.tile_area and edition.figure(indicator.code, edition.region):
        return edition.region
    return embed_area(edition, indicator)


def figure_rows_by_theme(
    edition: PublishedEdition,
    previous: PublishedEdition | None,
    indicators: list[IndicatorEntry],
    language: str,
) -> list[dict]:
    """The figures of ``indicators`` by theme, each at its first area (see ``_first_area``),
    with change and notes."""
    themes = []
    for theme in edition.themes:
        rows = [
            _figure_row(edition, previous, indicator, _first_area(edition, indicator), language)
            for indicator in indicators
            if indicator.theme == theme.code
        ]
        if rows:
            themes.append(
                {
                    "name": theme.name.get(language),
                    "description": theme.description.get(language),
                    "rows": rows,
                }
            )
    return themes


def other_indicators(edition: PublishedEdition, language: str) -> list[IndicatorEntry]:
    """The edition's indicators that are not key figures (convictions, checks, ...), so that
    the report holds every published figure, as the dashboard does."""
    keys = {i.code for i in edition.key_indicators()}
    order = {t.code: t.order for t in edition.themes}
    rest = [i for i in edition.indicators.values() if i.code not in keys]
    return sorted(rest, key=lambda i: (order.get(i.theme, 99), i.name.get(language)))


def report_content(
    edition: PublishedEdition,
    history: list[PublishedEdition],
    language: str,
    synthetic: bool = False,
) -> tuple[dict, list[Chart]]:
    """Everything the report shows, as data for the Typst template, and its charts."""
    previous = next((e for e in history if e.year == edition.previous_year), None)
    charts: list[Chart] = []
    for indicator in edition.key_indicators():
        trend = trend_chart(indicator.code, indicator.tile_area, history, edition, language)
        if trend is not None:
            charts.append(trend)
        charts += breakdown_charts(indicator.code, indicator.tile_area, edition, language)
    texts = [t for t in edition.texts if t.key != LOOK_AHEAD]
    ahead = [t for t in edition.texts if t.key == LOOK_AHEAD]
    used = {i.code for i in edition.indicators.values()}
    themes = figure_rows_by_theme(edition, previous, edition.key_indicators(), language)
    other_themes = figure_rows_by_theme(
        edition, previous, other_indicators(edition, language), language
    )
    beside = [
        note
        for indicator in edition.indicators.values()
        for note in notes_beside(
            edition, previous, edition.figure(indicator.code, _first_area(edition, indicator))
        )
    ]
    data = {
        "language": language,
        "notice": notice_text(synthetic, language),
        "title": edition.title.get(language),
        "year": edition.year,
        "region": edition.area_name(edition.region, language),
        "published": format_day(edition.published_at.date(), language),
        "labels": _labels(language),
        "intro": [
            {"title": t.title.get(language), "blocks": markdown_blocks(t.markdown.get(language))}
            for t in texts
        ],
        "themes": themes,
        "other_themes": other_themes,
        "notes": notes_list(edition, beside, language, every=True),
        "look_ahead": [b for t in ahead for b in markdown_blocks(t.markdown.get(language))],
        "definitions": [
            {
                "name": i.name.get(language),
                "definition": i.definition.get(language),
                "unit": i.unit.get(language),
                "source": source_name(edition, i, language),
            }
            for i in sorted(edition.indicators.values(), key=lambda i: i.name.get(language))
            if i.code in used
        ],
        "methods": markdown_blocks(METHODS.get(language)),
        "privacy": markdown_blocks(edition.statement.get(language)),
    }
    return data, charts


def report_pdf(
    edition: PublishedEdition,
    history: list[PublishedEdition],
    language: str,
    synthetic: bool = False,
) -> bytes:
    """The edition's report; ``synthetic`` puts the demo's notice on every page."""
    data, charts = report_content(edition, history, language, synthetic)
    return compile_pdf("report", data, charts)
