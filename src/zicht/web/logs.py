"""Structured logs: one JSON object per line, without personal data or refused values.

Exception messages can quote what a user or a file supplied (a cell, a name), so a logged
exception keeps its type and the code frames (file, line, function) but not its message; a
request is logged as method and path, never with its query string, body or cookies.
"""

from __future__ import annotations

import logging
import traceback

from pythonjsonlogger.json import JsonFormatter


def _frames_only(exc_info) -> str:
    kind, _, trace = exc_info
    frames = traceback.extract_tb(trace)
    lines = [f"{f.filename}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join([*lines, f"{kind.__module__}.{kind.__qualname__}"])


class SafeJsonFormatter(JsonFormatter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._skip_fields.add("request")  # its repr holds the query string

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return _frames_only(ei)

    def add_fields(self, log_data, record: logging.LogRecord, message_dict) -> None:
        request = record.__dict__.get("request")
        super().add_fields(log_data, record, message_dict)
        if request is not None:
            log_data["method"] = getattr(request, "method", "")
            log_data["path"] = getattr(request, "path", "")


class SafeTextFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802
        return _frames_only(ei)


def logging_config(*, json: bool, level: str) -> dict:
    """Django's LOGGING: everything to stderr, Django's request errors included, no mail."""
    formatter = "json" if json else "text"
    handler = {"handlers": ["console"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": SafeJsonFormatter,
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
            "text": {
                "()": SafeTextFormatter,
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            },
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": formatter}},
        "loggers": {
            "zicht": handler,
            # Replaces Django's default, which mails admins and prints only with DEBUG on.
            "django": handler,
            "django.request": handler,
            "django.security": handler,
            "django.server": {**handler, "level": "WARNING"},
            "gunicorn.error": handler,
        },
    }


def spawned_django_ready(zicht_log_level: int) -> None:
    """Initializer of a spawned worker process: Django set up, Zicht's loggers at the level of
    the process that started it. Lives here, not beside the work, because a module that
    imports models cannot be unpickled before Django is set up."""
    import django

    django.setup()
    logging.getLogger("zicht").setLevel(zicht_log_level)
