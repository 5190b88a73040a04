"""requirements.lock pins, with hashes, every dependency pyproject.toml names (`make lock`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_with_hashes_in_the_lock_file():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["dev"]}
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        m.group(1).lower().replace("_", "-"): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", lock, flags=re.M)
    }
    missing = sorted(wanted - set(pinned))
    assert missing == [], f"run `make lock`: {missing} not in requirements.lock"
    blocks = re.split(r"^(?=[A-Za-z0-9_.\-]+==)", lock, flags=re.M)[1:]
    assert all("--hash=sha256:" in block for block in blocks)
    assert "file://" not in lock and "/opt/" not in lock  # nothing machine-specific
