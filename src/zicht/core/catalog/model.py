"""Typed, frozen objects for everything in the catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English; Dutch is the language of record."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") and self.en else self.nl


class IndicatorKind(StrEnum):
    FLOW = "flow"  # counted over a period (signals in 2020)
    STOCK = "stock"  # counted on a reference date (dossiers on 31 December)


class PeriodType(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    REFERENCE_DATE = "reference_date"


class AreaLevel(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"


class DataStatus(StrEnum):
    AGREED = "agreed"  # delivery agreed with the partner
    IN_PREPARATION = "in_preparation"  # agreements being made
    NOT_AVAILABLE = "not_available"  # no data exist yet

    def label(self, language: str, *, computed: bool = False) -> str:
        """The status in words; ``computed`` for a figure Zicht itself computes from what
        partners deliver (an estimate, the ad analysis): no source delivers it as it stands."""
        if computed and self is DataStatus.AGREED:
            return Text(
                "Zicht berekent dit cijfer uit wat de partners aanleveren",
                "Zicht computes this figure from what the partners deliver",
            ).get(language)
        labels = {
            # Plain words for readers; the glossary keeps the older terms.
            "agreed": Text("De bron levert deze cijfers", "The source delivers these figures"),
            "in_preparation": Text(
                "In voorbereiding: afspraken over levering worden gemaakt",
                "In preparation: delivery is being arranged",
            ),
            "not_available": Text("Nog niet geleverd: er zijn nog geen gegevens", "No data yet"),
        }
        return labels[self.value].get(language)


class DeliveryFormat(StrEnum):
    AGGREGATE = "aggregate"
    RECORD = "record"
    ANALYSIS = "analysis"  # computed by Zicht from data it analyses itself


@dataclass(frozen=True)
class Theme:
    code: str
    order: int
    name: Text
    description: Text
    since: int | None = None


@dataclass(frozen=True)
class Category:
    code: str
    label: Text


@dataclass(frozen=True)
class Dimension:
    code: str
    name: Text
    categories: tuple[Category, ...]
    #: The column's name in a Dutch template ("geslacht"); the English name is the code.
    column_nl: str = ""

    @property
    def column(self) -> Text:
        return Text(self.column_nl or self.code, self.code)

    @property
    def category_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.categories)


@dataclass(frozen=True)
class RecordSpec:
    """How a partner's record-level file is counted: every row is one case."""

    indicator: str
    attributes: tuple[str, ...]


class AnalysisMethod(StrEnum):
    """The analyses Zicht itself runs; each fills named outputs (roles) with figures."""

    ADS = "ads"  # the ad analysis
    POPULATION_ESTIMATE = "population_estimate"  # linkage and multiple systems estimation

    @property
    def roles(self) -> tuple[str, ...]:
        return _ANALYSIS_ROLES[self]

    @property
    def computed_roles(self) -> tuple[str, ...]:
        """The outcomes the method note describes; the estimate's note is not about the
        registered count beside it (a count is never labelled with an estimate's method)."""
        return ("estimate",) if self is AnalysisMethod.POPULATION_ESTIMATE else self.roles


_ANALYSIS_ROLES = {
    AnalysisMethod.ADS: ("unique_ads", "high_risk_ads", "operators"),
    AnalysisMethod.POPULATION_ESTIMATE: ("estimate", "registered"),
}


@dataclass(frozen=True)
class AnalysisSpec:
    """Which indicators an analysis source produces: a new analysis source is YAML only."""

    method: AnalysisMethod
    produces: tuple[tuple[str, str], ...]  # (role, indicator code)

    def indicator(self, role: str) -> str:
        return dict(self.produces)[role]

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(code for _role, code in self.produces)


class AnalysisNotInCatalog(LookupError):
    """No partner in the catalogue declares the analysis (partners.yaml, ``analysis``)."""


@dataclass(frozen=True)
class Partner:
    code: str
    name: Text
    kind: str
    format: DeliveryFormat
    record: RecordSpec | None = None
    since: int | None = None
    areas: tuple[str, ...] = ()  # municipalities it delivers for; empty means the whole region
    analysis: AnalysisSpec | None = None  # for format: analysis, what it produces


@dataclass(frozen=True)
class Area:
    code: str
    name: str


@dataclass(frozen=True)
class Region:
    code: str
    name: Text
    members: tuple[str, ...]


@dataclass(frozen=True)
class Merger:
    into: str
    on: dt.date
    predecessors: tuple[Area, ...]


@dataclass(frozen=True)
class Disclosure:
    """The disclosure rule of an indicator; enforced at publication."""

    rule: str = "none"  # "none" or "small_counts"
    threshold: int = 5
    rounding_base: int = 0  # > 0: publish counts by controlled rounding to this base
    # Protection interval: a reader must not narrow a hidden count to a range narrower than
    # this (highest minus lowest derivable value); 2 leaves at least three possible values.
    protection_interval: int = 2
    # Differential privacy (optional): discrete Laplace noise with this budget per edition.
    noise_epsilon: float | None = None

    @property
    def protects_small_counts(self) -> bool:
        return self.rule == "small_counts"


@dataclass(frozen=True)
class Tile:
    """Where an indicator appears among an edition's key figures."""

    order: int
    area: str
    share_indicator: str | None = None


@dataclass(frozen=True)
class IndicatorDescription:
    """What an indicator measures and who delivers it, as a reader is told.

    The catalogue's :class:`Indicator`, an edition's snapshot of it and the published edition's
    entry each start with these fields. They keep separate classes on purpose (a published
    edition must stay readable when the catalogue changes), so only this description is shared:
    each subclass adds the fields in its own types.
    """

    code: str
    theme: str
    partner: str
    name: Text
    definition: Text
    unit: Text

    def description(self) -> dict[str, Any]:
        """The description's fields by name, to build another of the three kinds from it."""
        return {f.name: getattr(self, f.name) for f in fields(IndicatorDescription)}


@dataclass(frozen=True)
class Indicator(IndicatorDescription):
    kind: IndicatorKind
    area_level: AreaLevel
    period_type: PeriodType
    additive: bool
    disclosure: Disclosure
    data_status: DataStatus
    breakdowns: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    tile: Tile | None = None

    def valid_in(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (
            self.until is None or year <= self.until
        )


@dataclass(frozen=True)
class Note:
    """A context note for the editions from ``since`` to ``until`` (either open: every
    edition before or after); ``year: 2020`` in the YAML is both ends at once."""

    text: Text
    indicators: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None

    def applies_to(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (
            self.until is None or year <= self.until
        )


@dataclass(frozen=True)
class EditionSpec:
    year: int
    title: Text
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publisher:
    """Who publishes the monitor, and where readers write to."""

    name: Text
    contact: str = ""


@dataclass(frozen=True)
class ChainStep:
    """One step of the chain from signal to conviction, and the indicators that count it."""

    name: Text
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class EffortOutcome:
    """A theme's efforts beside the outcomes they aim at."""

    theme: str
    efforts: tuple[str, ...]
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class PopulationTable:
    """Inhabitants per municipality on 1 January of each year, with their source."""

    source: Text
    table: str  # the CBS table the figures come from
    retrieved: dt.date | None
    approximate: bool  # True: not the official figures; pages say so beside every rate
    by_year: dict[int, dict[str, int]]

    def for_year(self, year: int) -> tuple[int, dict[str, int]] | None:
        """The figures of ``year``, else of the nearest earlier year, else of the first."""
        if not self.by_year:
            return None
        earlier = [y for y in self.by_year if y <= year]
        used = max(earlier) if earlier else min(self.by_year)
        return used, self.by_year[used]


@dataclass(frozen=True)
class Catalog:
    """The whole catalogue, checked and cross-referenced."""

    themes: dict[str, Theme]
    partners: dict[str, Partner]
    dimensions: dict[str, Dimension]
    municipalities: dict[str, Area]
    regions: dict[str, Region]
    mergers: tuple[Merger, ...]
    indicators: dict[str, Indicator]
    notes: tuple[Note, ...]
    editions: dict[int, EditionSpec]
    text_titles: dict[str, Text]
    region: str
    headline_area: str
    root: str = ""
    places: dict[str, str] = field(default_factory=dict)
    texts: dict[tuple[int, str, str], str] = field(default_factory=dict)
    population: PopulationTable | None = None
    chain: tuple[ChainStep, ...] = ()
    effort_outcome: tuple[EffortOutcome, ...] = ()
    publisher: Publisher | None = None

    def indicators_of(self, partner: str, year: int | None = None) -> list[Indicator]:
        return [
            i
            for i in self.indicators.values()
            if i.partner == partner and (year is None or i.valid_in(year))
        ]

    def analysis_partner(self, method: AnalysisMethod) -> Partner:
        """The partner that publishes an analysis's figures, as the catalogue declares it."""
        for partner in self.partners.values():
            if partner.analysis is not None and partner.analysis.method is method:
                return partner
        raise AnalysisNotInCatalog(
            f"geen partner in partners.yaml levert de analyse '{method.value}' (analysis.method)"
        )

    def partner_areas(self, partner: str) -> tuple[str, ...]:
        """The municipalities a partner delivers for."""
        return self.partners[partner].areas or self.region_members(self.region)

    def city_to_municipality(self) -> dict[str, str]:
        """Place and municipality names (lower case) → current municipality code."""
        names = {area.name.lower(): code for code, area in self.municipalities.items()}
        for merger in self.mergers:
            successor = self.current_area_code(merger.into)
            for predecessor in merger.predecessors:
                if successor is not None:
                    names.setdefault(predecessor.name.lower(), successor)
        return names | {place.lower(): code for place, code in self.places.items()}

    def area_name(self, code: str) -> str:
        if code in self.municipalities:
            return self.municipalities[code].name
        if code in self.regions:
            return self.regions[code].name.nl
        return code

    def region_members(self, region: str) -> tuple[str, ...]:
        """The municipalities that make up the region (on the current division)."""
        return self.regions[region].members

    def current_area_code(self, code: str) -> str | None:
        """Map a delivered area code to the code Zicht stores, or None when unknown.

        Codes of merged municipalities map to their successor, through every later merger,
        so that all years stand on the current municipal division.
        """
        if code in self.regions or code in self.municipalities:
            return code
        for merger in self.mergers:
            if code in {p.code for p in merger.predecessors}:
                return self.current_area_code(merger.into)
        return None
