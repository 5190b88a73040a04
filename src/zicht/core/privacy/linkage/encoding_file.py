"""Encoding files (JSON Lines): writing them at the partner, validating them at Zicht.

One line per record with exactly the keys in ``schema.OUTPUT_KEYS``. The validator is
strict: any other key, an encoding of the wrong length or alphabet, an unknown schema
version or an oversized attribute refuses the whole file, and its messages name line
numbers and keys, never values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zicht.core.errors import ZichtError, listed
from zicht.core.privacy.linkage.encoder import RecordEncoder
from zicht.core.privacy.linkage.persons_file import (
    PersonsFileError,
    RowChecks,
    columns_of,
    persons_rows,
)
from zicht.core.privacy.linkage.schema import (
    DEFAULT_SCHEMA,
    IDENTIFYING_FIELDS,
    KEY_CHECK_FIELD,
    KEY_CHECK_HEX_LENGTH,
    KNOWN_SCHEMAS,
    NON_IDENTIFYING_FIELDS,
    OUTPUT_KEYS,
    RECORD_REFERENCE_FIELD,
    RETIRED_SCHEMAS,
    ColumnMapping,
    EncodingSchema,
)
from zicht.core.textlines import LineTooLong, bounded_lines

ProgressCallback = Callable[[str, int, int], None]
_MAX_ATTRIBUTE_LENGTH = 64
_MAX_REFERENCE_LENGTH = 64
# A line of the schema is about a thousand characters; a longer one is refused before it is
# held whole (an upload may be 256 MB, all on one line).
_MAX_LINE_CHARACTERS = 10_000
_HEX = re.compile(r"[0-9a-f]+")


class EncodingFileError(ZichtError, ValueError):
    """The encoding file breaks the schema; ``problems`` lists line numbers and keys only."""

    code = "encoding_file_invalid"

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"Coderingsbestand {path.name} geweigerd: {listed(problems)}")


class LinkageRefused(ZichtError, ValueError):
    """A set of encoding files that cannot be linked as one; the message names partners (the
    files' sources), never a record. A ``ValueError`` too, as callers caught it before."""

    code = "linkage_refused"


def _identifying_values(row: dict[str, str], mapping: ColumnMapping) -> dict[str, str]:
    return {
        name: " ".join((row.get(column) or "").strip() for column in columns).strip()
        for name, columns in mapping.identifying.items()
    }


def _output_line(row, encoding: bytes, source: str, mapping, encoder: RecordEncoder) -> str:
    line = {
        "schema": encoder.schema.version,
        "source": source,
        RECORD_REFERENCE_FIELD: (row.get(mapping.record_ref) or "").strip(),
        "encoding": encoding.hex(),
        KEY_CHECK_FIELD: encoder.key_check,
    }
    for name in NON_IDENTIFYING_FIELDS:
        column = mapping.non_identifying.get(name)
        line[name] = (row.get(column) or "").strip() if column else ""
    return json.dumps(line, ensure_ascii=False)


def encode_csv(
    input_path: Path,
    output_path: Path,
    secret: bytes,
    source: str | None = None,
    mapping: ColumnMapping | None = None,
    schema: EncodingSchema = DEFAULT_SCHEMA,
    chunk_size: int = 20_000,
    progress: ProgressCallback | None = None,
    warnings: list[str] | None = None,
) -> int:
    """Stream a partner CSV into an encoding file; returns the number of records written.

    The file is checked as it streams (``persons_file.py``); on any problem
    ``PersonsFileError`` is raised and no output file is left behind. Warnings that do not
    refuse the file (unreadable birth dates) are appended to ``warnings`` when given.
    """
    mapping = columns_of(input_path, mapping)
    source = source or input_path.stem
    encoder = RecordEncoder(secret, schema)
    checks = RowChecks(mapping)
    written = 0
    partial = output_path.with_name(output_path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            chunk: list[tuple[dict[str, str], dict[str, str]]] = []
            for number, row in persons_rows(input_path, mapping):
                identifying = _identifying_values(row, mapping)
                checks.check(number, row, identifying)
                chunk.append((row, identifying))
                if len(chunk) >= chunk_size:
                    written += _write_chunk(out, chunk, encoder, source, mapping)
                    chunk = []
                    if progress is not None:
                        progress("encode", written, 0)
            written += _write_chunk(out, chunk, encoder, source, mapping)
        problems = checks.problems
        if problems:
            raise PersonsFileError(input_path, problems)
        partial.replace(output_path)
    finally:
        partial.unlink(missing_ok=True)
    if warnings is not None:
        warnings.extend(checks.warnings())
    if progress is not None:
        progress("encode", written, written)
    return written


def _write_chunk(out, chunk, encoder, source, mapping) -> int:
    if not chunk:
        return 0
    encodings = encoder.encode([identifying for _, identifying in chunk])
    for (row, _), encoding in zip(chunk, encodings, strict=True):
        out.write(_output_line(row, encoding.tobytes(), source, mapping, encoder) + "\n")
    return len(chunk)


def _line_problems(number: int, line: object, schemas: dict[str, EncodingSchema]) -> list[str]:
    if not isinstance(line, dict):
        return [f"regel {number}: geen JSON-object"]
    problems = []
    extra = sorted(set(line) - OUTPUT_KEYS)
    missing = sorted(OUTPUT_KEYS - set(line))
    if extra:
        problems.append(f"regel {number}: {_extra_keys(extra)}")
    if missing:
        problems.append(f"regel {number}: ontbrekende velden {', '.join(missing)}")
    version = line.get("schema")
    # A list or object as the version is unhashable: it is looked up only when it is text.
    schema = schemas.get(version) if isinstance(version, str) else None
    if schema is None:
        if isinstance(version, str) and version in RETIRED_SCHEMAS:
            # A known constant, not a partner's value: naming it tells the partner what to do.
            reason = f"schemaversie {version} wordt niet meer aanvaard; codeer opnieuw"
            return [*problems, f"regel {number}: {reason}"]
        return [*problems, f"regel {number}: onbekende schemaversie"]
    encoding = line.get("encoding")
    if not (
        isinstance(encoding, str)
        and len(encoding) == schema.encoding_hex_length
        and _HEX.fullmatch(encoding)
    ):
        problems.append(f"regel {number}: codering heeft niet de vorm van het schema")
    key_check = line.get(KEY_CHECK_FIELD, "")
    if KEY_CHECK_FIELD in line and not (
        isinstance(key_check, str)
        and len(key_check) == KEY_CHECK_HEX_LENGTH
        and _HEX.fullmatch(key_check)
    ):
        problems.append(f"regel {number}: controlewaarde van het geheim is ongeldig")
    for key in ("source", RECORD_REFERENCE_FIELD, *NON_IDENTIFYING_FIELDS):
        value = line.get(key, "")
        limit = _MAX_REFERENCE_LENGTH if key == RECORD_REFERENCE_FIELD else _MAX_ATTRIBUTE_LENGTH
        if not isinstance(value, str) or len(value) > limit:
            problems.append(f"regel {number}: veld {key} is geen korte tekst")
    if not line.get("source") or not line.get(RECORD_REFERENCE_FIELD):
        problems.append(f"regel {number}: bron of recordreferentie is leeg")
    return problems


def _extra_keys(extra: list[str]) -> str:
    """Keys the schema does not allow, named only when they are fields Zicht knows (a plain
    ``given_name`` left in the file): any other key may itself be a name or a number."""
    known = [key for key in extra if key in IDENTIFYING_FIELDS]
    others = len(extra) - len(known)
    if others == 0:
        return f"niet toegestane velden {', '.join(known)}"
    unnamed = (
        f"{others} niet toegestane {'veld' if others == 1 else 'velden'} (de namen tonen we "
        "niet: ze kunnen persoonsgegevens bevatten)"
    )
    return f"niet toegestane velden {', '.join(known)} en {unnamed}" if known else unnamed


@dataclass(frozen=True)
class EncodingFile:
    """The validated content of one encoding file."""

    schema: EncodingSchema
    sources: list[str]
    record_refs: list[str]
    encodings: np.ndarray  # packed bytes (records, encoding_bits // 8)
    attributes: dict[str, list[str]]
    #: Shows which secret encoded the file (``encoder.key_check_value``), not the secret.
    key_check: str = ""
    #: The file's name, for messages about several files.
    name: str = ""


class _Collected:
    """Accepted lines, kept column-wise with encodings as bytes: no dict per record."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.record_refs: list[str] = []
        self.attributes: dict[str, list[str]] = {name: [] for name in NON_IDENTIFYING_FIELDS}
        self.encodings = bytearray()
        self.versions: set[str] = set()
        self.key_checks: set[str] = set()

    def add(self, line: dict) -> None:
        self.sources.append(line["source"])
        self.record_refs.append(line[RECORD_REFERENCE_FIELD])
        for name, values in self.attributes.items():
            values.append(line[name])
        self.encodings += bytes.fromhex(line["encoding"])
        self.versions.add(line["schema"])
        self.key_checks.add(line[KEY_CHECK_FIELD])


def read_encoding_file(
    path: Path, schemas: dict[str, EncodingSchema] | None = None
) -> EncodingFile:
    """Validate and load a whole file; raises ``EncodingFileError`` on any problem."""
    schemas = schemas or KNOWN_SCHEMAS
    problems: list[str] = []
    collected = _Collected()
    try:
        _collect(path, schemas, problems, collected)
    except UnicodeDecodeError:
        raise EncodingFileError(path, ["het bestand is geen UTF-8-tekst"]) from None
    if len(collected.versions) > 1:
        problems.append("meer dan één schemaversie in één bestand")
    if not collected.record_refs and not problems:
        problems.append("het bestand bevat geen records")
    if problems:
        raise EncodingFileError(path, problems)
    schema = schemas[collected.versions.pop()]
    encodings = np.frombuffer(bytes(collected.encodings), dtype=np.uint8)
    return EncodingFile(
        schema=schema,
        sources=collected.sources,
        record_refs=collected.record_refs,
        encodings=encodings.reshape(len(collected.record_refs), -1),
        attributes=collected.attributes,
        key_check=collected.key_checks.pop(),
        name=path.name,
    )


def _collect(
    path: Path, schemas: dict[str, EncodingSchema], problems: list[str], collected: _Collected
) -> None:
    with path.open(encoding="utf-8") as handle:
        try:
            for number, text in enumerate(bounded_lines(handle, _MAX_LINE_CHARACTERS), start=1):
                _collect_line(number, text, schemas, problems, collected)
        except LineTooLong as too_long:
            raise EncodingFileError(path, [str(too_long)]) from None


def _collect_line(
    number: int,
    text: str,
    schemas: dict[str, EncodingSchema],
    problems: list[str],
    collected: _Collected,
) -> None:
    if not text.strip():
        return
    try:
        line = json.loads(text)
    except (ValueError, RecursionError):  # also numbers past Python's digit limit, and arrays
        # nested thousands deep
        problems.append(f"regel {number}: geen geldige JSON")
        return
    found = _line_problems(number, line, schemas)
    if not found and collected.key_checks and line[KEY_CHECK_FIELD] not in collected.key_checks:
        found = [f"regel {number}: met een ander geheim gecodeerd dan de regels ervoor"]
    problems.extend(found)
    if not found:
        collected.add(line)


def check_files_belong_together(files: list[EncodingFile]) -> None:
    """Refuse a set of files that cannot be linked as one: different schema versions,
    different secrets (a partner with an old or wrong secret would link nothing and, worse,
    its unrelated encodings would pull the threshold down for everyone), or one source
    spread over several files (counted twice, as if they were two partners)."""
    if len({file.schema.version for file in files}) > 1:
        raise LinkageRefused(
            "Alle coderingsbestanden moeten hetzelfde schema gebruiken.",
            message_en="All encoding files must use the same schema.",
        )
    by_secret: dict[str, list[EncodingFile]] = {}
    for file in files:
        by_secret.setdefault(file.key_check, []).append(file)
    if len(by_secret) > 1:
        groups = sorted(by_secret.values(), key=lambda group: -len(group))
        shared, others = groups[0], [file for group in groups[1:] for file in group]
        if len(shared) > len(groups[1]):
            one = len(others) == 1
            raise LinkageRefused(
                f"{_names(others)} {'is' if one else 'zijn'} met een ander geheim "
                f"gecodeerd dan {_names(shared)}: die coderingen zijn niet te vergelijken. "
                "Laat de partner opnieuw coderen met het gedeelde geheim.",
                message_en=f"{_names(others)} {'was' if one else 'were'} encoded with another "
                f"secret than {_names(shared)}: those encodings cannot be compared. Have the "
                "partner encode again with the shared secret.",
            )
        raise LinkageRefused(
            f"De bestanden zijn met verschillende geheimen gecodeerd ({_names(files)}); "
            "alle partners moeten met hetzelfde geheim coderen.",
            message_en=f"The files were encoded with different secrets ({_names(files)}); "
            "all partners must encode with the same secret.",
        )
    files_of_source: dict[str, list[EncodingFile]] = {}
    for file in files:
        for source in dict.fromkeys(file.sources):
            files_of_source.setdefault(source, []).append(file)
    for source, holding in files_of_source.items():
        if len(holding) > 1:
            raise LinkageRefused(
                f"Bron {source} staat in meer dan één bestand ({_names(holding)}); lever per "
                "bron één bestand (een correctie vervangt het vorige bestand).",
                message_en=f"Source {source} is in more than one file ({_names(holding)}); "
                "deliver one file per source (a correction replaces the previous file).",
            )


def _names(files: list[EncodingFile]) -> str:
    return ", ".join(file.name or "?" for file in files)
