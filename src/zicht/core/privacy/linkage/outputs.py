"""Tables from a linkage: links per record, the overlap table for the MSE, person counts.

None of these tables holds an encoding; the links table holds record references, which
stay with Zicht's coordinator. The overlap table and the counts are aggregates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

ALL_SOURCES = "*"


def person_identifiers(person_index: np.ndarray) -> list[str]:
    return [f"P{index + 1:07d}" for index in person_index.tolist()]


def links_table(
    source_names: Sequence[str],
    source_index: np.ndarray,
    record_refs: Sequence[str],
    person_index: np.ndarray,
) -> pl.DataFrame:
    """``source, record_ref, person_id``, one row per record, in input order."""
    return pl.DataFrame(
        {
            "source": [source_names[index] for index in source_index.tolist()],
            "record_ref": list(record_refs),
            "person_id": person_identifiers(person_index),
        }
    )


def overlap_table(
    source_names: Sequence[str], source_index: np.ndarray, person_index: np.ndarray
) -> pl.DataFrame:
    """Capture histories: one 0/1 column per source and ``count``; no all-zero row.

    Rows come in a fixed order (histories read as binary numbers, first source highest).
    """
    persons = int(person_index.max(initial=-1)) + 1
    seen = np.zeros((persons, len(source_names)), dtype=np.int8)
    seen[person_index, source_index] = 1
    histories, counts = np.unique(seen, axis=0, return_counts=True)
    order = np.lexsort(histories.T[::-1])
    columns = {
        name: histories[order, position].astype(np.int64)
        for position, name in enumerate(source_names)
    }
    return pl.DataFrame({**columns, "count": counts[order].astype(np.int64)})


def unique_person_counts(
    source_names: Sequence[str],
    source_index: np.ndarray,
    person_index: np.ndarray,
    attributes: Mapping[str, Sequence[str]],
    by: Sequence[str] = ("municipality", "year"),
) -> pl.DataFrame:
    """Unique persons per source and per ``by`` cell, plus all sources together (``*``).

    A person recorded in two areas counts once in each area and once per source.
    """
    frame = pl.DataFrame(
        {
            "source": [source_names[index] for index in source_index.tolist()],
            "person": person_index,
            **{name: list(attributes[name]) for name in by},
        }
    )
    per_source = frame.group_by(["source", *by]).agg(pl.col("person").n_unique().alias("persons"))
    together = (
        frame.group_by(list(by))
        .agg(pl.col("person").n_unique().alias("persons"))
        .with_columns(pl.lit(ALL_SOURCES).alias("source"))
        .select(["source", *by, "persons"])
    )
    return pl.concat([per_source, together]).sort(["source", *by])
