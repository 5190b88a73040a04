"""Weak evidence from the non-identifying attributes: can two records be one person?

Every record carries its registration ``year`` and the person's ``age_group`` then. Together
they bound the birth year: a "<18" record of 2024 was born after 2006, a "30+" record of
2025 before 1996. Two records whose bounds do not overlap cannot be one person (unless an
attribute is wrong), which rules out many near-miss pairs of namesakes that the encodings
alone cannot tell apart. Records without (readable) attributes are unbounded: the check
then says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

UNBOUNDED_LOW = -(10**6)
UNBOUNDED_HIGH = 10**6

_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")
_BELOW = re.compile(r"^\s*<\s*(\d+)\s*$")
_FROM = re.compile(r"^\s*(\d+)\s*(?:\+|-?\s*plus|\s*(?:jaar\s+)?(?:of|en)\s+ouder)\s*$")
# The catalogue's own word for under 18 (dimension ``age_group``), and its English peers.
_MINOR = frozenset({"minderjarig", "minor", "under 18"})


def age_bounds(label: str) -> tuple[int, int] | None:
    """Youngest and oldest age an age-group label allows, or None if it is not readable.

    Reads the generator's labels (``<18``, ``18-22``, ``30+``) and the catalogue's codes
    (``minderjarig``, ``18-23``, ``31-plus``); ``onbekend`` and anything else say nothing.
    """
    if label.strip().casefold() in _MINOR:
        return 0, 17
    if match := _RANGE.match(label):
        return int(match[1]), int(match[2])
    if match := _BELOW.match(label):
        return 0, int(match[1]) - 1
    if match := _FROM.match(label):
        return int(match[1]), UNBOUNDED_HIGH
    return None


def birth_year_bounds(attributes: Mapping[str, Sequence[str]], size: int) -> np.ndarray:
    """``(size, 2)`` earliest and latest possible birth year per record."""
    bounds = np.empty((size, 2), dtype=np.int64)
    bounds[:, 0], bounds[:, 1] = UNBOUNDED_LOW, UNBOUNDED_HIGH
    years, groups = attributes.get("year"), attributes.get("age_group")
    if years is None or groups is None:
        return bounds
    parsed: dict[str, tuple[int, int] | None] = {}
    for row, (year, group) in enumerate(zip(years, groups, strict=True)):
        if group not in parsed:
            parsed[group] = age_bounds(group)
        ages = parsed[group]
        if ages is None or not year.strip().isdigit():
            continue
        # The schema's age is the age reached in the year (on 31 December, as CBS counts):
        # a person aged a in year y was born in y - a.
        bounds[row] = int(year) - ages[1], int(year) - ages[0]
    return bounds
