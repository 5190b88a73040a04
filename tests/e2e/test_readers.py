"""Issue 12 as a reader does it, in Debian's Chromium: tasks, accessibility (axe-core from
npm) on every kind of public page in both languages at desktop and phone width, and reflow at
320 CSS px without sideways scrolling."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.web.addresses import address

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1 at levels A and AA, and axe's best practices (content inside landmarks,
# one main, heading order, ...), which the public pages meet as well.
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

#: One page of every kind the public sees (each template, the empty and the 404 page too).
PAGES = (
    "/",
    "/editie/2020/",
    "/editie/2020/indicator/police_signals/",
    "/editie/2020/indicator/estimated_victims/",
    "/editie/2020/indicator/sex_ads/",
    "/editie/2021/indicator/criminal_exploitation_minors_signals/",
    "/editie/2020/gemeente/GM0599/",
    "/editie/2020/gemeente/GM0606/",
    "/editie/2020/kaart/",
    "/editie/2020/keten/",
    "/editie/2020/thema/prevention/",
    "/over/",
    "/methode/",
    "/begrippen/",
    "/toegankelijkheid/",
    "/open-data/",
    "/open-data/2020/",
    "/bestaat-niet/",
)
SIZES = {"desktop": 1366, "phone": 390}


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.exists(), "axe-core is installed by `make install` (npm ci, package.json)"
    return AXE.read_text(encoding="utf-8")


def _violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_A_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["", "/en"])
def test_every_kind_of_public_page_has_no_wcag_a_or_aa_violations(
    browser, demo_server, axe_source, size, language
):
    # The page under test runs only its own script; axe is added by the test (bypass_csp),
    # so the site's CSP without unsafe-inline stays as it is.
    context = browser.new_context(viewport={"width": SIZES[size], "height": 900}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(demo_server + address(path, "en" if language else "nl"))
        assert page.locator('[data-testid="synthetic-notice"]').is_visible(), path
        violations = _violations(page, axe_source)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


def test_no_page_scrolls_sideways_at_320_px(browser, demo_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    for path in PAGES:
        page.goto(demo_server + path)
        sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if sizes[0] > sizes[1]:
            wide[path] = sizes
    context.close()
    assert wide == {}


def test_a_row_s_line_runs_under_its_header_cell_too(page, demo_server):
    """Tables whose rows start with a header cell (scope=row) draw each row's line under
    that cell as under the figures, not from the second column on."""
    page.goto(demo_server + "/editie/2020/thema/prevention/")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('tbody tr')]
        .filter(r => r.querySelector('th[scope=row]'))
        .map(r => [getComputedStyle(r.querySelector('th[scope=row]')).borderBottomWidth,
                   getComputedStyle(r.querySelector('td')).borderBottomWidth])"""
    )
    assert widths and all(header == cell != "0px" for header, cell in widths), widths


def test_efforts_and_outcomes_keep_their_years_in_the_same_columns(page, demo_server):
    page.goto(demo_server + "/editie/2021/thema/enforcement/")
    columns = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=years-table]')].map(t =>
        [...t.querySelectorAll('thead th')].slice(1).map(th => {
            const box = th.getBoundingClientRect(); return [Math.round(box.left), th.innerText];
        }))"""
    )
    assert len(columns) == 2 and columns[0] and columns[0] == columns[1], columns


def test_a_reader_finds_the_region_and_the_synthetic_notice(page, demo_server):
    page.goto(demo_server + "/")
    region = page.locator('[data-testid="region-name"]').inner_text()
    assert "Regio Rotterdam" in region and "24 gemeenten" in region
    assert "Regio Rotterdam" in page.title()
    notice = page.locator('[data-testid="synthetic-notice"]')
    assert notice.is_visible() and "verzonnen" in notice.inner_text()
    assert "nieuwste editie" in page.locator('[data-testid="edition-status"]').inner_text()


def test_a_reader_finds_convictions_2020_in_two_clicks(page, demo_server):
    page.goto(demo_server + "/")
    page.get_by_role("navigation", name="Edities").get_by_role("link", name="2020").click()
    page.wait_for_url(re.compile(r".*/editie/2020/$"))
    page.get_by_role("link", name="Veroordelingen voor mensenhandel").click()
    page.wait_for_url(re.compile(r".*/editie/2020/indicator/convictions/$"))
    row = page.locator('[data-testid="trend-table"] tbody tr').filter(has_text="2020")
    assert re.search(r"\d", row.locator("td").first.inner_text())


def test_a_reader_reads_a_municipality_s_rate_and_trend(page, demo_server):
    page.goto(demo_server + "/editie/2020/")
    page.get_by_role("navigation", name="Gemeenten").get_by_role("link", name="Rotterdam").click()
    page.wait_for_url(re.compile(r".*/gemeente/GM0599/$"))
    row = page.locator('tr[data-indicator="police_signals"]')
    figure = int(row.locator("td.zicht-figure").inner_text().replace(".", ""))
    rate = float(row.locator('[data-testid="rate"]').inner_text().replace(",", "."))
    assert rate == pytest.approx(figure / 651_000 * 10_000, abs=0.05)
    assert row.locator("svg.zicht-spark").count() == 1
    assert "t.o.v. 2019" in row.inner_text()


def test_a_reader_downloads_all_years_for_excel(page, demo_server):
    page.goto(demo_server + "/editie/2020/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Alle cijfers t/m 2020 voor Excel (CSV)").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["editie", "indicator", "naam"]
    assert {r[0] for r in rows[1:]} == {"2018", "2019", "2020"}
    values = [r[10] for r in rows[1:] if r[10]]
    # Numbers as Dutch Excel reads them: no decimal point, no thousands separator.
    assert values and all(re.fullmatch(r"-?\d+(,\d+)?", v) for v in values)
    assert page.requested_hosts == {demo_server.split("/")[2]}


def test_charts_resize_and_keep_legible_text_on_a_phone(browser, demo_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(demo_server + "/editie/2020/indicator/police_signals/")
    chart = page.locator('[data-testid="trend-chart"] .zicht-chart__narrow svg')
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 390
    smallest = page.evaluate(
        """el => Math.min(...[...el.querySelectorAll('text')].map(
            t => t.getBoundingClientRect().height).filter(h => h > 0))""",
        chart.element_handle(),
    )
    assert smallest >= 11  # rendered text at least ~11 px high on the phone
    # Every chart's text as displayed: its font size times the scale the browser draws the SVG
    # at. The breakdown bars were drawn 550 px wide and shown at 358: 14 px text at 9 px.
    displayed = page.evaluate(
        """() => [...document.querySelectorAll('.zicht-chart__narrow svg')].map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...[...svg.querySelectorAll('text')].map(
                t => parseFloat(getComputedStyle(t).fontSize) * scale));
        })"""
    )
    assert len(displayed) >= 2 and min(displayed) >= 12, displayed
    context.close()


def test_chart_tooltips_need_javascript_and_the_page_works_without_it(browser, demo_server):
    path = "/editie/2020/indicator/police_signals/"
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(demo_server + path)
    mark = page.locator('[data-testid="trend-chart"] .zicht-chart__wide path[aria-label]').last
    mark.hover(force=True)
    tooltip = page.locator(".zicht-tooltip")
    tooltip.wait_for(state="visible")
    assert "2020" in tooltip.inner_text()
    context.close()
    without = browser.new_context(java_script_enabled=False)
    page = without.new_page()
    page.goto(demo_server + path)
    assert page.locator('[data-testid="trend-chart"] svg:visible').count() == 1
    assert page.locator('[data-testid="trend-table"] tbody tr').count() == 3
    without.close()


def test_the_chart_caption_and_the_sections_below_have_room(browser, demo_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(demo_server + "/editie/2021/indicator/estimated_victims/")
    caption = page.locator('[data-testid="band-caption"]').first.bounding_box()
    link = page.locator('[data-testid="trend-chart"] figcaption a').first.bounding_box()
    assert caption and link and link["y"] >= caption["y"] + caption["height"]  # its own line
    for heading in ("#gebruik", "#insluiten"):
        room = page.evaluate(
            """id => { const h = document.querySelector(id);
                const above = h.closest('section').previousElementSibling;
                return h.getBoundingClientRect().top - above.getBoundingClientRect().bottom; }""",
            heading,
        )
        assert room >= 24, (heading, room)
    context.close()


def test_paragraphs_and_headings_have_room_between_them(page, demo_server):
    """Long texts (the method page, a municipality's page) read as paragraphs and sections:
    the example theme gave them no margins, so paragraphs ran together and a heading stood
    flush under the text before it."""
    gaps = """selector => [...document.querySelectorAll(selector)].map(el => {
        const before = el.previousElementSibling;
        return el.getBoundingClientRect().top - before.getBoundingClientRect().bottom; })"""
    page.goto(demo_server + "/methode/")
    between_paragraphs = page.evaluate(gaps, "main .utrecht-paragraph + .utrecht-paragraph")
    assert between_paragraphs and min(between_paragraphs) >= 8, between_paragraphs
    above_headings = page.evaluate(gaps, "main .utrecht-paragraph + .utrecht-heading-2")
    assert above_headings and min(above_headings) >= 24, above_headings
    page.goto(demo_server + "/editie/2021/gemeente/GM0599/")
    assert min(page.evaluate(gaps, "main p + .utrecht-heading-2")) >= 24
