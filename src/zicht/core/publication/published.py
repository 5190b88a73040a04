"""A published edition as every publication product reads it: typed, frozen, public only.

The open data (CSV, CSVW, JSON, DCAT), the API, the PDF report, the factsheets, the embeds and
the baked site are all rendered from one :class:`PublishedEdition`, which the web shell builds
through the public gate. So every product shows the same figures, symbols and notes, and none
can show what the gate would not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from zicht.core.catalog.model import DataStatus, IndicatorDescription, Text
from zicht.core.publication.formatting import format_noisy, format_number


class FigureStatus(StrEnum):
    """What a reuser may do with a figure (CBS open data carries a status beside each value)."""

    SHOWN = "shown"  # a count or amount, as published
    ESTIMATE = "estimate"  # a point estimate with its 95% interval; never read without it
    HIDDEN = "hidden"  # withheld by disclosure control; ``symbol`` says how
    NOISY = "noisy"  # a count with differential-privacy noise; ``noise_margin`` is its 95% margin

    def label(self, language: str) -> str:
        labels = {
            "shown": Text("gepubliceerd", "published"),
            "estimate": Text("schatting met 95%-interval", "estimate with 95% interval"),
            "hidden": Text("afgeschermd", "withheld"),
            "noisy": Text("met ruis (differential privacy)", "with noise (differential privacy)"),
        }
        return labels[self.value].get(language)


@dataclass(frozen=True)
class PublishedFigure:
    """One published cell: indicator × area × period × breakdown, as the public sees it."""

    indicator: str
    area: str
    period: str
    dimension: str  # "" for the total
    category: str  # "" for the total
    value: float | None  # None when withheld
    symbol: str = ""  # "<5" or "x" when withheld
    lower: float | None = None
    upper: float | None = None
    derived: bool = False  # a region total summed by Zicht
    notes: tuple[str, ...] = ()  # ids of the notes that belong to this figure
    noise_margin: int | None = None  # 95% margin of differential-privacy noise; None: none

    @property
    def breakdown(self) -> str:
        return f"{self.dimension}={self.category}" if self.dimension else ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.indicator, self.area, self.breakdown)

    @property
    def status(self) -> FigureStatus:
        if self.value is None:
            return FigureStatus.HIDDEN
        if self.lower is not None:
            return FigureStatus.ESTIMATE
        return FigureStatus.SHOWN if self.noise_margin is None else FigureStatus.NOISY

    def shown(self, language: str) -> str:
        """The figure as a reader sees it everywhere: the symbol when withheld, the interval
        (not the bare point) for an estimate, "≈ n (± margin)" for a noisy count, else the
        number."""
        if self.value is None:
            return self.symbol or "x"
        if self.lower is not None and self.upper is not None:
            lower = format_number(self.lower, language)
            return f"{lower}–{format_number(self.upper, language)}"
        if self.noise_margin is not None:
            return format_noisy(self.value, self.noise_margin, language)
        return format_number(self.value, language)

    def point_label(self, language: str) -> str:
        """An estimate's point in words, "schatting 991", as the indicator page puts it beside
        the interval; "" for any other figure. The documents report a change of the estimate,
        and a reader must see the figure that change is computed from."""
        if self.status is not FigureStatus.ESTIMATE:
            return ""
        return f"{_ESTIMATE_WORD.get(language)} {format_number(self.value, language)}"

    def shown_with_point(self, language: str) -> str:
        """As :meth:`shown`, with an estimate's point after its interval:
        "816–1.241 (schatting 991)"."""
        point = self.point_label(language)
        return f"{self.shown(language)} ({point})" if point else self.shown(language)


#: The word the dashboard's indicator page puts before an estimate's point.
_ESTIMATE_WORD = Text("schatting", "estimate")


@dataclass(frozen=True)
class PublishedNote:
    id: str  # "N1", "N2", ... in the edition's order; stable because the edition is frozen
    kind: str  # "context" (about the year) or "method" (how the figure was computed)
    indicator: str  # "" when the note is about a theme
    theme: str
    text: Text


@dataclass(frozen=True)
class IndicatorEntry(IndicatorDescription):
    """An indicator as every publication product shows it: codes as plain text."""

    kind: str
    area_level: str
    data_status: str
    breakdowns: tuple[str, ...] = ()
    tile_area: str = ""  # the area of its key figure on the dashboard, "" when not a key figure
    tile_order: int = 999
    computed: bool = False  # computed by Zicht from what partners deliver
    collected_for: tuple[str, ...] = ()  # the municipalities it is collected for; () all

    def status_label(self, language: str) -> str:
        return DataStatus(self.data_status).label(language, computed=self.computed)


@dataclass(frozen=True)
class AreaEntry:
    code: str
    name: Text
    level: str  # "region" or "municipality"
    region: str = ""
    population: int | None = None


@dataclass(frozen=True)
class CategoryEntry:
    dimension: str
    dimension_name: Text
    code: str
    label: Text


@dataclass(frozen=True)
class ThemeEntry:
    code: str
    order: int
    name: Text
    description: Text


@dataclass(frozen=True)
class EditionTextEntry:
    key: str
    title: Text
    markdown: Text


@dataclass(frozen=True)
class PublishedEdition:
    year: int
    title: Text
    published_at: dt.datetime
    region: str
    headline_area: str
    figures: tuple[PublishedFigure, ...]
    notes: tuple[PublishedNote, ...]
    indicators: dict[str, IndicatorEntry]
    areas: dict[str, AreaEntry]
    categories: tuple[CategoryEntry, ...]
    themes: tuple[ThemeEntry, ...]
    partners: dict[str, Text]
    texts: tuple[EditionTextEntry, ...] = ()
    statement: Text = field(default_factory=lambda: Text("", ""))
    previous_year: int | None = None
    #: Where the inhabitants behind the rates per 10,000 come from (None: no rates).
    population_note: Text | None = None

    def figure(self, indicator: str, area: str, breakdown: str = "") -> PublishedFigure | None:
        return self._index().get((indicator, area, breakdown))

    def _index(self) -> dict[tuple[str, str, str], PublishedFigure]:
        index = self.__dict__.get("_figure_index")
        if index is None:
            index = {f.key: f for f in self.figures}
            object.__setattr__(self, "_figure_index", index)
        return index

    def indicator_codes(self) -> frozenset[str]:
        """The indicators the edition has any figure of (withheld ones too): what a later
        edition asks to tell an indicator new in it from a figure missing or withheld."""
        codes = self.__dict__.get("_indicator_codes")
        if codes is None:
            codes = frozenset(f.indicator for f in self.figures)
            object.__setattr__(self, "_indicator_codes", codes)
        return codes

    def notes_for(self, figure: PublishedFigure) -> list[PublishedNote]:
        wanted = set(figure.notes)
        return [n for n in self.notes if n.id in wanted]

    def key_indicators(self) -> list[IndicatorEntry]:
        """The indicators shown as key figures, in theme and tile order."""
        order = {t.code: t.order for t in self.themes}
        keyed = [i for i in self.indicators.values() if i.tile_area]
        return sorted(keyed, key=lambda i: (order.get(i.theme, 99), i.tile_order, i.code))

    def area_name(self, code: str, language: str) -> str:
        area = self.areas.get(code)
        return area.name.get(language) if area else code

    def area_label(self, code: str, language: str) -> str:
        """The area as the dashboard's tiles name it, so that the municipality of Rotterdam
        never reads as the Rotterdam region: "gemeente Rotterdam" or "hele regio (24
        gemeenten)"."""
        level, detail = self.area_label_parts(code, language)
        return f"{level} {detail}" if detail else level

    def area_label_parts(self, code: str, language: str) -> tuple[str, str]:
        """:meth:`area_label` in two parts, for a narrow column that sets the second part
        below the first: ("hele regio", "(24 gemeenten)") or ("gemeente Rotterdam", "")."""
        area = self.areas.get(code)
        if area is None:
            return code, ""
        if area.level == "region":
            count = sum(1 for a in self.areas.values() if a.level == "municipality")
            return level_label_parts(None, count, language)
        return level_label_parts(area.name.get(language), 0, language)


#: An area named with its level, in the words of every product (tiles, pages, PDFs, embeds).
_WHOLE_REGION = Text("hele regio", "whole region")
_COUNT = Text("({count} gemeenten)", "({count} municipalities)")
_MUNICIPALITY = Text("gemeente {name}", "municipality of {name}")


def level_label_parts(municipality: str | None, count: int, language: str) -> tuple[str, str]:
    """("gemeente Rotterdam", "") for a municipality's name, ("hele regio", "(24 gemeenten)")
    for the region (``municipality`` None) of ``count`` municipalities."""
    if municipality is None:
        return _WHOLE_REGION.get(language), _COUNT.get(language).format(count=count)
    return _MUNICIPALITY.get(language).format(name=municipality), ""


def level_label(municipality: str | None, count: int, language: str) -> str:
    """:func:`level_label_parts` as one label: "hele regio (24 gemeenten)"."""
    level, detail = level_label_parts(municipality, count, language)
    return f"{level} {detail}" if detail else level
