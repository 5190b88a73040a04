"""Fuzzing every file reader with a fixed budget: whatever the bytes, a reader answers with
its own clean validation error (Dutch, naming rows and columns) or a result, never a crash,
and leaves nothing half-written.

Budget: ``max_examples`` per reader below (``ZICHT_FUZZ_EXAMPLES`` raises it for a deep run,
e.g. 3000), no per-example deadline (a shared CI machine is noisy); at the default budget the
whole file runs in well under a minute.
"""

from __future__ import annotations

import datetime
import gzip
import io
import json
import os
import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from zicht.core.ads.reader import AdsImportError, iter_ads
from zicht.core.deliveries import DeliveryRejected, parse_delivery
from zicht.core.deliveries.limits import DeliveryLimits
from zicht.core.estimation.table import CaptureTableError, read_capture_table_csv
from zicht.core.privacy.linkage.encoding_file import (
    EncodingFileError,
    encode_csv,
    read_encoding_file,
)
from zicht.core.privacy.linkage.persons_file import PersonsFileError

FUZZ = settings(
    max_examples=int(os.environ.get("ZICHT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LIMITS = DeliveryLimits(max_bytes=100_000, max_rows=200, max_columns=20, max_cell_characters=60)
# Cells a hostile or careless partner might send, next to arbitrary text.
TRICKY = [
    "prevention_presentations", "police_signals", "GM0599", "GM0585", "2020", "2020-12-31",
    "2020-02-31", "2020-Q1", "٢٠٢٠", "５２３", "9" * 400, "-1", "1,5", "1e5", "NaN", "inf", "",
    "totaal", "man", "vrouw", "=1+1", "[/red]", "\x1b[31m", "\x00", "jan@example.nl", " ",
    '"', "\r",
]  # fmt: skip
HEADERS = [
    "indicator", "area", "period", "value", "municipality", "sex", "age_group",
    "exploitation_form", "nationality_group", "Value",
]  # fmt: skip
cells = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12), st.integers().map(str))
tables = st.tuples(
    st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=6)), min_size=1, max_size=7),
    st.lists(st.lists(cells, max_size=8), max_size=8),
)


def _csv_bytes(table, separator: str, encoding: str) -> bytes:
    header, rows = table
    text = "\n".join(separator.join(row) for row in [header, *rows]) + "\n"
    return text.encode(encoding, errors="replace")


def _parse(content: bytes, filename: str, catalog, partner: str) -> None:
    try:
        parsed = parse_delivery(
            content, filename, catalog=catalog, partner=partner, year=2020, limits=LIMITS
        )
    except DeliveryRejected as rejected:
        assert rejected.errors and all(e.code and e.message for e in rejected.errors)
        assert "\x1b" not in rejected.summary() or "[" not in rejected.summary()
        return
    assert parsed.observations.get_column("value").is_finite().all()


partners = st.sampled_from(["gemeente-rotterdam", "politie-rotterdam", "fier"])


@FUZZ
@given(
    table=tables,
    separator=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]),
    partner=partners,
)
def test_delivery_csv_structured(catalog, table, separator, encoding, partner) -> None:
    _parse(_csv_bytes(table, separator, encoding), "f.csv", catalog, partner)


@FUZZ
@given(content=st.binary(max_size=400), partner=partners)
@example(content=b"\r ", partner="fier")  # found by this test: a CR in the header was a crash
def test_delivery_csv_bytes(catalog, content, partner) -> None:
    _parse(content, "f.csv", catalog, partner)


# With a header the partner's template asks for, every row reaches the row checks (a random
# header almost never does): codes, periods and numbers next to personal data and odd text.
POLICE_HEADER = [
    "municipality", "period", "sex", "age_group", "exploitation_form", "nationality_group",
]  # fmt: skip
row_cells = st.one_of(
    cells,
    st.sampled_from(["man", "vrouw", "18-23", "seksueel", "eu", "2020-06", "2020-Q2", "00005",
                     "+5", "1 000", "0612345678", "NL91 ABNA\t0417 1643 00", "\u00a0", "\ufeff"]),
)  # fmt: skip


@FUZZ
@given(
    police=st.booleans(),
    rows=st.lists(st.lists(row_cells, min_size=4, max_size=7), max_size=8),
    xlsx=st.booleans(),
)
def test_delivery_with_the_template_header(catalog, police, rows, xlsx) -> None:
    header = POLICE_HEADER if police else ["indicator", "area", "period", "value", "sex"]
    partner = "politie-rotterdam" if police else "gemeente-rotterdam"
    if xlsx:
        _parse(_workbook(header, rows), "f.xlsx", catalog, partner)
    else:
        _parse(_csv_bytes((header, rows), ";", "utf-8"), "f.csv", catalog, partner)


def test_old_mac_line_endings_are_refused_in_dutch_at_the_header(catalog) -> None:
    content = b"gebied;periode;waarde\rGM0599;2020;12\r"
    try:
        parse_delivery(content, "f.csv", catalog=catalog, partner="fier", year=2020, limits=LIMITS)
    except DeliveryRejected as rejected:
        (error,) = rejected.errors
        assert (error.code, error.row) == ("unreadable_csv", 1)
        assert "regelovergang (CR)" in error.message and "GM0599" not in rejected.summary()
    else:
        raise AssertionError("a file with CR line endings was accepted")


def test_a_pdf_renamed_to_csv_is_called_a_pdf_not_a_row_of_control_characters(catalog):
    content = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20 + b"\x00\x1b"
    try:
        parse_delivery(content, "f.csv", catalog=catalog, partner="fier", year=2020, limits=LIMITS)
    except DeliveryRejected as rejected:
        (error,) = rejected.errors
        assert (error.code, error.row, error.column) == ("not_a_table", None, None)
        assert "PDF-bestand" in error.message and "stuurtekens" not in error.message
    else:
        raise AssertionError("a PDF was accepted as a delivery")


xlsx_cells = st.one_of(
    cells,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.none(),
    st.sampled_from(["=1+1", "=SUM(A1:A2)"]),
)


def _workbook(header: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(
            [
                c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable())
                for c in row
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    rows=st.lists(st.lists(xlsx_cells, max_size=6), max_size=6),
    partner=partners,
)
def test_delivery_xlsx_structured(catalog, header, rows, partner) -> None:
    _parse(_workbook(header, rows), "f.xlsx", catalog, partner)


BASE_XLSX = _workbook(["indicator", "area", "period", "value"], [["x", "GM0599", "2020", 5]])


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, len(BASE_XLSX) - 1), st.integers(0, 255)), max_size=8)
)
def test_delivery_xlsx_damaged(catalog, flips) -> None:
    content = bytearray(BASE_XLSX)
    for position, value in flips:
        content[position] = value
    _parse(bytes(content), "f.xlsx", catalog, "gemeente-rotterdam")


def test_an_xlsx_asking_for_a_zip_version_python_cannot_read_is_refused(catalog) -> None:
    """Found by the fuzzer above: one byte in the central directory ("version needed to
    extract", 6.4) made zipfile raise NotImplementedError, which escaped as a crash."""
    content = bytearray(BASE_XLSX)
    entry = content.index(b"PK\x01\x02")  # the first central-directory header
    content[entry + 6] = 64
    with pytest.raises(DeliveryRejected) as refused:
        parse_delivery(
            bytes(content),
            "f.xlsx",
            catalog=catalog,
            partner="gemeente-rotterdam",
            year=2020,
            limits=LIMITS,
        )
    assert [error.code for error in refused.value.errors] == ["unreadable_xlsx"]


LONG_DATE = "R1;Jan;Jansen;1990-" + "1" * 5000 + "-02;M;"  # past Python's digit limit
text_lines = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(["{", "[" * 3000, '{"text": 1}', "1e999999", "1" * 5000, LONG_DATE]),
    ),
    max_size=6,
)
PERSON_HEADER = "record_ref;given_name;family_name;date_of_birth;sex;country_of_birth"


@FUZZ
@given(lines=text_lines, header=st.booleans(), raw=st.binary(max_size=60))
def test_persons_list(tmp_path_factory, lines, header, raw) -> None:
    folder = tmp_path_factory.mktemp("persons")
    source, target = folder / "lijst.csv", folder / "lijst.jsonl"
    body = "\n".join(([PERSON_HEADER] if header else []) + lines).encode("utf-8", "replace")
    source.write_bytes(body + raw)
    try:
        encode_csv(source, target, b"s" * 32)
    except PersonsFileError as error:
        assert str(error)
        assert not target.exists()  # no partial output
        assert not list(folder.glob("*.partial"))


@FUZZ
@given(
    lines=text_lines,
    kind=st.sampled_from(["jsonl", "csv"]),
    raw=st.binary(max_size=60),
    packed=st.one_of(st.none(), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)))),
)
def test_ad_corpus(tmp_path_factory, lines, kind, raw, packed) -> None:
    """``packed``: the corpus gzipped, with bytes of the gzip stream overwritten."""
    path = tmp_path_factory.mktemp("ads") / f"corpus.{kind}{'.gz' if packed is not None else ''}"
    head = ["ad_id;text;phones"] if kind == "csv" else ['{"ad_id": "1", "text": "hallo"}']
    content = "\n".join(head + lines).encode("utf-8", "replace") + raw
    if packed is not None:
        damaged = bytearray(gzip.compress(content))
        for position, value in packed:
            damaged[position % len(damaged)] = value
        content = bytes(damaged)
    path.write_bytes(content)
    try:
        for record in iter_ads(path):
            assert isinstance(record["ad_id"], str)
    except AdsImportError as error:
        assert str(error)


capture_cells = st.one_of(
    st.sampled_from(["0", "1", "2", "-1", "x", "", "9" * 50, "9" * 5000, "9223372036854775807"]),
    st.text(string.digits, max_size=3),
)


@FUZZ
@given(
    header=st.lists(
        st.sampled_from(["a", "b", "c", "count", "A", ":", ""]), min_size=1, max_size=5
    ),
    rows=st.lists(st.lists(capture_cells, max_size=5), max_size=6),
    raw=st.binary(max_size=40),
)
def test_estimate_table(tmp_path_factory, header, rows, raw) -> None:
    path = tmp_path_factory.mktemp("table") / "t.csv"
    text = "\n".join(",".join(r) for r in [header, *rows]) + "\n"
    path.write_bytes(text.encode() + raw)
    try:
        read_capture_table_csv(path)
    except CaptureTableError as error:
        assert str(error)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)
ENCODED = {
    "schema": "zicht-pprl/2", "source": "politie", "record_ref": "POL-1", "encoding": "ab" * 256,
    "key_check": "0123456789abcdef", "year": "2025", "municipality": "Rotterdam",
    "exploitation_form": "seksueel", "age_group": "18-22",
}  # fmt: skip
encoded_lines = st.one_of(
    st.dictionaries(st.sampled_from(sorted(ENCODED)), json_values).map(
        lambda changed: json.dumps({**ENCODED, **changed})
    ),
    st.text(max_size=40),
    st.sampled_from(["[" * 3000, "1" * 5000, json.dumps(ENCODED)]),
)


@FUZZ
@given(lines=st.lists(encoded_lines, max_size=4), raw=st.binary(max_size=40))
def test_encoding_file(tmp_path_factory, lines, raw) -> None:
    path = tmp_path_factory.mktemp("encodings") / "politie.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8", "replace") + b"\n" + raw)
    try:
        loaded = read_encoding_file(path)
    except EncodingFileError as error:
        assert error.problems and "Emma" not in str(error)
        return
    assert loaded.encodings.shape[0] == len(loaded.record_refs)
