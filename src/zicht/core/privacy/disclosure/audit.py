"""The attacker's audit: what a reader can derive about every hidden cell.

The reader knows every published value, the additivity of the tables, what each symbol
means (``<5``: 1 to 4, because true zeros are shown; ``x``: 5 or more, because small counts
and zeros have their own symbols; a rounded count: within one base of the published value)
and the previous edition's published figures, suppressed or rounded. A cell with
the same key in both editions is taken to be the same number whenever the two publications
are consistent, which is how a reader differences editions. Ranges come from linear
programmes (SciPy, HiGHS): minimise and maximise each hidden cell.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from zicht.core.privacy.disclosure.components import connected_parts
from zicht.core.privacy.disclosure.engine import reader_range
from zicht.core.privacy.disclosure.model import AdditivityConstraint, CellKey
from zicht.core.privacy.disclosure.rules import DisclosureRule

TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class PublishedCell:
    """A cell as the public sees it: ``value`` is None when hidden, ``symbol`` says why."""

    key: CellKey
    value: int | None
    symbol: str = ""


class PublishedRelease(Protocol):
    @property
    def cells(self) -> tuple[PublishedCell, ...]: ...
    @property
    def constraints(self) -> tuple[AdditivityConstraint, ...]: ...
    @property
    def rules(self) -> Mapping[str, DisclosureRule]: ...


@dataclass(frozen=True, slots=True)
class HiddenCellRange:
    key: CellKey
    edition: str  # "current", "previous" or "rounded" (a true small count published rounded)
    symbol: str
    lower: float
    upper: float
    required_width: int

    @property
    def width(self) -> float:
        return self.upper - self.lower

    @property
    def passes(self) -> bool:
        return self.width >= self.required_width - TOLERANCE


@dataclass(frozen=True)
class AuditReport:
    ranges: tuple[HiddenCellRange, ...]
    published_small_counts: tuple[CellKey, ...]
    rules: Mapping[str, DisclosureRule]
    uses_previous_edition: bool
    previous_linked: bool = True

    @property
    def failures(self) -> tuple[HiddenCellRange, ...]:
        return tuple(r for r in self.ranges if not r.passes)

    @property
    def passed(self) -> bool:
        return not self.failures and not self.published_small_counts

    def count(self, symbol_kind: str) -> int:
        """Hidden cells of the current edition: ``"small"`` or ``"secondary"``."""
        small = {r.key for r in self.ranges if r.edition == "current" and r.symbol.startswith("<")}
        current = {r.key for r in self.ranges if r.edition == "current"}
        return len(small) if symbol_kind == "small" else len(current - small)

    def narrowest_range(self) -> float | None:
        """The narrowest derivable range of any hidden cell (``<k`` or ``x``)."""
        widths = [r.width for r in self.ranges if r.symbol]
        return min(widths) if widths else None

    def narrowest_small_range(self) -> float | None:
        widths = [r.width for r in self.ranges if r.symbol.startswith("<")]
        return min(widths) if widths else None


Watched = Mapping[tuple[str, CellKey], int]  # (edition, key) of a rounded cell -> width


def _link(
    current: Mapping[CellKey, PublishedCell],
    previous: Mapping[CellKey, PublishedCell],
    rules: tuple[Mapping[str, DisclosureRule], Mapping[str, DisclosureRule]],
    link: bool = True,
) -> tuple[dict, dict]:
    """Variables (what a reader treats as one number) and their bounds and origins. Each
    edition's cells are read by that edition's rules (a rule may change between editions)."""
    rules_now, rules_before = rules
    bounds: dict = {}
    origin: dict = {}
    for key, cell in current.items():
        bounds[key] = rules_now[key.indicator].knowledge_of(cell.value, cell.symbol)
        origin[key] = [("current", cell)]
    renamed = {}
    for key, cell in previous.items():
        low, high = rules_before[key.indicator].knowledge_of(cell.value, cell.symbol)
        if key in bounds and link:
            joint = (max(low, bounds[key][0]), min(high, bounds[key][1]))
            if joint[0] <= joint[1]:  # consistent: the reader takes it as the same number
                bounds[key] = joint
                origin[key].append(("previous", cell))
                continue
        variable = ("previous", key) if key in bounds else key
        renamed[key] = variable
        bounds[variable] = (low, high)
        origin[variable] = [("previous", cell)]
    return bounds, {"origin": origin, "renamed": renamed}


def audit_release(
    release: PublishedRelease,
    previous: PublishedRelease | None = None,
    *,
    small_rounded: Collection[CellKey] = (),
) -> AuditReport:
    """Every hidden cell's derivable range; a hidden cell (``<threshold`` or ``x``) passes
    when its range spans at least its rule's ``minimum_range_width``.

    Rounded cells are intervals to the reader (within one base of the published value).
    ``small_rounded`` names this release's rounded cells that hold a true small count (only
    the protector knows which): their ranges (edition ``"rounded"``), from both editions
    together, must meet the rule as well. A previous edition's rounded cell that may hold a
    small count and is not republished now is held to the rule's width, or to what the
    previous edition alone left open when that was narrower: this edition must not narrow it.

    When the two editions cannot both hold with shared cells as one number (revised figures
    the reader cannot reconcile), the editions are audited side by side, unlinked, and the
    report says so (``previous_linked``)."""
    rules_before = dict(previous.rules) if previous is not None else {}
    rules_now = dict(release.rules)
    rules = rules_before | rules_now
    current = {cell.key: cell for cell in release.cells}
    earlier = {cell.key: cell for cell in previous.cells} if previous is not None else {}
    old_constraints = previous.constraints if previous is not None else ()
    watched = {
        ("current", key): rules_now[key.indicator].minimum_range_width for key in small_rounded
    }
    if previous is not None:
        watched |= _previous_rounded(earlier, rules_before, old_constraints)
    both = (rules_now, rules_before)
    try:
        ranges = _ranges(
            current, earlier, both, release.constraints, old_constraints, True, watched
        )
        linked = True
    except ArithmeticError:
        ranges = _ranges(
            current, earlier, both, release.constraints, old_constraints, False, watched
        )
        linked = False
    small_published = tuple(
        key
        for key, cell in current.items()
        if cell.value is not None and rules_now[key.indicator].is_small(cell.value)
    )
    return AuditReport(
        tuple(ranges), small_published, rules, previous is not None, previous_linked=linked
    )


def _previous_rounded(earlier, rules, constraints) -> dict[tuple[str, CellKey], int]:
    """The previous edition's rounded cells that may hold a small count, each with the width
    it must keep: the rule's, or the range the previous edition alone left if narrower."""
    candidates = [
        key
        for key, cell in earlier.items()
        if rules[key.indicator].may_hold_small_count(cell.value)
    ]
    if not candidates:
        return {}
    alone = _ranges(
        earlier, {}, (rules, rules), constraints, (), True, {("current", k): 0 for k in candidates}
    )
    width = {r.key: r.width for r in alone if r.edition == "rounded"}
    return {
        ("previous", key): min(rules[key.indicator].minimum_range_width, width[key])
        for key in candidates
    }


def _ranges(
    current, earlier, rules, constraints_now, constraints_before, link: bool, watched: Watched
) -> list:
    bounds, links = _link(current, earlier, rules, link)
    constraints = [(c.total, c.parts) for c in constraints_now]
    renamed = links["renamed"]
    for c in constraints_before:
        constraints.append(
            (renamed.get(c.total, c.total), tuple(renamed.get(p, p) for p in c.parts))
        )
    origin = links["origin"]
    ranges = []
    for members, matrix in connected_parts(list(bounds), constraints):
        lower = np.array([bounds[m][0] for m in members])
        upper = np.array([bounds[m][1] for m in members])
        hidden = lower < upper
        # Hidden somewhere, but pinned by the other edition: a range of width zero.
        reported = [i for i, m in enumerate(members) if _watch(origin[m], watched)]
        movable = [i for i in reported if hidden[i]]
        found = reader_range(matrix, lower, hidden, lower, upper, movable) if movable else {}
        for i in reported:
            low, high = found.get(i, (lower[i], upper[i]))
            ranges.extend(_ranges_of(origin[members[i]], low, high, rules, watched))
    return ranges


def _watch(origins, watched: Watched) -> list:
    """The published cells behind one variable whose range the audit reports: every hidden
    cell, and watched rounded cells (a previous one only when this edition does not hold it)."""
    now = any(edition == "current" for edition, _ in origins)
    return [
        (edition, cell)
        for edition, cell in origins
        if cell.value is None
        or ((edition, cell.key) in watched and (edition == "current" or not now))
    ]


def _ranges_of(origins, low, high, rules, watched: Watched) -> list[HiddenCellRange]:
    out = []
    for edition, cell in _watch(origins, watched):
        if cell.value is None:
            # The protection interval holds for every hidden cell: '<k' and 'x' alike.
            rule = (rules[0] if edition == "current" else rules[1])[cell.key.indicator]
            required = rule.minimum_range_width
            out.append(HiddenCellRange(cell.key, edition, cell.symbol, low, high, required))
        else:
            label = "rounded" if edition == "current" else "previous"
            required = watched[(edition, cell.key)]
            out.append(HiddenCellRange(cell.key, label, "", low, high, required))
    return out
