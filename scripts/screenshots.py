"""Screenshots of the public pages a reviewer should look at, desktop and phone.

    python scripts/screenshots.py [--url http://127.0.0.1:8000] [--out var/screenshots]

Without --url it builds the demo monitor in a temporary folder and serves it, as the browser
tests do. The folder is not committed (.gitignore); open the PNGs to look at them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "/",
    "indicator": "/editie/2020/indicator/police_signals/",
    "municipality": "/editie/2020/gemeente/GM0599/",
    "map": "/editie/2020/kaart/",
    "chain": "/editie/2020/keten/",
    "about": "/over/",
    "map-en": "/en/editie/2020/kaart/",
    "about-en": "/en/over/",
}
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def _serve(folder: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
    from conftest import _free_port, _wait_for  # the browser tests' own helpers

    env = {
        **os.environ,
        "ZICHT_DATA_DIR": str(folder),
        "ZICHT_DATABASE_URL": f"sqlite:///{folder / 'zicht.sqlite3'}",
    }
    zicht = [sys.executable, "-m", "zicht.cli.main"]
    subprocess.run([*zicht, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*zicht, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_for(url + "/", server)
    return server, url


def shoot(url: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(url + path)
                target = out / f"{name}-{size}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Zicht; default: build and serve the demo")
    parser.add_argument("--out", default="var/screenshots", type=Path)
    args = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory(prefix="zicht-screenshots-") as folder:
        url = args.url
        if url is None:
            server, url = _serve(Path(folder))
        try:
            for path in shoot(url.rstrip("/"), args.out):
                print(path)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)


if __name__ == "__main__":
    main()
