"""Published editions, typed, kept per process: a published edition never changes.

The key holds the edition's id and publication time, so a database that is rebuilt (the demo,
the tests) never serves an edition it no longer has.
"""

from __future__ import annotations

from zicht.core.publication.published import PublishedEdition
from zicht.web.monitor import selectors
from zicht.web.publication.gate import edition_data

MIN_YEAR, MAX_YEAR = 1900, 9999
_EDITIONS: dict[tuple[int, int, str], PublishedEdition] = {}


def _key(year: int) -> tuple[int, int, str] | None:
    if not MIN_YEAR <= year <= MAX_YEAR:  # also keeps huge numbers away from the database
        return None
    row = selectors.published_editions().filter(year=year).values_list("pk", "published_at")
    found = row.first()
    if found is None:
        return None
    return (year, found[0], found[1].isoformat())


def edition_stamp(year: int) -> str | None:
    key = _key(year)
    return None if key is None else f"{key[1]}:{key[2]}"


def edition(year: int) -> PublishedEdition | None:
    key = _key(year)
    if key is None:
        return None
    if key not in _EDITIONS:
        if len(_EDITIONS) > 32:  # editions of a rebuilt database: forget them
            _EDITIONS.clear()
        _EDITIONS[key] = edition_data(edition=selectors.published_edition(year=year))
    return _EDITIONS[key]


def published_years() -> list[int]:
    return list(selectors.published_editions().values_list("year", flat=True))


def history(year: int) -> list[PublishedEdition]:
    """Every published edition up to ``year``, oldest first (for trends)."""
    return [e for y in published_years() if y <= year if (e := edition(y)) is not None]
