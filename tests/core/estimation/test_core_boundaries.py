"""zicht.core.estimation stands alone: no Django, no web, no CLI."""

from __future__ import annotations

import subprocess
import sys


def test_estimation_core_imports_no_django_web_or_cli():
    code = (
        "import sys, zicht.core.estimation as e; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django' "
        "or m.startswith(('zicht.web', 'zicht.cli'))]; print(','.join(bad))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert output == ""
