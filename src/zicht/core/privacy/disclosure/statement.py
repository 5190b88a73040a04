"""The privacy statement of an edition, generated from its rules and its audit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from zicht.core.privacy.disclosure.audit import AuditReport
from zicht.core.privacy.disclosure.rules import SECONDARY_SYMBOL, DisclosureRule
from zicht.core.privacy.dp import noise_margin

_TEXT = {
    "nl": {
        "intro": "Deze editie is vóór publicatie beschermd tegen onthulling van kleine aantallen.",
        "rule": (
            "Bij {indicators}: aantallen personen van 1 tot en met {high} worden getoond als "
            "'{small}'; nullen worden getoond als 0. Cellen met '{secondary}' zijn extra "
            "afgeschermd, zodat een verborgen aantal niet uit totalen, subtotalen, andere "
            "gebieden of de vorige editie kan worden teruggerekend."
        ),
        # One measure throughout: the distance between the lowest and the highest value a
        # reader can derive ("1, 2 of 3": 3 values, 2 apart). Saying "3 values" and then
        # "2 is enough" read as a contradiction.
        "audit": (
            "Beschermingsinterval: uit alles wat is gepubliceerd{previous} moet een lezer voor "
            "elk verborgen aantal nog minstens {values} mogelijke waarden overhouden: de "
            "laagste en de hoogste waarde die hij kan afleiden liggen minstens {required} uit "
            "elkaar (bij '<5' dus nooit nauwer dan bijvoorbeeld '1, 2 of 3'). Een "
            "rekenprogramma heeft dat voor elk van de {hidden} verborgen cijfers ({small_count} "
            "klein, {secondary_count} extra afgeschermd) nagerekend (in vaktermen: een controle "
            "met lineaire programmering). {result}"
        ),
        "audit_result": (
            "Bij het krapst beschermde cijfer liggen de laagste en de hoogste waarde die een "
            "lezer kan afleiden {width} uit elkaar; vereist is minstens {required}."
        ),
        "audit_none": "Er zijn geen verborgen cijfers.",
        "rounded": (
            "Bij {indicators}: alle aantallen zijn gecontroleerd afgerond op een veelvoud van "
            "{base}, naar boven of naar beneden, zó dat afgeronde delen optellen tot afgeronde "
            "totalen. Een gepubliceerd getal wijkt minder dan {base} af van het werkelijke "
            "aantal; een veelvoud van {base} (ook 0) is niet veranderd, maar een gepubliceerde "
            "0 kan ook 1 tot en met {high} zijn. Een controle met lineaire programmering "
            "bevestigde dat geen klein aantal uit de afgeronde tabellen{previous} nauwer te "
            "bepalen is dan een marge van {required}{width}."
        ),
        "rounded_width": " (smalste marge: {width})",
        "previous": ", inclusief de vorige editie",
        "unlinked": "Door herziene cijfers zijn deze en de vorige editie elk afzonderlijk "
        "gecontroleerd; de omvang van een herziening zelf is niet afgeschermd.",
        "unrestricted": "De overige indicatoren ({indicators}) tellen geen personen en zijn "
        "ongewijzigd gepubliceerd.",
        "dp": (
            "Bij {indicators} is bovendien ruis toegevoegd (differential privacy, "
            "ε = {epsilon} per telling, ε = {spent} in totaal voor deze editie): elk aantal "
            "is met een willekeurig geheel getal verschoven "
            "voordat het werd afgeschermd, zodat niemand kan nagaan of één bepaalde persoon is "
            "meegeteld. Het verschil met het werkelijke aantal is in 95% van de gevallen "
            "hoogstens {margin}; op het dashboard staat zo'n cijfer met '≈' en die marge. "
            "Personen zijn vóór de ruis één keer geteld over alle partners heen."
        ),
        "failed": "LET OP: de controle is NIET geslaagd; deze editie mag niet worden gepubliceerd.",
    },
    "en": {
        "intro": "Before publication this edition was protected against disclosing small numbers.",
        "rule": (
            "For {indicators}: counts of persons from 1 to {high} are shown as '{small}'; zeros "
            "are shown as 0. Cells marked '{secondary}' are hidden as well, so that no hidden "
            "count can be recomputed from totals, subtotals, other areas or the previous "
            "edition."
        ),
        "audit": (
            "Protection interval: from everything published{previous} a reader must still be "
            "left with at least {values} possible values for every hidden count: the lowest "
            "and the highest value they can derive lie at least {required} apart (for '<5' "
            "never narrower than, say, '1, 2 or 3'). A computer check worked this out for each "
            "of the {hidden} hidden figures ({small_count} small, {secondary_count} hidden to "
            "protect them) (technically: an audit by linear programming). {result}"
        ),
        "audit_result": (
            "For the most narrowly protected figure, the lowest and the highest value a reader "
            "can derive lie {width} apart; the rule requires at least {required}."
        ),
        "audit_none": "There are no hidden figures.",
        "rounded": (
            "For {indicators}: every count was rounded by controlled rounding to a multiple of "
            "{base}, up or down, so that rounded parts add up to rounded totals. A published "
            "number differs from the true count by less than {base}; a multiple of {base} "
            "(0 included) is unchanged, but a published 0 may also stand for 1 to {high}. An "
            "audit by linear programming confirmed that no small count can be narrowed from "
            "the rounded tables{previous} to less than a margin of {required}{width}."
        ),
        "rounded_width": " (narrowest margin: {width})",
        "previous": ", including the previous edition",
        "unlinked": "Because figures were revised, this and the previous edition were audited "
        "side by side; the size of a revision itself is not protected.",
        "unrestricted": "The other indicators ({indicators}) do not count persons and are "
        "published as they are.",
        "dp": (
            "For {indicators}, noise was added as well (differential privacy, "
            "ε = {epsilon} per count, ε = {spent} in total for this edition): every count "
            "was shifted by a random whole number before "
            "it was protected, so that nobody can tell whether one particular person was "
            "counted. In 95% of cases the difference from the true count is at most {margin}; "
            "the dashboard shows such a figure with '≈' and that margin. Persons were counted "
            "once across all partners before the noise."
        ),
        "failed": "WARNING: the audit did NOT pass; this edition must not be published.",
    },
}


def privacy_statement(
    report: AuditReport,
    language: Literal["nl", "en"] = "nl",
    *,
    differential_privacy: Sequence[tuple[str, float]] = (),
    names: Mapping[str, str] | None = None,
) -> str:
    """Statement for the edition's colophon. Indicators whose rule has ``noise_epsilon`` get a
    paragraph on their noise; ``differential_privacy`` lists (indicator, epsilon spent in the
    edition) pairs (``NoiseRecord.epsilon_spent``; also noisy indicators without such a rule).
    ``names`` gives each indicator code the name readers see, in ``language``; codes
    without one are shown as they are."""
    text = _TEXT[language]
    names = names or {}
    paragraphs = [text["intro"]]
    by_rule: dict[DisclosureRule, list[str]] = {}
    for indicator, rule in sorted(report.rules.items()):
        by_rule.setdefault(rule, []).append(_named(indicator, names))
    # Rules for person counts first, then the indicators published as they are.
    for rule, indicators in sorted(by_rule.items(), key=lambda item: not item[0].applies):
        listed = ", ".join(sorted(indicators, key=str.casefold))
        if not rule.applies:
            paragraphs.append(text["unrestricted"].format(indicators=listed))
            continue
        if rule.rounds:
            paragraphs.append(_rounding_paragraph(text, rule, listed, report))
            continue
        paragraphs.append(
            text["rule"].format(
                indicators=listed,
                high=rule.threshold - 1,
                small=rule.small_symbol,
                secondary=SECONDARY_SYMBOL,
            )
        )
    suppressing = [r for r in report.rules.values() if r.applies and not r.rounds]
    if suppressing or not any(r.rounds for r in report.rules.values()):
        paragraphs.append(_audit_paragraph(text, report, suppressing))
    if report.uses_previous_edition and not report.previous_linked:
        paragraphs.append(text["unlinked"])
    spent = dict(differential_privacy)  # budget spent per indicator, when known
    per_count = dict(spent)
    per_count.update(
        {i: r.noise_epsilon for i, r in report.rules.items() if r.noise_epsilon is not None}
    )
    for indicator, epsilon in sorted(per_count.items()):
        paragraphs.append(
            text["dp"].format(
                indicators=_named(indicator, names),
                epsilon=f"{epsilon:g}",
                spent=f"{spent.get(indicator, epsilon):g}",
                margin=noise_margin(epsilon),
            )
        )
    if not report.passed:
        paragraphs.append(text["failed"])
    return "\n\n".join(paragraphs)


def _named(code: str, names: Mapping[str, str]) -> str:
    # Quoted, because names are titles that may hold commas of their own.
    return f"‘{names[code]}’" if names.get(code) else code


def _rounding_paragraph(text: dict, rule: DisclosureRule, names: str, report: AuditReport) -> str:
    widths = [r.width for r in report.ranges if r.edition == "rounded"]
    return text["rounded"].format(
        indicators=names,
        base=rule.rounding_base,
        high=rule.rounding_base - 1,
        required=rule.minimum_range_width,
        width=text["rounded_width"].format(width=f"{min(widths):g}") if widths else "",
        previous=text["previous"] if report.uses_previous_edition else "",
    )


def _audit_paragraph(text: dict, report: AuditReport, rules: list[DisclosureRule]) -> str:
    narrowest = report.narrowest_range()
    required = max((r.minimum_range_width for r in rules), default=0)
    if narrowest is None:
        result = text["audit_none"]
    else:
        width = f"{narrowest:g}"
        if text is _TEXT["nl"]:
            width = width.replace(".", ",")
        result = text["audit_result"].format(width=width, required=required)
    return text["audit"].format(
        hidden=report.count("small") + report.count("secondary"),
        small_count=report.count("small"),
        secondary_count=report.count("secondary"),
        previous=text["previous"] if report.uses_previous_edition else "",
        required=required,
        values=required + 1,
        result=result,
    )
