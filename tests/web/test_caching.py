"""Published pages are cached by ETag and Cache-Control (a published edition never changes);
drafts and missing pages are never stored."""

from __future__ import annotations

import pytest

from zicht.demo.deliveries import demo_files
from zicht.web.monitor import demo_build
from zicht.web.monitor.models import Edition
from zicht.web.monitor.publishing import edition_publish


@pytest.fixture
def two_years(db, catalog):
    """Deliveries for every demo year, 2019 published, 2020 still a draft."""
    demo_build.import_deliveries(catalog, demo_files(catalog))
    edition_publish(catalog=catalog, year=2019)
    return catalog


def test_published_pages_get_an_etag_and_conditional_gets_304(client, two_years):
    page = client.get("/editie/2019/")
    assert page.status_code == 200
    etag = page["ETag"]
    assert etag.startswith('"') and "public" in page["Cache-Control"]
    assert "max-age=300" in page["Cache-Control"]
    again = client.get("/editie/2019/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    other = client.get("/editie/2019/", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200
    english = client.get("/en/edition/2019/")
    assert english["ETag"] != etag
    download = client.get("/editie/2019/zicht-2019.csv")
    assert download.status_code == 200 and "public" in download["Cache-Control"]
    assert download["Content-Disposition"] == 'attachment; filename="zicht-2019.csv"'


def test_a_cached_page_is_served_without_queries_and_is_identical(
    client, two_years, django_assert_num_queries
):
    first = client.get("/editie/2019/")
    with django_assert_num_queries(0):
        second = client.get("/editie/2019/")
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] and second["ETag"] == first["ETag"]


def test_drafts_and_missing_pages_are_never_stored(client, two_years):
    assert not Edition.objects.filter(year=2020, status=Edition.Status.PUBLISHED).exists()
    for url in ("/editie/2020/", "/editie/2020/zicht-2020.csv", "/editie/2019/gemeente/XX0000/"):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert "no-store" in answer["Cache-Control"], url
        assert "ETag" not in answer, url


def test_publishing_an_edition_changes_every_page_at_once(client, two_years, catalog):
    before = client.get("/editie/2019/")
    assert b"/editie/2020/" not in before.content
    edition_publish(catalog=catalog, year=2020)
    after = client.get("/editie/2019/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert b"/editie/2020/" in after.content  # the new edition is linked from the old one
    assert client.get("/editie/2020/").status_code == 200


def test_the_outer_cache_keeps_every_security_header_and_answers_304(client, two_years):
    first = client.get("/editie/2019/")
    second = client.get("/editie/2019/")  # from the outermost cache
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control"):
        assert second[header] == first[header], header
    assert second.content == first.content
    again = client.get("/editie/2019/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
