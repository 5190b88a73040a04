"""English pages have English addresses (/en/edition/2021/map/); the addresses they had before,
with Dutch path segments (/en/editie/2021/kaart/), lead there for good (301), query and all."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

MOVED = {
    "/en/editie/2020/": "/en/edition/2020/",
    "/en/editie/2020/kaart/": "/en/edition/2020/map/",
    "/en/editie/2020/keten/": "/en/edition/2020/chain/",
    "/en/editie/2020/thema/prevention/?gemeente=GM0606": (
        "/en/edition/2020/theme/prevention/?gemeente=GM0606"
    ),
    "/en/editie/2020/gemeente/GM0599/": "/en/edition/2020/municipality/GM0599/",
    "/en/editie/2020/indicator/police_signals/": "/en/edition/2020/indicator/police_signals/",
    "/en/over/": "/en/about/",
    "/en/methode/": "/en/method/",
    "/en/begrippen/": "/en/glossary/",
    "/en/toegankelijkheid/": "/en/accessibility/",
}


def test_english_pages_link_to_english_addresses_and_dutch_pages_to_dutch_ones(
    client, demo_monitor
):
    english = client.get("/en/edition/2020/").content.decode()
    links = set(re.findall(r'href="(/en/[^"#?]*)"', english))
    assert {"/en/edition/2020/map/", "/en/edition/2020/chain/", "/en/about/"} <= links
    assert not [link for link in links if re.search(r"/(editie|kaart|keten|gemeente|over)/", link)]
    dutch = client.get("/editie/2020/").content.decode()
    assert (
        'href="/editie/2020/kaart/"' in dutch and 'hreflang="en" href="/en/edition/2020/"' in dutch
    )
    assert 'hreflang="nl" href="/editie/2020/"' in english


@pytest.mark.parametrize(("earlier", "now"), MOVED.items())
def test_an_earlier_english_address_leads_to_the_page_for_good(client, demo_monitor, earlier, now):
    response = client.get(earlier)
    assert response.status_code == 301 and response["Location"] == now
    assert client.get(now).status_code == 200


@pytest.mark.parametrize(
    "missing", ["/en/editie/2020/nergens/", "/en/nergens/", "/en/edition/2020/kaart/"]
)
def test_an_address_that_was_never_a_page_stays_not_found(client, demo_monitor, missing):
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize(
    ("shown", "other"),
    [
        (
            "/editie/2020/kaart/?indicator=humanitas_reports",
            "/en/edition/2020/map/?indicator=humanitas_reports",
        ),
        (
            "/en/edition/2020/map/?indicator=humanitas_reports",
            "/editie/2020/kaart/?indicator=humanitas_reports",
        ),
        (
            "/editie/2020/thema/prevention/?gemeente=GM0606",
            "/en/edition/2020/theme/prevention/?gemeente=GM0606",
        ),
        (
            "/en/edition/2020/theme/prevention/?gemeente=GM0606",
            "/editie/2020/thema/prevention/?gemeente=GM0606",
        ),
    ],
)
def test_the_language_switch_keeps_what_the_reader_chose(client, demo_monitor, shown, other):
    """The other language shows the same map, the same municipality: the query goes along."""
    html = client.get(shown).content.decode()
    language = "nl" if shown.startswith("/en/") else "en"
    switch = re.search(rf'hreflang="{language}" href="([^"]+)"', html).group(1)
    assert switch.replace("&amp;", "&") == other
    assert client.get(other).status_code == 200


def test_the_language_switch_escapes_the_query_it_keeps(client, demo_monitor):
    html = client.get('/editie/2020/kaart/?indicator="><script>x</script>&a=1').content.decode()
    switch = re.search(r'hreflang="en" href="([^"]+)"', html).group(1)
    assert switch == "/en/edition/2020/map/?indicator=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;a=1"
    assert "<script>x" not in html


def test_a_page_without_a_query_switches_to_a_bare_address(client, demo_monitor):
    """As every baked page is requested (zicht.web.publication.bake): no stray '?'."""
    html = client.get("/editie/2020/kaart/").content.decode()
    assert 'hreflang="en" href="/en/edition/2020/map/"' in html
