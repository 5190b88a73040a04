"""The name under which a delivered file is kept and shown.

The name is typed by the partner as much as a cell is ("Jan Jansen 12-03-1990.csv"). It is kept
only when the free-text check finds nothing personal in it, read with its separators as spaces;
otherwise the file is kept as "naam-niet-bewaard" with its extension. The file itself is not
refused for its name: an export date in a name looks like a birth date.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from zicht.core.privacy.guard.free_text import check_free_text

UNKEPT_FILENAME = "naam-niet-bewaard"


def kept_filename(filename: str) -> str:
    path = PurePath(filename)
    words = re.sub(r"[_.]+", " ", path.stem)  # "Jan_Jansen" reads as the name it is
    if check_free_text(words):
        return f"{UNKEPT_FILENAME}{path.suffix.lower()[:10]}"
    return filename[:255]
