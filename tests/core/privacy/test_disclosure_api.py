"""The publication API: rules, symbols, linked tables, the statement, and the core boundary."""

from __future__ import annotations

import subprocess
import sys

import pytest

from zicht.core.privacy.disclosure import (
    SECONDARY_SYMBOL,
    CellKey,
    CellTable,
    Dimension,
    DisclosureRule,
    collect_cells,
    privacy_statement,
    protect_edition,
)

AREA = Dimension("area", "RE", {"RE": ("A", "B", "C")})
FORM = Dimension.flat("form", ("seksueel", "arbeid", "crimineel"))
AGE = Dimension.flat("age", ("minderjarig", "18-23", "24-plus"))
COUNTS = {
    ("A", "seksueel"): 3, ("A", "arbeid"): 10, ("A", "crimineel"): 7,
    ("B", "seksueel"): 12, ("B", "arbeid"): 0, ("B", "crimineel"): 9,
    ("C", "seksueel"): 8, ("C", "arbeid"): 6, ("C", "crimineel"): 11,
}  # fmt: skip


def area_by_form() -> CellTable:
    return CellTable.from_leaves("victims", (AREA, FORM), COUNTS, {"period": "2020"})


def test_margins_are_summed_and_keys_drop_the_totaal_code() -> None:
    cells = area_by_form().cells()
    assert cells[CellKey.of("victims", {"area": "A", "form": "totaal", "period": "2020"})] == 20
    assert CellKey.of("v", {"area": "A", "form": "totaal"}) == CellKey.of("v", {"area": "A"})


def test_small_counts_are_hidden_zeros_shown_and_secondaries_marked() -> None:
    release = protect_edition([area_by_form()], {"victims": DisclosureRule()})
    cells, _ = collect_cells([area_by_form()])
    symbols = {c.key: c.symbol for c in release.cells}
    for cell in release.cells:
        value = cells[cell.key]
        if value == 0:
            assert cell.value == 0 and cell.symbol == ""
        elif value < 5:
            assert cell.value is None and cell.symbol == "<5"
    assert SECONDARY_SYMBOL in symbols.values()
    assert release.audit.passed


def test_threshold_is_configurable() -> None:
    release = protect_edition([area_by_form()], {"victims": DisclosureRule(threshold=10)})
    assert {c.symbol for c in release.cells if c.value is None} >= {"<10"}
    assert all(c.value is None or c.value == 0 or c.value >= 10 for c in release.cells)


def test_indicators_that_are_not_person_counts_are_published_as_they_are() -> None:
    release = protect_edition([area_by_form()], {"victims": DisclosureRule(applies=False)})
    assert all(c.value is not None for c in release.cells)


def test_linked_tables_share_their_margin_cells() -> None:
    age_counts = {(a, g): 0 for a in "ABC" for g in AGE.children["totaal"]}
    for area in "ABC":
        total = sum(v for (a, _), v in COUNTS.items() if a == area)
        age_counts[(area, "24-plus")] = total - 2
        age_counts[(area, "minderjarig")] = 2
    by_age = CellTable.from_leaves("victims", (AREA, AGE), age_counts, {"period": "2020"})
    cells, constraints = collect_cells([area_by_form(), by_age])
    assert len(cells) == 16 + 12  # the 4 area margins are shared
    release = protect_edition([area_by_form(), by_age], {"victims": DisclosureRule()})
    assert release.audit.passed


def test_linked_tables_that_disagree_are_rejected() -> None:
    wrong = dict(COUNTS)
    wrong[("A", "seksueel")] += 1
    other = CellTable.from_leaves("victims", (AREA, FORM), wrong, {"period": "2020"})
    with pytest.raises(ValueError, match="disagree"):
        collect_cells([area_by_form(), other])


def test_missing_rule_is_an_error() -> None:
    with pytest.raises(ValueError, match="no disclosure rule"):
        protect_edition([area_by_form()], {})


@pytest.mark.parametrize("rule_arguments", [{"threshold": 1}, {"minimum_range_width": 4}])
def test_rule_validation(rule_arguments: dict) -> None:
    with pytest.raises(ValueError):
        DisclosureRule(**rule_arguments)


def test_privacy_statement_in_dutch_and_english_reflects_rules_and_audit() -> None:
    release = protect_edition([area_by_form()], {"victims": DisclosureRule()})
    dutch = privacy_statement(release.audit, "nl", differential_privacy=[("victims", 1.0)])
    english = privacy_statement(release.audit, "en")
    hidden = release.audit.count("small") + release.audit.count("secondary")
    assert "'<5'" in dutch and "1 tot en met 4" in dutch and f"{hidden} verborgen" in dutch
    assert "ε = 1" in dutch
    assert "'<5'" in english and f"{hidden} hidden figures" in english
    assert "NOT" not in english


def test_privacy_statement_names_indicators_as_readers_know_them() -> None:
    release = protect_edition([area_by_form()], {"victims": DisclosureRule()})
    names = {"victims": "Slachtoffers, gemeld"}
    dutch = privacy_statement(
        release.audit, "nl", names=names, differential_privacy=[("victims", 1)]
    )
    assert "‘Slachtoffers, gemeld’" in dutch and "victims" not in dutch
    # A code without a name is still shown, so nothing disappears from the statement.
    assert "victims" in privacy_statement(release.audit, "nl", names={"other": "Iets"})


def test_statement_warns_when_the_audit_failed() -> None:
    release = protect_edition([area_by_form()], {"victims": DisclosureRule()}, strict=False)
    failing = type(release.audit)(
        release.audit.ranges, (CellKey("victims", ()),), release.audit.rules, False
    )
    assert "NIET geslaagd" in privacy_statement(failing, "nl")


def test_the_privacy_core_imports_no_django_and_no_web_or_cli() -> None:
    code = (
        "import sys, zicht.core.privacy.guard, zicht.core.privacy.disclosure;"
        "import zicht.core.privacy.dp;"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django'"
        " or m.startswith(('zicht.web', 'zicht.cli'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_statement_says_when_revisions_kept_the_editions_apart() -> None:
    from dataclasses import replace

    release = protect_edition([area_by_form()], {"victims": DisclosureRule()})
    apart = replace(release.audit, uses_previous_edition=True, previous_linked=False)
    assert "herziene cijfers" in privacy_statement(apart, "nl")
    assert "revised" in privacy_statement(apart, "en")
    assert "revised" not in privacy_statement(release.audit, "en")


def test_the_protection_interval_is_said_in_one_measure_and_does_not_contradict_itself() -> None:
    release = protect_edition([area_by_form()], {"victims": DisclosureRule()})
    narrowest = f"{release.audit.narrowest_range():g}"
    dutch = privacy_statement(release.audit, "nl")
    english = privacy_statement(release.audit, "en")
    # Three possible values ("1, 2 or 3") are two apart: the rule and the result both speak
    # of the distance between the lowest and the highest derivable value.
    assert (
        "minstens 3 mogelijke waarden overhouden: de laagste en de hoogste waarde die hij kan "
        "afleiden liggen minstens 2 uit elkaar" in dutch
    )
    assert (
        f"liggen de laagste en de hoogste waarde die een lezer kan afleiden {narrowest} uit "
        "elkaar; vereist is minstens 2." in dutch
    )
    assert "kleinste verschil" not in dutch
    assert "at least 3 possible values for every hidden count: the lowest and the highest" in (
        english
    )
    assert f"can derive lie {narrowest} apart; the rule requires at least 2." in english


def test_a_statement_without_hidden_figures_says_so_instead_of_a_dash() -> None:
    table = CellTable.from_leaves(
        "victims", (AREA, FORM), {k: 20 for k in COUNTS}, {"period": "2020"}
    )
    release = protect_edition([table], {"victims": DisclosureRule()})
    assert release.audit.narrowest_range() is None
    assert "Er zijn geen verborgen cijfers." in privacy_statement(release.audit, "nl")
    assert "There are no hidden figures." in privacy_statement(release.audit, "en")
