"""Corpora: bad files (Faker nl_NL plus hand-made edge cases) are refused for the right reason;
clean delivery-like files pass, with false refusals measured (< 1 %)."""

from __future__ import annotations

import random
from collections.abc import Callable

import polars as pl
import pytest
from faker import Faker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zicht.core.privacy.guard import PersonalDataKind, scan_frame, scan_table
from zicht.core.privacy.guard.values import passes_eleven_test

K = PersonalDataKind
COLUMNS = [
    "indicator",
    "gebied",
    "periode",
    "peildatum",
    "vorm",
    "leeftijd",
    "waarde",
    "toelichting",
]
DECLARED = {
    "date_columns": frozenset({"peildatum"}),
    "free_text_columns": frozenset({"toelichting"}),
}
MUNICIPALITIES = [
    ("GM0599", "Rotterdam"), ("GM0502", "Capelle aan den IJssel"),
    ("GM0531", "Hendrik-Ido-Ambacht"),
    ("GM1963", "Hoeksche Waard"), ("GM1992", "Voorne aan Zee"), ("GM0505", "Dordrecht"),
    ("GM0542", "Krimpen aan den IJssel"), ("GM1924", "Goeree-Overflakkee"), ("GM0606", "Schiedam"),
]  # fmt: skip
CATEGORIES = [
    "seksuele uitbuiting", "Seksuele uitbuiting", "arbeidsuitbuiting", "criminele uitbuiting",
    "overig_onbekend", "Overig of onbekend", "man", "vrouw", "Anders of onbekend", "18-23 jaar",
    "18 tot en met 23 jaar", "Jonger dan 18 jaar", "31 jaar of ouder", "Buiten de EU", "Overig EU",
    "Nederlands", "minderjarig", "24-30", "totaal", "onbekend",
]  # fmt: skip
PERIODS = ["2020", "2021", "2020-Q1", "2021-Q4", "2020-03", "2021-11", "2019-2020"]
REMARKS = [
    "Cijfers over {period} voor {name}.", "Levering van {name}, peildatum eind {period}.",
    "In {period} {n} meldingen van {category} in {name}.", "Geen bijzonderheden.",
    "Gecorrigeerd na controle door de regio; {n} dubbele meldingen verwijderd.", "",
    "Meldingen t/m december {period} uit {name}; {n} % via de hulplijn.",
]  # fmt: skip


CITY_FAKER = Faker("nl_NL")
CITY_FAKER.seed_instance(17)
# Real Dutch place names from Faker's nl_NL address provider: the hardest clean values for the
# name rule ("Wenum Wiesel", "Sint Anthonis", "Hoek van Holland").
PLACES = sorted({CITY_FAKER.city() for _ in range(3000)})
ORGANISATIONS = [
    "Politie Eenheid Rotterdam",
    "CoMensha",
    "Gemeente Rotterdam",
    "KMar",
    "Inspectie SZW",
]


def clean_row(rng: random.Random) -> list[str]:
    code, name = rng.choice(MUNICIPALITIES)
    if rng.random() < 0.5:
        name = rng.choice(PLACES)
    period, category, n = rng.choice(PERIODS), rng.choice(CATEGORIES), rng.randrange(0, 5000)
    remark = rng.choice(REMARKS).format(period=period, name=name, n=n, category=category)
    return [
        f"SIG{rng.randrange(1, 40):02d}",
        rng.choice(
            [code, name, "RE-RTM", "NL", "WK059901", "BU05990101", rng.choice(ORGANISATIONS)]
        ),
        period,
        rng.choice(["2020-12-31", "2021-12-31", "31-12-2021", ""]),
        category,
        rng.choice(CATEGORIES),
        rng.choice(
            [str(n), f"{n / 7:.1f}".replace(".", ","), "", "0", f"{n * 37:,}".replace(",", ".")]
        ),
        remark,
    ]


def clean_files(count: int, rows: int, seed: int) -> list[list[list[str]]]:
    rng = random.Random(seed)
    return [[clean_row(rng) for _ in range(rows)] for _ in range(count)]


def test_clean_files_pass_with_false_refusals_below_one_percent() -> None:
    files = clean_files(400, 50, seed=3)
    refused_files = 0
    refused_cells = 0
    for rows in files:
        findings = scan_table(COLUMNS, rows, **DECLARED)
        refused_files += bool(findings)
        refused_cells += len(findings)
    rate = refused_files / len(files)
    print(f"clean corpus: {refused_files}/{len(files)} files refused ({rate:.2%}), "
          f"{refused_cells}/{len(files) * 50 * len(COLUMNS)} cells")  # fmt: skip
    assert rate < 0.01


def valid_bsn(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(10_000_000, 99_999_999):08d}"
        for last in "0123456789":
            if passes_eleven_test(digits + last):
                return digits + last


def bad_generators(fake: Faker, rng: random.Random) -> dict[PersonalDataKind, Callable[[], str]]:
    international = ["+40 721 234 567", "+44 7911 123456", "+49 1512 3456789", "+359 88 123 4567"]
    return {
        K.CITIZEN_SERVICE_NUMBER: lambda: rng.choice(
            [valid_bsn(rng), "{}{}{}{}.{}{}.{}{}{}".format(*valid_bsn(rng))]
        ),
        K.PHONE_NUMBER: lambda: rng.choice([fake.phone_number(), rng.choice(international)]),
        K.EMAIL_ADDRESS: fake.email,
        K.IBAN: lambda: rng.choice([fake.iban(), Faker("de_DE").iban()]),
        K.POSTAL_ADDRESS: lambda: f"{fake.street_address()}, {fake.postcode()} {fake.city()}",
        K.DATE_OF_BIRTH: lambda: fake.date_of_birth(minimum_age=1, maximum_age=90).strftime(
            rng.choice(["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"])
        ),
        K.LICENCE_PLATE: fake.license_plate,
        K.PERSON_NAME: fake.name,
    }


@pytest.mark.parametrize("kind", list(PersonalDataKind))
def test_bad_files_are_refused_for_the_right_reason(kind: PersonalDataKind) -> None:
    fake = Faker("nl_NL")
    fake.seed_instance(11)
    rng = random.Random(11)
    generate = bad_generators(fake, rng)[kind]
    clean = clean_files(1, 5, seed=13)[0]
    right = 0
    trials = 150
    for trial in range(trials):
        rows = [list(row) for row in clean]
        row, column = trial % 5, rng.choice([1, 4, 5, 6])  # gebied, vorm, leeftijd, waarde
        rows[row][column] = generate()
        findings = scan_table(COLUMNS, rows, **DECLARED)
        right += [(f.row_number, f.column, f.kind) for f in findings] == [
            (row + 2, COLUMNS[column], kind)
        ]
    recall = right / trials
    print(f"{kind.name}: refused for the right reason in {right}/{trials} files ({recall:.1%})")
    assert recall >= (0.97 if kind is K.PERSON_NAME else 0.99)


def test_names_outside_the_lists_measured() -> None:
    """Recall on locales left out of the name lists (hu_HU, cs_CZ, lt_LT): measured. Only
    first names shared with listed locales are caught (about two in five): the limit of a
    list-based rule, which is why columns named for names are refused whatever they hold."""
    found = total = 0
    for locale in ("hu_HU", "cs_CZ", "lt_LT"):
        fake = Faker(locale)
        fake.seed_instance(5)
        for _ in range(100):
            total += 1
            found += bool(scan_table(["vorm"], [[f"{fake.first_name()} {fake.last_name()}"]]))
    print(f"held-out locales: {found}/{total} names found ({found / total:.1%})")
    assert found / total >= 0.35


HAND_MADE = [
    ("0031 6 1234 5678", K.PHONE_NUMBER), ("06 - 1234 5678", K.PHONE_NUMBER),
    ("IEMAND@VOORBEELD.NL", K.EMAIL_ADDRESS), ("nl91abna0417164300", K.IBAN),
    ("3011AB 12", K.POSTAL_ADDRESS), ("3 januari 1987", K.DATE_OF_BIRTH),
    ("19870103", K.DATE_OF_BIRTH), ("xx-99-99", K.LICENCE_PLATE),
    ("de Vries, Jan", K.PERSON_NAME), ("A.B. de Jong", K.PERSON_NAME),
]  # fmt: skip


@pytest.mark.parametrize(("value", "kind"), HAND_MADE)
def test_hand_made_edge_cases(value: str, kind: PersonalDataKind) -> None:
    findings = scan_table(["vorm"], [[value]])
    assert [f.kind for f in findings] == [kind]


cell_text = st.one_of(
    st.sampled_from(
        CATEGORIES + PERIODS + [v for v, _ in HAND_MADE] + ["2020-12-31", "1980-02-03"]
    ),
    st.text(alphabet="0123456789 -+@.ABNLGMaeZ", max_size=14),
    st.none(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_text, min_size=4, max_size=4), min_size=1, max_size=12))
def test_frame_path_equals_table_path(rows: list[list[str | None]]) -> None:
    columns = ["gebied", "peildatum", "vorm", "toelichting"]
    declared = {
        "date_columns": frozenset({"peildatum"}),
        "free_text_columns": frozenset({"toelichting"}),
    }
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    assert scan_frame(frame, **declared) == scan_table(columns, rows, **declared)


@pytest.mark.parametrize("locale", ["yo_NG", "ig_NG", "ha_NG", "en_NG"])
def test_nigerian_names_are_found(locale: str) -> None:
    """Nigerian nationality is often among the most registered of victims in the Netherlands."""
    fake = Faker(locale)
    fake.seed_instance(11)
    names = [f"{fake.first_name()} {fake.last_name()}" for _ in range(100)]
    found = sum(bool(scan_table(["vorm"], [[name]])) for name in names)
    assert found >= 95, (locale, found)
