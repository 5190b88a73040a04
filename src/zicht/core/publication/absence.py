"""Why a municipality has no figure for an indicator: one rule for every product that says so
(the municipality page, the factsheet), so that they never disagree."""

from __future__ import annotations

from enum import StrEnum


class Absence(StrEnum):
    NOT_AGREED = "not_agreed"  # in preparation or no data yet: the status says why
    REGION_ONLY = "region_only"  # the figure exists for the whole region only
    COLLECTED_ELSEWHERE = "collected_elsewhere"  # its partner delivers for other municipalities
    NOT_DELIVERED = "not_delivered"  # expected for this municipality, not (yet) delivered


def why_absent(
    *, agreed: bool, region_only: bool, collected_for: tuple[str, ...], area: str
) -> Absence:
    """``collected_for`` empty means the partner delivers for the whole region."""
    if not agreed:
        return Absence.NOT_AGREED
    if region_only:
        return Absence.REGION_ONLY
    if collected_for and area not in collected_for:
        return Absence.COLLECTED_ELSEWHERE
    return Absence.NOT_DELIVERED
