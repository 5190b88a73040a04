"""Rendered charts kept on disk, shared by every process of an installation.

A chart's picture depends only on its Vega-Lite spec, the number format and the renderer's
version, so it is filed under a hash of those three. The web workers, the static bake and the
PDF builder then run Vega once per chart per installation instead of once per process (a
published edition has hundreds of charts at tens of milliseconds each), and a changed spec or a
new renderer never meets an old picture. The folder can be emptied at any time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


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
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def write(self, key: str, svg: str) -> None:
        """File the picture; a folder that cannot be written leaves it unfiled (the chart is
        then rendered again next time, which is slower but right)."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed: a reader in another process sees the whole picture
            # or none, never half of one.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(svg)
            os.replace(temporary, path)
        except OSError:
            return
