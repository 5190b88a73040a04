"""Every Dutch text a reader, partner or coordinator can meet has its English translation: the
messages are extracted afresh from a copy of the code (as `makemessages` would) and none may be
untranslated or fuzzy (a fuzzy guess is shown as Dutch)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import zicht

WEB = Path(zicht.__file__).parent / "web"


def _entries(po_file: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each entry, continuation lines joined."""
    found = []
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M) is not None
        parts = {}
        for key, pattern in (("msgid", "msgid"), ("msgstr", r"msgstr(?:\[0\])?")):
            match = re.search(rf'^{pattern} ((?:".*"\n?)+)', block + "\n", re.M)
            if match:  # msgstr[0]: the singular of a plural entry
                parts[key] = "".join(re.findall(r'"(.*)"', match.group(1)))
        if parts.get("msgid"):
            found.append((parts["msgid"], parts.get("msgstr", ""), fuzzy))
    return found


def test_every_message_has_its_english_translation(tmp_path):
    copy = tmp_path / "zicht"
    shutil.copytree(WEB.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    environment = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "zicht.web.settings",
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy / "web", env=environment, check=True, capture_output=True,
    )  # fmt: skip
    catalogues = sorted((copy / "web").rglob("locale/en/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 3  # the site, the portal and the linkage pages
    missing = [
        f"{po.relative_to(copy)}: {msgid[:60]}"
        for po in catalogues
        for msgid, msgstr, fuzzy in _entries(po)
        if fuzzy or not msgstr
    ]
    assert missing == []
