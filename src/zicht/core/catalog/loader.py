"""Load ``catalog/*.yaml`` into a :class:`Catalog` and check it.

Every problem is collected (not only the first) and reported in Dutch with the file and the
place in it, so that a coordinator editing YAML can fix them all in one go.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from zicht.core.catalog.checks import ALL_CHECKS
from zicht.core.catalog.model import (
    AnalysisMethod,
    AnalysisSpec,
    Area,
    AreaLevel,
    Catalog,
    Category,
    ChainStep,
    DataStatus,
    DeliveryFormat,
    Dimension,
    Disclosure,
    EditionSpec,
    EffortOutcome,
    Indicator,
    IndicatorKind,
    Merger,
    Note,
    Partner,
    PeriodType,
    PopulationTable,
    Publisher,
    RecordSpec,
    Region,
    Text,
    Theme,
    Tile,
)
from zicht.core.catalog.problems import RECORD_ATTRIBUTES, CatalogInvalid, CatalogProblem

__all__ = ["RECORD_ATTRIBUTES", "CatalogInvalid", "CatalogProblem", "check_catalog", "load_catalog"]


class _Reader:
    """Reads one YAML file and records problems instead of raising at the first one."""

    def __init__(self, path: Path, problems: list[CatalogProblem]):
        self.file = path.name if path.parent.name != "indicators" else f"indicators/{path.name}"
        self.problems = problems
        try:
            self.data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            # The parser's own mark: where in the file it stopped (1-based for people).
            mark = getattr(error, "problem_mark", None)
            place = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else "bestand"
            self.fail(place, f"geen geldige YAML ({error.__class__.__name__})")
            self.data = {}

    def fail(self, where: str, message: str) -> None:
        self.problems.append(CatalogProblem(self.file, where, message))

    def items(self, key: str) -> list[tuple[str, dict[str, Any]]]:
        entries = self.data.get(key) or []
        if not isinstance(entries, list):
            self.fail(key, "moet een lijst zijn")
            return []
        return [(f"{key}[{n}]", e) for n, e in enumerate(entries) if self._is_mapping(key, n, e)]

    def _is_mapping(self, key: str, n: int, entry: Any) -> bool:
        if isinstance(entry, dict):
            return True
        self.fail(f"{key}[{n}]", "moet een mapping (sleutel: waarde) zijn")
        return False

    def require(self, entry: dict[str, Any], where: str, key: str) -> Any:
        if entry.get(key) in (None, ""):
            self.fail(where, f"verplicht veld '{key}' ontbreekt")
        return entry.get(key)

    def text(self, entry: dict[str, Any], where: str, key: str) -> Text:
        value = self.require(entry, where, key)
        if isinstance(value, str):
            return Text(value, value)
        if not isinstance(value, dict) or not value.get("nl"):
            if value is not None:
                self.fail(where, f"'{key}' heeft een Nederlandse tekst nodig (nl: ...)")
            return Text("", "")
        if set(value) - {"nl", "en"}:
            # YAML reads an unquoted comma inside {nl: ..., en: ...} as a new key: the rest of
            # the text would silently vanish. The extra keys are that text: not repeated here.
            self.fail(
                where,
                f"'{key}' kent alleen de sleutels nl en en; staat er een komma in de tekst,"
                " zet de tekst dan tussen aanhalingstekens",
            )
        return Text(str(value["nl"]).strip(), str(value.get("en") or "").strip())

    def choice(self, entry: dict[str, Any], where: str, key: str, enum: type[Enum], default=None):
        value = entry.get(key, default)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.fail(where, f"'{key}' is '{value}', maar moet een van {allowed} zijn")
            return next(iter(enum))

    def breakdowns(self, entry: dict[str, Any], where: str) -> tuple[str, ...]:
        """The dimensions of an indicator's one-way margins; cross-classifications refused."""
        value = entry.get("breakdowns") or []
        if not isinstance(value, list):
            self.fail(
                where, "'breakdowns' moet een lijst van kenmerken zijn, zoals [sex, age_group]"
            )
            return ()
        found: list[str] = []
        for item in value:
            if not isinstance(item, str) or any(mark in item for mark in CROSS_MARKS):
                self.fail(
                    where,
                    "'breakdowns' noemt een kruistabel (uitsplitsing naar meer kenmerken "
                    "tegelijk); Zicht ondersteunt alleen uitsplitsingen naar één kenmerk: "
                    "noem elk kenmerk apart, zoals [sex, age_group]",
                )
            elif item in found:
                self.fail(where, f"uitsplitsing '{item}' staat twee keer in 'breakdowns'")
            else:
                found.append(item)
        return tuple(found)


#: Ways a YAML author might write a cross-classification of two dimensions in one entry.
CROSS_MARKS = ("*", "×", ";", ",", "+", "=", "&", "/", " ")


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _load_themes(r: _Reader) -> dict[str, Theme]:
    themes = {}
    for where, e in r.items("themes"):
        code = r.require(e, where, "code")
        themes[code] = Theme(
            code,
            int(e.get("order", 0)),
            r.text(e, where, "name"),
            r.text(e, where, "description"),
            e.get("since"),
        )
    return themes


def _load_dimensions(r: _Reader) -> dict[str, Dimension]:
    dimensions = {}
    for where, e in r.items("dimensions"):
        code = r.require(e, where, "code")
        categories = tuple(
            Category(str(c["code"]), Text(str(c.get("nl", c["code"])), str(c.get("en", ""))))
            for c in e.get("categories") or []
        )
        if not categories:
            r.fail(where, "een uitsplitsing heeft minstens één categorie nodig")
        column_nl = str(e.get("column_nl") or code).strip().lower()
        dimensions[code] = Dimension(code, r.text(e, where, "name"), categories, column_nl)
    return dimensions


def _load_partners(r: _Reader) -> dict[str, Partner]:
    partners = {}
    for where, e in r.items("partners"):
        code = r.require(e, where, "code")
        delivery_format = r.choice(e, where, "format", DeliveryFormat, "aggregate")
        record = None
        if delivery_format is DeliveryFormat.RECORD:
            spec = e.get("record") or {}
            if not spec.get("indicator"):
                r.fail(where, "levering per casus (format: record) heeft 'record.indicator' nodig")
            record = RecordSpec(str(spec.get("indicator")), tuple(spec.get("attributes") or ()))
        partners[code] = Partner(
            code,
            r.text(e, where, "name"),
            str(e.get("kind", "")),
            delivery_format,
            record,
            e.get("since"),
            tuple(e.get("areas") or ()),
            _analysis(r, where, e) if delivery_format is DeliveryFormat.ANALYSIS else None,
        )
    return partners


def _analysis(r: _Reader, where: str, e: dict[str, Any]) -> AnalysisSpec | None:
    spec = e.get("analysis")
    if not isinstance(spec, dict):
        r.fail(
            where, "een analysebron (format: analysis) heeft 'analysis' nodig (method, produces)"
        )
        return None
    method = r.choice(spec, where, "method", AnalysisMethod)
    produces = spec.get("produces") or {}
    if not isinstance(produces, dict):
        r.fail(where, "'analysis.produces' moet een mapping van uitkomst naar indicator zijn")
        produces = {}
    return AnalysisSpec(method, tuple((str(k), str(v)) for k, v in produces.items()))


def _load_places(r: _Reader) -> dict[str, str]:
    places = r.data.get("places") or {}
    if not isinstance(places, dict):
        r.fail("places", "moet een mapping van plaatsnaam naar gemeentecode zijn")
        return {}
    return {str(k): str(v) for k, v in places.items()}


def _load_areas(r: _Reader) -> tuple[dict[str, Area], dict[str, Region], tuple[Merger, ...]]:
    municipalities = {}
    for where, e in r.items("municipalities"):
        code = str(r.require(e, where, "code"))
        if not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
            r.fail(where, f"'{code}' is geen CBS-gemeentecode (GM gevolgd door vier cijfers)")
        municipalities[code] = Area(code, str(r.require(e, where, "name")))
    regions = {}
    for where, e in r.items("regions"):
        code = r.require(e, where, "code")
        regions[code] = Region(code, r.text(e, where, "name"), tuple(e.get("members") or ()))
    mergers = []
    for where, e in r.items("mergers"):
        predecessors = tuple(
            Area(str(p["code"]), str(p.get("name", p["code"]))) for p in e.get("from") or ()
        )
        mergers.append(
            Merger(
                str(r.require(e, where, "into")),
                _date(r.require(e, where, "effective")) or dt.date.min,  # missing: reported
                predecessors,
            )
        )
    return municipalities, regions, tuple(mergers)


def _tile(value: Any) -> Tile | None:
    if not value:
        return None
    return Tile(int(value.get("order", 0)), str(value.get("area")), value.get("share_indicator"))


def _noise_epsilon(noise: Any) -> float | None:
    """``noise: {epsilon: 1.0}`` in an indicator's disclosure rule; absent means no noise."""
    if not noise:
        return None
    return float(noise.get("epsilon", 0.0)) if isinstance(noise, dict) else -1.0


def _load_indicator(r: _Reader, where: str, e: dict[str, Any]) -> Indicator:
    disclosure = e.get("disclosure") or {}
    return Indicator(
        code=str(r.require(e, where, "code")),
        theme=str(r.require(e, where, "theme")),
        partner=str(r.require(e, where, "partner")),
        name=r.text(e, where, "name"),
        definition=r.text(e, where, "definition"),
        unit=r.text(e, where, "unit"),
        kind=r.choice(e, where, "kind", IndicatorKind),
        area_level=r.choice(e, where, "area_level", AreaLevel),
        period_type=r.choice(e, where, "period_type", PeriodType),
        additive=bool(r.require(e, where, "additive") is True),
        disclosure=Disclosure(
            str(disclosure.get("rule", "none")),
            int(disclosure.get("threshold", 5)),
            int(disclosure.get("rounding_base", 0)),
            int(disclosure.get("protection_interval", 2)),
            _noise_epsilon(disclosure.get("noise")),
        ),
        data_status=r.choice(e, where, "data_status", DataStatus, "agreed"),
        breakdowns=r.breakdowns(e, where),
        since=e.get("since"),
        until=e.get("until"),
        tile=_tile(e.get("tile")),
    )


def _load_population(root: Path, problems: list[CatalogProblem]) -> PopulationTable | None:
    """population.yaml is optional: without it pages show counts, not rates."""
    path = root / "population.yaml"
    if not path.exists():
        return None
    r = _Reader(path, problems)
    source = r.data.get("source") or {}
    by_year: dict[int, dict[str, int]] = {}
    for year, counts in (r.data.get("years") or {}).items():
        if not isinstance(counts, dict) or not all(
            isinstance(v, int) and v > 0 for v in counts.values()
        ):
            r.fail(f"years.{year}", "moet per gemeentecode een positief aantal inwoners geven")
            continue
        by_year[int(year)] = {str(k): int(v) for k, v in counts.items()}
    return PopulationTable(
        source=r.text(source, "source", "text"),
        table=str(source.get("table") or ""),
        retrieved=_date(source.get("retrieved")),
        approximate=bool(source.get("approximate", True)),
        by_year=by_year,
    )


def _publisher(r: _Reader) -> Publisher | None:
    entry = r.data.get("publisher")
    if not isinstance(entry, dict):
        return None
    return Publisher(r.text(entry, "publisher", "name"), str(entry.get("contact") or ""))


def _load_views(root: Path, problems: list[CatalogProblem]) -> dict[str, Any]:
    """views.yaml is optional: without it the chain and effort pages say there is nothing."""
    path = root / "views.yaml"
    if not path.exists():
        return {}
    r = _Reader(path, problems)
    chain = tuple(
        ChainStep(r.text(e, where, "name"), tuple(str(c) for c in e.get("indicators") or ()))
        for where, e in r.items("chain")
    )
    efforts = tuple(
        EffortOutcome(
            str(r.require(e, where, "theme")),
            tuple(str(c) for c in e.get("efforts") or ()),
            tuple(str(c) for c in e.get("outcomes") or ()),
        )
        for where, e in r.items("effort_outcome")
    )
    return {"chain": chain, "effort_outcome": efforts}


def _load_notes(r: _Reader) -> tuple[Note, ...]:
    """``year`` scopes a note to one edition; ``since``/``until`` to a range, open-ended
    when left out, so a caveat true of every edition reaches future ones too."""
    notes = []
    for where, e in r.items("notes"):
        year = e.get("year")
        since, until = (year, year) if year is not None else (e.get("since"), e.get("until"))
        notes.append(
            Note(
                r.text(e, where, "text"),
                tuple(e.get("indicators") or ()),
                tuple(e.get("themes") or ()),
                since=None if since is None else int(since),
                until=None if until is None else int(until),
            )
        )
    return tuple(notes)


def _load_editions(r: _Reader) -> tuple[dict[int, EditionSpec], dict[str, Text]]:
    editions = {}
    for where, e in r.items("editions"):
        year = int(r.require(e, where, "year"))
        editions[year] = EditionSpec(year, r.text(e, where, "title"), tuple(e.get("texts") or ()))
    titles = {
        k: Text(v["nl"], v.get("en", "")) for k, v in (r.data.get("text_titles") or {}).items()
    }
    return editions, titles


def _read_texts(root: Path, editions: dict[int, EditionSpec]) -> dict[tuple[int, str, str], str]:
    texts = {}
    for year, spec in editions.items():
        for key in spec.texts:
            for language in ("nl", "en"):
                path = root / "texts" / str(year) / f"{key}.{language}.md"
                if path.exists():
                    texts[(year, key, language)] = path.read_text(encoding="utf-8")
    return texts


def load_catalog(root: str | Path) -> Catalog:
    """Load and check the catalogue in ``root``; raise :class:`CatalogInvalid` on problems."""
    root = Path(root)
    problems: list[CatalogProblem] = []

    def reader(name: str) -> _Reader:
        path = root / name
        if not path.exists():
            problems.append(CatalogProblem(name, "bestand", "ontbreekt"))
        return _Reader(path, problems) if path.exists() else _EmptyReader(problems)

    areas_reader = reader("areas.yaml")
    municipalities, regions, mergers = _load_areas(areas_reader)
    indicators: dict[str, Indicator] = {}
    for path in sorted((root / "indicators").glob("*.yaml")):
        r = _Reader(path, problems)
        for where, entry in r.items("indicators"):
            indicator = _load_indicator(r, where, entry)
            if indicator.code in indicators:
                r.fail(where, f"indicator '{indicator.code}' komt twee keer voor")
            indicators[indicator.code] = indicator
    editions_reader = reader("editions.yaml")
    editions, titles = _load_editions(editions_reader)
    catalog = Catalog(
        themes=_load_themes(reader("themes.yaml")),
        partners=_load_partners(reader("partners.yaml")),
        dimensions=_load_dimensions(reader("dimensions.yaml")),
        municipalities=municipalities,
        regions=regions,
        mergers=mergers,
        indicators=indicators,
        notes=_load_notes(reader("notes.yaml")),
        editions=editions,
        text_titles=titles,
        region=str(editions_reader.data.get("region", "")),
        headline_area=str(editions_reader.data.get("headline_area", "")),
        root=str(root),
        places=_load_places(areas_reader),
        texts=_read_texts(root, editions),
        population=_load_population(root, problems),
        **_load_views(root, problems),
        publisher=_publisher(editions_reader),
    )
    problems.extend(_cross_check(catalog))
    if problems:
        raise CatalogInvalid(problems)
    return catalog


class _EmptyReader(_Reader):
    def __init__(self, problems: list[CatalogProblem]):  # noqa: D107 - a reader of nothing
        self.file, self.problems, self.data = "", problems, {}


def check_catalog(root: str | Path) -> list[CatalogProblem]:
    """All problems of the catalogue in ``root``; an empty list means it is sound."""
    try:
        load_catalog(root)
    except CatalogInvalid as invalid:
        return invalid.problems
    return []


def _cross_check(c: Catalog) -> list[CatalogProblem]:
    return [problem for check in ALL_CHECKS for problem in check(c)]
