"""Browser tests: the demo monitor served for real, driven through Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ZICHT = [sys.executable, "-m", "zicht.cli.main"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped with exit code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"server did not answer at {url}")


@pytest.fixture(scope="session")
def demo_environment(tmp_path_factory) -> dict[str, str]:
    """The environment of a demo database built with `zicht demo --no-serve`."""
    data = tmp_path_factory.mktemp("zicht-e2e")
    env = {
        **os.environ,
        "ZICHT_DATA_DIR": str(data),
        "ZICHT_DATABASE_URL": f"sqlite:///{Path(data) / 'zicht.sqlite3'}",
    }
    built = subprocess.run([*ZICHT, "demo", "--no-serve"], env=env, capture_output=True)
    # What a person running `make demo` reads, kept for test_demo_command.
    (data / "demo-output.txt").write_bytes(built.stdout + built.stderr)
    assert built.returncode == 0, built.stderr.decode(errors="replace")[-2000:]
    return env


BAKED_TESTS_LAST = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config, items):
    """The baked-site tests run last, so that the bake (see ``bake_started``) runs beside the
    live-server tests instead of before them."""
    baked = [item for item in items if item.module.__name__.endswith("test_baked_site")]
    if baked:
        items[:] = [item for item in items if item not in baked] + baked
    config.stash[BAKED_TESTS_LAST] = bool(baked)


@pytest.fixture(scope="session", autouse=True)
def bake_started(request, tmp_path_factory):
    """`zicht bake` of the demo, started in the background as soon as the demo is built when
    this run has baked-site tests (a minute and more of rendering on one core)."""
    if not request.config.stash.get(BAKED_TESTS_LAST, False):
        yield None
        return
    env = request.getfixturevalue("demo_environment")
    folder = tmp_path_factory.mktemp("baked")
    site, log = folder / "site", folder / "bake.log"
    with log.open("wb") as output:  # a file, not a pipe: nobody reads it while the bake runs
        process = subprocess.Popen(
            [*ZICHT, "bake", "--out", str(site)], env=env, stdout=output, stderr=output
        )
    yield process, site, log
    if process.poll() is None:
        process.kill()
    process.wait()


@pytest.fixture(scope="session")
def demo_server(request) -> str:
    """The demo database served with `zicht serve`."""
    if os.environ.get("ZICHT_E2E_URL"):  # a developer's running demo, to iterate quickly
        yield os.environ["ZICHT_E2E_URL"].rstrip("/")
        return
    env = request.getfixturevalue("demo_environment")
    port = _free_port()
    server = subprocess.Popen(
        [*ZICHT, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


STATIC_SERVER = """
import http.server, pathlib, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        page = pathlib.Path("404.html")
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


@pytest.fixture(scope="session")
def baked_site(bake_started) -> Path:
    """The demo's public site baked to static files by `zicht bake` (started by
    ``bake_started`` whenever the run has baked-site tests)."""
    process, site, log = bake_started
    assert process.wait(timeout=900) == 0, log.read_text(errors="replace")[-2000:]
    return site


@pytest.fixture(scope="session")
def baked_server(baked_site) -> str:
    """The baked site served by Python's http.server: no Django, no database. As a host
    configured with an error page does, a missing address gets the baked 404.html."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", STATIC_SERVER, str(port)],
        cwd=baked_site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, demo_server):
    """A page that records every request host, to prove nothing leaves the machine."""
    context = browser.new_context()
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda request: page.requested_hosts.add(request.url.split("/")[2]))
    yield page
    context.close()
