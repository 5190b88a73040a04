"""Breakdowns are one-way margins: refused otherwise at `catalog check` and at delivery."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from zicht.core.breakdowns import Breakdown, BreakdownError
from zicht.core.catalog import check_catalog, load_catalog
from zicht.core.deliveries import DeliveryRejected, parse_delivery
from zicht.core.errors import ZichtError


def test_a_breakdown_reads_and_writes_its_stored_form():
    assert Breakdown.parse("") == Breakdown.total() and Breakdown.total().is_total
    sex = Breakdown.parse("sex=vrouw")
    assert (sex.dimension, sex.category, str(sex)) == ("sex", "vrouw", "sex=vrouw")
    assert str(Breakdown("age_group", "18-23")) == "age_group=18-23"


@pytest.mark.parametrize("key", ["age_group=18-23;sex=vrouw", "sex", "=vrouw", "sex="])
def test_a_cross_classified_or_broken_key_is_refused_in_dutch(key):
    with pytest.raises(BreakdownError) as raised:
        Breakdown.parse(key)
    assert isinstance(raised.value, ZichtError) and raised.value.code == "invalid_breakdown"
    assert "uitsplitsing" in str(raised.value)


def _set_breakdowns(catalog_dir: Path, code: str, breakdowns: object) -> None:
    for path in (catalog_dir / "indicators").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data["indicators"]:
            if entry["code"] == code:
                entry["breakdowns"] = breakdowns
                path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
                return
    raise AssertionError(code)


@pytest.mark.parametrize(
    "declared", [[["sex", "age_group"]], ["sex*age_group"], ["sex;age_group"], "sex"]
)
def test_catalog_check_refuses_a_cross_classification(catalog_copy, declared):
    _set_breakdowns(catalog_copy, "prevention_presentations", declared)
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("indicators/prevention.yaml" in m for m in messages), messages
    assert any("kruistabel" in m or "lijst van kenmerken" in m for m in messages), messages


def test_catalog_check_refuses_a_dimension_named_twice(catalog_copy):
    _set_breakdowns(catalog_copy, "prevention_presentations", ["sex", "sex"])
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("'sex' staat twee keer" in m for m in messages), messages


def test_catalog_check_refuses_record_margins_the_indicator_does_not_declare(catalog_copy):
    _set_breakdowns(catalog_copy, "care_table_new_signals", ["sex"])
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("partner 'mo-zorgtafel'" in m and "age_group" in m for m in messages), messages


@pytest.fixture
def split_catalog(catalog_copy):
    """The repository's catalogue with one aggregate indicator broken down by sex and age."""
    _set_breakdowns(catalog_copy, "prevention_presentations", ["sex", "age_group"])
    return load_catalog(catalog_copy)


HEADER = "indicator;area;period;sex;age_group;value\n"


def _deliver(catalog, rows: str):
    content = (HEADER + rows).encode()
    return parse_delivery(
        content, "f.csv", catalog=catalog, partner="gemeente-rotterdam", year=2020
    )


def _refusal(catalog, rows: str):
    with pytest.raises(DeliveryRejected) as raised:
        _deliver(catalog, rows)
    return raised.value


def test_one_way_margins_that_add_up_are_accepted(split_catalog):
    parsed = _deliver(
        split_catalog,
        "prevention_presentations;GM0599;2020;totaal;totaal;30\n"
        "prevention_presentations;GM0599;2020;vrouw;;20\n"
        "prevention_presentations;GM0599;2020;man;;10\n"
        "prevention_presentations;GM0599;2020;;18-23;30\n",
    )
    stored = {row[3]: row[4] for row in parsed.observations.iter_rows()}
    assert stored == {"": 30, "sex=vrouw": 20, "sex=man": 10, "age_group=18-23": 30}
    assert all(Breakdown.parse(key) for key in stored)


def test_a_cross_classified_row_is_refused_naming_row_and_column(split_catalog):
    refused = _refusal(
        split_catalog,
        "prevention_presentations;GM0599;2020;totaal;totaal;30\n"
        "prevention_presentations;GM0599;2020;vrouw;18-23;30\n",
    )
    [error] = refused.errors
    assert (error.row, error.column, error.code) == (3, "sex", "cross_classified")
    assert "meer dan één kenmerk" in str(error) and str(error).startswith("Rij 3, kolom 'sex'")


def test_a_margin_that_does_not_add_up_is_refused_at_delivery(split_catalog):
    refused = _refusal(
        split_catalog,
        "prevention_presentations;GM0599;2020;totaal;totaal;30\n"
        "prevention_presentations;GM0599;2020;vrouw;;20\n"
        "prevention_presentations;GM0599;2020;man;;4\n",
    )
    [error] = refused.errors
    assert (error.row, error.column, error.code) == (2, "value", "margin_does_not_add_up")
    assert "'sex' tellen op tot 24" in error.message and "totaal in deze rij is 30" in error.message


def test_a_breakdown_without_its_total_is_refused(split_catalog):
    refused = _refusal(split_catalog, "prevention_presentations;GM0599;2020;vrouw;;20\n")
    [error] = refused.errors
    assert (error.row, error.column, error.code) == (2, "sex", "breakdown_without_total")


def test_a_dutch_file_s_refusals_name_its_columns_in_dutch(split_catalog):
    dutch = "indicator;gebied;periode;geslacht;leeftijdsgroep;aantal\n"
    rows = (
        "prevention_presentations;GM0599;2020;totaal;totaal;30\n"
        "prevention_presentations;GM0599;2020;vrouw;18-23;30\n"
    )
    with pytest.raises(DeliveryRejected) as raised:
        parse_delivery(
            (dutch + rows).encode(),
            "f.csv",
            catalog=split_catalog,
            partner="gemeente-rotterdam",
            year=2020,
        )
    [error] = raised.value.errors
    assert str(error).startswith("Rij 3, kolom 'geslacht'")
    assert "vul alleen 'geslacht' of alleen 'leeftijdsgroep' in" in error.message
    assert "'sex'" not in error.message and "'totaal'" in error.message
    margin = _refusal(
        split_catalog,
        "prevention_presentations;GM0599;2020;totaal;totaal;30\n"
        "prevention_presentations;GM0599;2020;vrouw;;20\n",
    )
    assert "'sex' tellen op tot 20" in margin.errors[0].message  # an English file: English


def test_an_aggregate_template_offers_the_margins_of_its_breakdowns(split_catalog):
    """Breakdowns added in the catalogue reach the partner's template: a total row and a row
    per category of each breakdown; filled in so that they add up, it is accepted."""
    from openpyxl import load_workbook

    from zicht.core.deliveries.templates import template_rows, template_xlsx

    rows = template_rows(split_catalog, "gemeente-rotterdam", 2020)
    assert rows[0] == ["indicator", "gebied", "periode", "geslacht", "leeftijdsgroep", "aantal"]
    split = [r for r in rows[1:] if r[0] == "prevention_presentations"]
    sexes = sorted(split_catalog.dimensions["sex"].category_codes)
    ages = sorted(split_catalog.dimensions["age_group"].category_codes)
    assert split[0][3:5] == ["totaal", "totaal"]
    assert sorted(r[3] for r in split if r[4] == "totaal" and r[3] != "totaal") == sexes
    assert sorted(r[4] for r in split if r[3] == "totaal" and r[4] != "totaal") == ages
    assert len(split) == 1 + len(sexes) + len(ages)
    other = [r for r in rows[1:] if r[0] == "professional_trainings"]
    assert [r[3:5] for r in other] == [["", ""]]  # no breakdown: one row, columns left empty

    def filled(row):
        if row[0] != "prevention_presentations" or row[3:5] == ["totaal", "totaal"]:
            return [*row[:-1], "12"]
        first = sexes[0] if row[3] != "totaal" else ages[0]
        return [*row[:-1], "12" if first in row[3:5] else "0"]

    content = "\n".join(";".join(filled(r) if n else r) for n, r in enumerate(rows)) + "\n"
    parsed = parse_delivery(
        content.encode(), "f.csv", catalog=split_catalog, partner="gemeente-rotterdam", year=2020
    )
    stored = {
        r[3]: r[4] for r in parsed.observations.iter_rows() if r[0] == "prevention_presentations"
    }
    assert (
        stored[""] == 12 and stored[f"sex={sexes[0]}"] == 12 and stored[f"age_group={ages[1]}"] == 0
    )

    workbook = load_workbook(io.BytesIO(template_xlsx(split_catalog, "gemeente-rotterdam", 2020)))
    lists = {
        str(dv.sqref)[0]: dv.formula1
        for dv in workbook.worksheets[0].data_validations.dataValidation
    }
    source = lists["D"].split("!")[1].replace("$", "")
    assert {c.value for row in workbook["codes"][source] for c in row} == {"totaal", *sexes}
    guide = "\n".join(str(c.value) for c in workbook["Toelichting"]["A"])
    assert "Een rij met 'totaal' in de uitsplitskolommen is het totaal" in guide


def test_a_row_split_for_an_indicator_without_that_breakdown_is_refused(split_catalog):
    refused = _refusal(
        split_catalog,
        "prevention_presentations;GM0599;2020;totaal;totaal;30\n"
        "professional_trainings;GM0599;2020;vrouw;;4\n",
    )
    assert [(e.row, e.column, e.code) for e in refused.errors] == [
        (3, "sex", "breakdown_not_allowed")
    ]


def test_the_instructions_mark_required_columns_and_say_what_a_breakdown_column_holds(
    split_catalog,
):
    """The sheet a partner reads marks the columns a file is refused without, and says what
    goes in a breakdown column and where its codes stand, in the template's language."""
    import io

    from openpyxl import load_workbook

    from zicht.core.deliveries.templates import template_xlsx

    def guide(partner: str, language: str, sheet: str) -> list[str]:
        content = template_xlsx(split_catalog, partner, 2020, language)
        return [str(cell.value) for cell in load_workbook(io.BytesIO(content))[sheet]["A"]]

    aggregate = guide("gemeente-rotterdam", "nl", "Toelichting")
    assert "indicator (verplicht): het cijfer, als code" in aggregate
    assert "aantal (verplicht): het aantal: een heel getal, ook 0" in aggregate
    # A breakdown column may be left out of an aggregate file (totals only): not required.
    assert any(
        line.startswith("geslacht: Geslacht; 'totaal' op de rij van het totaal, anders een code")
        for line in aggregate
    )
    english = guide("gemeente-rotterdam", "en", "Instructions")
    assert any(line.startswith("sex: Sex; 'totaal' on the row of the total") for line in english)
    records = guide("humanitas", "nl", "Toelichting")
    assert any(line.startswith("geslacht (verplicht): Geslacht, per casus") for line in records)
