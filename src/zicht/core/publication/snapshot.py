"""What an edition froze of the catalogue when it was published: typed and versioned.

A published edition never changes, but the code that reads it does. The snapshot is stored as
JSON beside the edition's figures; ``EditionSnapshot.from_dict`` reads every version ever
stored (``SNAPSHOT_VERSION`` is the one written now) and upgrades older ones in one place, so
the dashboard, the open data, the API and the PDF read typed fields instead of dict keys.

Version history:
  1. no ``version`` key; the ad analysis summary did not say which indicators it produced.
  2. ``version``; ``ad_analysis.indicators``; catalogue category order per dimension;
     inhabitants per municipality with their source; the chain and effort-outcome views.
  3. each indicator says whether Zicht computes it (``computed``: its partner is an analysis)
     and, when its partner delivers for some municipalities only, which (``collected_for``);
     older indicators read as delivered by their source for the whole region.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from zicht.core.breakdowns import Breakdown
from zicht.core.catalog.model import (
    AreaLevel,
    Catalog,
    ChainStep,
    DataStatus,
    DeliveryFormat,
    Disclosure,
    EffortOutcome,
    IndicatorDescription,
    IndicatorKind,
    PeriodType,
    Publisher,
    Text,
    Tile,
)

SNAPSHOT_VERSION = 3


class SnapshotUnreadable(ValueError):
    """A stored snapshot of a version this code does not know (written by newer code)."""


def _text(value: Any) -> Text:
    if isinstance(value, str):
        return Text(value, value)
    value = value or {}
    return Text(str(value.get("nl", "")), str(value.get("en") or ""))


def _plain_text(value: Text) -> dict[str, str]:
    return {"nl": value.nl, "en": value.en}


@dataclass(frozen=True)
class IndicatorInfo(IndicatorDescription):
    """An indicator as the edition published it.

    Its own class, not the catalogue's :class:`Indicator`, so that an edition stored by an
    earlier version stays readable when the catalogue's indicators change; it shares only the
    descriptive fields and the small frozen values (:class:`Text`, :class:`Tile`,
    :class:`Disclosure`) that ``from_dict`` rebuilds from the stored JSON.
    """

    kind: IndicatorKind
    area_level: AreaLevel
    period_type: PeriodType
    additive: bool
    data_status: DataStatus
    disclosure: Disclosure = field(default_factory=Disclosure)
    breakdowns: tuple[str, ...] = ()
    tile: Tile | None = None
    computed: bool = False  # computed by Zicht (an analysis partner), not delivered as it stands
    #: The municipalities its partner delivers for, when not the whole region (then empty).
    collected_for: tuple[str, ...] = ()

    @property
    def is_count(self) -> bool:
        """Counts of people or events can be read per 10,000 inhabitants; shares cannot."""
        return self.additive

    def status_label(self, language: str) -> str:
        return self.data_status.label(language, computed=self.computed)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndicatorInfo:
        tile = data.get("tile")
        disclosure = data.get("disclosure") or {}
        return cls(
            code=data["code"],
            theme=data["theme"],
            partner=data["partner"],
            name=_text(data["name"]),
            definition=_text(data.get("definition")),
            unit=_text(data.get("unit")),
            kind=IndicatorKind(data["kind"]),
            area_level=AreaLevel(data["area_level"]),
            period_type=PeriodType(data["period_type"]),
            additive=bool(data["additive"]),
            data_status=DataStatus(data["data_status"]),
            disclosure=Disclosure(**disclosure),
            breakdowns=tuple(data.get("breakdowns") or ()),
            tile=Tile(**tile) if tile else None,
            computed=bool(data.get("computed", False)),  # absent before version 3
            collected_for=tuple(data.get("collected_for") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "theme": self.theme,
            "partner": self.partner,
            "name": _plain_text(self.name),
            "definition": _plain_text(self.definition),
            "unit": _plain_text(self.unit),
            "kind": self.kind.value,
            "area_level": self.area_level.value,
            "period_type": self.period_type.value,
            "additive": self.additive,
            "data_status": self.data_status.value,
            "disclosure": {
                "rule": self.disclosure.rule,
                "threshold": self.disclosure.threshold,
                "rounding_base": self.disclosure.rounding_base,
            },
            "breakdowns": list(self.breakdowns),
            "tile": None
            if self.tile is None
            else {
                "order": self.tile.order,
                "area": self.tile.area,
                "share_indicator": self.tile.share_indicator,
            },
            "computed": self.computed,
            "collected_for": list(self.collected_for),
        }


@dataclass(frozen=True)
class ThemeInfo:
    code: str
    order: int
    name: Text
    description: Text


@dataclass(frozen=True)
class AdAnalysisInfo:
    """The published part of the year's ad analysis: its rule, and how the share of ads
    scored high risk moves with the threshold, over the whole analysed corpus."""

    risk_rule_version: str
    high_risk_threshold: float
    share_high_risk_by_threshold: tuple[tuple[float, float], ...]
    n_unique: int
    indicators: tuple[str, ...]  # the indicators the analysis produced

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AdAnalysisInfo:
        shares = sorted(
            (float(t), float(s)) for t, s in data["share_high_risk_by_threshold"].items()
        )
        return cls(
            risk_rule_version=str(data["risk_rule_version"]),
            high_risk_threshold=float(data["high_risk_threshold"]),
            share_high_risk_by_threshold=tuple(shares),
            n_unique=int(data["n_unique"]),
            indicators=tuple(data.get("indicators") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "risk_rule_version": self.risk_rule_version,
            "high_risk_threshold": self.high_risk_threshold,
            "share_high_risk_by_threshold": {
                str(t): s for t, s in self.share_high_risk_by_threshold
            },
            "n_unique": self.n_unique,
            "indicators": list(self.indicators),
        }


@dataclass(frozen=True)
class Population:
    """Inhabitants per municipality on 1 January of ``year``, with the source."""

    inhabitants: dict[str, int]
    year: int
    source: Text
    approximate: bool  # True: not the official figures (demo approximations), said on pages

    def per_10_000(self, area: str, value: float | None) -> float | None:
        inhabitants = self.inhabitants.get(area)
        if value is None or not inhabitants:
            return None
        return value / inhabitants * 10_000

    def total(self, areas: list[str]) -> int | None:
        """Inhabitants of several municipalities together (the region), if all are known."""
        if not areas or any(a not in self.inhabitants for a in areas):
            return None
        return sum(self.inhabitants[a] for a in areas)


@dataclass(frozen=True)
class EditionSnapshot:
    """The catalogue as an edition published it."""

    indicators: dict[str, IndicatorInfo]
    themes: dict[str, ThemeInfo]
    dimension_labels: dict[str, Text]  # "sex" and "sex=vrouw" → label
    partners: dict[str, Text]
    areas: dict[str, str]
    region: str
    region_name: Text
    headline_area: str
    text_titles: dict[str, Text]
    ad_analysis: AdAnalysisInfo | None = None
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)  # catalogue order
    population: Population | None = None
    chain: tuple[ChainStep, ...] = ()
    effort_outcome: tuple[EffortOutcome, ...] = ()
    publisher: Publisher | None = None
    version: int = SNAPSHOT_VERSION

    def area_name(self, area: str, language: str = "nl") -> str:
        if area == self.region:
            return self.region_name.get(language)
        return self.areas.get(area, area)

    @property
    def municipalities(self) -> list[tuple[str, str]]:
        """(code, name) of the region's municipalities, by name."""
        return sorted(
            ((c, n) for c, n in self.areas.items() if c != self.region), key=lambda item: item[1]
        )

    def themes_in_order(self) -> list[ThemeInfo]:
        return sorted(self.themes.values(), key=lambda t: t.order)

    def indicators_of_theme(self, theme: str) -> list[IndicatorInfo]:
        """A theme's indicators, key figures first in their tile order."""
        found = [i for i in self.indicators.values() if i.theme == theme]
        return sorted(found, key=lambda i: (i.tile.order if i.tile else 999, i.code))

    def label(self, key: str, language: str) -> str:
        """A dimension's or category's label (``sex``, ``sex=vrouw``); the code if none."""
        label = self.dimension_labels.get(key)
        if label:
            return label.get(language)
        parsed = Breakdown.parse(key) if "=" in key else None
        return parsed.category if parsed else key

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EditionSnapshot:
        version = int(data.get("version", 1))
        if version > SNAPSHOT_VERSION:
            raise SnapshotUnreadable(
                f"editie-momentopname versie {version} is nieuwer dan deze software "
                f"(leest tot en met versie {SNAPSHOT_VERSION})"
            )
        if version == 1:
            data = _upgrade_from_1(data)
        region = data["region"]
        population = data.get("population")
        return cls(
            indicators={c: IndicatorInfo.from_dict(m) for c, m in data["indicators"].items()},
            themes={
                c: ThemeInfo(c, int(t["order"]), _text(t["name"]), _text(t["description"]))
                for c, t in data["themes"].items()
            },
            dimension_labels={k: _text(v) for k, v in data.get("dimension_labels", {}).items()},
            partners={k: _text(v) for k, v in data.get("partners", {}).items()},
            areas=dict(data["areas"]),
            region=region,
            # Editions published before the region's English name was frozen show the Dutch.
            region_name=_text(data.get("region_name") or data["areas"].get(region, region)),
            headline_area=data.get("headline_area", region),
            text_titles={k: _text(v) for k, v in data.get("text_titles", {}).items()},
            ad_analysis=AdAnalysisInfo.from_dict(data["ad_analysis"])
            if data.get("ad_analysis")
            else None,
            categories={k: tuple(v) for k, v in data.get("categories", {}).items()},
            population=Population(
                {k: int(v) for k, v in population["inhabitants"].items()},
                int(population["year"]),
                _text(population["source"]),
                bool(population.get("approximate", False)),
            )
            if population
            else None,
            chain=tuple(
                ChainStep(_text(s["name"]), tuple(s["indicators"])) for s in data.get("chain", ())
            ),
            effort_outcome=tuple(
                EffortOutcome(v["theme"], tuple(v["efforts"]), tuple(v["outcomes"]))
                for v in data.get("effort_outcome", ())
            ),
            publisher=Publisher(_text(data["publisher"]["name"]), data["publisher"]["contact"])
            if data.get("publisher")
            else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "indicators": {c: i.to_dict() for c, i in self.indicators.items()},
            "themes": {
                c: {
                    "order": t.order,
                    "name": _plain_text(t.name),
                    "description": _plain_text(t.description),
                }
                for c, t in self.themes.items()
            },
            "dimension_labels": {k: _plain_text(v) for k, v in self.dimension_labels.items()},
            "partners": {k: _plain_text(v) for k, v in self.partners.items()},
            "areas": dict(self.areas),
            "region": self.region,
            "region_name": _plain_text(self.region_name),
            "headline_area": self.headline_area,
            "text_titles": {k: _plain_text(v) for k, v in self.text_titles.items()},
            "ad_analysis": self.ad_analysis.to_dict() if self.ad_analysis else None,
            "categories": {k: list(v) for k, v in self.categories.items()},
            "population": None
            if self.population is None
            else {
                "inhabitants": dict(self.population.inhabitants),
                "year": self.population.year,
                "source": _plain_text(self.population.source),
                "approximate": self.population.approximate,
            },
            "chain": [
                {"name": _plain_text(s.name), "indicators": list(s.indicators)} for s in self.chain
            ],
            "effort_outcome": [
                {"theme": v.theme, "efforts": list(v.efforts), "outcomes": list(v.outcomes)}
                for v in self.effort_outcome
            ],
            "publisher": None
            if self.publisher is None
            else {"name": _plain_text(self.publisher.name), "contact": self.publisher.contact},
        }


#: Version 1 editions were published while the ad analysis was wired to these indicators in
#: code; the upgrade records that fact once, so no reader needs to know these codes.
_V1_AD_ANALYSIS_INDICATORS = ("sex_ads", "sex_ads_high_risk")


def _upgrade_from_1(data: dict[str, Any]) -> dict[str, Any]:
    upgraded = dict(data)
    if data.get("ad_analysis"):
        upgraded["ad_analysis"] = dict(data["ad_analysis"]) | {
            "indicators": list(_V1_AD_ANALYSIS_INDICATORS)
        }
    return upgraded


def indicator_info(catalog: Catalog, code: str) -> IndicatorInfo:
    """The indicator as an edition freezes it: each field the snapshot keeps, as the catalogue
    has it (the catalogue's indicator carries more, such as its years of validity)."""
    indicator = catalog.indicators[code]
    partner = catalog.partners[indicator.partner]
    own: dict[str, Any] = {
        "breakdowns": tuple(str(b) for b in indicator.breakdowns),
        "computed": partner.format is DeliveryFormat.ANALYSIS,
        "collected_for": partner.areas,
    }
    kept = {f.name: getattr(indicator, f.name) for f in fields(IndicatorInfo) if f.name not in own}
    return IndicatorInfo(**kept, **own)


def snapshot_of(
    catalog: Catalog,
    year: int,
    *,
    ad_analysis: AdAnalysisInfo | None = None,
    population: Population | None = None,
) -> EditionSnapshot:
    """Freeze what an edition of ``year`` needs from the catalogue."""
    labels = {d.code: d.name for d in catalog.dimensions.values()}
    labels |= {
        str(Breakdown(d.code, c.code)): c.label
        for d in catalog.dimensions.values()
        for c in d.categories
    }
    areas = {c: a.name for c, a in catalog.municipalities.items()}
    areas |= {c: r.name.nl for c, r in catalog.regions.items()}
    return EditionSnapshot(
        indicators={
            c: indicator_info(catalog, c) for c, i in catalog.indicators.items() if i.valid_in(year)
        },
        themes={
            c: ThemeInfo(c, t.order, t.name, t.description)
            for c, t in catalog.themes.items()
            if t.since is None or t.since <= year
        },
        dimension_labels=labels,
        partners={c: p.name for c, p in catalog.partners.items()},
        areas=areas,
        region=catalog.region,
        region_name=catalog.regions[catalog.region].name,
        headline_area=catalog.headline_area,
        text_titles=dict(catalog.text_titles),
        ad_analysis=ad_analysis,
        categories={
            d.code: tuple(c.code for c in d.categories) for d in catalog.dimensions.values()
        },
        population=population,
        chain=catalog.chain,
        effort_outcome=catalog.effort_outcome,
        publisher=catalog.publisher,
    )


def population_of(catalog: Catalog, year: int) -> Population | None:
    """The inhabitants an edition of ``year`` divides by, frozen with it."""
    population = catalog.population
    table = population.for_year(year) if population else None
    if population is None or table is None:
        return None
    used, counts = table
    return Population(dict(counts), used, population.source, population.approximate)
