"""Streaming import of ad corpora (JSON Lines or CSV, optionally gzipped) in batches.

Only one batch of raw records is in memory at a time. Errors name the line number, never the
record, because a record holds phone numbers and e-mail addresses.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from zicht.core.csvfiles import column_separator
from zicht.core.errors import ZichtError
from zicht.core.textlines import LineTooLong, bounded_lines

CANONICAL_FIELDS: tuple[str, ...] = (
    "ad_id",
    "site",
    "first_seen",
    "last_seen",
    "title",
    "text",
    "phones",
    "emails",
    "city",
    "price",
    "age",
    "languages",
    "image_hashes",
)
LIST_FIELDS: frozenset[str] = frozenset({"phones", "emails", "languages", "image_hashes"})
_CSV_LIST_SEPARATOR = ";"
# An ad is a few thousand characters; a longer line is a broken or hostile file (one line of
# hundreds of megabytes), refused before it is held in memory whole.
MAX_LINE_CHARACTERS = 1_000_000
# A year's corpus of a region is some hundreds of megabytes unpacked; a gzip file that unpacks
# past this is a bomb or a mistake.
MAX_UNPACKED_BYTES = 8 * 1024**3
_STRINGS_ONLY = frozenset({str})

RawAd = dict[str, Any]


class AdsImportError(ZichtError, ValueError):
    """A corpus record could not be read; the message (Dutch, for the coordinator) names the
    line, never its content."""

    code = "ads_corpus_unreadable"


def iter_ad_batches(
    path: Path | str,
    *,
    batch_size: int = 20_000,
    column_mapping: Mapping[str, str] | None = None,
) -> Iterator[list[RawAd]]:
    """Yield lists of canonical ad records; column_mapping maps canonical to source names."""
    batch: list[RawAd] = []
    for record in iter_ads(path, column_mapping=column_mapping):
        batch.append(record)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_ads(
    path: Path | str, *, column_mapping: Mapping[str, str] | None = None
) -> Iterator[RawAd]:
    """Yield canonical ad records one by one."""
    path = Path(path)
    mapping = dict(column_mapping or {})
    unknown = set(mapping) - set(CANONICAL_FIELDS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise AdsImportError(
            f"de kolomtoewijzing noemt onbekende velden: {names}",
            message_en=f"the column mapping names unknown fields: {names}",
        )
    suffixes = [suffix.lower() for suffix in path.suffixes]
    with _open_text(path) as handle:
        try:
            if ".csv" in suffixes:
                yield from _iter_csv(handle, mapping)
            else:
                yield from _iter_json_lines(handle, mapping)
        except AdsImportError:
            raise
        except (UnicodeDecodeError, csv.Error, EOFError, gzip.BadGzipFile, zlib.error):
            # zlib.error: a damaged deflate stream inside a gzip file with a sound header
            raise AdsImportError(
                "het corpus is geen leesbare UTF-8-tekst (JSON Lines of CSV, eventueel gzip); "
                "een veld is misschien te lang",
                message_en="the corpus is not readable UTF-8 text (JSON Lines or CSV, possibly "
                "gzipped); a field may be too long",
            ) from None


class _UnpackLimit(io.RawIOBase):
    """A gzip stream that stops at ``limit`` unpacked bytes: a small file that unpacks to
    terabytes (a gzip bomb) is refused in bounded time, not read to its end."""

    def __init__(self, packed: gzip.GzipFile, limit: int) -> None:
        self._packed, self._limit, self._unpacked = packed, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._packed.readinto(buffer)
        self._unpacked += count
        if self._unpacked > self._limit:
            gigabytes = f"{self._limit / 1024**3:g}".replace(".", ",")
            raise AdsImportError(
                f"het corpus is uitgepakt groter dan {gigabytes} GB",
                message_en=f"the corpus unpacks to more than {self._limit / 1024**3:g} GB",
            )
        return count

    def close(self) -> None:
        self._packed.close()
        super().close()


def _open_text(path: Path) -> IO[str]:
    if path.suffix.lower() == ".gz":
        packed = gzip.open(path, "rb")  # noqa: SIM115 - closed with the text stream
        unpacked = io.BufferedReader(_UnpackLimit(packed, MAX_UNPACKED_BYTES))
        return io.TextIOWrapper(unpacked, encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed by the caller


def _bounded_lines(handle: IO[str]) -> Iterator[str]:
    try:
        yield from bounded_lines(handle, MAX_LINE_CHARACTERS)
    except LineTooLong as too_long:
        raise AdsImportError(
            str(too_long),
            message_en=f"line {too_long.number}: the line is longer than "
            f"{too_long.limit:,} characters",
        ) from None


def _wording_fields(mapping: dict[str, str]) -> tuple[str, str]:
    return mapping.get("text", "text"), mapping.get("title", "title")


def _iter_json_lines(handle: IO[str], mapping: dict[str, str]) -> Iterator[RawAd]:
    wording = _wording_fields(mapping)
    for line_number, line in enumerate(_bounded_lines(handle), start=1):
        if not line.strip():
            continue
        try:
            source = json.loads(line)
        except (ValueError, RecursionError):  # also numbers past Python's digit limit, and
            # arrays nested thousands deep
            raise AdsImportError(
                f"regel {line_number}: geen geldige JSON",
                message_en=f"line {line_number}: not valid JSON",
            ) from None
        if not isinstance(source, dict):
            raise AdsImportError(
                f"regel {line_number}: verwacht een JSON-object",
                message_en=f"line {line_number}: a JSON object was expected",
            )
        if wording[0] not in source and wording[1] not in source:
            # A record without either field is another layout, not an ad without words.
            raise AdsImportError(
                f"regel {line_number}: geen veld '{wording[0]}' of '{wording[1]}' "
                "(wijs andere namen toe met een kolomtoewijzing)",
                message_en=f"line {line_number}: no field '{wording[0]}' or '{wording[1]}' "
                "(map other names with a column mapping)",
            )
        yield _canonical(source, mapping, line_number, split_lists=False)


def _iter_csv(handle: IO[str], mapping: dict[str, str]) -> Iterator[RawAd]:
    lines = _bounded_lines(handle)
    first = next(lines, "")
    # The separator that splits the header most. With ";" between columns, list fields
    # (phones, e-mails) separate their items with "|" instead of ";".
    delimiter = column_separator(first)
    separator = "|" if delimiter == _CSV_LIST_SEPARATOR else _CSV_LIST_SEPARATOR
    reader = csv.DictReader(itertools.chain([first], lines), delimiter=delimiter)
    header = {name.strip() for name in reader.fieldnames or []}
    text, title = _wording_fields(mapping)
    if text not in header and title not in header:
        raise AdsImportError(
            f"regel 1: geen kolom '{text}' of '{title}' "
            "(wijs andere namen toe met een kolomtoewijzing)",
            message_en=f"line 1: no column '{text}' or '{title}' "
            "(map other names with a column mapping)",
        )
    for row_number, row in enumerate(reader, start=2):
        yield _canonical(row, mapping, row_number, split_lists=True, separator=separator)


def _canonical(
    source: Mapping[str, Any],
    mapping: dict[str, str],
    line_number: int,
    *,
    split_lists: bool,
    separator: str = _CSV_LIST_SEPARATOR,
) -> RawAd:
    if mapping:
        record: RawAd = {name: source.get(mapping.get(name, name)) for name in CANONICAL_FIELDS}
    else:
        record = {name: source.get(name) for name in CANONICAL_FIELDS}
    for field_name in LIST_FIELDS:
        value = record[field_name]
        # A JSON list of non-empty strings is already canonical (the common case, checked
        # without a Python-level loop); anything else is converted.
        if type(value) is not list or "" in value or not _STRINGS_ONLY.issuperset(map(type, value)):
            record[field_name] = _as_list(value, split_lists, separator)
    if record["ad_id"] in (None, ""):
        # Without an id the output cannot refer back to the ad; the line number stands in.
        record["ad_id"] = f"line-{line_number}"
    else:
        record["ad_id"] = str(record["ad_id"])
    return record


def _as_list(value: Any, split_strings: bool, separator: str = _CSV_LIST_SEPARATOR) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item not in (None, "")]
    text = str(value)
    if split_strings and text.startswith("["):
        try:
            return [str(item) for item in json.loads(text)]
        except (ValueError, RecursionError):  # not JSON, a number past Python's digit limit
            # or nesting thousands deep: read as text, like any other cell
            pass
    if split_strings:
        return [part.strip() for part in text.split(separator) if part.strip()]
    return [text]
