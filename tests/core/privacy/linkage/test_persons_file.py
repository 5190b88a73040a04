"""The partner's person list is checked before it is encoded; a refused list leaves nothing."""

from __future__ import annotations

import json

import pytest

from zicht.core.privacy.linkage import PersonsFileError, encode_csv, parse_column_mapping

from .conftest import TEST_SECRET

HEADER = "record_ref;given_name;family_name;date_of_birth;sex;country_of_birth"


def _encode(tmp_path, text: str, **options):
    tmp_path.mkdir(exist_ok=True)
    source = tmp_path / "politie.csv"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "politie.jsonl"
    return encode_csv(source, out, TEST_SECRET, **options), out


def test_a_semicolon_list_is_read_by_its_own_separator(tmp_path):
    written, out = _encode(tmp_path, f"{HEADER}\nR1;Jan;Jansen;1990-01-02;M;Nederland\n")
    line = json.loads(out.read_text(encoding="utf-8"))
    assert written == 1 and line["record_ref"] == "R1"


def test_missing_columns_are_named_and_nothing_is_written(tmp_path):
    with pytest.raises(PersonsFileError) as refused:
        _encode(tmp_path, "ref,naam\nR1,Jan\n")
    message = str(refused.value)
    assert "record_ref" in message and "given_name" in message and "--columns" in message
    assert "Jan" not in message
    assert list(tmp_path.glob("politie.jsonl*")) == []


def test_bad_rows_are_named_by_row_and_the_whole_list_is_refused(tmp_path):
    rows = [
        "R1;Jan;Jansen;1990-01-02;M;Nederland",
        "R1;Piet;Pietersen;;M;Nederland",  # reference used twice
        "R3;;;;;",  # nothing to encode
        ";Els;Eilers;1970-01-01;V;",  # no reference
    ]
    with pytest.raises(PersonsFileError) as refused:
        _encode(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    assert refused.value.problems == [
        "rij 3: record_ref komt al voor in rij 2",
        "rij 4: geen enkel identificerend gegeven ingevuld",
        "rij 5: record_ref is leeg",
    ]
    assert not any(name in str(refused.value) for name in ("Jan", "Piet", "Els", "Eilers"))
    assert list(tmp_path.glob("politie.jsonl*")) == []


def test_a_refused_list_leaves_an_earlier_encoding_file_untouched(tmp_path):
    _, out = _encode(tmp_path, f"{HEADER}\nR1;Jan;Jansen;1990-01-02;M;Nederland\n")
    before = out.read_bytes()
    with pytest.raises(PersonsFileError):
        _encode(tmp_path, f"{HEADER}\nR1;Jan;Jansen;;M;\nR1;Jan;Jansen;;M;\n")
    assert out.read_bytes() == before


def test_unreadable_birth_dates_are_encoded_as_unknown_with_a_warning(tmp_path):
    warnings: list[str] = []
    written, _ = _encode(
        tmp_path,
        f"{HEADER}\nR1;Jan;Jansen;02/1990;M;Nederland\nR2;Els;Eilers;1970-01-01;V;\n",
        warnings=warnings,
    )
    assert written == 2
    assert len(warnings) == 1 and "rij 2" in warnings[0] and "02/1990" not in warnings[0]


def test_a_birth_date_with_thousands_of_digits_is_unreadable_not_a_crash(tmp_path):
    """Found by fuzzing: a month of 5,000 digits broke int() (Python's digit limit)."""
    warnings: list[str] = []
    date = "1990-" + "1" * 5000 + "-02"
    written, _ = _encode(tmp_path, f"{HEADER}\nR1;Jan;Jansen;{date};M;\n", warnings=warnings)
    assert written == 1 and len(warnings) == 1 and "rij 2" in warnings[0]


def test_every_repeat_of_a_reference_points_at_its_first_row(tmp_path):
    rows = [f"R{n % 3 if n in (0, 3, 5) else n};Naam{n};Achter{n};;M;" for n in range(6)]
    # R0 on rows 2 and 5, and row 7 holds R2 like row 4 (n = 2) does.
    rows[5] = "R2;Naam5;Achter5;;M;"
    with pytest.raises(PersonsFileError) as refused:
        _encode(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    assert refused.value.problems == [
        "rij 5: record_ref komt al voor in rij 2",
        "rij 7: record_ref komt al voor in rij 4",
    ]


DUTCH_HEADER = "kenmerk;voornaam;achternaam;geboortedatum;geslacht;geboorteland;jaar;gemeente"


def test_a_list_with_dutch_column_names_encodes_as_the_english_one(tmp_path):
    rows = "R1;Jan;Jansen;1990-01-02;M;Nederland;2025;GM0599\nR2;Els;de Vries;1971-03-04;V;;2025;\n"
    _, english = _encode(tmp_path / "en", f"{HEADER};year;municipality\n{rows}")
    _, dutch = _encode(tmp_path / "nl", f"{DUTCH_HEADER}\n{rows}")
    assert dutch.read_bytes() == english.read_bytes()
    assert json.loads(dutch.read_text(encoding="utf-8").splitlines()[0])["municipality"] == "GM0599"


def test_a_dutch_list_s_problems_name_its_own_columns(tmp_path):
    with pytest.raises(PersonsFileError) as refused:
        _encode(tmp_path, f"{DUTCH_HEADER}\n;Jan;Jansen;1990-01-02;M;NL;2025;\n")
    assert refused.value.problems == ["rij 2: kenmerk is leeg"]
    with pytest.raises(PersonsFileError) as refused:
        _encode(tmp_path, "kenmerk;voornaam\nR1;Jan\n")
    message = str(refused.value)
    assert (
        "ontbrekende kolommen: achternaam (family_name), geboortedatum (date_of_birth)" in message
    )
    assert "kenmerk (" not in message and "Jan" not in message


def test_a_mapping_given_on_the_command_line_is_not_second_guessed(tmp_path):
    # "voornaam" is mapped to family_name here: the Dutch names apply only without a mapping.
    mapping = parse_column_mapping("record_ref=kenmerk,given_name=roepnaam,family_name=voornaam")
    written, out = _encode(tmp_path, "kenmerk;roepnaam;voornaam\nR1;Jan;Jansen\n", mapping=mapping)
    assert written == 1 and json.loads(out.read_text(encoding="utf-8"))["record_ref"] == "R1"
