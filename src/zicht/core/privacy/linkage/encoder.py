"""Partner-side encoder: identifying values in, hardened record-level Bloom filters out.

Pipeline per record (see docs/adr/0005-linkage-encoding.md):

1. feature tokens (``features.py``), each hashed with HMAC-SHA256 under a key derived from
   the partner-shared secret into ``k`` positions of an inner Bloom filter (a CLK);
2. a keyed diffusion layer: every published bit is the XOR of ``t`` inner bits chosen by
   keyed permutations, so no published bit belongs to one q-gram and bit patterns of
   frequent names no longer stand out (Armknecht et al., 2023).

The inner filter never leaves this module.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from zicht.core.errors import ZichtError
from zicht.core.privacy.linkage.features import record_features
from zicht.core.privacy.linkage.schema import (
    DEFAULT_SCHEMA,
    KEY_CHECK_HEX_LENGTH,
    EncodingSchema,
    Wiring,
)

MINIMUM_SECRET_BYTES = 16


class SecretError(ZichtError, ValueError):
    """The secret file is missing, unreadable or too short (its content is never shown)."""

    code = "secret_invalid"


def load_secret(path: Path) -> bytes:
    """Read the shared secret; surrounding whitespace is ignored so editors cannot break it."""
    try:
        secret = path.read_bytes().strip()
    except OSError as error:
        raise SecretError(f"Het geheim kan niet gelezen worden: {path}") from error
    if len(secret) < MINIMUM_SECRET_BYTES:
        raise SecretError(
            f"Het geheim in {path} is te kort: gebruik minstens {MINIMUM_SECRET_BYTES} tekens."
        )
    return secret


def _derive_key(secret: bytes, purpose: str, version: str) -> bytes:
    # Separate keys per purpose, so the diffusion wiring says nothing about the hash key.
    return hmac.digest(secret, f"{version}|{purpose}".encode(), hashlib.sha256)


def key_check_value(secret: bytes, schema: EncodingSchema = DEFAULT_SCHEMA) -> str:
    """The key check value written on every encoding line (cf. a bank's key check value):
    a truncated keyed hash of a fixed label, so it shows whether two files share a secret
    and nothing else; its key is separate from the hashing and diffusion keys."""
    return _derive_key(secret, "key-check", schema.version)[: KEY_CHECK_HEX_LENGTH // 2].hex()


class _KeyStream:
    """Uniform integers from an HMAC-SHA256 counter stream (block ``i`` is HMAC(key, "i")).

    Written so that a browser can reproduce it with Web Crypto (``encoder.js``): 32-bit
    big-endian words, rejection sampling for ranges that do not divide 2**32.
    """

    def __init__(self, key: bytes) -> None:
        self._key, self._block, self._buffer, self._offset = key, 0, b"", 0

    def _word(self) -> int:
        if self._offset == len(self._buffer):
            self._buffer = hmac.digest(self._key, str(self._block).encode(), hashlib.sha256)
            self._block, self._offset = self._block + 1, 0
        word = int.from_bytes(self._buffer[self._offset : self._offset + 4], "big")
        self._offset += 4
        return word

    def below(self, bound: int) -> int:
        limit = 2**32 - 2**32 % bound
        while True:
            word = self._word()
            if word < limit:
                return word % bound


def _portable_wiring(schema: EncodingSchema, key: bytes) -> np.ndarray:
    """Version 2: Fisher-Yates shuffles from one key stream, column by column."""
    stream = _KeyStream(key)
    repeats = -(-schema.encoding_bits // schema.filter_bits)
    columns = []
    for _ in range(schema.diffusion_inputs_per_bit):
        stacked: list[int] = []
        for _ in range(repeats):
            permutation = list(range(schema.filter_bits))
            for last in range(schema.filter_bits - 1, 0, -1):
                other = stream.below(last + 1)
                permutation[last], permutation[other] = permutation[other], permutation[last]
            stacked += permutation
        columns.append(stacked[: schema.encoding_bits])
    wiring = [list(row) for row in zip(*columns, strict=True)]
    # An inner bit XOR-ed with itself cancels; redraw such inputs from the same stream.
    for row in wiring:
        for column in range(1, len(row)):
            while row[column] in row[:column]:
                row[column] = stream.below(schema.filter_bits)
    return np.array(wiring, dtype=np.int64).reshape(schema.encoding_bits, -1)


def _diffusion_wiring(schema: EncodingSchema, key: bytes) -> np.ndarray:
    """Inner positions feeding each published bit: ``t`` keyed permutations side by side."""
    if schema.wiring is Wiring.HMAC_FISHER_YATES:
        return _portable_wiring(schema, key)
    rng = np.random.default_rng(int.from_bytes(key, "big"))
    inputs = schema.diffusion_inputs_per_bit
    repeats = -(-schema.encoding_bits // schema.filter_bits)
    columns = []
    for _ in range(inputs):
        stacked = np.concatenate([rng.permutation(schema.filter_bits) for _ in range(repeats)])
        columns.append(stacked[: schema.encoding_bits])
    wiring = np.stack(columns, axis=1)
    # An inner bit XOR-ed with itself cancels; redraw such rows (rare, still keyed).
    for row in range(schema.encoding_bits):
        while len(set(wiring[row].tolist())) < inputs:
            wiring[row] = rng.choice(schema.filter_bits, size=inputs, replace=False)
    return wiring


class RecordEncoder:
    """Encodes records with one secret and one schema; reusable across chunks."""

    def __init__(self, secret: bytes, schema: EncodingSchema = DEFAULT_SCHEMA) -> None:
        if schema.filter_bits & (schema.filter_bits - 1) or schema.filter_bits > 65536:
            raise ValueError("filter_bits must be a power of two of at most 65536")
        if schema.encoding_bits % 64:
            raise ValueError("encoding_bits must be a multiple of 64")
        self.schema = schema
        self.key_check = key_check_value(secret, schema)
        self._hash_key = _derive_key(secret, "hash", schema.version)
        self._wiring = _diffusion_wiring(schema, _derive_key(secret, "diffusion", schema.version))
        self._position_cache: dict[tuple[str, int], np.ndarray] = {}

    def _positions(self, token: str, count: int) -> np.ndarray:
        cached = self._position_cache.get((token, count))
        if cached is not None:
            return cached
        digest = b""
        block = 0
        while len(digest) < 2 * count:
            message = f"{block}\x1f{token}".encode()
            digest += hmac.digest(self._hash_key, message, hashlib.sha256)
            block += 1
        # filter_bits divides 2**16, so the modulo introduces no bias.
        values = np.frombuffer(digest[: 2 * count], dtype=">u2").astype(np.int64)
        positions = values % self.schema.filter_bits
        if len(self._position_cache) < 2_000_000:
            self._position_cache[(token, count)] = positions
        return positions

    def inner_filters(self, records: Sequence[Mapping[str, str]]) -> np.ndarray:
        """Unhardened Bloom filters, shape ``(records, filter_bits)``; never published."""
        filters = np.zeros((len(records), self.schema.filter_bits), dtype=bool)
        columns: list[np.ndarray] = []
        per_record = np.zeros(len(records), dtype=np.int64)
        for row, values in enumerate(records):
            before = len(columns)
            columns.extend(
                self._positions(token, count)
                for token, count in record_features(values, self.schema)
            )
            per_record[row] = sum(len(positions) for positions in columns[before:])
        if columns:
            rows = np.repeat(np.arange(len(records)), per_record)
            filters[rows, np.concatenate(columns)] = True
        return filters

    def encode(self, records: Sequence[Mapping[str, str]]) -> np.ndarray:
        """Published encodings as packed bytes, shape ``(records, encoding_bits // 8)``."""
        inner = self.inner_filters(records)
        published = inner[:, self._wiring[:, 0]]
        for column in range(1, self._wiring.shape[1]):
            published ^= inner[:, self._wiring[:, column]]
        return np.packbits(published, axis=1)
