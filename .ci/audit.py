"""Known-vulnerability audit of the pinned Python dependencies (pip-audit over
requirements.lock) and the npm packages (npm audit), for `make audit` and `make test`.

Fails on any known vulnerability. When an advisory service cannot be reached (a network that
allows the package registries but not their advisory APIs), it says so loudly and, unless
``--strict`` is given, does not fail: an audit that could not run is reported, never passed
off as clean.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def python_audit() -> tuple[bool, str]:
    """(ran, problem): ran is False when no advisory could be fetched."""
    done = subprocess.run(
        [
            str(BIN / "pip-audit"),
            "--disable-pip",
            "--require-hashes",
            "-r",
            str(REPO / "requirements.lock"),
            "--vulnerability-service",
            "pypi",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return False, done.stderr.strip()[-500:]
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if vulnerable:
        names = ", ".join(f"{d['name']} {d['version']}" for d in vulnerable)
        return True, f"known vulnerabilities in: {names}"
    if dependencies and len(skipped) == len(dependencies):
        return False, f"PyPI advisory data unavailable for all {len(skipped)} packages"
    if skipped:
        print(f"pip-audit: note: {len(skipped)} packages not on PyPI could not be audited")
    return True, ""


def npm_audit() -> tuple[bool, str]:
    done = subprocess.run(
        ["npm", "audit", "--json", "--audit-level=low"], cwd=REPO, capture_output=True, text=True
    )
    try:
        report = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        return False, done.stderr.strip()[-500:]
    if "error" in report or "metadata" not in report:
        return False, "npm advisory endpoint unavailable"
    found = report["metadata"].get("vulnerabilities", {})
    total = sum(v for k, v in found.items() if k != "total" and isinstance(v, int))
    return True, f"{total} known vulnerabilities in npm packages" if total else ""


def main() -> int:
    strict = "--strict" in sys.argv
    failed = False
    for name, audit in (("pip-audit", python_audit), ("npm audit", npm_audit)):
        ran, problem = audit()
        if ran and not problem:
            print(f"{name}: no known vulnerabilities")
        elif ran:
            print(f"{name}: FAILED: {problem}")
            failed = True
        else:
            print(f"{name}: NOT RUN: {problem} (advisory service unreachable from here)")
            failed = failed or strict
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
