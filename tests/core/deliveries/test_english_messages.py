"""Every refusal of a delivery is explained in English too, for the portal's English pages.

Real refusals are driven through the public reading and import functions with files made here
(and the hostile corpus of ``hostile.py``); between them they produce every code the delivery
checks can give, which a scan of the checks' source proves. Each problem then has an English
message of its own, and neither language repeats what a refused cell held.
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import CATALOG_DIR
from tests.core.deliveries.hostile import CASES as HOSTILE_CASES
from tests.core.deliveries.hostile import TEST_LIMITS, YEAR, write_case
from tests.core.deliveries.test_aggregate import _damaged
from zicht.core.catalog import Catalog, load_catalog
from zicht.core.deliveries import DeliveryError, DeliveryRejected, parse_delivery, read_limited

SECRET = "Jansen"  # what a partner typed into a cell; no message may repeat it
AGGREGATE = "indicator;area;period;value\n"
GOOD_ROW = "prevention_presentations;GM0599;2020;5\n"
RECORD = "municipality;period;sex;age_group;exploitation_form;nationality_group\n"
SPLIT = "indicator;area;period;sex;age_group;value\n"
TOTAL_ROW = "prevention_presentations;GM0599;2020;totaal;totaal;30\n"


@dataclass(frozen=True)
class BadFile:
    code: str  # the refusal this file must give
    content: bytes | str
    filename: str = "f.csv"
    partner: str = "gemeente-rotterdam"
    year: int = 2020
    changed_catalog: bool = False  # the catalogue with breakdowns, see ``changed_catalog``

    @property
    def data(self) -> bytes:
        return self.content.encode() if isinstance(self.content, str) else self.content


def _aggregate(row: str) -> BadFile:
    code, cells = row.split(":", 1)
    return BadFile(code, AGGREGATE + GOOD_ROW + cells + "\n")


BAD_FILES = [
    *map(
        _aggregate,
        [
            f"unknown_indicator:{SECRET.lower()};GM0599;2020;1",
            "missing_indicator:;GM0599;2020;1",
            "indicator_not_delivered_by_partner:police_signals;GM0599;2020;1",
            f"unknown_area:professional_trainings;{SECRET};2020;1",
            "area_name_not_code:professional_trainings;Rotterdam;2020;1",
            "area_not_covered_by_partner:professional_trainings;GM0505;2020;1",
            "wrong_area_level:professional_trainings;RE-RTM;2020;1",
            "period_outside_delivery:professional_trainings;GM0599;2019;1",
            f"invalid_period:professional_trainings;GM0599;{SECRET};1",
            "missing_period:professional_trainings;GM0599;;1",
            f"not_a_number:professional_trainings;GM0599;2020;{SECRET}",
            "negative_value:professional_trainings;GM0599;2020;-4",
            "not_a_whole_number:professional_trainings;GM0599;2020;4,5",
            "thousands_separator:professional_trainings;GM0599;2020;1.000",
            "duplicate_row:prevention_presentations;GM0599;2020;5",
            f"unreadable_csv:professional_trainings;GM0599;2020;1;{SECRET}",
        ],
    ),
    BadFile(
        "column_not_in_template",
        "indicator;gebied;periode;geslacht;aantal\nprevention_presentations;GM0599;2020;vrouw;4\n",
    ),
    BadFile(
        "category_label_not_code",
        "municipality;period;sex;age_group;exploitation_form;nationality_group\n"
        "GM0599;2020;vrouw;18-23;Seksuele uitbuiting;eu\n",
        partner="politie-rotterdam",
    ),
    BadFile("missing_column", "indicator;area;period\nprevention_presentations;GM0599;2020\n"),
    BadFile("unknown_column", f"indicator;area;period;value;{SECRET}\n" + GOOD_ROW[:-1] + ";1\n"),
    BadFile("empty_column_name", "indicator;area;;period;value\n"),
    BadFile("unclosed_quote", 'indicator;"area;period;value\n' + GOOD_ROW),
    BadFile("cell_too_long", AGGREGATE + GOOD_ROW.replace("5", SECRET * 300)),
    BadFile("empty_file", AGGREGATE),
    BadFile("unreadable_csv", b""),
    BadFile("unsupported_format", AGGREGATE + GOOD_ROW, filename="f.pdf"),
    BadFile("unreadable_xlsx", b"not a workbook", filename="f.xlsx"),
    BadFile(
        "unreadable_cell",
        _damaged([AGGREGATE.strip().split(";"), GOOD_ROW.strip().split(";")], "D2", SECRET),
        filename="f.xlsx",
    ),
    BadFile("unknown_partner", AGGREGATE + GOOD_ROW, partner="nobody"),
    BadFile("partner_not_active", AGGREGATE + GOOD_ROW, partner="fiu-nederland"),
    BadFile("computed_by_zicht", AGGREGATE + GOOD_ROW, partner="advertentiemonitor"),
    BadFile(
        "personal_data",
        RECORD + "GM0599;2020-01-03;vrouw;18-23;seksueel;eu\n"
        f"GM0599;2020-01-03;06-12345678;{SECRET.lower()}@example.nl;seksueel;eu\n",
        partner="politie-rotterdam",
    ),
    BadFile(
        "unknown_category",
        RECORD + "GM0599;2020-01-03;x9;18-23;seksueel;eu\n",
        partner="politie-rotterdam",
    ),
    BadFile(
        "wrong_area_level",
        RECORD + "RE-RTM;2020-01-03;vrouw;18-23;seksueel;eu\n",
        partner="politie-rotterdam",
    ),
    BadFile(
        "cross_classified",
        SPLIT + TOTAL_ROW + "prevention_presentations;GM0599;2020;vrouw;18-23;30\n",
        changed_catalog=True,
    ),
    BadFile(
        "margin_does_not_add_up",
        SPLIT + TOTAL_ROW + "prevention_presentations;GM0599;2020;vrouw;;20\n",
        changed_catalog=True,
    ),
    BadFile(
        "breakdown_without_total",
        SPLIT + "prevention_presentations;GM0599;2020;vrouw;;20\n",
        changed_catalog=True,
    ),
    BadFile(
        "breakdown_not_allowed",
        SPLIT + TOTAL_ROW + "professional_trainings;GM0599;2020;vrouw;;4\n",
        changed_catalog=True,
    ),
    BadFile(  # two municipalities merged into Hoeksche Waard, for a figure that does not add up
        "non_additive_merger",
        AGGREGATE + "professional_trainings;GM0585;2018;2\nprofessional_trainings;GM0617;2018;3\n",
        year=2018,
        changed_catalog=True,
    ),
    BadFile(
        "indicator_not_valid_in_year",
        AGGREGATE + "criminal_exploitation_minors_signals;GM0599;2020;3\n",
        partner="zorg-en-veiligheidshuis",
        changed_catalog=True,
    ),
]


def _edit(catalog_dir: Path, file: str, key: str, code: str, **changes: object) -> None:
    """Change one entry of a catalogue file; a change to None removes the field."""
    path = catalog_dir / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (entry,) = [e for e in data[key] if e["code"] == code]
    for field, value in changes.items():
        if value is None:
            entry.pop(field, None)
        else:
            entry[field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def changed_catalog(tmp_path_factory) -> Catalog:
    """The repository's catalogue with what some refusals need: a figure broken down by sex
    and age, one that does not add up for a partner that delivers across the whole region,
    and a partner delivering before one of its figures exists."""
    folder = tmp_path_factory.mktemp("catalog") / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    indicators = "indicators/prevention.yaml"
    _edit(
        folder,
        indicators,
        "indicators",
        "prevention_presentations",
        breakdowns=["sex", "age_group"],
    )
    _edit(folder, indicators, "indicators", "professional_trainings", additive=False)
    _edit(folder, "partners.yaml", "partners", "gemeente-rotterdam", areas=None)
    _edit(folder, "partners.yaml", "partners", "zorg-en-veiligheidshuis", since=None)
    return load_catalog(folder)


def _refused(content: bytes, filename: str, catalog: Catalog, partner: str, year: int):
    with pytest.raises(DeliveryRejected) as raised:
        parse_delivery(
            read_limited(content, TEST_LIMITS),
            filename,
            catalog=catalog,
            partner=partner,
            year=year,
            limits=TEST_LIMITS,
        )
    return raised.value.errors


@pytest.fixture(scope="module")
def refusals(catalog, changed_catalog, tmp_path_factory) -> dict[str, list[DeliveryError]]:
    """Every bad file's problems, by the file's name; each file is checked once."""
    found = {}
    for number, bad in enumerate(BAD_FILES):
        used = changed_catalog if bad.changed_catalog else catalog
        errors = _refused(bad.data, bad.filename, used, bad.partner, bad.year)
        found[f"{number}: {bad.code}"] = errors
    folder = tmp_path_factory.mktemp("hostile")
    for case in HOSTILE_CASES:
        content = write_case(case, folder).read_bytes()
        found[case.name] = _refused(content, case.filename, catalog, case.partner, YEAR)
    return found


def test_each_bad_file_is_refused_for_its_reason(refusals):
    for number, bad in enumerate(BAD_FILES):
        codes = {e.code for e in refusals[f"{number}: {bad.code}"]}
        assert bad.code in codes, (bad, codes)


def test_every_problem_has_its_own_english_message_and_repeats_no_cell(refusals):
    for name, errors in refusals.items():
        assert errors, name
        for error in errors:
            assert error.message_en.strip(), (name, error)
            assert error.message_en != error.message, (name, error)
            assert error.as_dict()["message_en"] == error.message_en
            for text in (error.message, error.message_en):
                assert SECRET.lower() not in text.lower(), (name, text)
                assert "12345678" not in text and "\x1b" not in text, (name, text)


def test_english_and_dutch_name_the_same_numbers_and_quoted_names(refusals):
    """The English says what the Dutch says: the same row numbers, limits and column names."""
    for name, errors in refusals.items():
        for error in errors:
            for token in _numbers_and_quoted(error.message):
                assert token in error.message_en, (name, token, error)


def _numbers_and_quoted(text: str) -> set[str]:
    # Digits one by one group: "2.000" in Dutch is "2,000" in English, both hold "2" and "000".
    return set(re.findall(r"\d+", text)) | set(re.findall(r"'[a-z_]+'", text))


def _codes_in_the_checks() -> set[str]:
    """Every refusal code written in the delivery checks' source: the code argument of
    ``refuse``, ``errors_where``, ``more_rows`` and ``DeliveryError``, and a code written next
    to its message in a table of checks (``("unknown_column", Text(...))``)."""
    positions = {"refuse": 0, "errors_where": 3, "more_rows": 2, "DeliveryError": 2}

    def strings(node: ast.AST) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return strings(node.body) | strings(node.orelse)
        return set()

    codes: set[str] = set()
    source = Path(__file__).resolve().parents[3] / "src/zicht/core/deliveries"
    for path in source.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                position = positions.get(name or "")
                if position is not None and len(node.args) > position:
                    codes |= strings(node.args[position])
            elif isinstance(node, ast.Tuple):
                for before, element in zip(node.elts, node.elts[1:], strict=False):
                    if isinstance(element, ast.Call) and getattr(element.func, "id", "") == "Text":
                        codes |= strings(before)
    return codes


def test_the_bad_files_produce_every_code_the_checks_can_give(refusals):
    written = _codes_in_the_checks()
    assert len(written) > 40  # the scan finds the checks' codes (49 when this was written)
    produced = {e.code for errors in refusals.values() for e in errors}
    assert written - produced == set()


def test_personal_data_in_free_text_is_described_in_either_language():
    from zicht.core.privacy.guard.free_text import check_free_text, describe_findings

    findings = check_free_text("Bel mij op 06-12345678 of mail naar iemand@example.nl")
    dutch, english = describe_findings(findings), describe_findings(findings, "en")
    assert "telefoonnummer" in dutch and "e-mailadres" in dutch
    assert "phone number" in english and "e-mail address" in english and "teken" not in english
    assert "12345678" not in dutch + english and "example" not in dutch + english
