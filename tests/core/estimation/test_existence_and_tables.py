"""Tables that allow no estimate are refused with an explanation; input is validated."""

from __future__ import annotations

import pytest

from zicht.core.estimation import (
    CaptureTableError,
    EstimateDoesNotExistError,
    EstimationSettings,
    ExistenceCode,
    SelectionMethod,
    SelectionSettings,
    capture_table_from_mapping,
    check_existence,
    estimate_population,
    read_capture_table_csv,
)

NO_OVERLAP = {"100": 30, "010": 25, "001": 12}
EMPTY_LIST = {"100": 30, "010": 25, "110": 4}
LIST_WITH_EVERYONE = {"100": 30, "110": 25, "101": 12, "111": 3}


@pytest.mark.parametrize(
    ("counts", "reason"),
    [
        (NO_OVERLAP, "Niemand staat op meer dan één lijst"),
        (EMPTY_LIST, "Lijst C bevat niemand"),
        (LIST_WITH_EVERYONE, "Lijst A bevat iedereen"),
    ],
)
def test_tables_without_an_estimate_are_refused_with_a_reason(counts, reason):
    table = capture_table_from_mapping(["A", "B", "C"], counts)
    assert check_existence(table).code == ExistenceCode.MLE_DOES_NOT_EXIST
    with pytest.raises(EstimateDoesNotExistError) as refusal:
        estimate_population(table)
    assert "bestaat niet" in str(refusal.value)
    assert reason in str(refusal.value)


def test_fixed_model_without_finite_estimate_is_refused():
    """Korea-like: a model whose terms leave no positive table with the same margins."""
    table = capture_table_from_mapping(
        ["b", "c", "d"], {"001": 41, "010": 5, "100": 5, "110": 54, "101": 6, "111": 12}
    )
    settings = EstimationSettings(
        selection=SelectionSettings(method=SelectionMethod.FIXED, fixed_terms=("b:c", "b:d"))
    )
    with pytest.raises(EstimateDoesNotExistError, match="bestaat niet"):
        estimate_population(table, settings)


def test_unidentifiable_model_is_refused():
    table = capture_table_from_mapping(["A", "B", "C"], {"100": 40, "010": 30, "001": 20, "110": 6})
    settings = EstimationSettings(selection=SelectionSettings(method=SelectionMethod.ALL_PAIRS))
    with pytest.raises(EstimateDoesNotExistError, match="niet identificeerbaar"):
        estimate_population(table, settings)


def test_two_lists_give_the_lincoln_petersen_estimate():
    """With two lists the log-linear estimate is n1 * n2 / m: a check by hand."""
    table = capture_table_from_mapping(["A", "B"], {"10": 60, "01": 40, "11": 20})
    result = estimate_population(table)
    assert result.estimate == pytest.approx(80 * 60 / 20, rel=1e-9)
    assert result.ci_low < result.estimate < result.ci_high
    assert any("twee lijsten" in warning for warning in result.warnings)


def test_csv_reading_adds_duplicate_rows_and_fills_zero_cells(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("A,B,C,count\n1,0,0,10\n1,0,0,5\n0,1,1,3\n0,0,1,7\n", encoding="utf-8")
    table = read_capture_table_csv(path)
    assert table.list_names == ("A", "B", "C")
    assert len(table.counts) == 7
    assert table.observed_total == 25
    assert dict(zip(table.pattern_strings(), table.counts.tolist(), strict=True))["100"] == 15


def test_every_bad_cell_is_named_and_a_semicolon_table_is_read(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("A;B;count\n1;0;5\n0;1;-2\n1;1;x\n2;0;3\n", encoding="utf-8")
    with pytest.raises(CaptureTableError) as refused:
        read_capture_table_csv(path)
    message = str(refused.value)
    assert "3 fout(en)" in message
    for place in ("regel 3, kolom 'count'", "regel 4, kolom 'count'", "regel 5, kolom 'A'"):
        assert place in message
    path.write_text("A;B;count\n1;0;5\n0;1;4\n1;1;2\n", encoding="utf-8")
    assert read_capture_table_csv(path).observed_total == 11


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A,B\n1,0\n", "Kolom 'count' ontbreekt"),
        ("A,B,count\n1,2,3\n", "regel 2, kolom 'B': verwacht 0 of 1"),
        ("A,B,count\n1,0,-3\n", "regel 2, kolom 'count': verwacht een geheel getal van 0 of meer"),
        ("A,B,count\n0,0,9\n1,1,3\n", "geen enkele lijst"),
        ("A,count\n1,3\n", "minstens twee lijsten"),
        ("A,B,count\n1,0,x\n", "regel 2, kolom 'count'"),
        ("A,B,count\n1,0,²\n", "regel 2, kolom 'count'"),
        # Found by fuzzing: a count past Python's digit limit was a ValueError, one past 64
        # bits an OverflowError, and two near the limit added up to a negative total.
        ("A,B,count\n1,0," + "9" * 5000 + "\n", "regel 2, kolom 'count': het aantal is te groot"),
        ("A,B,count\n1,0," + "9" * 20 + "\n", "regel 2, kolom 'count': het aantal is te groot"),
        ("A,B,count\n1,0,9223372036854775807\n0,1,9223372036854775807\n", "te groot"),
        # Each list doubles the grid of histories: thirty lists would ask for 2**30 rows.
        (",".join(f"L{i}" for i in range(30)) + ",count\n", "ten hoogste 10"),
    ],
)
def test_malformed_tables_are_explained(tmp_path, content, message):
    path = tmp_path / "table.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CaptureTableError, match=message):
        read_capture_table_csv(path)
