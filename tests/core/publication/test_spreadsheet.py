"""CSV that Dutch Excel opens correctly, beside the machine-readable long format."""

from __future__ import annotations

import csv
import io

from zicht.core.publication.spreadsheet import BOM, dutch_number, excel_csv, plain_csv


def test_excel_csv_has_bom_semicolons_and_decimal_commas():
    data = excel_csv(["naam", "waarde"], [["Rotterdam; centrum", 1.5], ["Schiedam", 12]])
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == [["naam", "waarde"], ["Rotterdam; centrum", "1,5"], ["Schiedam", "12"]]


def test_the_english_file_is_split_and_read_as_english_excel_does():
    data = excel_csv(["name", "value"], [["Rotterdam, centre", 1.5], ["Schiedam", 12]], "en")
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [["name", "value"], ["Rotterdam, centre", "1.5"], ["Schiedam", "12"]]


def test_a_cell_that_looks_like_a_formula_is_not_one():
    text = excel_csv(["t"], [["=HYPERLINK(1)"], ["-3"]]).decode("utf-8")
    assert "'=HYPERLINK(1)" in text and "\r\n-3\r\n" in text


def test_dutch_numbers_and_the_plain_format():
    assert dutch_number(32951) == "32951" and dutch_number(0.068, 3) == "0,068"
    assert dutch_number(None) == ""
    assert plain_csv(["a", "b"], [[1.5, None]]) == b"a,b\n1.5,\n"
