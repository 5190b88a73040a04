"""Tables of counts with their additivity: cells, dimensions with hierarchies, constraints.

A cell is identified by a ``CellKey``: the indicator and its coordinates, with breakdown
margins (code ``totaal``) left out, so that the same number in two linked tables (the
municipality total of an area x form table and of an area x age table) is one cell.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

TOTAL_CODE = "totaal"


@dataclass(frozen=True, slots=True, order=True)
class CellKey:
    indicator: str
    coordinates: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, indicator: str, coordinates: Mapping[str, str]) -> CellKey:
        kept = tuple(sorted((d, c) for d, c in coordinates.items() if c != TOTAL_CODE))
        return cls(indicator, kept)

    def coordinate(self, dimension: str) -> str:
        return dict(self.coordinates).get(dimension, TOTAL_CODE)


@dataclass(frozen=True, slots=True)
class AdditivityConstraint:
    """``total`` equals the sum of ``parts`` (all counts)."""

    total: CellKey
    parts: tuple[CellKey, ...]


@dataclass(frozen=True)
class Dimension:
    """A dimension and its hierarchy: ``children`` maps each parent code to its child codes.

    A flat breakdown has one parent, its margin (``totaal``). An area hierarchy nests:
    ``{"NL": ("RE01", "RE02"), "RE01": ("GM0599", ...)}``.
    """

    name: str
    root: str
    children: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def flat(cls, name: str, categories: tuple[str, ...], root: str = TOTAL_CODE) -> Dimension:
        return cls(name, root, {root: tuple(categories)})

    def codes(self) -> tuple[str, ...]:
        """Every code, parents before their children."""
        ordered = [self.root]
        for code in ordered:
            ordered.extend(self.children.get(code, ()))
        return tuple(ordered)


@dataclass(frozen=True)
class CellTable:
    """One table of an indicator: every combination of the dimensions' codes has a count.

    ``fixed`` holds coordinates shared by all cells (e.g. ``{"period": "2020"}``).
    ``values`` maps a tuple of codes (in dimension order) to the count.
    """

    indicator: str
    dimensions: tuple[Dimension, ...]
    values: Mapping[tuple[str, ...], int]
    fixed: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_leaves(
        cls,
        indicator: str,
        dimensions: tuple[Dimension, ...],
        leaf_values: Mapping[tuple[str, ...], int],
        fixed: Mapping[str, str] | None = None,
    ) -> CellTable:
        """Build the table from its innermost cells; every margin is summed (missing = 0)."""
        leaves = [[c for c in d.codes() if c not in d.children] for d in dimensions]
        values = {combo: int(leaf_values.get(combo, 0)) for combo in itertools.product(*leaves)}
        for position, dimension in reversed(list(enumerate(dimensions))):
            for parent in reversed(dimension.codes()):
                children = dimension.children.get(parent)
                if not children:
                    continue
                for combo in [k for k in values if k[position] == children[0]]:
                    total_key = combo[:position] + (parent,) + combo[position + 1 :]
                    values[total_key] = sum(
                        values[combo[:position] + (child,) + combo[position + 1 :]]
                        for child in children
                    )
        return cls(indicator, dimensions, values, dict(fixed or {}))

    def key(self, codes: tuple[str, ...]) -> CellKey:
        coordinates = dict(self.fixed)
        coordinates.update(zip((d.name for d in self.dimensions), codes, strict=True))
        return CellKey.of(self.indicator, coordinates)

    def cells(self) -> dict[CellKey, int]:
        combos = itertools.product(*(d.codes() for d in self.dimensions))
        return {self.key(combo): int(self.values.get(combo, 0)) for combo in combos}

    def constraints(self) -> list[AdditivityConstraint]:
        constraints = []
        all_codes = [d.codes() for d in self.dimensions]
        for position, dimension in enumerate(self.dimensions):
            others = all_codes[:position] + [("",)] + all_codes[position + 1 :]
            for combo in itertools.product(*others):
                for parent, children in dimension.children.items():

                    def at(code: str, combo: tuple[str, ...] = combo, i: int = position) -> CellKey:
                        return self.key(combo[:i] + (code,) + combo[i + 1 :])

                    constraints.append(
                        AdditivityConstraint(at(parent), tuple(at(c) for c in children))
                    )
        return constraints


def check_additivity(cells: Mapping[CellKey, int], constraints: list[AdditivityConstraint]) -> None:
    """Raise ValueError naming the first constraint that does not add up."""
    for constraint in constraints:
        parts = sum(cells[part] for part in constraint.parts)
        if cells[constraint.total] != parts:
            raise ValueError(f"table does not add up at {constraint.total}")
