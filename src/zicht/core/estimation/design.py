"""Design matrices of Poisson log-linear models with main effects and two-list terms.

A two-list term whose lists share no observed person (an "empty overlap") has maximum
likelihood value minus infinity. Following Chan, Silverman and Vincent (2021) it is not put in
the design; instead every capture history containing that pair is dropped from the fit, which
is exactly what a parameter at minus infinity does to those cells' expected counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zicht.core.estimation.table import CaptureTable

Term = tuple[int, int]


@dataclass(frozen=True)
class ModelDesign:
    """What a model looks like on a particular table."""

    fitted_terms: tuple[Term, ...]
    empty_overlap_terms: tuple[Term, ...]
    retained_cells: np.ndarray
    matrix: np.ndarray
    counts: np.ndarray

    @property
    def all_terms(self) -> tuple[Term, ...]:
        return self.fitted_terms + self.empty_overlap_terms


def normalise_term(term: Sequence[int]) -> Term:
    first, second = (int(term[0]), int(term[1]))
    if first == second:
        raise ValueError(f"A two-list term needs two different lists, got {term!r}.")
    return (min(first, second), max(first, second))


def build_design(table: CaptureTable, terms: Sequence[Term]) -> ModelDesign:
    """Design for main effects plus ``terms``; empty overlaps split off, their cells dropped."""
    fitted: list[Term] = []
    empty: list[Term] = []
    retained = np.ones(len(table.counts), dtype=bool)
    for raw_term in terms:
        term = normalise_term(raw_term)
        if term in fitted or term in empty:
            continue
        if table.overlap(*term) == 0:
            empty.append(term)
            retained &= ~((table.patterns[:, term[0]] == 1) & (table.patterns[:, term[1]] == 1))
        else:
            fitted.append(term)
    patterns = table.patterns[retained].astype(float)
    columns = [np.ones(len(patterns)), *patterns.T]
    columns += [patterns[:, i] * patterns[:, j] for i, j in fitted]
    matrix = np.column_stack(columns)
    return ModelDesign(
        fitted_terms=tuple(fitted),
        empty_overlap_terms=tuple(empty),
        retained_cells=retained,
        matrix=matrix,
        counts=table.counts[retained].astype(float),
    )


TERM_SEPARATOR = ":"


def term_name(table: CaptureTable, term: Term) -> str:
    return f"{table.list_names[term[0]]}{TERM_SEPARATOR}{table.list_names[term[1]]}"


def term_lists(text: str) -> list[str]:
    """The list names in a term's name (``"A:B"``), as :func:`term_name` wrote them."""
    return [part.strip() for part in text.split(TERM_SEPARATOR)]


def parse_term(table: CaptureTable, text: str) -> Term:
    """Read ``"A:B"`` into list indices, with a Dutch message for unknown lists."""
    parts = term_lists(text)
    if len(parts) != 2 or any(part not in table.list_names for part in parts):
        raise ValueError(
            f"Onbekende interactieterm '{text}': gebruik 'LIJST1:LIJST2' met lijsten uit "
            f"{', '.join(table.list_names)} (unknown two-list term)."
        )
    return normalise_term((table.list_names.index(parts[0]), table.list_names.index(parts[1])))


def all_pairs_in_fixed_order(list_count: int) -> list[Term]:
    """All pairs in the order of R's ``expand.grid`` (SparseMSE's ``mX = 0``)."""
    return [(i, j) for j in range(list_count) for i in range(j)]
