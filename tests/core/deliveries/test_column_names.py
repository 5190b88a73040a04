"""A delivery file names its columns in Dutch (the Dutch portal's template) or in English, and
every problem is told with the name the file itself uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from zicht.core.catalog import check_catalog
from zicht.core.deliveries import DeliveryRejected, parse_delivery
from zicht.core.deliveries.templates import template_rows

RECORD_PARTNER = "politie-rotterdam"
AGGREGATE_PARTNER = "gemeente-rotterdam"
CASES = [
    ["GM0599", "2020-03-15", "vrouw", "18-23", "seksueel", "eu"],
    ["GM0599", "2020-05-01", "man", "minderjarig", "arbeid", "nederlands"],
    ["GM0606", "2020", "vrouw", "24-30", "seksueel", "buiten_eu"],
]


def as_csv(rows: list[list[str]]) -> bytes:
    return ("\n".join(";".join(row) for row in rows) + "\n").encode()


def parse(rows: list[list[str]], catalog, partner: str):
    return parse_delivery(as_csv(rows), "f.csv", catalog=catalog, partner=partner, year=2020)


def refused(rows: list[list[str]], catalog, partner: str):
    with pytest.raises(DeliveryRejected) as raised:
        parse(rows, catalog, partner)
    return raised.value.errors


def filled_in(catalog, language: str) -> list[list[str]]:
    rows = template_rows(catalog, AGGREGATE_PARTNER, 2020, language)
    return [rows[0]] + [row[:-1] + [str(10 + n)] for n, row in enumerate(rows[1:])]


def test_a_dutch_and_an_english_template_give_the_same_figures(catalog):
    for partner, dutch, english in (
        (
            RECORD_PARTNER,
            template_rows(catalog, RECORD_PARTNER, 2020) + CASES,
            template_rows(catalog, RECORD_PARTNER, 2020, "en") + CASES,
        ),
        (AGGREGATE_PARTNER, filled_in(catalog, "nl"), filled_in(catalog, "en")),
    ):
        assert dutch[0] != english[0]
        assert parse(dutch, catalog, partner).observations.equals(
            parse(english, catalog, partner).observations
        )


def test_a_file_may_mix_dutch_and_english_names(catalog):
    header = ["gemeente", "period", "geslacht", "age_group", "uitbuitingsvorm", "nationality_group"]
    counted = parse([header, *CASES], catalog, RECORD_PARTNER).observations
    english = template_rows(catalog, RECORD_PARTNER, 2020, "en") + CASES
    assert counted.equals(parse(english, catalog, RECORD_PARTNER).observations)


def test_a_problem_is_told_with_the_column_name_the_file_uses(catalog):
    bad = [["GM9999", "2020", "vrouw", "18-23", "seksueel", "eu"]]
    for language, municipality, sex in (
        ("nl", "gemeente", "geslacht"),
        ("en", "municipality", "sex"),
    ):
        header = template_rows(catalog, RECORD_PARTNER, 2020, language)[0]
        errors = refused([header, *bad], catalog, RECORD_PARTNER)
        assert [(e.row, e.column, e.code) for e in errors] == [(2, municipality, "unknown_area")]
        assert str(errors[0]).startswith(f"Rij 2, kolom '{municipality}': ")
        # A column the file lacks is named in the file's language.
        errors = refused(
            [header[:2] + header[3:], CASES[0][:2] + CASES[0][3:]], catalog, RECORD_PARTNER
        )
        assert [(e.row, e.column, e.code) for e in errors] == [(1, sex, "missing_column")]


def test_one_column_under_both_its_names_is_refused(catalog):
    header = ["gemeente", "periode", "municipality", "geslacht", "leeftijdsgroep"]
    errors = refused(
        [header, ["GM0599", "2020", "GM0599", "man", "18-23"]], catalog, RECORD_PARTNER
    )
    assert [(e.row, e.code) for e in errors] == [(1, "duplicate_column")]
    assert "'gemeente' en 'municipality' zijn dezelfde kolom" in errors[0].message


def test_an_unknown_column_is_answered_with_the_names_in_both_languages(catalog):
    rows = filled_in(catalog, "nl")
    errors = refused(
        [rows[0] + ["opmerking"]] + [row + [""] for row in rows[1:]], catalog, AGGREGATE_PARTNER
    )
    (unknown,) = [e for e in errors if e.code == "unknown_column"]
    assert unknown.column == "E" and "opmerking" not in str(unknown)
    # The partner's template columns only: none of its figures is split by anything.
    assert unknown.message.endswith(
        "toegestaan zijn alleen: indicator, gebied, periode, aantal "
        "(of in het Engels: indicator, area, period, value)"
    )
    errors = refused(
        [["gemeente", "periode", "geslacht", "leeftijdsgroep", "nationaliteitsgroep"]]
        + [["GM0599", "2020", "vrouw", "18-23", "eu"]],
        catalog,
        "mo-zorgtafel",  # counts sex and age only
    )
    assert [(e.column, e.code) for e in errors] == [
        ("nationaliteitsgroep", "column_not_in_template")
    ]
    assert (
        "toegestaan zijn alleen: gemeente, periode, geslacht, leeftijdsgroep (" in errors[0].message
    )


@pytest.mark.parametrize(
    "column_nl,where,reason",
    [
        ("periode", "sex", "kolomnaam 'periode' is ook de naam van kolom 'period'"),
        # The second dimension that claims a name is the one told.
        (
            "leeftijdsgroep",
            "age_group",
            "kolomnaam 'leeftijdsgroep' is ook de naam van kolom 'sex'",
        ),
        (
            "Geslacht!",
            "sex",
            "kolomnaam 'geslacht!' mag alleen kleine letters, cijfers en _ bevatten",
        ),
    ],
)
def test_the_catalogue_check_refuses_a_dutch_column_name_a_file_cannot_carry(
    catalog_copy: Path, column_nl: str, where: str, reason: str
):
    path = catalog_copy / "dimensions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("column_nl: geslacht", f'column_nl: "{column_nl}"'), encoding="utf-8"
    )
    messages = [str(problem) for problem in check_catalog(catalog_copy)]
    assert any(
        m.startswith(f"dimensions.yaml: dimensions: {where}: ") and reason in m for m in messages
    ), messages
