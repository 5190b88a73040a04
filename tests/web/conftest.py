from __future__ import annotations

import pytest

from zicht.demo.deliveries import demo_files
from zicht.web.monitor.publishing import edition_publish
from zicht.web.monitor.services import delivery_import


def import_files(catalog, files) -> None:
    for file in files:
        delivery_import(
            catalog=catalog,
            partner=file.partner,
            year=file.year,
            filename=file.filename,
            content=file.content,
            note=file.note,
        )


@pytest.fixture
def demo_monitor(db, catalog):
    """The demo monitor: every synthetic delivery imported and every edition published."""
    import_files(catalog, demo_files(catalog))
    for year in sorted(catalog.editions):
        edition_publish(catalog=catalog, year=year)
    return catalog
