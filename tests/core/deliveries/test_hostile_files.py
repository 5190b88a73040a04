"""Hostile delivery files are refused cleanly: a Dutch message with a stable code, fast, and in
bounded memory (the size limits are proven here with small limits; ``make bench`` runs the
full-size corpus against the default limits, each case in its own process)."""

from __future__ import annotations

import time

import pytest

from tests.core.deliveries.hostile import CASES, TEST_LIMITS, YEAR, write_case
from zicht.core.deliveries import DeliveryLimits, DeliveryRejected, parse_delivery, read_limited

DUTCH_WORDS = ("de ", "het ", "een ", "geen", "gebruik", "bevat", "te ", "ongeldig", "onbekend")


def refusal(path, case, catalog, limits: DeliveryLimits = TEST_LIMITS) -> DeliveryRejected:
    with pytest.raises(DeliveryRejected) as raised, path.open("rb") as handle:
        content = read_limited(handle, limits)
        parse_delivery(
            content, path.name, catalog=catalog, partner=case.partner, year=YEAR, limits=limits
        )
    return raised.value


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file_is_refused_in_dutch_and_fast(case, catalog, tmp_path) -> None:
    path = write_case(case, tmp_path)
    started = time.perf_counter()
    rejected = refusal(path, case, catalog)
    assert time.perf_counter() - started < 10
    codes = {error.code for error in rejected.errors}
    assert codes & case.codes, (codes, rejected.summary())
    for error in rejected.errors:
        assert any(word in error.message.lower() for word in DUTCH_WORDS), error.message
        assert "\x1b" not in str(error) and "\x00" not in str(error)


def test_millions_of_bad_rows_build_a_bounded_report(catalog, tmp_path) -> None:
    case = next(c for c in CASES if c.name.startswith("1.49 million bad rows"))
    rejected = refusal(write_case(case, tmp_path), case, catalog)
    # Every problem counted (1,900 values that are no number; perhaps more rules broken).
    assert rejected.total >= 1_900
    assert len(rejected.errors) <= 205  # but only the first rows itemised
    assert "nog 1700 rij(en) met dezelfde fout" in rejected.summary()


def test_a_file_past_the_size_limit_is_read_no_further(tmp_path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 5000)
    with path.open("rb") as handle, pytest.raises(DeliveryRejected):
        read_limited(handle, DeliveryLimits(max_bytes=1000))
        assert handle.tell() == 1001


def test_the_dimension_trap_costs_only_the_real_cells(catalog, tmp_path) -> None:
    case = next(c for c in CASES if c.name.startswith("XLSX <dimension>"))
    path = write_case(case, tmp_path)
    assert path.stat().st_size < 10_000
    started = time.perf_counter()
    rejected = refusal(path, case, catalog)
    assert time.perf_counter() - started < 2  # 136-157 CPU seconds when padded
    # Rows 2 and 4 hold "veel", row 3 the header again: read as written, nothing padded.
    assert [e.row for e in rejected.errors if e.code == "not_a_number"] == [2, 3, 4]


def test_limits_leave_ordinary_files_alone(catalog) -> None:
    content = b"indicator;area;period;value\nprevention_presentations;GM0599;2020;5\n"
    parsed = parse_delivery(
        content, "a.csv", catalog=catalog, partner="gemeente-rotterdam", year=2020,
        limits=TEST_LIMITS,
    )  # fmt: skip
    assert parsed.observations.height == 1
