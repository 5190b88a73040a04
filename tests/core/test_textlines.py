"""Line by line in bounded memory: a line at the limit passes, one past it names its line."""

from __future__ import annotations

import io

import pytest

from zicht.core.textlines import LineTooLong, bounded_lines


def test_a_line_at_the_limit_passes_and_one_past_it_is_named():
    handle = io.StringIO("abc\n" + "x" * 9 + "\n" + "y" * 11 + "\nnever read\n")
    lines = bounded_lines(handle, max_characters=10)
    assert next(lines) == "abc\n" and next(lines) == "x" * 9 + "\n"  # 10 with its newline
    with pytest.raises(LineTooLong) as too_long:
        next(lines)
    assert (too_long.value.number, too_long.value.limit) == (3, 10)
    assert str(too_long.value) == "regel 3: de regel is langer dan 10 tekens"
    assert handle.tell() <= len("abc\n") + 10 + 11  # stopped within the long line


def test_the_limit_is_written_the_dutch_way():
    with pytest.raises(LineTooLong, match="langer dan 10.000 tekens"):
        list(bounded_lines(io.StringIO("z" * 10_001), max_characters=10_000))
