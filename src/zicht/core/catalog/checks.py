"""Cross-reference checks: does every code the catalogue mentions exist, and fit?"""

from __future__ import annotations

from collections.abc import Iterable

from zicht.core.catalog.columns import COLUMN_NAME, column_names
from zicht.core.catalog.model import AreaLevel, Catalog, DeliveryFormat, PeriodType
from zicht.core.catalog.problems import RECORD_ATTRIBUTES, CatalogProblem


def _indicator_references(c: Catalog) -> list[CatalogProblem]:
    problems = []
    for code, i in c.indicators.items():
        where = f"indicator '{code}'"

        def fail(message: str, where: str = where) -> None:
            problems.append(CatalogProblem("indicators", where, message))

        if i.theme not in c.themes:
            fail(f"onbekend thema '{i.theme}'")
        if i.partner not in c.partners:
            fail(f"onbekende partner '{i.partner}'")
        for dimension in i.breakdowns:
            if dimension not in c.dimensions:
                fail(f"onbekende uitsplitsing '{dimension}'")
        if i.disclosure.rule not in ("none", "small_counts"):
            fail(f"onbekende onthullingsregel '{i.disclosure.rule}' (none of small_counts)")
        if i.disclosure.threshold < 2:
            fail("de drempel van de onthullingsregel moet minstens 2 zijn")
        rule = i.disclosure
        if rule.rounding_base and (
            rule.rounding_base < rule.threshold or not rule.protects_small_counts
        ):
            fail(
                "afronden (rounding_base) kan alleen bij de regel small_counts en met een basis"
                " van minstens de drempel"
            )
        problems.extend(
            CatalogProblem("indicators", where, message) for message in _disclosure_problems(rule)
        )
        if (i.kind == "stock") != (i.period_type == PeriodType.REFERENCE_DATE):
            fail("een voorraad (stock) heeft period_type reference_date, een stroom niet")
        if i.additive and i.area_level == AreaLevel.REGION:
            fail("een indicator op regioniveau kan niet optellen over gemeenten (additive)")
        if i.tile is not None:
            if i.tile.area not in c.municipalities and i.tile.area not in c.regions:
                fail(f"tegel verwijst naar onbekend gebied '{i.tile.area}'")
            if i.tile.share_indicator and i.tile.share_indicator not in c.indicators:
                fail(f"tegel verwijst naar onbekende indicator '{i.tile.share_indicator}'")
    return problems


def _disclosure_problems(rule) -> list[str]:
    """The protection interval and the optional noise of a disclosure rule."""
    problems = []
    if rule.protects_small_counts and not 0 <= rule.protection_interval <= rule.threshold - 2:
        problems.append(
            "het beschermingsinterval (protection_interval) moet tussen 0 en de drempel min 2"
            f" liggen (bij drempel {rule.threshold}: 0 tot en met {rule.threshold - 2})"
        )
    if rule.noise_epsilon is not None:
        if not rule.protects_small_counts or rule.rounding_base:
            problems.append(
                "ruis (noise) kan alleen bij de regel small_counts en niet samen met afronden"
            )
        if not 0 < rule.noise_epsilon <= 10:
            problems.append(
                "het privacybudget (noise: epsilon) moet groter dan 0 en hoogstens 10 zijn"
            )
    return problems


def _unknown_municipalities(
    c: Catalog, codes: Iterable[str], file: str, where: str
) -> list[CatalogProblem]:
    """A problem for each code that names no municipality of the catalogue, in their order."""
    return [
        CatalogProblem(file, where, f"onbekende gemeente '{code}'")
        for code in codes
        if code not in c.municipalities
    ]


def _partner_references(c: Catalog) -> list[CatalogProblem]:
    problems = []
    for code, p in c.partners.items():
        problems += _unknown_municipalities(c, p.areas, "partners.yaml", f"partner '{code}'")
        if p.format is not DeliveryFormat.RECORD or p.record is None:
            continue
        where = f"partner '{code}'"
        indicator = c.indicators.get(p.record.indicator)
        if indicator is None:
            problems.append(
                CatalogProblem(
                    "partners.yaml", where, f"onbekende indicator '{p.record.indicator}'"
                )
            )
        elif indicator.partner != code:
            problems.append(
                CatalogProblem(
                    "partners.yaml",
                    where,
                    f"indicator '{indicator.code}' hoort bij een andere partner",
                )
            )
        allowed = RECORD_ATTRIBUTES | set(c.dimensions)
        for attribute in p.record.attributes:
            if attribute not in allowed:
                problems.append(
                    CatalogProblem(
                        "partners.yaml",
                        where,
                        f"kenmerk '{attribute}' is niet toegestaan; "
                        f"toegestaan: {', '.join(sorted(allowed))}",
                    )
                )
        if indicator is not None and indicator.partner == code:
            problems += _record_breakdowns(c, where, p.record.attributes, indicator.code)
        for required in sorted(RECORD_ATTRIBUTES - set(p.record.attributes)):
            problems.append(
                CatalogProblem(
                    "partners.yaml", where, f"levering per casus heeft kenmerk '{required}' nodig"
                )
            )
    return problems


def _record_breakdowns(
    c: Catalog, where: str, attributes: tuple[str, ...], code: str
) -> list[CatalogProblem]:
    """A record-level partner is counted into exactly the margins its indicator declares."""
    counted = sorted(a for a in attributes if a in c.dimensions)
    declared = sorted(c.indicators[code].breakdowns)
    if counted == declared:
        return []
    return [
        CatalogProblem(
            "partners.yaml",
            where,
            f"de kenmerken ({', '.join(counted) or 'geen'}) moeten gelijk zijn aan de "
            f"uitsplitsingen van indicator '{code}' ({', '.join(declared) or 'geen'})",
        )
    ]


def _analysis_references(c: Catalog) -> list[CatalogProblem]:
    """An analysis source names an existing indicator of its own for every outcome."""
    problems = []
    for code, p in c.partners.items():
        if p.analysis is None:
            continue
        where = f"partner '{code}'"
        produced = dict(p.analysis.produces)
        for role in p.analysis.method.roles:
            if role not in produced:
                problems.append(
                    CatalogProblem("partners.yaml", where, f"analysis.produces mist '{role}'")
                )
        for role, indicator in produced.items():
            if role not in p.analysis.method.roles:
                allowed = ", ".join(p.analysis.method.roles)
                message = f"onbekende uitkomst '{role}' (toegestaan: {allowed})"
            elif indicator not in c.indicators:
                message = f"onbekende indicator '{indicator}'"
            elif c.indicators[indicator].partner != code:
                message = f"indicator '{indicator}' hoort bij een andere partner"
            else:
                continue
            problems.append(CatalogProblem("partners.yaml", where, message))
    return problems


def _view_references(c: Catalog) -> list[CatalogProblem]:
    problems = []
    for n, step in enumerate(c.chain):
        problems += [
            CatalogProblem("views.yaml", f"chain[{n}]", f"onbekende indicator '{code}'")
            for code in step.indicators
            if code not in c.indicators
        ]
    for n, view in enumerate(c.effort_outcome):
        where = f"effort_outcome[{n}]"
        if view.theme not in c.themes:
            problems.append(CatalogProblem("views.yaml", where, f"onbekend thema '{view.theme}'"))
        problems += [
            CatalogProblem("views.yaml", where, f"onbekende indicator '{code}'")
            for code in view.efforts + view.outcomes
            if code not in c.indicators
        ]
    return problems


def _area_references(c: Catalog) -> list[CatalogProblem]:
    problems = []
    for code, region in c.regions.items():
        problems += _unknown_municipalities(c, region.members, "areas.yaml", f"regio '{code}'")
    for place, code in c.places.items():
        problems += _unknown_municipalities(c, [code], "areas.yaml", f"plaats '{place}'")
    for merger in c.mergers:
        if merger.into not in c.municipalities:
            problems.append(
                CatalogProblem(
                    "areas.yaml",
                    f"samenvoeging naar '{merger.into}'",
                    "opvolger is geen bekende gemeente",
                )
            )
    for year, counts in (c.population.by_year if c.population else {}).items():
        problems += _unknown_municipalities(c, sorted(counts), "population.yaml", f"years.{year}")
    if c.region not in c.regions:
        problems.append(CatalogProblem("editions.yaml", "region", f"onbekende regio '{c.region}'"))
    return problems


def _note_references(c: Catalog) -> list[CatalogProblem]:
    problems = []
    for n, note in enumerate(c.notes):
        for code in note.indicators:
            if code not in c.indicators:
                problems.append(
                    CatalogProblem("notes.yaml", f"notes[{n}]", f"onbekende indicator '{code}'")
                )
        for code in note.themes:
            if code not in c.themes:
                problems.append(
                    CatalogProblem("notes.yaml", f"notes[{n}]", f"onbekend thema '{code}'")
                )
    for year, spec in c.editions.items():
        for key in spec.texts:
            if (year, key, "nl") not in c.texts:
                problems.append(
                    CatalogProblem(
                        "editions.yaml",
                        f"editie {year}",
                        f"tekst texts/{year}/{key}.nl.md ontbreekt",
                    )
                )
    return problems


def _texts_hold_no_personal_data(c: Catalog) -> list[CatalogProblem]:
    """Notes and edition texts are published: they may hold no personal data either."""
    from zicht.core.privacy.guard import scan_text

    texts = {f"texts/{y}/{k}.{lang}.md": t for (y, k, lang), t in c.texts.items()}
    texts |= {
        f"notes[{n}] ({lang})": getattr(note.text, lang)
        for n, note in enumerate(c.notes)
        for lang in ("nl", "en")
    }
    problems = []
    for where, text in texts.items():
        kinds = scan_text(text)
        if kinds:
            labels = ", ".join(sorted({k.label for k in kinds}))
            problems.append(
                CatalogProblem("catalogus", where, f"bevat persoonsgegevens ({labels})")
            )
    return problems


def _column_names(c: Catalog) -> list[CatalogProblem]:
    """A Dutch column name of a breakdown is one a partner can type, and it names one column
    only: "periode" for a breakdown would make every delivery file ambiguous."""
    problems = []
    taken: dict[str, str] = {}
    for column, name in column_names(c).items():
        for written in dict.fromkeys((name.nl, name.en)):
            where = f"dimensions: {column}"
            if not COLUMN_NAME.match(written):
                problems.append(
                    CatalogProblem(
                        "dimensions.yaml",
                        where,
                        f"kolomnaam '{written}' mag alleen kleine letters, cijfers en _ bevatten "
                        "en begint met een letter",
                    )
                )
            elif taken.setdefault(written, column) != column:
                problems.append(
                    CatalogProblem(
                        "dimensions.yaml",
                        where,
                        f"kolomnaam '{written}' is ook de naam van kolom '{taken[written]}'",
                    )
                )
    return problems


ALL_CHECKS = (
    _column_names,
    _indicator_references,
    _partner_references,
    _analysis_references,
    _view_references,
    _area_references,
    _note_references,
    _texts_hold_no_personal_data,
)
