"""The demo's person lists: synthetic, messy, encoded at the "partner" and linked by Zicht.

Each year three partners (police, Humanitas, MO care table) register part of one synthetic
population of (possible) victims. Their lists are encoded with the shared secret as a partner
would do it, and only the encodings are linked; the overlap feeds the MSE estimate.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from zicht.core.privacy.linkage import encode_csv, link_files
from zicht.core.privacy.linkage.synthetic import (
    SyntheticListSettings,
    generate_lists,
    write_list_csv,
)

# Each list is named after its partner's catalogue code, so the estimate's notes can name it.
SOURCES = ("politie-rotterdam", "humanitas", "mo-zorgtafel")
CAPTURE = (0.33, 0.11, 0.05)
POPULATION = {2018: 860, 2019: 910, 2020: 1_000, 2021: 1_090}


def demo_overlap(year: int, folder: Path, secret: bytes) -> pl.DataFrame:
    """Encode each partner's synthetic list and link the encodings; return the overlap table."""
    folder.mkdir(parents=True, exist_ok=True)
    lists = generate_lists(
        SyntheticListSettings(
            population=POPULATION[year],
            capture_probabilities=CAPTURE,
            source_names=SOURCES,
            seed=7_000 + year,
        )
    )
    encoded = []
    for source, rows in lists.records.items():
        plain = folder / f"{source}-{year}.csv"  # at the partner: identifying, never uploaded
        write_list_csv(rows, plain)
        target = folder / f"{source}-{year}.jsonl"
        encode_csv(plain, target, secret, source=source)
        plain.unlink()
        encoded.append(target)
    return link_files(encoded).overlap()
