"""The open data of an edition as files (``zicht export``): CSVs, CSVW, JSON and DCAT."""

from __future__ import annotations

import json
from pathlib import Path

from zicht.core.publication import opendata
from zicht.core.publication.metadata import csvw_metadata, dcat_dataset
from zicht.web.publication import cache


def write_open_data(*, year: int, out: Path, base_url: str) -> Path:
    edition = cache.edition(year)
    if edition is None:
        raise LookupError(f"no published edition {year}")
    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    for name, render in opendata.CSV_FILES.items():
        (folder / name).write_text(render(edition), encoding="utf-8", newline="")
    metadata = csvw_metadata(edition, base_url)
    (folder / "csv-metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=1))
    (folder / f"zicht-{year}.json").write_text(opendata.edition_json_text(edition), "utf-8")
    landing = f"{base_url.rstrip('/')}/editie/{year}/"
    dataset = dcat_dataset(edition, base_url, landing)
    (folder / "dcat.jsonld").write_text(json.dumps(dataset, ensure_ascii=False, indent=1))
    return folder
