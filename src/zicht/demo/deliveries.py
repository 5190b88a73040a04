"""Deterministic synthetic partner deliveries for the demo monitor, 2018–2021.

The figures of the 2020 edition equal those of the Rotterdam region's *Monitor mensenhandel
2020* (523, 92, 331, 95, 14, 32.951 with 8% high risk, 6); the other years and every
breakdown are made up. Record-level files hold synthetic cases with non-identifying attributes
only, spread over municipalities and categories by a seeded generator. Files come in the
formats partners really send: CSV with ``;`` in Windows-1252, CSV with ``,`` and a BOM, XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass

from zicht.core.catalog.model import Catalog
from zicht.core.periods import default_period

YEARS = (2018, 2019, 2020, 2021)

# Municipal totals of the key figures per year; 2020 is the seed edition.
AGGREGATE_FIGURES: dict[str, dict[int, int]] = {
    "prevention_presentations": {2018: 412, 2019: 498, 2020: 523, 2021: 547},
    "professional_trainings": {2018: 71, 2019: 84, 2020: 92, 2021: 88},
    "campaign_chaterover_chats": {2018: 410, 2019: 455, 2020: 612, 2021: 580},
    "administrative_warnings": {2018: 9, 2019: 11, 2020: 6, 2021: 8},
    "illegal_prostitution_dossiers": {2018: 21, 2019: 18, 2020: 24, 2021: 19},
    "administrative_checks": {2018: 212, 2019: 236, 2020: 97, 2021: 188},
    "convictions": {2018: 23, 2019: 27, 2020: 12, 2021: 19},
    "sex_workers": {2018: 1_540, 2019: 1_480, 2020: 1_210, 2021: 1_330},
    "fiu_suspicious_transactions": {2021: 412},
}

# Number of cases in record-level deliveries: police and Humanitas over the whole region,
# the MO care table for Rotterdam.
RECORD_TOTALS: dict[str, dict[int, int]] = {
    "politie-rotterdam": {2018: 287, 2019: 305, 2020: 331, 2021: 362},
    "humanitas": {2018: 81, 2019: 88, 2020: 95, 2021: 104},
    "mo-zorgtafel": {2018: 11, 2019: 17, 2020: 14, 2021: 19},
}

# Rough relative sizes, so that Rotterdam gets the largest share of cases.
WEIGHTS = {"GM0599": 40, "GM0505": 8, "GM0606": 5, "GM0622": 5, "GM1930": 5, "GM0502": 4}

# Codes of municipalities merged since, used in older files to exercise the code mapping.
OLD_CODES = {
    2018: {"GM1963": ["GM0585", "GM0611", "GM0588", "GM0584", "GM0617"]},
    2020: {"GM1992": ["GM0501", "GM0530", "GM0614"]},
}

CATEGORY_WEIGHTS = {
    "sex": {"vrouw": 70, "man": 27, "anders_onbekend": 3},
    "age_group": {"minderjarig": 14, "18-23": 30, "24-30": 26, "31-plus": 24, "onbekend": 6},
    "exploitation_form": {"seksueel": 58, "arbeid": 24, "crimineel": 12, "overig_onbekend": 6},
    "nationality_group": {"nederlands": 38, "eu": 30, "buiten_eu": 27, "onbekend": 5},
}


@dataclass(frozen=True)
class DemoFile:
    partner: str
    year: int
    filename: str
    content: bytes
    note: str = ""


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _csv(rows: list[list[str]], delimiter: str, encoding: str, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding)


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _delivered_code(rng: random.Random, code: str, year: int) -> str:
    old = OLD_CODES.get(year, {}).get(code)
    return rng.choice(old) if old else code


def _records(catalog: Catalog, partner: str, year: int, seed: int) -> list[list[str]]:
    rng = random.Random(f"{seed}-{partner}-{year}")
    spec = catalog.partners[partner]
    assert spec.record is not None
    areas = list(catalog.partner_areas(partner))
    weights = [WEIGHTS.get(a, 2) for a in areas]
    rows = [list(spec.record.attributes)]
    start = dt.date(year, 1, 1)
    for _ in range(RECORD_TOTALS[partner][year]):
        record = {
            "municipality": _delivered_code(rng, rng.choices(areas, weights=weights)[0], year),
            "period": (start + dt.timedelta(days=rng.randrange(365))).isoformat(),
        }
        for dimension, options in CATEGORY_WEIGHTS.items():
            record[dimension] = _pick(rng, options)
        rows.append([record[a] for a in spec.record.attributes])
    return rows


def _aggregate(catalog: Catalog, partner: str, year: int) -> list[list[str]]:
    rows = [["indicator", "area", "period", "value"]]
    for indicator in sorted(catalog.indicators_of(partner, year), key=lambda i: i.code):
        figures = AGGREGATE_FIGURES.get(indicator.code, {})
        if year not in figures:
            continue
        area = catalog.region if indicator.area_level == "region" else catalog.headline_area
        rows.append(
            [indicator.code, area, default_period(indicator.period_type, year), str(figures[year])]
        )
    return rows


def _partner_files(catalog: Catalog, code: str, year: int, seed: int) -> list[DemoFile]:
    partner = catalog.partners[code]
    if partner.format == "analysis":
        return []  # computed by Zicht from the ad corpus, see zicht.demo.ads
    if partner.format != "record":
        rows = _aggregate(catalog, code, year)
        return (
            [DemoFile(code, year, f"{code}-{year}.csv", _csv(rows, ";", "utf-8"))]
            if len(rows) > 1
            else []
        )
    rows = _records(catalog, code, year, seed)
    if code == "humanitas":
        return [DemoFile(code, year, f"{code}-{year}.xlsx", _xlsx(rows))]
    if code == "mo-zorgtafel":
        return [DemoFile(code, year, f"{code}-{year}.csv", _csv(rows, ",", "utf-8", bom=True))]
    full = DemoFile(code, year, f"{code}-{year}.csv", _csv(rows, ";", "cp1252"))
    if (code, year) != ("politie-rotterdam", 2019):
        return [full]
    # A correction: the first 2019 police file missed December; the second supersedes it.
    first = [row for row in rows if not row[1].startswith(f"{year}-12")]
    draft = DemoFile(code, year, f"{code}-{year}-eerste.csv", _csv(first, ";", "cp1252"))
    corrected = DemoFile(
        code,
        year,
        f"{code}-{year}-correctie.csv",
        full.content,
        note="Correctie: de cases van december ontbraken in de eerste levering.",
    )
    return [draft, corrected]


def demo_files(catalog: Catalog, seed: int = 2020) -> list[DemoFile]:
    """Every partner's delivery for every demo year, in delivery order."""
    files = []
    for year in YEARS:
        for code, partner in sorted(catalog.partners.items()):
            if partner.since is None or partner.since <= year:
                files += _partner_files(catalog, code, year, seed)
    return files
