"""Linkage judged by what it feeds: the population estimate from Zicht's links against the
estimate from the true links, on generated list sets (issue 16 item 5).

The per-cell target for the capture-history table was withdrawn: some errors cannot be
decided from what the encodings hold, and what matters downstream is the multiple systems
estimate. The truth is used only to score: linkage runs with its automatic threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zicht.core.estimation import (
    CaptureTable,
    EstimationResult,
    EstimationSettings,
    capture_table_from_patterns,
    estimate_population,
)
from zicht.core.privacy.linkage.encoder import RecordEncoder
from zicht.core.privacy.linkage.linker import EncodedRecords, link_encodings
from zicht.core.privacy.linkage.schema import DEFAULT_SCHEMA, EncodingSchema
from zicht.core.privacy.linkage.similarity import pack_words
from zicht.core.privacy.linkage.synthetic import SyntheticListSettings, generate_lists

#: The generated list sets of the linkage benchmark: three and four lists, three seeds each.
LIST_SETS: dict[str, SyntheticListSettings] = {
    "three": SyntheticListSettings(population=8000),
    "three-seed11": SyntheticListSettings(population=8000, seed=11),
    "three-seed12": SyntheticListSettings(population=8000, seed=12),
    **{
        name: SyntheticListSettings(
            population=6000,
            capture_probabilities=(0.3, 0.25, 0.2, 0.3),
            source_names=("politie", "zorg", "humanitas", "inspectie"),
            seed=seed,
        )
        for name, seed in (("four", 77), ("four-seed78", 78), ("four-seed79", 79))
    },
}

#: The criterion: Zicht's estimate within 2% of the true-links estimate.
RELATIVE_TOLERANCE = 0.02


@dataclass(frozen=True)
class EstimateComparison:
    """One list set: both tables' estimates and whether the criterion holds."""

    name: str
    population: int
    persons_true: int
    persons_linked: int
    truth: EstimationResult
    linked: EstimationResult

    @property
    def relative_difference(self) -> float:
        return (self.linked.estimate - self.truth.estimate) / self.truth.estimate

    @property
    def truth_inside_interval(self) -> bool:
        return self.linked.ci_low <= self.truth.estimate <= self.linked.ci_high

    @property
    def met(self) -> bool:
        return abs(self.relative_difference) <= RELATIVE_TOLERANCE and self.truth_inside_interval


def _table(list_names: list[str], person: np.ndarray, source: np.ndarray) -> CaptureTable:
    seen = np.zeros((int(person.max()) + 1, len(list_names)), dtype=np.int8)
    seen[person, source] = 1
    histories = seen[seen.any(axis=1)]
    patterns, counts = np.unique(histories, axis=0, return_counts=True)
    return capture_table_from_patterns(
        list_names, zip(patterns.tolist(), counts.tolist(), strict=True)
    )


def compare_estimates(
    name: str,
    settings: SyntheticListSettings,
    secret: bytes,
    estimation: EstimationSettings | None = None,
    schema: EncodingSchema = DEFAULT_SCHEMA,
) -> EstimateComparison:
    """Generate, encode, link (automatic threshold) and estimate from both tables."""
    lists = generate_lists(settings)
    names = list(lists.records)
    rows = [(index, row) for index, part in enumerate(lists.records.values()) for row in part]
    source = np.array([index for index, _ in rows])
    truth = np.array([lists.person_of_record[(names[i], row["record_ref"])] for i, row in rows])
    encoder = RecordEncoder(secret, schema)
    records = EncodedRecords(
        names,
        source,
        [row["record_ref"] for _, row in rows],
        pack_words(np.concatenate([encoder.encode(part) for part in lists.records.values()])),
        {key: [row[key] for _, row in rows] for key in ("year", "age_group")},
    )
    result = link_encodings(records)
    return EstimateComparison(
        name=name,
        population=settings.population,
        persons_true=len(set(truth.tolist())),
        persons_linked=result.person_count,
        truth=estimate_population(_table(names, truth, source), estimation),
        linked=estimate_population(_table(names, result.person_index, source), estimation),
    )
