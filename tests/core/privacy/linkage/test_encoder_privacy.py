"""The encoder's output holds encodings and allowed attributes only, never identifying text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.core.privacy.linkage import RecordEncoder, encode_csv
from zicht.core.privacy.linkage.normalise import fold_text, name_tokens, parse_birth_date
from zicht.core.privacy.linkage.schema import DEFAULT_SCHEMA, NON_IDENTIFYING_FIELDS, OUTPUT_KEYS
from zicht.core.privacy.linkage.synthetic import (
    SyntheticListSettings,
    generate_lists,
    write_list_csv,
)

from .conftest import TEST_SECRET

IDENTIFYING = ("given_name", "family_name", "date_of_birth", "country_of_birth")
_HEX_ONLY = re.compile(r"[0-9a-f]+")


def _grams(value: str, length: int = 4) -> set[str]:
    grams = set()
    for variant in {value.lower(), fold_text(value), value.lower().replace("-", "")}:
        grams.update(variant[start : start + length] for start in range(len(variant) - length + 1))
    return {gram for gram in grams if len(gram.strip()) == length}


def _encoded_file(tmp_path: Path) -> tuple[list[dict[str, str]], list[dict]]:
    rows = generate_lists(SyntheticListSettings(population=600, seed=3)).records["politie"]
    source = tmp_path / "politie.csv"
    write_list_csv(rows, source)
    out = tmp_path / "politie.jsonl"
    written = encode_csv(source, out, TEST_SECRET)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == len(rows) == len(lines)
    return rows, lines


def test_output_has_only_the_schema_keys_and_hex_encodings(tmp_path):
    _, lines = _encoded_file(tmp_path)
    for line in lines:
        assert set(line) == OUTPUT_KEYS
        assert line["schema"] == DEFAULT_SCHEMA.version
        assert line["source"] == "politie"
        assert len(line["encoding"]) == DEFAULT_SCHEMA.encoding_hex_length
        assert _HEX_ONLY.fullmatch(line["encoding"])


def test_no_identifying_value_or_four_gram_appears_in_the_output(tmp_path):
    rows, lines = _encoded_file(tmp_path)
    text_outside_encodings = "\n".join(
        json.dumps(
            {key: value for key, value in line.items() if key not in ("encoding", "key_check")}
        ).lower()
        for line in lines
    )
    allowed = set()  # grams that the reference and attributes legitimately carry
    for row in rows:
        for name in (*NON_IDENTIFYING_FIELDS, "record_ref"):
            allowed |= _grams(row[name])
    encodings = "\n".join(line["encoding"] + " " + line["key_check"] for line in lines)
    checked = 0
    for row in rows:
        for name in IDENTIFYING:
            if not row[name]:
                continue
            if len(row[name]) > 3 and row[name].lower() not in allowed:
                assert row[name].lower() not in text_outside_encodings
            for gram in _grams(row[name]) - allowed:
                checked += 1
                assert gram not in text_outside_encodings
                # Hex text can only contain grams made of 0-9a-f; those are checked above.
                if not _HEX_ONLY.fullmatch(gram):
                    assert gram not in encodings
    assert checked > 1000


@settings(max_examples=60, deadline=None)
@given(
    given_name=st.text(alphabet=st.characters(categories=["L"]), min_size=4, max_size=14),
    family_name=st.text(alphabet=st.characters(categories=["L", "Zs"]), min_size=4, max_size=20),
)
def test_encoding_is_fixed_size_bits_whatever_the_name(given_name, family_name):
    encoder = RecordEncoder(TEST_SECRET)
    encoded = encoder.encode([{"given_name": given_name, "family_name": family_name}])
    assert encoded.shape == (1, DEFAULT_SCHEMA.encoding_bits // 8)
    assert encoded.dtype == np.uint8


def test_messy_variants_of_one_person_encode_identically():
    encoder = RecordEncoder(TEST_SECRET)
    base = {"given_name": "Zoë", "family_name": "van der Berg", "date_of_birth": "1990-04-07"}
    variants = [
        {"given_name": "Zoe", "family_name": "Berg, van der", "date_of_birth": "1990-04-07"},
        {"given_name": "van der Berg", "family_name": "Zoë", "date_of_birth": "1990-04-07"},
        {"given_name": "ZOË", "family_name": "v.d. Berg", "date_of_birth": "1990-07-04"},
        {"given_name": "Zoë", "family_name": "Van Der Berg", "date_of_birth": "07-04-1990"},
    ]
    # Day and month swapped keep the unordered tokens but lose the ordered one.
    expected = encoder.encode([base])
    for variant in variants[:2]:
        assert np.array_equal(encoder.encode([variant]), expected)
    assert name_tokens("v.d. Berg") == name_tokens("Berg, van der") == ["berg"]
    assert parse_birth_date("07-04-1990").year == 1990


def test_encoding_depends_on_the_secret():
    row = [{"given_name": "Emma", "family_name": "de Vries", "date_of_birth": "2001-02-03"}]
    first = RecordEncoder(TEST_SECRET).encode(row)
    second = RecordEncoder(b"another-secret-of-sufficient-length").encode(row)
    assert np.array_equal(first, RecordEncoder(TEST_SECRET).encode(row))
    differing = np.unpackbits(first ^ second).mean()
    assert 0.4 < differing < 0.6  # unrelated, as for two random bit strings
