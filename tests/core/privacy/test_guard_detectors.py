"""Unit tests of the personal-data detectors and the guard's promises about values."""

from __future__ import annotations

import logging

import polars as pl
import pytest

from zicht.core.privacy.guard import (
    GuardSettings,
    PersonalDataKind,
    PersonalDataRefused,
    names,
    refuse_if_personal_data,
    scan_frame,
    scan_table,
    scan_text,
    values,
)
from zicht.core.privacy.guard.kinds import ColumnContext

K = PersonalDataKind


def kind_of(value: str, *, date_column: bool = False) -> PersonalDataKind | None:
    columns = ["waarde"]
    findings = scan_table(
        columns, [[value]], date_columns=frozenset(columns) if date_column else frozenset()
    )
    return findings[0].kind if findings else None


def test_eleven_test_accepts_valid_and_rejects_off_by_one() -> None:
    assert values.passes_eleven_test("111222333")
    assert values.passes_eleven_test("123456782")
    assert not values.passes_eleven_test("123456781")
    assert not values.passes_eleven_test("000000000")


@pytest.mark.parametrize("text", ["111222333", "1234.56.782", "BSN 123 456 782"])
def test_citizen_service_numbers(text: str) -> None:
    assert kind_of(text) == K.CITIZEN_SERVICE_NUMBER


def test_nine_digit_count_failing_the_eleven_test_passes() -> None:
    assert kind_of("123456781") is None


@pytest.mark.parametrize(
    "text", ["0612345678", "06-12345678", "+31 6 12345678", "010-1234567", "+40 721 234 567",
             "0044 7911 123456", "+49 1512 3456789", "(010) 123 45 67"],
)  # fmt: skip
def test_phone_numbers(text: str) -> None:
    assert kind_of(text) == K.PHONE_NUMBER


@pytest.mark.parametrize("text", ["2020", "2020-Q1", "1234567890", "GM0599", "18-23", "100000"])
def test_numbers_that_are_not_phone_numbers(text: str) -> None:
    assert kind_of(text) is None


def test_email_and_iban() -> None:
    assert kind_of("iemand@voorbeeld.nl") == K.EMAIL_ADDRESS
    assert kind_of("NL91ABNA0417164300") == K.IBAN
    assert kind_of("NL91 ABNA 0417 1643 00") == K.IBAN
    assert kind_of("NL91ABNA0417164301") is None  # checksum fails


@pytest.mark.parametrize("text", ["3011 AB 12", "Coolsingel 40, 3011AD Rotterdam", "12a 3011 AB"])
def test_postcode_with_house_number(text: str) -> None:
    assert kind_of(text) == K.POSTAL_ADDRESS


def test_postcode_area_alone_passes() -> None:
    assert kind_of("3011") is None
    assert kind_of("3011 AB") is None


@pytest.mark.parametrize(
    "text", ["XX-99-99", "12-ABC-3", "1-ABC-23", "GB-123-X", "12BDF3", "T-99-BBB"]
)
def test_licence_plates(text: str) -> None:
    assert kind_of(text) == K.LICENCE_PLATE


@pytest.mark.parametrize("text", ["GM0599", "WK059901", "BU05990101", "PV28", "18-23", "2020-Q1"])
def test_codes_are_not_licence_plates(text: str) -> None:
    assert kind_of(text) is None


@pytest.mark.parametrize("text", ["2020", "2020-Q1", "2020-03", "2020-12", "Q1 2020", "2019-2020"])
def test_periods_are_never_dates_of_birth(text: str) -> None:
    assert kind_of(text) is None


def test_full_dates_only_in_declared_date_columns_within_reference_years() -> None:
    assert kind_of("2020-12-31") == K.DATE_OF_BIRTH
    assert kind_of("2020-12-31", date_column=True) is None
    assert kind_of("31-12-2020", date_column=True) is None
    assert kind_of("1990-05-12", date_column=True) == K.DATE_OF_BIRTH
    assert kind_of("12 maart 1990") == K.DATE_OF_BIRTH
    assert kind_of("2020-02-30") is None  # not a calendar date


def test_birth_date_column_is_never_a_reference_date_column() -> None:
    findings = scan_table(
        ["geboortedatum"], [["2012-05-01"]], date_columns=frozenset({"geboortedatum"})
    )
    assert [f.kind for f in findings] == [K.DATE_OF_BIRTH]


def test_reference_years_are_configurable() -> None:
    settings = GuardSettings(reference_date_years=(2015, 2030))
    context = ColumnContext(is_date_column=True)
    assert values.holds_date_of_birth("2010-01-01", context, settings)
    assert not values.holds_date_of_birth("2016-01-01", context, settings)


@pytest.mark.parametrize(
    "column",
    ["naam", "Voornaam", "achternaam", "first_name", "lastName", "naam_slachtoffer", "surname"],
)
def test_person_name_columns(column: str) -> None:
    assert names.is_person_name_column(column)
    assert scan_table([column], [["x"]])[0].kind == K.PERSON_NAME


@pytest.mark.parametrize(
    "column", ["gemeentenaam", "indicator_name", "category_name", "naam_partner_organisatie"]
)
def test_other_name_columns_are_not_person_names(column: str) -> None:
    assert not names.is_person_name_column(column)


@pytest.mark.parametrize(
    "value", ["Jan Jansen", "J. de Vries", "Jansen, Jan", "Maria van der Berg"]
)
def test_values_that_look_like_names(value: str) -> None:
    assert kind_of(value) == K.PERSON_NAME


@pytest.mark.parametrize(
    "value", ["Capelle aan den IJssel", "Hendrik-Ido-Ambacht", "Anders of onbekend", "Buiten de EU",
              "seksuele uitbuiting", "18 tot en met 23 jaar", "Hoeksche Waard", "Voorne aan Zee"],
)  # fmt: skip
def test_clean_values_are_not_names(value: str) -> None:
    assert kind_of(value) is None


def test_an_iban_with_other_white_space_or_scripts_is_judged_not_a_crash() -> None:
    """Found by fuzzing the delivery reader: the pattern allows any white space between
    groups, the checksum removed only spaces, and a tab in a candidate of a country without
    a known length reached int(char, 36) as a ValueError."""
    assert not values.holds_iban("ZZ12\tABCDEFGHIJK")
    assert kind_of("NL91 ABNA\t0417 1643 00") == K.IBAN
    assert kind_of("NL٩1ABNA0417164300") is None  # Arabic-Indic digit: no IBAN


def test_an_iban_after_a_letter_that_upper_cases_longer_is_masked_in_place() -> None:
    """Upper-casing "ß" gives "SS": the matches found in the upper-cased text cut the wrong span."""
    assert values.mask_ibans("Weiß NL91ABNA0417164300, groet").split() == ["Weiß", ",", "groet"]


@pytest.mark.parametrize(
    "text",
    [
        "NL91ABNA0417164300 t.n.v. Jansen",
        "NL91 ABNA 0417 1643 00 ok",
        "rekening NL91ABNA0417164300 x",
    ],
)
def test_an_iban_followed_by_a_word_is_found(text: str) -> None:
    """The pattern ran on into the next word, and the whole match failed the length check."""
    assert kind_of(text) == K.IBAN
    assert "0417" not in values.mask_ibans(text)


def test_an_iban_written_in_groups_straight_after_another_is_masked_too() -> None:
    """The pattern ran on from the first into the second; the search now starts again where
    the first ends, so the second's digits are not left to be read as a phone number."""
    text = "rekening NL91 ABNA 0417 1643 00 NL20 INGB 0001 2345 67 graag"
    assert values.mask_ibans(text).split() == ["rekening", "graag"]
    assert scan_text(text) == [K.IBAN]


def test_scan_text_lists_kinds_without_double_counting_iban_digits() -> None:
    text = "Mail jan@voorbeeld.nl, rekening NL91ABNA0417164300, geboren 12-03-1990, Jan de Vries"
    assert scan_text(text) == [K.EMAIL_ADDRESS, K.IBAN, K.DATE_OF_BIRTH, K.PERSON_NAME]
    assert scan_text("In 2020 waren er 12 meldingen van arbeidsuitbuiting in Rotterdam.") == []


def test_finding_row_numbers_are_spreadsheet_rows() -> None:
    rows = [["SIG01", "3"], ["SIG01", "0612345678"], ["SIG02", "4"]]
    findings = scan_table(["indicator", "waarde"], rows)
    assert [(f.row_number, f.column) for f in findings] == [(3, "waarde")]
    shifted = scan_table(["indicator", "waarde"], rows, first_row_number=10)
    assert shifted[0].row_number == 11


SECRET_VALUES = ["0612345678", "111222333", "jan@voorbeeld.nl", "NL91ABNA0417164300", "Jan Jansen"]


def test_no_value_reaches_findings_exceptions_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    findings = scan_table(["waarde"], [[v] for v in SECRET_VALUES])
    assert len(findings) == len(SECRET_VALUES)
    with pytest.raises(PersonalDataRefused) as refused:
        refuse_if_personal_data(findings)
    exposed = str(refused.value) + repr(findings) + caplog.text
    for secret in SECRET_VALUES:
        assert secret not in exposed
    assert "rij 2, kolom 'waarde': telefoonnummer" in str(refused.value)


def test_frame_and_table_paths_agree_on_a_mixed_file() -> None:
    columns = ["indicator", "gebied", "peildatum", "vorm", "opmerking", "naam"]
    rows = [
        ["SIG01", "GM0599", "2020-12-31", "seksuele uitbuiting", "", None],
        ["SIG01", "GM0599", "1980-01-02", "Jan Jansen", "bel 06-12345678", "x"],
        ["SIG02", "3011 AB 12", "2021-12-31", "arbeid", "Jan de Vries belde", ""],
    ]
    declared = {
        "date_columns": frozenset({"peildatum"}),
        "free_text_columns": frozenset({"opmerking"}),
    }
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    assert scan_frame(frame, **declared) == scan_table(columns, rows, **declared)
    assert len(scan_table(columns, rows, **declared)) == 6
