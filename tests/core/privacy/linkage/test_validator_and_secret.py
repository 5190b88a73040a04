"""Zicht refuses encoding files with anything extra; a wrong secret links nothing."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from zicht.cli.link import app
from zicht.core.privacy.linkage import EncodingFileError, link_encodings, read_encoding_file
from zicht.core.privacy.linkage.synthetic import SyntheticListSettings, generate_lists

from .conftest import encode_lists

_GOOD = {
    "schema": "zicht-pprl/1",
    "source": "politie",
    "record_ref": "POL-1",
    "encoding": "ab" * 256,
    "year": "2025",
    "municipality": "Rotterdam",
    "exploitation_form": "seksueel",
    "age_group": "18-22",
}


def _write(tmp_path, lines):
    path = tmp_path / "upload.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_a_valid_file_is_accepted(tmp_path):
    loaded = read_encoding_file(_write(tmp_path, [_GOOD, {**_GOOD, "record_ref": "POL-2"}]))
    assert loaded.encodings.shape == (2, 256)
    assert loaded.record_refs == ["POL-1", "POL-2"]


@pytest.mark.parametrize(
    "broken",
    [
        {**_GOOD, "given_name": "Emma"},
        {**_GOOD, "date_of_birth": "1990-01-01"},
        {key: value for key, value in _GOOD.items() if key != "age_group"},
        {**_GOOD, "encoding": "ab" * 255},
        {**_GOOD, "encoding": "Emma de Vries".ljust(512, "0")},
        {**_GOOD, "schema": "zicht-pprl/0"},
        {**_GOOD, "municipality": "x" * 500},
        {**_GOOD, "year": 2025},
    ],
)
def test_a_file_with_anything_else_is_refused_without_echoing_values(tmp_path, broken):
    path = _write(tmp_path, [_GOOD, broken])
    with pytest.raises(EncodingFileError) as refused:
        read_encoding_file(path)
    assert "regel 2" in str(refused.value)
    assert "Emma" not in str(refused.value) and "1990" not in str(refused.value)


def test_the_cli_check_refuses_with_exit_code_two(tmp_path):
    path = _write(tmp_path, [{**_GOOD, "family_name": "Jansen"}])
    outcome = CliRunner().invoke(app, ["check", str(path)])
    assert outcome.exit_code == 2
    assert "Jansen" not in outcome.output


def test_a_wrong_secret_links_nothing():
    lists = generate_lists(SyntheticListSettings(population=3000, seed=11))
    right = encode_lists(lists)
    wrong = encode_lists(lists, secrets={"zorg": b"a-different-secret-held-by-zorg-only"})
    assert link_encodings(right.records).person_count < len(right.records.record_refs) * 0.9
    result = link_encodings(wrong.records)
    zorg = wrong.records.source_names.index("zorg")
    is_zorg = wrong.records.source_index == zorg
    linked_to_zorg = np.isin(result.person_index[~is_zorg], result.person_index[is_zorg])
    assert not linked_to_zorg.any()
