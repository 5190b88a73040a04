"""The browser encoder's Unicode tables are Python's: combining marks that the normaliser
drops, whitespace that str.strip() removes, and the digits that \\d reads in a birth date."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import zicht.web.linkage

TABLES = Path(zicht.web.linkage.__file__).parent / "static" / "linkage" / "unicode-tables.js"


def _numbers(name: str) -> list[int]:
    text = TABLES.read_text(encoding="utf-8")
    body = re.search(rf"export const {name} = \[([^\]]*)\]", text).group(1)
    return [int(value, 16) for value in body.split(",")]


def test_combining_ranges_are_exactly_the_code_points_python_drops():
    ranges = _numbers("COMBINING_RANGES")
    listed = {
        cp
        for first, last in zip(ranges[::2], ranges[1::2], strict=True)
        for cp in range(first, last + 1)
    }
    expected = {cp for cp in range(0x110000) if unicodedata.combining(chr(cp))}
    assert listed == expected


def test_whitespace_and_digit_zeros_are_pythons():
    assert _numbers("PYTHON_WHITESPACE") == [cp for cp in range(0x110000) if chr(cp).isspace()]
    zeros = _numbers("DIGIT_ZEROS")
    digits = [cp for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Nd"]
    assert all(any(0 <= cp - zero <= 9 for zero in zeros) for cp in digits)
    assert all(unicodedata.digit(chr(zero)) == 0 for zero in zeros)
    assert f'UNICODE_VERSION = "{unicodedata.unidata_version}"' in TABLES.read_text()
