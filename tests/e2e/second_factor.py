"""Second-factor codes for the browser tests' demo accounts."""

from __future__ import annotations

import base64
import time

TOTP_STEP_SECONDS = 30
_last_step: dict[str, int] = {}


def fresh_code(secret: str) -> str:
    """A TOTP code of a time step this session has not used for this secret yet.

    django-otp refuses a code whose time step was used before (replay protection), so two
    sign-ins of one account within 30 s would share a code and the second would fail. The next
    step is accepted early (the device's tolerance is one step); beyond that, wait for it."""
    from django_otp.oath import TOTP

    step = max(int(time.time()) // TOTP_STEP_SECONDS, _last_step.get(secret, -1) + 1)
    while step > int(time.time()) // TOTP_STEP_SECONDS + 1:
        time.sleep(1)
    _last_step[secret] = step
    totp = TOTP(base64.b32decode(secret), step=TOTP_STEP_SECONDS)
    totp.time = step * TOTP_STEP_SECONDS
    return f"{totp.token():06d}"
