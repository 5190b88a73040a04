"""What a person reads in the terminal after `make demo` (the output of `zicht demo`)."""

from __future__ import annotations

import re
from pathlib import Path

from zicht.web.portal.roles import Role


def _output(demo_environment) -> str:
    return (Path(demo_environment["ZICHT_DATA_DIR"]) / "demo-output.txt").read_text()


def test_the_demo_build_shows_its_steps_not_a_log_line_per_delivery(demo_environment):
    output = _output(demo_environment)
    for step in ("Leveringen importeren", "Edities publiceren", "Demomonitor klaar"):
        assert step in output
    # The build's info lines (a delivery stored, an audit entry) stay out of the terminal;
    # the audit trail keeps them in the database.
    assert "delivery stored" not in output and '"level": "INFO"' not in output


def test_the_demo_prints_one_account_per_role_with_its_second_factor(demo_environment):
    output = _output(demo_environment)
    for role in Role:
        assert f"{role.value}: " in output
    # Per account: its authenticator key and five backup codes of eight characters.
    assert len(re.findall(r"^ +app-sleutel +[A-Z2-7]{32}$", output, re.MULTILINE)) == len(Role)
    backup = r"^ +reservecodes( +[a-z0-9]{8}){5}$"
    assert len(re.findall(backup, output, re.MULTILINE)) == len(Role)
