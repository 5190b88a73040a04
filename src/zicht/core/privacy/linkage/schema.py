"""The shared, versioned encoding schema and the layout of an encoding file.

Every partner must encode with the same schema and the same secret, or their encodings
cannot be compared. The schema is therefore a frozen value with a version string that is
written on every output line; Zicht refuses files whose version it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

SCHEMA_VERSION = "zicht-pprl/2"

#: Identifying fields the encoder understands; only ``given_name``, ``family_name`` and
#: ``date_of_birth`` are expected from every partner, the rest may be left out.
IDENTIFYING_FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "country_of_birth",
    "address",
    "place",
    "postal_code",
    "identity_number",
)

#: Non-identifying attributes that travel with the encoding, for counting per area/period.
NON_IDENTIFYING_FIELDS: tuple[str, ...] = ("year", "municipality", "exploitation_form", "age_group")

RECORD_REFERENCE_FIELD = "record_ref"

#: A one-way value of the secret alone (no record goes into it): equal in two files exactly
#: when both were encoded with the same secret, so a partner with the wrong secret is refused
#: before its encodings pull the threshold down, and the secret itself stays unknown.
KEY_CHECK_FIELD = "key_check"
KEY_CHECK_HEX_LENGTH = 16

#: The only keys an encoding line may have.
OUTPUT_KEYS: frozenset[str] = frozenset(
    {
        "schema",
        "source",
        RECORD_REFERENCE_FIELD,
        "encoding",
        KEY_CHECK_FIELD,
        *NON_IDENTIFYING_FIELDS,
    }
)


@dataclass(frozen=True)
class FeatureWeights:
    """Number of filter positions set per feature token: the weight of that evidence."""

    name_bigram: int = 32
    name_letter: int = 16
    birth_year: int = 64
    birth_decade: int = 12
    birth_day_month_pair: int = 64
    birth_month_day_ordered: int = 40
    birth_full_date: int = 80
    birth_day_or_month: int = 24
    sex: int = 10
    country_of_birth: int = 16
    address_bigram: int = 8
    place_bigram: int = 8
    postal_code_digit: int = 8
    postal_code_whole: int = 40
    identity_number_digit: int = 10
    identity_number_whole: int = 160


class NameEnding(StrEnum):
    """How the last bigram of a name part ("a_" in "anna") becomes a token."""

    #: One token per bigram, the last one like any other: every name ending in "a" sets the
    #: same positions, a population-wide pattern that follows sex (version 1).
    PADDED = "padded"
    #: The last bigram is salted with its whole name part, so it only agrees between equal
    #: name parts and forms no pattern across different names. Measured and not adopted:
    #: a typo then costs the ending too, and on the generated three lists 36 persons too
    #: few were found (estimate 2.1% low); docs/benchmarks/linkage.md.
    SALTED_WITH_WORD = "salted-with-word"


class SexEncoding(StrEnum):
    """How the sex attribute becomes a token."""

    #: One token per sex: every woman's record sets the same positions (version 1).
    TOKEN = "token"
    #: Salted with the record's normalised name: it still separates namesakes of another
    #: sex, but records of different names share nothing through it (version 2).
    SALTED_WITH_NAME = "salted-with-name"


class Wiring(StrEnum):
    """How the keyed diffusion wiring is drawn from the diffusion key."""

    #: NumPy's PCG64 seeded with the key (version 1; not portable to a browser).
    NUMPY_PCG64 = "numpy-pcg64"
    #: Fisher-Yates shuffles driven by an HMAC-SHA256 counter stream, which Web Crypto can
    #: reproduce bit for bit (version 2).
    HMAC_FISHER_YATES = "hmac-fisher-yates"


@dataclass(frozen=True)
class EncodingSchema:
    """Parameters every partner shares; changing any of them needs a new version."""

    version: str = SCHEMA_VERSION
    #: Length of the inner Bloom filter (a power of two, at most 65536).
    filter_bits: int = 2048
    #: Length of the published encoding after the diffusion layer (multiple of 64).
    encoding_bits: int = 2048
    #: Inner bits XOR-ed into each published bit; 1 switches diffusion off (tests only).
    diffusion_inputs_per_bit: int = 2
    weights: FeatureWeights = field(default_factory=FeatureWeights)
    name_ending: NameEnding = NameEnding.PADDED
    sex_encoding: SexEncoding = SexEncoding.SALTED_WITH_NAME
    wiring: Wiring = Wiring.HMAC_FISHER_YATES

    @property
    def encoding_hex_length(self) -> int:
        return self.encoding_bits // 4


DEFAULT_SCHEMA = EncodingSchema()

#: The first schema, kept only so that benchmarks can measure what version 2 changed
#: (docs/benchmarks/linkage.md); files in it are refused.
SCHEMA_V1 = EncodingSchema(
    version="zicht-pprl/1",
    name_ending=NameEnding.PADDED,
    sex_encoding=SexEncoding.TOKEN,
    wiring=Wiring.NUMPY_PCG64,
)

#: Known versions; the validator accepts nothing else.
KNOWN_SCHEMAS: dict[str, EncodingSchema] = {SCHEMA_VERSION: DEFAULT_SCHEMA}

#: Versions Zicht once wrote and no longer accepts, with the reason given to the partner.
RETIRED_SCHEMAS: frozenset[str] = frozenset({SCHEMA_V1.version})


@dataclass(frozen=True)
class ColumnMapping:
    """Which input column(s) hold each schema field; several columns are joined by a space."""

    record_ref: str = RECORD_REFERENCE_FIELD
    identifying: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            name: (name,)
            for name in ("given_name", "family_name", "date_of_birth", "sex", "country_of_birth")
        }
    )
    non_identifying: dict[str, str] = field(
        default_factory=lambda: {name: name for name in NON_IDENTIFYING_FIELDS}
    )


#: The standard columns' Dutch names: a Dutch case system exports "voornaam", not
#: "given_name", and the encoder reads either (the browser encoder gets this table from its page).
DUTCH_COLUMN_NAMES: dict[str, str] = {
    RECORD_REFERENCE_FIELD: "kenmerk",
    "given_name": "voornaam",
    "family_name": "achternaam",
    "date_of_birth": "geboortedatum",
    "sex": "geslacht",
    "country_of_birth": "geboorteland",
    "year": "jaar",
    "municipality": "gemeente",
    "exploitation_form": "uitbuitingsvorm",
    "age_group": "leeftijdsgroep",
}


def standard_columns(language: str = "en") -> list[str]:
    """The standard list's columns in order, by their names in ``language`` ("nl" or "en")."""
    standard = ColumnMapping()
    names = [standard.record_ref, *standard.identifying, *standard.non_identifying]
    return [DUTCH_COLUMN_NAMES[name] if language == "nl" else name for name in names]


def standard_mapping(header: list[str]) -> ColumnMapping:
    """The standard columns by the names this file uses: English, or Dutch where the English
    name is absent; a column the file lacks keeps its English name (and is reported missing)."""

    def named(field_name: str) -> str:
        dutch = DUTCH_COLUMN_NAMES[field_name]
        return dutch if field_name not in header and dutch in header else field_name

    standard = ColumnMapping()
    return ColumnMapping(
        record_ref=named(standard.record_ref),
        identifying={name: (named(name),) for name in standard.identifying},
        non_identifying={name: named(name) for name in standard.non_identifying},
    )


def column_label(column: str) -> str:
    """A standard column as Dutch messages name it, "voornaam (given_name)"; others as is."""
    dutch = DUTCH_COLUMN_NAMES.get(column)
    return f"{dutch} ({column})" if dutch else column


def parse_column_mapping(text: str) -> ColumnMapping:
    """Read ``field=column[+column],...``; ``record_ref`` and non-identifying fields allowed.

    Fields that are not named keep no column at all, so a FEBRL mapping does not ask for
    ``sex`` or ``year``.
    """
    record_ref = RECORD_REFERENCE_FIELD
    identifying: dict[str, tuple[str, ...]] = {}
    non_identifying: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        name, separator, columns = part.partition("=")
        name, columns = name.strip(), columns.strip()
        if not separator or not columns:
            raise ValueError(f"Kolomtoewijzing '{name}' mist '=kolom'.")
        if name == RECORD_REFERENCE_FIELD:
            record_ref = columns
        elif name in IDENTIFYING_FIELDS:
            identifying[name] = tuple(column.strip() for column in columns.split("+"))
        elif name in NON_IDENTIFYING_FIELDS:
            non_identifying[name] = columns
        else:
            raise ValueError(f"Onbekend veld '{name}' in de kolomtoewijzing.")
    return ColumnMapping(record_ref, identifying, non_identifying)


FEBRL_COLUMN_MAPPING = parse_column_mapping(
    "record_ref=rec_id,given_name=given_name,family_name=surname,date_of_birth=date_of_birth,"
    "address=street_number+address_1+address_2,place=suburb+state,postal_code=postcode,"
    "identity_number=soc_sec_id"
)
