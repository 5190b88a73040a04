"""Disclosure control at publication: threshold rule, secondary suppression, attacker's audit.

What the lead engineer calls at publication::

    from zicht.core.privacy.disclosure import (
        CellTable, Dimension, DisclosureRule, protect_edition, audit_release, privacy_statement,
    )
    area = Dimension("area", "RE-RTM", {"RE-RTM": ("GM0599", "GM0505", ...)})
    form = Dimension.flat("exploitation_form", ("seksueel", "arbeid", "crimineel"))
    table = CellTable.from_leaves("victims", (area, form), counts, fixed={"period": "2020"})
    release = protect_edition([table, ...], {"victims": DisclosureRule()}, previous=last_release)
    for cell in release.cells:        # PublishedCell(key, value | None, symbol "" | "<5" | "x")
        ...
    text = privacy_statement(release.audit, "nl")

- ``protect_edition(tables, rule_by_indicator, previous=None, *, settings=None, strict=True)
  -> ProtectedRelease``: primary suppression (1 .. threshold-1 -> ``<threshold``), secondary
  suppression (``x``) by mixed-integer programming with minimal information loss, then the
  audit; raises ``DisclosureRefused`` when the audit fails (``strict``).
- ``DisclosureRule(rounding_base=5)``: optional controlled rounding instead of suppression for
  that indicator (every cell a multiple of 5, tables still adding up; ``RoundingImpossible``
  when no such rounding exists).
- ``audit_release(release, previous=None) -> AuditReport``: the attacker's LP ranges for every
  hidden cell of this and the previous edition; ``report.passed``.
- ``privacy_statement(report, language, *, differential_privacy=()) -> str``.

Cells are keyed by ``CellKey(indicator, coordinates)`` with margins (``totaal``) dropped, so
linked tables share their common cells; the previous edition (any object with ``cells``,
``constraints`` and ``rules``, e.g. the last ``ProtectedRelease``) counts as published.
Method and protection interval: ``docs/privacy/disclosure.md``, ``docs/adr/0003``.
"""

from zicht.core.privacy.disclosure.audit import (
    AuditReport,
    HiddenCellRange,
    PublishedCell,
    PublishedRelease,
    audit_release,
)
from zicht.core.privacy.disclosure.model import (
    TOTAL_CODE,
    AdditivityConstraint,
    CellKey,
    CellTable,
    Dimension,
)
from zicht.core.privacy.disclosure.release import (
    DisclosureRefused,
    ProtectedRelease,
    collect_cells,
    protect_edition,
)
from zicht.core.privacy.disclosure.rounding import RoundingImpossible
from zicht.core.privacy.disclosure.rules import (
    SECONDARY_SYMBOL,
    DisclosureRule,
    SuppressionSettings,
)
from zicht.core.privacy.disclosure.statement import privacy_statement

__all__ = [
    "SECONDARY_SYMBOL",
    "TOTAL_CODE",
    "AdditivityConstraint",
    "AuditReport",
    "CellKey",
    "CellTable",
    "Dimension",
    "DisclosureRefused",
    "DisclosureRule",
    "HiddenCellRange",
    "ProtectedRelease",
    "PublishedCell",
    "PublishedRelease",
    "RoundingImpossible",
    "SuppressionSettings",
    "audit_release",
    "collect_cells",
    "privacy_statement",
    "protect_edition",
]
