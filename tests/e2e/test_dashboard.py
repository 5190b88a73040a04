from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

SEED_FIGURES = ("523", "92", "331", "95", "14", "32.951", "6")


def test_every_seed_figure_is_on_the_2020_page_and_a_tile_leads_to_its_indicator(page, demo_server):
    page.goto(f"{demo_server}/editie/2020/")
    values = page.locator(".zicht-tile__value").all_inner_texts()
    for figure in SEED_FIGURES:
        assert figure in values, figure
    assert page.get_by_text("waarvan 8% hoog risico").is_visible()

    page.locator('[data-indicator="police_signals"] a').click()
    page.wait_for_url(re.compile(r".*/editie/2020/indicator/police_signals/$"))
    # One chart, rendered for a wide and a narrow screen; the browser shows the one that fits.
    assert page.locator('[data-testid="trend-chart"] svg').count() == 2
    assert page.locator('[data-testid="trend-chart"] svg:visible').count() == 1
    # 2018-2020: the 2020 edition's trend stops at its own year.
    assert page.locator('[data-testid="trend-table"] tbody tr').count() == 3
    assert (
        "signalen van vermoedelijke mensenhandel"
        in page.locator('[data-testid="definition"]').inner_text()
    )
    assert page.requested_hosts == {demo_server.split("/")[2]}


def test_the_dashboard_is_usable_by_keyboard(page, demo_server):
    page.goto(f"{demo_server}/editie/2020/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    # Tab on until the first tile link has focus, then follow it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('zicht-tile__link')"):
            break
    else:
        pytest.fail("no tile link reachable by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/indicator/.+/$"))
    assert page.locator("h1").inner_text()


def test_the_english_switch_keeps_the_page(page, demo_server):
    page.goto(f"{demo_server}/editie/2020/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r".*/en/edition/2020/$"))
    assert "32,951" in page.locator(".zicht-tile__value").all_inner_texts()
