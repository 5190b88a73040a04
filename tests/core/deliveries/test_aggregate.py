from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook

from zicht.core.deliveries import DeliveryRejected, parse_delivery

GOOD = [
    ["indicator", "area", "period", "value"],
    ["prevention_presentations", "GM0599", "2020", "523"],
    ["professional_trainings", "GM0599", "2020", "92"],
]


def as_csv(rows, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def as_xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse(content: bytes, catalog, name="f.csv", partner="gemeente-rotterdam", year=2020):
    return parse_delivery(content, name, catalog=catalog, partner=partner, year=year)


def errors_of(content: bytes, catalog, **kwargs) -> list:
    with pytest.raises(DeliveryRejected) as raised:
        parse(content, catalog, **kwargs)
    return raised.value.errors


@pytest.mark.parametrize(
    "content,name",
    [
        (as_csv(GOOD, ";"), "a.csv"),
        (as_csv(GOOD, ","), "a.csv"),
        (as_csv(GOOD, ";", bom=True), "a.csv"),
        (as_csv(GOOD, ";", encoding="cp1252"), "a.csv"),
        (as_xlsx(GOOD), "a.xlsx"),
    ],
)
def test_every_accepted_format_gives_the_same_observations(catalog, content, name):
    parsed = parse(content, catalog, name=name)
    values = {(r[0], r[1]): r[4] for r in parsed.observations.iter_rows()}
    assert values == {
        ("prevention_presentations", "GM0599"): 523.0,
        ("professional_trainings", "GM0599"): 92.0,
    }


def test_windows_1252_text_is_decoded(catalog):
    # "\xe9" is "é" in Windows-1252 and invalid as UTF-8: the file is still read, row by row.
    rows = [GOOD[0], ["prevention_presentations", "GM0599", "2020", "3"]]
    content = as_csv(rows, encoding="cp1252").replace(b"GM0599", b"GM0599\xe9")
    errors = errors_of(content, catalog)
    assert ("area", "unknown_area") in {(e.column, e.code) for e in errors}
    assert all(e.row == 2 for e in errors)


@pytest.mark.parametrize(
    "row,column,code",
    [
        (["onbekend_cijfer", "GM0599", "2020", "1"], "indicator", "unknown_indicator"),
        (
            ["police_signals", "GM0599", "2020", "1"],
            "indicator",
            "indicator_not_delivered_by_partner",
        ),
        (["prevention_presentations", "GM9999", "2020", "1"], "area", "unknown_area"),
        # A name in the catalogue is told its code ("vul de CBS-code in: GM0599").
        (["prevention_presentations", "rotterdam", "2020", "1"], "area", "area_name_not_code"),
        (
            ["prevention_presentations", "GM0505", "2020", "1"],
            "area",
            "area_not_covered_by_partner",
        ),
        (["prevention_presentations", "RE-RTM", "2020", "1"], "area", "wrong_area_level"),
        (["prevention_presentations", "GM0599", "2019", "1"], "period", "period_outside_delivery"),
        (["prevention_presentations", "GM0599", "twintig", "1"], "period", "invalid_period"),
        (["prevention_presentations", "GM0599", "", "1"], "period", "missing_period"),
        (["prevention_presentations", "GM0599", "2020", "veel"], "value", "not_a_number"),
        (["prevention_presentations", "GM0599", "2020", "-4"], "value", "negative_value"),
        (["prevention_presentations", "GM0599", "2020", "4,5"], "value", "not_a_whole_number"),
        # "1.000" is a thousand to a Dutch reader and one to Python: never guessed.
        (["prevention_presentations", "GM0599", "2020", "1.000"], "value", "thousands_separator"),
        (["prevention_presentations", "GM0599", "2020", "12,500"], "value", "thousands_separator"),
        (["prevention_presentations", "GM0599", "2020", "1 234"], "value", "thousands_separator"),
    ],
)
def test_one_bad_row_is_named_with_row_column_and_reason(catalog, row, column, code):
    rows = [GOOD[0], GOOD[2], row]
    errors = errors_of(as_csv(rows), catalog)
    assert [(e.row, e.column, e.code) for e in errors] == [(3, column, code)]
    assert str(errors[0]).startswith("Rij 3, kolom ")


def test_a_duplicate_row_points_at_its_first_occurrence(catalog):
    errors = errors_of(as_csv([*GOOD, GOOD[1]]), catalog)
    assert [(e.row, e.code) for e in errors] == [(4, "duplicate_row")]
    assert "rij 2" in errors[0].message


def test_unknown_columns_are_refused_because_they_may_hold_personal_data(catalog):
    rows = [[*GOOD[0], "naam"], [*GOOD[1], "Jan Jansen"]]
    errors = errors_of(as_csv(rows), catalog)
    letter = "ABCDEFGHIJ"[len(GOOD[0])]
    assert [(e.row, e.column, e.code) for e in errors] == [
        (1, letter, "unknown_column"),
        (2, letter, "personal_data"),
    ]
    assert "naam van een persoon" in str(errors[1])
    assert "Jan" not in str(errors[0])


def test_a_header_that_is_personal_data_is_named_by_its_letter_only(catalog):
    """The partner typed a person into the header row: the column is refused, and neither the
    message nor anything stored from it repeats the header."""
    header = "Jan Jansen 12-03-1990"
    rows = [[GOOD[0][0], header, *GOOD[0][1:]], [GOOD[1][0], "5", *GOOD[1][1:]]]
    errors = errors_of(as_csv(rows), catalog)
    assert ("B", "unknown_column") in [(e.column, e.code) for e in errors]
    for error in errors:
        for part in ("jan", "jansen", "1990"):
            assert part not in str(error).lower() and part not in str(error.as_dict()).lower()


def test_a_long_cell_under_an_unknown_header_is_placed_by_letter(catalog):
    header = "Piet de Vries"
    rows = [[*GOOD[0], header], [*GOOD[1], "x" * 2000]]
    errors = errors_of(as_csv(rows), catalog)
    assert [(e.row, e.column, e.code) for e in errors] == [
        (2, "ABCDEFGHIJ"[len(GOOD[0])], "cell_too_long")
    ]
    assert "piet" not in str(errors[0]).lower()


def test_errors_never_repeat_the_cell_value(catalog):
    rows = [*GOOD, ["prevention_presentations", "Piet Pietersen", "2020", "1"]]
    errors = errors_of(as_csv(rows), catalog)
    assert errors and all("Piet" not in str(e) for e in errors)


def test_empty_values_mean_not_delivered(catalog):
    parsed = parse(
        as_csv([GOOD[0], GOOD[1], ["professional_trainings", "GM0599", "2020", ""]]), catalog
    )
    assert parsed.observations.height == 1


def test_a_breakdown_column_the_partner_does_not_deliver_is_refused_by_its_name(catalog):
    """No figure of this partner is split by sex: the column is not in its template. The name is
    a catalogue name, so it is said (a name Zicht does not know is called by its letter)."""
    rows = [
        ["indicator", "gebied", "periode", "geslacht", "aantal"],
        ["prevention_presentations", "GM0599", "2020", "vrouw", "4"],
    ]
    errors = errors_of(as_csv(rows), catalog)
    assert [(e.row, e.column, e.code) for e in errors] == [
        (1, "geslacht", "column_not_in_template")
    ]
    assert "niet in het sjabloon" in errors[0].message
    assert "toegestaan zijn alleen: indicator, gebied, periode, aantal (" in errors[0].message


def test_old_codes_of_merged_municipalities_add_up_for_additive_indicators(catalog_copy):
    from zicht.core.catalog import load_catalog

    # Let the municipal partner deliver for the whole region, so it may use merged-away codes.
    partners = catalog_copy / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    partners.write_text(
        text.replace(
            "  - code: gemeente-rotterdam\n    areas: [GM0599]\n", "  - code: gemeente-rotterdam\n"
        ),
        encoding="utf-8",
    )
    catalog = load_catalog(catalog_copy)
    rows = [
        ["indicator", "area", "period", "value"],
        ["prevention_presentations", "GM0585", "2018", "2"],  # Binnenmaas
        ["prevention_presentations", "GM0617", "2018", "3"],
    ]  # Strijen
    parsed = parse(as_csv(rows), catalog, year=2018)
    assert parsed.observations.rows() == [
        ("prevention_presentations", "GM1963", "2018", "", 5.0)
    ]  # Hoeksche Waard


def test_stock_indicators_take_a_reference_date(catalog):
    rows = [
        ["indicator", "area", "period", "value"],
        ["illegal_prostitution_dossiers", "GM0599", "2020-12-31", "24"],
    ]
    parsed = parse(as_csv(rows), catalog, partner="handhaving-rotterdam")
    assert parsed.observations.row(0) == (
        "illegal_prostitution_dossiers",
        "GM0599",
        "2020-12-31",
        "",
        24.0,
    )
    bad = [rows[0], ["illegal_prostitution_dossiers", "GM0599", "2020", "24"]]
    assert [e.code for e in errors_of(as_csv(bad), catalog, partner="handhaving-rotterdam")] == [
        "invalid_period"
    ]


def test_a_row_with_more_cells_than_the_header_is_named_by_its_row(catalog):
    """A separator too many in a cell (a thousands dot typed as ";") breaks the file: the
    partner is told which row, never what it holds."""
    rows = [GOOD[0], GOOD[1], ["prevention_presentations", "GM0599", "2020", "1", "geheim"]]
    (error,) = errors_of(as_csv(rows), catalog)
    assert (error.row, error.code) == (3, "unreadable_csv")
    assert f"meer kolommen dan de kopregel ({len(GOOD[0])})" in error.message
    assert "geheim" not in str(error)
    # A broken quote names no row it cannot be sure of.
    (quote,) = errors_of(as_csv([GOOD[0], ['"prevention_presentations', "GM0599"]]), catalog)
    assert quote.row is None and "aanhalingstekens" in quote.message


def test_garbage_and_empty_files_are_refused_cleanly(catalog):
    assert errors_of(b"", catalog)[0].code == "unreadable_csv"
    assert errors_of(b"not a workbook", catalog, name="x.xlsx")[0].code == "unreadable_xlsx"
    assert errors_of(b"a;b", catalog, name="x.pdf")[0].code == "unsupported_format"
    # An aggregate file states its figures: a header alone is refused, and told to write 0.
    (header_only,) = errors_of(as_csv(GOOD[:1]), catalog)
    assert header_only.code == "empty_file" and "ook 0" in str(header_only)


def test_the_checksum_is_of_the_file_as_received(catalog):
    import hashlib

    content = as_csv(GOOD)
    assert parse(content, catalog).checksum == hashlib.sha256(content).hexdigest()


def test_figures_zicht_computes_itself_cannot_be_delivered(catalog):
    errors = errors_of(as_csv(GOOD), catalog, partner="advertentiemonitor")
    assert [e.code for e in errors] == ["computed_by_zicht"]


def test_personal_data_in_a_delivery_is_refused_by_kind_without_repeating_it(catalog):
    rows = [
        ["municipality", "period", "sex", "age_group", "exploitation_form", "nationality_group"],
        ["GM0599", "2020-01-03", "vrouw", "18-23", "seksueel", "eu"],
        ["GM0599", "1998-04-12", "06-12345678", "jan.jansen@example.nl", "seksueel", "eu"],
    ]
    errors = errors_of(as_csv(rows), catalog, partner="politie-rotterdam")
    found = {(e.row, e.column, e.code) for e in errors}
    assert {
        (3, "period", "personal_data"),
        (3, "sex", "personal_data"),
        (3, "age_group", "personal_data"),
    } <= found
    text = " ".join(str(e) for e in errors)
    assert "telefoonnummer" in text and "e-mailadres" in text
    assert "12345678" not in text and "jansen" not in text and "1998" not in text


def test_an_invalid_period_s_example_is_in_the_year_delivered_for(catalog):
    """The example can be copied as it stands: '2021' for a 2021 delivery, not always '2020'."""
    rows = [GOOD[0], ["prevention_presentations", "GM0599", "2021-05-01", "4"]]
    (error,) = errors_of(as_csv(rows), catalog, year=2021)
    assert (error.code, error.message) == (
        "invalid_period",
        "ongeldige periode; verwacht bijvoorbeeld '2021'",
    )


def test_an_unclosed_quote_in_the_header_is_named_as_such(catalog):
    """The rest of the file becomes one column name; "een kolomnaam is te lang" sent the
    partner looking for a long name."""
    content = b'indicator;"area;period;value\r\nprevention_presentations;GM0599;2020;5\r\n'
    (error,) = errors_of(content, catalog)
    assert (error.row, error.code) == (1, "unclosed_quote")
    assert "zonder sluitend aanhalingsteken" in error.message


def test_a_utf32_file_is_not_called_utf16_alone(catalog):
    content = "\n".join(";".join(row) for row in GOOD).encode("utf-32")
    (error,) = errors_of(content, catalog)
    assert error.code == "utf16_file" and "UTF-32" in error.message


def _damaged(rows, cell: str, damaged_value: str) -> bytes:
    """An XLSX whose ``cell`` holds text where the sheet says a number is (a file no
    spreadsheet program writes, but one a broken export or a hand-edit does)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(as_xlsx(rows)))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as damaged:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rf'(<c r="{cell}" t="n"><v>)[^<]*(</v>)'.encode(),
                    rb"\g<1>" + damaged_value.encode() + rb"\g<2>",
                    content,
                )
            damaged.writestr(entry, content)
    return target.getvalue()


def test_a_damaged_xlsx_cell_is_refused_with_its_row_and_never_shown(catalog):
    rows = [GOOD[0], GOOD[1], GOOD[2], ["prevention_presentations", "GM0606", "2020", "7"]]
    content = _damaged(rows, "D4", "Jansen")
    (error,) = errors_of(content, catalog, name="f.xlsx")
    assert (error.row, error.code) == (4, "unreadable_cell")
    assert "Jansen" not in str(error)


@pytest.mark.parametrize("make", [as_csv, as_xlsx])
def test_empty_rows_are_passed_over_in_csv_and_xlsx(catalog, make):
    name = "f.xlsx" if make is as_xlsx else "f.csv"
    rows = [GOOD[0], ["", "", "", ""], GOOD[1], [" ", "", "", " "], GOOD[2], ["", "", "", ""]]
    values = {r[0]: r[4] for r in parse(make(rows), catalog, name).observations.iter_rows()}
    assert values == {"prevention_presentations": 523.0, "professional_trainings": 92.0}
    # Nothing but empty rows is a file with a header alone, and said so once.
    errors = errors_of(make([GOOD[0], ["", "", "", ""], ["", " ", "", ""]]), catalog, name=name)
    assert [(e.row, e.code) for e in errors] == [(None, "empty_file")]
