"""``/gezond/``: is this web process up and is its database reachable? For load balancers and
monitoring; says nothing else about the installation."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger("zicht.health")


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy", never a 500
        log.warning("health check: database unreachable (%s)", type(error).__name__)
        return JsonResponse({"status": "fout", "database": "onbereikbaar"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
