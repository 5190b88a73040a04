"""Per-ad data that grows with the corpus, kept in anonymous temporary files instead of memory.

Ad ids (needed only when ``ads.csv`` is written), the hashed shingles (needed once, after the
whole corpus has been read) and the MinHash signatures (read one permutation at a time) would
otherwise hold several hundred bytes per ad in memory. The files are unlinked as soon as they
are created, so they vanish with the process; they hold ids and hashes, never text or contacts.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence

import numpy as np


class ArraySpool:
    """Append groups of numpy arrays to a temporary file; read them back in order."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="zicht-ads-")  # noqa: SIM115 - closed in close()
        self._groups = 0

    def append(self, *arrays: np.ndarray) -> None:
        self._file.write(len(arrays).to_bytes(1, "little"))
        for array in arrays:
            np.save(self._file, array, allow_pickle=False)
        self._groups += 1

    def __len__(self) -> int:
        return self._groups

    def __iter__(self) -> Iterator[tuple[np.ndarray, ...]]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._groups):
            count = self._file.read(1)[0]
            yield tuple(np.load(self._file, allow_pickle=False) for _ in range(count))
        self._file.seek(0, os.SEEK_END)

    def close(self) -> None:
        self._file.close()


class AdIdSpool:
    """The input ads' ids in input order, one batch per group (UTF-8 bytes plus offsets)."""

    def __init__(self) -> None:
        self._spool = ArraySpool()
        self.count = 0

    def append(self, ad_ids: Sequence[str]) -> None:
        encoded = [ad_id.encode() for ad_id in ad_ids]
        ends = np.cumsum([len(item) for item in encoded], dtype=np.int64)
        self._spool.append(ends, np.frombuffer(b"".join(encoded), dtype=np.uint8))
        self.count += len(ad_ids)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        for ends, blob in self._spool:
            data = blob.tobytes()
            start = 0
            for end in ends.tolist():
                yield data[start:end].decode()
                start = end

    def close(self) -> None:
        self._spool.close()


class ColumnStore:
    """A uint32 matrix written in row blocks and read back one column at a time.

    MinHash signatures are produced for a batch of ads (all permutations) but LSH and the
    similarity estimate need one permutation for all ads; each block is stored column-major,
    so reading a column is one read per block.
    """

    def __init__(self, n_columns: int) -> None:
        self.n_columns = n_columns
        self._file = tempfile.TemporaryFile(prefix="zicht-ads-")  # noqa: SIM115 - closed in close()
        self._blocks: list[tuple[int, int, int]] = []  # (first row, rows, byte offset)
        self.n_rows = 0

    def append_rows(self, first_row: int, block: np.ndarray) -> None:
        if block.shape[1] != self.n_columns or first_row != self.n_rows:
            raise ValueError("blocks must be appended in row order with every column")
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(np.ascontiguousarray(block.T, dtype=np.uint32).tobytes())
        self._blocks.append((first_row, len(block), offset))
        self.n_rows += len(block)

    def column(self, index: int) -> np.ndarray:
        self._file.flush()
        result = np.empty(self.n_rows, dtype=np.uint32)
        descriptor = self._file.fileno()
        for first_row, rows, offset in self._blocks:
            raw = os.pread(descriptor, rows * 4, offset + index * rows * 4)
            result[first_row : first_row + rows] = np.frombuffer(raw, dtype=np.uint32)
        return result

    def close(self) -> None:
        self._file.close()
