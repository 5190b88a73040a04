"""Differential privacy per indicator: noisy counts before disclosure control.

An indicator whose catalogue rule says ``noise: {epsilon: 1.0}`` gets discrete Laplace noise
(OpenDP; ``zicht.core.privacy.dp``) on every count it publishes, before suppression:

- The **area partition**: each municipality's total (a person is in one municipality), or
  the region's total when only that is delivered. The region total of an additive indicator
  is then the sum of the noisy municipalities (post-processing, no extra budget).
- Each **breakdown** at an area (form of exploitation, age group...): every category gets
  noise, and the categories are then made to add up to the noisy area total (post-processing:
  the difference is spread over the largest categories one person at a time).

Each partition spends ``epsilon`` (parallel composition within it: one person changes one
count by at most 1), so the edition spends ``epsilon`` times the number of partitions; that
is what ``NoiseRecord.epsilon_spent`` records and the edition stores. Negative results become
0 (post-processing). The guarantee needs each person counted once: use it for person counts
deduplicated across partners (the linkage's ``registered_persons``), not for a sum of
partners' registrations, where one person can appear in several counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from zicht.core.catalog.model import Catalog
from zicht.core.privacy.dp import DifferentialPrivacySettings, Sampler, noise_margin, opendp_sampler
from zicht.core.publication.cells import Cell

SamplerFactory = Callable[[DifferentialPrivacySettings], Sampler]


@dataclass(frozen=True)
class NoiseRecord:
    """What one indicator's noise cost and how uncertain its figures are (95%)."""

    indicator: str
    epsilon: float  # per count (per partition)
    partitions: int
    margin: int  # 95% margin of one noisy count
    total_margin: int  # 95% margin of a region total summed from noisy municipalities

    @property
    def epsilon_spent(self) -> float:
        return self.epsilon * self.partitions

    def to_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "epsilon": self.epsilon,
            "partitions": self.partitions,
            "epsilon_spent": self.epsilon_spent,
            "margin": self.margin,
            "total_margin": self.total_margin,
        }


def add_noise(
    cells: list[Cell], catalog: Catalog, sampler: SamplerFactory = opendp_sampler
) -> tuple[list[Cell], tuple[NoiseRecord, ...]]:
    """The cells with noise on every indicator whose rule asks for it, and the records."""
    by_indicator: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_indicator[cell.indicator].append(cell)
    out: list[Cell] = []
    records = []
    for code, members in by_indicator.items():
        epsilon = catalog.indicators[code].disclosure.noise_epsilon
        if epsilon is None or not members:
            out += members
            continue
        settings = DifferentialPrivacySettings(epsilon=epsilon)
        noisy, record = _noisy_indicator(members, catalog, settings, sampler(settings))
        out += noisy
        records.append(record)
    return out, tuple(records)


def _noisy_indicator(cells, catalog, settings, draw: Sampler):
    municipalities = set(catalog.municipalities)
    totals = {c.area: c for c in cells if not c.breakdown}
    members = [a for a in totals if a in municipalities]
    additive = catalog.indicators[cells[0].indicator].additive
    noisy_total: dict[str, int] = {}
    for area in sorted(totals):
        if area in municipalities or not (additive and members):
            noisy_total[area] = max(0, draw(int(totals[area].value or 0)))
    for area in sorted(set(totals) - set(noisy_total)):  # a region over noisy municipalities
        parts = [noisy_total[m] for m in catalog.region_members(area) if m in noisy_total]
        noisy_total[area] = sum(parts)
    noisy = {c.key: replace(c, value=float(noisy_total[c.area])) for c in totals.values()}
    dimensions = sorted({(c.area, c.breakdown.split("=", 1)[0]) for c in cells if c.breakdown})
    for area, dimension in dimensions:
        group = [c for c in cells if c.area == area and c.breakdown.startswith(dimension + "=")]
        values = [max(0, draw(int(c.value or 0))) for c in group]
        target = noisy_total.get(area, sum(values))
        for cell, value in zip(group, _adding_up(values, target), strict=True):
            noisy[cell.key] = replace(cell, value=float(value))
    partitions = 1 + len({dimension for _, dimension in dimensions})
    n = len(members) if additive else 1  # a region total summed from n noisy municipalities
    record = NoiseRecord(
        cells[0].indicator,
        settings.epsilon,
        partitions,
        noise_margin(settings.epsilon, settings.sensitivity),
        _sum_margin(settings, n) if n > 1 else noise_margin(settings.epsilon),
    )
    return [noisy[c.key] for c in cells], record


def figure_noise_margin(record: Mapping[str, Any], *, region_total: bool) -> int:
    """The 95% margin of one published noisy figure (``record``: ``NoiseRecord.to_dict``):
    a region total summed from noisy municipalities has the wider ``total_margin``; every
    other count (a municipality, a category, a region counted as a whole) ``margin``."""
    return int(record["total_margin"] if region_total else record["margin"])


def _adding_up(values: list[int], target: int) -> list[int]:
    """Move the categories one person at a time (largest first) until they sum to target."""
    values = list(values)
    while sum(values) != target:
        step = 1 if sum(values) < target else -1
        order = sorted(range(len(values)), key=lambda i: -values[i])
        index = next((i for i in order if values[i] + step >= 0), None)
        if index is None:
            break
        values[index] += step
    return values


def _sum_margin(settings: DifferentialPrivacySettings, n: int) -> int:
    """95% margin of a sum of n independent noises (normal approximation of the sum)."""
    a = math.exp(-1 / settings.scale)
    variance = 2 * a / (1 - a) ** 2
    return math.ceil(1.96 * math.sqrt(n * variance))
