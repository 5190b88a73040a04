"""Publication: protect an edition's tables and return what the public may see."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from zicht.core.errors import ZichtError
from zicht.core.privacy.disclosure.audit import (
    AuditReport,
    PublishedCell,
    PublishedRelease,
    audit_release,
)
from zicht.core.privacy.disclosure.components import connected_parts
from zicht.core.privacy.disclosure.engine import CellState, Component
from zicht.core.privacy.disclosure.model import (
    AdditivityConstraint,
    CellKey,
    CellTable,
    check_additivity,
)
from zicht.core.privacy.disclosure.rounding import controlled_rounding
from zicht.core.privacy.disclosure.rules import (
    SECONDARY_SYMBOL,
    DisclosureRule,
    SuppressionSettings,
)
from zicht.core.privacy.disclosure.suppression import protect_component


@dataclass(frozen=True)
class ProtectedRelease:
    """An edition's cells as published, the rules used and the audit that passed them."""

    cells: tuple[PublishedCell, ...]
    constraints: tuple[AdditivityConstraint, ...]
    rules: Mapping[str, DisclosureRule]
    audit: AuditReport
    settings: SuppressionSettings = field(default_factory=SuppressionSettings)
    methods: tuple[str, ...] = ()

    def cell(self, key: CellKey) -> PublishedCell:
        return self._by_key()[key]

    def _by_key(self) -> dict[CellKey, PublishedCell]:
        return {cell.key: cell for cell in self.cells}

    def information_loss(self, true_values: Mapping[CellKey, int]) -> tuple[int, int]:
        """(number, total) of secondary suppressions, from the protector's true values; the
        small cells are hidden by the rule anyway. Internal: not for publication."""
        secondary = [c.key for c in self.cells if c.symbol == SECONDARY_SYMBOL]
        return len(secondary), sum(true_values[key] for key in secondary)


class DisclosureRefused(ZichtError):
    """The audit found hidden cells a reader can narrow too far. Names cells, never values."""

    code = "disclosure_refused"

    def __init__(self, report: AuditReport) -> None:
        self.report = report
        failing = [f"{r.key} ({r.edition})" for r in report.failures[:10]]
        published = [str(k) for k in report.published_small_counts[:10]]
        super().__init__(
            f"publicatie geweigerd: {len(report.failures)} afgeschermde cel(len) te nauwkeurig af"
            f" te leiden {failing}; {len(report.published_small_counts)} klein(e) aantal(len)"
            f" gepubliceerd {published}"
        )


def collect_cells(
    tables: Sequence[CellTable],
) -> tuple[dict[CellKey, int], tuple[AdditivityConstraint, ...]]:
    """All cells of the (possibly linked) tables and their constraints, checked to add up."""
    cells: dict[CellKey, int] = {}
    constraints: dict[AdditivityConstraint, None] = {}
    for table in tables:
        for key, value in table.cells().items():
            if cells.setdefault(key, value) != value:
                raise ValueError(f"linked tables disagree on cell {key}")
        constraints.update(dict.fromkeys(table.constraints()))
    check_additivity(cells, list(constraints))
    return cells, tuple(constraints)


def protect_edition(
    tables: Sequence[CellTable],
    rule_by_indicator: Mapping[str, DisclosureRule],
    previous: PublishedRelease | None = None,
    *,
    settings: SuppressionSettings | None = None,
    strict: bool = True,
) -> ProtectedRelease:
    """Primary and secondary suppression of every table, then the audit.

    Raises ``DisclosureRefused`` (when ``strict``) if the audit fails, e.g. for a breakdown
    whose small parts are pinned by a small total; the report is attached to the error.
    """
    settings = settings or SuppressionSettings()
    cells, constraints = collect_cells(tables)
    missing = {key.indicator for key in cells} - set(rule_by_indicator)
    if missing:
        raise ValueError(f"no disclosure rule for indicators {sorted(missing)}")
    rounded = _controlled_rounding(cells, constraints, rule_by_indicator, settings, previous)
    try:
        states, methods = _suppress(cells, constraints, rule_by_indicator, previous, settings, True)
    except ArithmeticError:
        # Revised figures: the editions cannot share cells; protect against each side by side.
        states, methods = _suppress(
            cells, constraints, rule_by_indicator, previous, settings, False
        )
    release = _published(cells, states, rule_by_indicator, constraints, rounded)
    # The true small counts published rounded: the reader's range of each, from this and the
    # previous edition together, must meet the rule (only the protector knows which they are).
    small_rounded = [k for k in rounded if 1 <= cells[k] < rule_by_indicator[k.indicator].threshold]
    report = audit_release(release, previous, small_rounded=small_rounded)
    if strict and not report.passed:
        raise DisclosureRefused(report)
    return ProtectedRelease(
        release.cells, constraints, dict(rule_by_indicator), report, settings, tuple(methods)
    )


def _suppress(cells, constraints, rule_by_indicator, previous, settings, link: bool):
    earlier = {cell.key: cell for cell in previous.cells} if previous is not None else {}
    states, bounds, base = _initial_knowledge(cells, rule_by_indicator, earlier, previous, link)
    all_constraints = [(c.total, c.parts) for c in constraints]
    if previous is not None:
        all_constraints += _previous_constraints(previous, states)
    methods = []
    for members, matrix in connected_parts(list(states), all_constraints):
        component = Component(
            matrix=matrix,
            base=np.array([base.get(m, 0.0) for m in members], dtype=float),
            state=np.array([states[m] for m in members], dtype=int),
            lower=np.array([bounds[m][0] for m in members], dtype=float),
            upper=np.array([bounds[m][1] for m in members], dtype=float),
        )
        _complete_base(component)
        rule = _rule_of(members, rule_by_indicator)
        if rule is not None:
            methods.append(protect_component(component, rule, settings))
        for member, state in zip(members, component.state, strict=True):
            states[member] = int(state)
    return states, methods


def _initial_knowledge(cells, rules, earlier, previous, link: bool = True):
    """Each variable's state, the reader's bounds on it and the protector's value. A cell
    published before is one number with the cell now when its true value fits what was
    published (exact, a symbol's interval or a rounded value's), and the reader's bounds
    are then both editions' together."""
    states, bounds, base = {}, {}, {}
    for key, value in cells.items():
        rule = rules[key.indicator]
        before = earlier.get(key)
        exact_before = before is not None and not previous.rules[key.indicator].rounds
        if rule.is_small(value):
            states[key], bounds[key] = CellState.PRIMARY, rule.bounds_of(rule.small_symbol)
        elif (
            rule.applies
            and not rule.rounds
            and value >= rule.threshold
            and not (exact_before and before.value == value)
        ):
            states[key], bounds[key] = CellState.CANDIDATE, rule.bounds_of(SECONDARY_SYMBOL)
        else:
            states[key], bounds[key] = CellState.PUBLIC, (value, value)
        base[key] = float(value)
    for key, cell in earlier.items():
        known = previous.rules[key.indicator].knowledge_of(cell.value, cell.symbol)
        if link and key in cells and known[0] <= cells[key] <= known[1]:
            # The same number as now: the current cell carries it, and what was published.
            low, high = bounds[key]
            bounds[key] = (max(low, known[0]), min(high, known[1]))
            continue
        variable = ("previous", key) if key in cells else key
        hidden = known[0] < known[1]
        states[variable] = CellState.HIDDEN_ELSEWHERE if hidden else CellState.PUBLIC
        bounds[variable] = known
        if not hidden:
            base[variable] = known[0]
    return states, bounds, base


def _previous_constraints(previous, states):
    def variable(key):
        return ("previous", key) if ("previous", key) in states else key

    return [(variable(c.total), tuple(variable(p) for p in c.parts)) for c in previous.constraints]


def _complete_base(component: Component) -> None:
    """Give previous-only hidden cells a value consistent with everything known (an LP)."""
    unknown = component.state == CellState.HIDDEN_ELSEWHERE
    if not unknown.any():
        return
    a_unknown = component.matrix[:, unknown]
    rhs = -(component.matrix[:, ~unknown] @ component.base[~unknown])
    bounds = list(
        zip(
            component.lower[unknown],
            [None if np.isinf(hi) else hi for hi in component.upper[unknown]],
            strict=False,
        )
    )
    result = linprog(np.zeros(int(unknown.sum())), A_eq=a_unknown, b_eq=rhs, bounds=bounds)
    if result.status != 0:
        raise ArithmeticError("the previous edition is inconsistent with this one (revisions)")
    component.base[unknown] = result.x


def _rule_of(members, rules) -> DisclosureRule | None:
    indicators = {m.indicator for m in members if isinstance(m, CellKey)}
    applying = [rules[i] for i in indicators if i in rules and rules[i].applies]
    if any(rule.rounds for rule in applying):
        return None  # rounded, not suppressed
    if len({(r.threshold, r.minimum_range_width) for r in applying}) > 1:
        raise ValueError("linked indicators must share one disclosure rule")
    return applying[0] if applying else None


def _published(cells, states, rules, constraints, rounded) -> ProtectedRelease:
    published = []
    for key in sorted(cells):
        state, rule = states[key], rules[key.indicator]
        if key in rounded:
            published.append(PublishedCell(key, rounded[key]))
        elif state == CellState.PRIMARY:
            published.append(PublishedCell(key, None, rule.small_symbol))
        elif state == CellState.SECONDARY:
            published.append(PublishedCell(key, None, SECONDARY_SYMBOL))
        else:
            published.append(PublishedCell(key, cells[key]))
    empty = AuditReport((), (), dict(rules), False)
    return ProtectedRelease(tuple(published), constraints, dict(rules), empty)


def _rounding_groups(constraints, rules):
    """Per rounding base: the indicators rounded to it and the constraints among them."""
    for base in sorted({rule.rounding_base for rule in rules.values() if rule.rounds}):
        indicators = {i for i, rule in rules.items() if rule.rounds and rule.rounding_base == base}
        kept = [(c.total, c.parts) for c in constraints if c.total.indicator in indicators]
        yield base, indicators, kept


def _controlled_rounding(cells, constraints, rules, settings, previous) -> dict[CellKey, int]:
    """Rounded values of every cell whose indicator's rule asks for controlled rounding.

    A cell the previous edition published rounded to the same base keeps that value whenever
    it is still a rounding of the true count: republishing it then tells the reader nothing
    new, where an independent second rounding could narrow the true count to their overlap."""
    rounded: dict[CellKey, int] = {}
    before = {} if previous is None else {c.key: c for c in previous.cells}
    for base, indicators, kept in _rounding_groups(constraints, rules):
        values = {key: value for key, value in cells.items() if key.indicator in indicators}
        preferred = {
            key: before[key].value
            for key in values
            if key in before
            and before[key].value is not None
            and previous.rules[key.indicator].rounding_base == base
        }
        rounded.update(
            controlled_rounding(
                values, kept, base, time_limit=settings.time_limit_seconds, preferred=preferred
            )
        )
    return rounded
