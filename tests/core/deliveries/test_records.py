from __future__ import annotations

import random

import polars as pl
import pytest

from zicht.core.deliveries import DeliveryRejected, parse_delivery
from zicht.core.deliveries.templates import template_rows

HEADER = ["municipality", "period", "sex", "age_group", "exploitation_form", "nationality_group"]


def records(n: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    areas = ["GM0599", "GM0505", "GM0606", "GM0585"]  # GM0585: Binnenmaas, merged into GM1963
    return [
        [
            rng.choice(areas),
            f"2020-{rng.randint(1, 12):02d}-15",
            rng.choice(["man", "vrouw"]),
            rng.choice(["minderjarig", "18-23"]),
            "seksueel",
            rng.choice(["eu", "nederlands"]),
        ]
        for _ in range(n)
    ]


def as_csv(rows) -> bytes:
    return ("\n".join(";".join(r) for r in rows) + "\n").encode()


def parse(rows, catalog, partner="politie-rotterdam"):
    return parse_delivery(as_csv(rows), "p.csv", catalog=catalog, partner=partner, year=2020)


def test_rows_are_counted_per_municipality_and_category(catalog):
    rows = records(500)
    frame = parse([HEADER, *rows], catalog).observations
    totals = frame.filter(pl.col("breakdown") == "")
    expected = {"GM0599": 0, "GM0505": 0, "GM0606": 0, "GM1963": 0}
    for row in rows:
        expected[catalog.current_area_code(row[0])] += 1
    got = dict(zip(totals["area"], totals["value"], strict=True))
    assert {k: got[k] for k in expected} == {k: float(v) for k, v in expected.items()}
    assert sum(got.values()) == 500
    # Every one-way breakdown adds up to the total of its municipality.
    for dimension in ("sex", "age_group", "exploitation_form", "nationality_group"):
        parts = frame.filter(pl.col("breakdown").str.starts_with(f"{dimension}="))
        sums = parts.group_by("area").agg(pl.col("value").sum())
        assert dict(zip(sums["area"], sums["value"], strict=True)) == got


def test_record_files_accept_only_the_allowed_attributes(catalog):
    errors = pytest.raises(
        DeliveryRejected,
        parse,
        [[*HEADER, "geboortedatum"], [*records(1)[0], "1990-01-01"]],
        catalog,
    )
    letter = "ABCDEFGHIJ"[len(HEADER)]  # the extra column, as the spreadsheet names it
    assert [(e.row, e.column, e.code) for e in errors.value.errors] == [
        (1, letter, "unknown_column"),
        (2, letter, "personal_data"),
    ]


def test_bad_record_rows_are_all_named(catalog):
    rows = records(3)
    rows[0][2] = "onzijdig"
    rows[2][1] = "2019-05-01"
    with pytest.raises(DeliveryRejected) as raised:
        parse([HEADER, *rows], catalog)
    assert [(e.row, e.column, e.code) for e in raised.value.errors] == [
        (2, "sex", "unknown_category"),
        (4, "period", "period_outside_delivery"),
    ]


def test_a_bad_cell_is_reported_once_for_what_is_wrong_with_it(catalog):
    rows = records(3)
    rows[0][0] = "Rotterdm"  # no area at all: not also "a region instead of a municipality"
    rows[1][1] = ""  # no period: not also "outside the delivery year"
    rows[2][0] = "RE-RTM"  # the region's own code
    with pytest.raises(DeliveryRejected) as raised:
        parse([HEADER, *rows], catalog)
    found = [(e.row, e.column, e.code) for e in raised.value.errors]
    assert (2, "municipality", "unknown_area") in found
    assert (3, "period", "missing_period") in found  # said as such, not "invalid"
    assert (3, "period", "invalid_period") not in found
    assert (2, "municipality", "wrong_area_level") not in found
    assert (4, "municipality", "wrong_area_level") in found
    assert (3, "period", "period_outside_delivery") not in found
    assert sum(1 for row, column, _ in found if (row, column) == (2, "municipality")) == 1
    assert sum(1 for row, column, _ in found if (row, column) == (3, "period")) == 1


def test_record_level_template_is_the_header_of_allowed_attributes(catalog):
    assert template_rows(catalog, "politie-rotterdam", 2020, "en") == [HEADER]
    assert template_rows(catalog, "politie-rotterdam", 2020) == [
        ["gemeente", "periode", "geslacht", "leeftijdsgroep", "uitbuitingsvorm"]
        + ["nationaliteitsgroep"]
    ]
    rows = template_rows(catalog, "gemeente-rotterdam", 2020, "en")
    assert rows[0] == ["indicator", "area", "period", "value"]
    assert template_rows(catalog, "gemeente-rotterdam", 2020)[0] == [
        "indicator",
        "gebied",
        "periode",
        "aantal",
    ]
    assert {(r[0], r[1], r[2]) for r in rows[1:]} == {
        ("prevention_presentations", "GM0599", "2020"),
        ("professional_trainings", "GM0599", "2020"),
    }


def test_an_unknown_partner_is_refused_with_the_known_codes(catalog):
    with pytest.raises(DeliveryRejected) as raised:
        parse([HEADER, *records(1)], catalog, partner="politie")
    (error,) = raised.value.errors
    assert error.code == "unknown_partner"
    assert "'politie'" in error.message and "politie-rotterdam" in error.message


def test_a_date_typed_into_excel_is_read_as_the_day_it_shows(catalog):
    import datetime
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(
        ["GM0599", datetime.datetime(2020, 3, 4), "vrouw", "18-23", "seksueel", "eu"]
    )
    workbook.active.append(["GM0599", datetime.date(2020, 5, 6), "man", "18-23", "seksueel", "eu"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_delivery(
        buffer.getvalue(), "p.xlsx", catalog=catalog, partner="politie-rotterdam", year=2020
    )
    totals = parsed.observations.filter((pl.col("area") == "GM0599") & (pl.col("breakdown") == ""))
    assert totals["value"].to_list() == [2.0]


def test_a_header_without_rows_is_a_year_without_cases_counted_as_zero(catalog):
    """A partner that saw no one this year delivers the template's header alone: every
    municipality it covers gets 0, with its breakdowns, rather than no figure at all."""
    parsed = parse([HEADER], catalog)
    assert parsed.row_count == 0
    totals = parsed.observations.filter(pl.col("breakdown") == "")
    assert set(totals["area"]) == set(catalog.partner_areas("politie-rotterdam"))
    assert parsed.observations["value"].to_list() == [0.0] * parsed.observations.height
    assert parsed.observations.filter(pl.col("breakdown") != "").height > 0
    # Columns are checked all the same: a header that is not the template's is refused.
    with pytest.raises(DeliveryRejected) as refused:
        parse([["municipality", "period"]], catalog)
    assert {e.code for e in refused.value.errors} == {"missing_column"}


def test_a_municipality_typed_by_name_is_told_its_code(catalog):
    """A name from the catalogue (in any case, with stray spaces) is public and may be named
    back with the code to use; other text in the cell never is."""
    rows = records(4)
    rows[0][0] = "Schiedam"
    rows[1][0] = "  SCHIEDAM "
    rows[2][0] = "Rotterdm"  # a typo: no name in the catalogue, so nothing is repeated
    with pytest.raises(DeliveryRejected) as raised:
        parse([HEADER, *rows], catalog)
    found = {(e.row, e.code): e for e in raised.value.errors}
    for row in (2, 3):
        error = found[(row, "area_name_not_code")]
        assert error.message == "'Schiedam' is de naam van een gemeente; vul de CBS-code in: GM0606"
        assert error.message_en.endswith("fill in its CBS code: GM0606")
        assert (row, "unknown_area") not in found  # one reason per cell
    assert "Rotterdm" not in found[(4, "unknown_area")].message
    assert {code for _, code in found} == {"area_name_not_code", "unknown_area"}


def test_empty_rows_of_an_export_are_passed_over_and_the_rows_keep_their_numbers(catalog):
    """Blank lines and rows of separators alone (";;;;;", " ; ;") hold no case: they are not
    refused five times over as unknown, and a mistake below them keeps its spreadsheet row."""
    rows = records(3)
    empty = ["", "", "", "", "", ""]
    blank = [" ", "", " ", "", "", ""]
    parsed = parse([HEADER, rows[0], empty, blank, rows[1], empty], catalog)
    assert parsed.row_count == 2
    assert parsed.observations.filter(pl.col("breakdown") == "")["value"].sum() == 2
    rows[2][0] = "GM9999"
    with pytest.raises(DeliveryRejected) as raised:
        parse([HEADER, empty, blank, rows[2]], catalog)
    assert [(e.row, e.column, e.code) for e in raised.value.errors] == [
        (4, "municipality", "unknown_area")
    ]


def test_a_category_written_as_its_description_is_told_its_code(catalog):
    """The catalogue's labels, Dutch or English, are public text: a cell that holds one is
    told the code; an empty cell and any other text stay "onbekend", unrepeated."""
    rows = records(4)
    rows[0][4] = "Seksuele uitbuiting"
    rows[1][4] = " labour exploitation "
    rows[2][4] = ""
    rows[3][4] = "uitbuiting door Jansen"
    with pytest.raises(DeliveryRejected) as raised:
        parse([HEADER, *rows], catalog)
    found = {(e.row, e.code): e for e in raised.value.errors}
    assert found[(2, "category_label_not_code")].message == (
        "'Seksuele uitbuiting' is de omschrijving van een categorie; vul de code in: seksueel"
    )
    assert found[(3, "category_label_not_code")].message_en == (
        "'Labour exploitation' is the description of a category; fill in its code: arbeid"
    )
    assert (4, "unknown_category") in found and (5, "unknown_category") in found
    assert "Jansen" not in found[(5, "unknown_category")].message
    assert len(found) == 4  # one reason per cell
