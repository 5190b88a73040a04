"""The production web server: gunicorn running Zicht's WSGI application, WhiteNoise serving the
static files from inside it (no separate file server needed), logs as JSON on stderr.

``zicht serve --production`` starts it; it is the same as
``gunicorn zicht.web.wsgi:application --worker-class gthread`` with Zicht's logging.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from zicht import config
from zicht.web.logs import logging_config


class ZichtServer(BaseApplication):
    def __init__(self, options: dict[str, object]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from zicht.web.wsgi import application

        return application


def server_options(host: str, port: int, workers: int | None = None) -> dict[str, object]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers or config.value("ZICHT_WEB_WORKERS"),
        # Threads keep connections alive and overlap database waits; pages are small.
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 60,
        "graceful_timeout": 30,
        "keepalive": 5,
        # No access log: a reverse proxy keeps one if the municipality wants it, and client
        # addresses are personal data. Errors go through Zicht's JSON logging.
        "accesslog": None,
        "logconfig_dict": logging_config(
            json=config.get("ZICHT_LOG_FORMAT") != "text",
            level=config.get("ZICHT_LOG_LEVEL") or "INFO",
        ),
        "proc_name": "zicht-web",
    }


def run(host: str, port: int, workers: int | None = None) -> None:
    ZichtServer(server_options(host, port, workers)).run()
