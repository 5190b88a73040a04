"""PDF products of published editions, built by the core and kept per process.

A report takes seconds to build; a published edition never changes, so each PDF is built once
per process and language (the key holds the edition's publication stamp).
"""

from __future__ import annotations

from zicht import config
from zicht.core.publication.factsheet import factsheet_pdf as render_factsheet
from zicht.core.publication.pdf_report import report_pdf as render_report
from zicht.web.publication import cache

_PDFS: dict[tuple, bytes] = {}
_LIMIT = 64


def _remember(key: tuple, build) -> bytes:
    if key not in _PDFS:
        if len(_PDFS) >= _LIMIT:
            _PDFS.clear()
        _PDFS[key] = build()
    return _PDFS[key]


def report_pdf(year: int, language: str) -> bytes | None:
    edition = cache.edition(year)
    if edition is None:
        return None
    synthetic = config.synthetic_data_notice()
    key = ("report", year, cache.edition_stamp(year), language, synthetic)
    return _remember(key, lambda: render_report(edition, cache.history(year), language, synthetic))


def factsheet_pdf(year: int, area: str, language: str) -> bytes | None:
    edition = cache.edition(year)
    if edition is None or area not in edition.areas or area == edition.region:
        return None
    previous = cache.edition(edition.previous_year) if edition.previous_year else None
    synthetic = config.synthetic_data_notice()
    key = ("factsheet", year, cache.edition_stamp(year), area, language, synthetic)
    return _remember(key, lambda: render_factsheet(edition, previous, area, language, synthetic))
