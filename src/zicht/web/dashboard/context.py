"""What every public page shows, whichever view rendered it (error pages included)."""

from __future__ import annotations

from django.http import HttpRequest

from zicht import config


def public_site(request: HttpRequest) -> dict:
    return {"synthetic_notice": config.synthetic_data_notice()}
