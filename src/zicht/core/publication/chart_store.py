"""Rendered charts kept on disk, shared by every process of an installation.

A chart's picture depends only on its Vega-Lite spec, the number format and the renderer's
version, so it is filed under a hash of those three. The web workers, the static bake and the
PDF builder then run Vega once per chart per installation instead of once per process (a
published edition has hundreds of charts at tens of milliseconds each), and a changed spec or a
new renderer never meets an old picture. The folder can be emptied at any time, and
:meth:`ChartStore.prune` empties it of what no page has used for a while (the pictures of old
drafts and of specs from before an upgrade); a file's time is when it was last used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: A read marks its chart as used at most once per this many seconds: a page read many times
#: costs one stat per chart, not one write.
USE_MARK_SECONDS = 24 * 3600
#: A half-written file older than this belongs to a process that stopped while writing.
ABANDONED_WRITE_SECONDS = 3600
# The names this store gives its folders and files; pruning touches nothing else.
_SHARD = "[0-9a-f][0-9a-f]"
_CHART_NAME = re.compile(r"[0-9a-f]{64}\.svg")
_WRITE_NAME = re.compile(r"tmp\w+\.part")


@dataclass(frozen=True)
class PruneResult:
    """What a prune did: charts removed and kept, and the bytes freed (abandoned writes too)."""

    removed: int
    kept: int
    freed_bytes: int


@dataclass(frozen=True)
class ChartStore:
    folder: Path

    @staticmethod
    def key(renderer_version: str, format_locale: str, spec_json: str) -> str:
        material = "\0".join((renderer_version, format_locale, spec_json)).encode()
        return hashlib.sha256(material).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.svg"

    def read(self, key: str) -> str | None:
        """The picture filed under ``key``; None when there is none or it cannot be read (the
        chart is then rendered again)."""
        path = self._path(key)
        try:
            svg = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self._mark_used(path)
        return svg

    @staticmethod
    def _mark_used(path: Path) -> None:
        # A read-only folder keeps no marks: the chart may then be pruned while still in use.
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > USE_MARK_SECONDS:
                os.utime(path)

    def write(self, key: str, svg: str) -> None:
        """File the picture; a folder that cannot be written leaves it unfiled (the chart is
        then rendered again next time, which is slower but right)."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed: a reader in another process sees the whole picture
            # or none, never half of one.
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix="tmp", suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(svg)
            os.replace(temporary, path)
        except OSError:
            return

    def prune(self, unused_for_seconds: float, *, now: float | None = None) -> PruneResult:
        """Remove the charts no page has used for ``unused_for_seconds`` (a chart still used
        after all is rendered again), and writes abandoned by a process that stopped."""
        now = time.time() if now is None else now
        removed = kept = freed = 0
        for path in self.folder.glob(f"{_SHARD}/*"):
            is_chart = _CHART_NAME.fullmatch(path.name) is not None
            if not is_chart and not _WRITE_NAME.fullmatch(path.name):
                continue  # not a file this store wrote
            limit = unused_for_seconds if is_chart else ABANDONED_WRITE_SECONDS
            try:
                status = path.stat()
                if now - status.st_mtime <= limit:
                    kept += int(is_chart)
                    continue
                path.unlink()
            except OSError:  # gone meanwhile, or not ours to remove
                continue
            removed += int(is_chart)
            freed += status.st_size
        for folder in self.folder.glob(_SHARD):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        return PruneResult(removed, kept, freed)
