"""``zicht bake``: the public site of published editions as static files.

Every public address is rendered by Django's own test client — the same views, templates and
public gate as the live site — starting from the editions' pages and following their links, so
the baked site holds exactly what a visitor can reach and nothing the gate would not show
(the admin and the partner portal are never requested). The API is baked as JSON files at its
own paths with ``.json`` appended (``/api/v1/editions/2020.json``), because a static server
cannot tell ``/editions`` the file from ``/editions/`` the folder.
"""

from __future__ import annotations

import re
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse, translate_url
from django.utils import translation

from zicht.core.publication import embed
from zicht.web.publication import cache

#: Paths that are never public and never followed, even when a page links to them.
PRIVATE_PREFIXES = ("/beheer/", "/portaal/", "/portal/", "/accounts/", "/en/beheer/")
_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
LANGUAGE_PREFIXES = ("", "/en")
LANGUAGES = ("nl", "en")
MARKER = ".zicht-bake"


class BakeFailed(Exception):
    """A public address answered with an error while baking; nothing is half-written."""


def _seeds(years: list[int]) -> list[str]:
    seeds = ["/", "/api/v1/openapi.json", "/api/v1/editions"]
    seeds += [f"{p}/open-data/" for p in LANGUAGE_PREFIXES] if years else []
    for year in years:
        edition = cache.edition(year)
        history = cache.history(year)
        seeds += [_edition_page(year, language) for language in LANGUAGES]
        seeds += [f"{p}/open-data/{year}/" for p in LANGUAGE_PREFIXES]
        seeds.append(f"/api/v1/editions/{year}")
        seeds += [f"/publicaties/{year}/monitor-{year}-{lang}.pdf" for lang in ("nl", "en")]
        for kind in ("indicators", "areas", "notes", "figures"):
            seeds.append(f"/api/v1/editions/{year}/{kind}")
        for code in edition.indicators:
            seeds.append(f"/api/v1/editions/{year}/indicators/{code}")
            if embed.embed_gap(edition, history, code) is not None:
                continue  # no chart, so no embed (its live address answers 404)
            for prefix in LANGUAGE_PREFIXES:
                seeds.append(f"{prefix}/embed/{year}/{code}/")
                seeds += [f"{prefix}/embed/{year}/{code}.{kind}" for kind in ("svg", "png")]
        for code, area in edition.areas.items():
            seeds.append(f"/api/v1/editions/{year}/areas/{code}")
            if area.level == "municipality":
                seeds += [
                    f"/publicaties/{year}/factsheet-{code}-{lang}.pdf" for lang in ("nl", "en")
                ]
    return seeds


def _edition_page(year: int, language: str) -> str:
    with translation.override(language):
        return reverse("dashboard:edition", args=[year])


def _dutch_path_in_english(path: str) -> str | None:
    """/en/edition/2021/map/ → /en/editie/2021/kaart/; None where both are the same."""
    with translation.override("en"):
        dutch = translate_url(path, "nl")
    earlier = "/en" + dutch
    return earlier if dutch != path and earlier != path else None


def _target(out: Path, path: str) -> Path:
    relative = path.lstrip("/")
    if path.startswith("/api/"):
        return out / (relative + ".json" if not relative.endswith(".json") else relative)
    if not relative or relative.endswith("/"):
        return out / relative / "index.html"
    return out / relative


def _links(page: str, base: str, host: str) -> list[str]:
    found = []
    for link in _LINK.findall(page):
        url = urlsplit(urljoin(base, link))
        if url.scheme not in ("", "http", "https"):  # mailto:, tel:, data: are not pages
            continue
        if url.netloc and url.netloc not in ("testserver", host):
            continue
        found.append(url.path)
    return found


def _public(path: str, years: list[int]) -> bool:
    if path.startswith(PRIVATE_PREFIXES) or path.startswith("/static/"):
        return False
    year = re.search(r"/(?:editie|edition|open-data|publicaties|embed|editions)/(\d{4})", path)
    return year is None or int(year.group(1)) in years


def _redirect_page(location: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={location}"><title>Zicht</title></head>'
        f'<body><a href="{location}">{location}</a></body></html>'
    ).encode()


def _render_all(client: Client, years: list[int], host: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    queue, seen = deque(_seeds(years)), set()
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        if path in ("/", "/en/"):  # a home page shows the newest baked edition, as live
            language = "en" if path == "/en/" else "nl"
            files[path] = client.get(_edition_page(max(years), language), HTTP_HOST=host).content
            continue
        response = client.get(path, HTTP_HOST=host)
        if response.status_code in (301, 302):
            location = urlsplit(response["Location"]).path
            if not _public(location, years):
                raise BakeFailed(f"{path} leidt naar {location}, dat niet openbaar is")
            files[path] = _redirect_page(location)
            queue.append(location)
            continue
        if response.status_code != 200:
            raise BakeFailed(f"{path} gaf status {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        files[path] = body
        if response["Content-Type"].startswith("text/html"):
            for link in _links(body.decode("utf-8"), path, host):
                if _public(link, years) and link not in seen:
                    queue.append(link)
    # English pages were once baked at their Dutch paths (/en/editie/...): those addresses
    # lead on to the English ones, as on the live site (zicht.web.errors.english_address).
    for path in [p for p in files if p.startswith("/en/") and p.endswith("/")]:
        earlier = _dutch_path_in_english(path)
        if earlier is not None and earlier not in files:
            files[earlier] = _redirect_page(path)
    # Served for a missing address by hosts that take an error page (nginx, CDNs, Pages).
    files["/404.html"] = client.get("/bestaat-niet/", HTTP_HOST=host).content
    return files


def _copy_static(out: Path) -> int:
    count = 0
    for finder in finders.get_finders():
        for relative, storage in finder.list(["admin/*", "admin"]):
            target = out / "static" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(relative) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            count += 1
    return count


def _clear(out: Path) -> None:
    """Replace an earlier bake; never empty a folder that Zicht did not write."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise BakeFailed(f"{out} is niet leeg en is geen eerder gebakken site")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def bake_site(*, years: list[int], out: Path, base_url: str) -> int:
    """Write the site for ``years`` into ``out``; return the number of files written."""
    host = urlsplit(base_url).netloc or "127.0.0.1:8000"
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        files = _render_all(Client(), sorted(years), host)
    _clear(out)
    (out / MARKER).write_text("zicht bake\n", encoding="utf-8")
    for path, body in files.items():
        target = _target(out, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return len(files) + _copy_static(out)
