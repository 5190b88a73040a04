"""The PDF report and factsheet: Typst builds them; pdftotext finds the figures and notes."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest

from tests.core.publication.synthetic_edition import REGION, TOWNS, _indicator, synthetic_edition
from zicht.core.catalog.model import Text
from zicht.core.publication.document import markdown_blocks
from zicht.core.publication.factsheet import factsheet_content, factsheet_pdf
from zicht.core.publication.opendata import figures_csv, read_figures_csv
from zicht.core.publication.pdf_report import report_content, report_pdf
from zicht.core.publication.published import PublishedNote

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is installed by make test"
)


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())


def _info(pdf: bytes, tmp_path) -> str:
    """pdfinfo's summary and the XMP metadata stream (where the language is)."""
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return "".join(
        subprocess.run(
            ["pdfinfo", *flag, str(path)], capture_output=True, check=True, text=True
        ).stdout
        for flag in ([], ["-meta"])
    )


@pytest.fixture(scope="module")
def history():
    return [synthetic_edition(2019, scale=0.5), synthetic_edition(2020)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_report_shows_every_key_figure_and_note(history, language, tmp_path):
    edition = history[-1]
    pdf = report_pdf(edition, history, language)
    text = _text(pdf, tmp_path)
    for indicator in edition.key_indicators():
        shown = edition.figure(indicator.code, indicator.tile_area).shown(language)
        assert shown in text, indicator.code
    for note in edition.notes:
        assert " ".join(note.text.get(language).split()) in text
    assert edition.statement.get(language).split("\n")[0] in text
    # The publication date (1 March of the next year) in words, as a council reads it.
    assert {"nl": "1 maart 2021", "en": "1 March 2021"}[language] in text
    assert "2021-03-01" not in text
    info = _info(pdf, tmp_path)
    assert edition.title.get(language) in info
    assert "Zicht" in info  # author
    assert "Tagged:          yes" in info
    assert f"<dc:language><rdf:Bag><rdf:li>{language}</rdf:li>" in info


def test_report_has_a_chart_with_caption_and_data_table_for_each(history):
    data, charts = report_content(history[-1], history, "nl")
    ids = [c.id for c in charts]
    assert "trend-signals" in ids and "breakdown-signals-sex" in ids
    breakdown = next(c for c in charts if c.id == "breakdown-signals-sex")
    assert ("vrouw", "1.000") in breakdown.rows and ("man", "x") in breakdown.rows
    assert all(c.caption and c.svg.startswith("<svg") for c in charts)
    assert data["themes"][0]["rows"][0]["change"].startswith("+")


def test_markup_in_edition_texts_is_set_as_text_not_interpreted():
    blocks = markdown_blocks("Met **nadruk** en #typst [x](http://a).\n\n- een\n- twee")
    assert blocks == [
        {"kind": "p", "text": "Met nadruk en #typst x."},
        {"kind": "list", "items": ["een", "twee"]},
    ]


def test_numbered_and_wrapped_list_items_stay_items(tmp_path):
    """The aims of the 2021 edition are a numbered list whose items wrap: each stays one item,
    numbered, instead of running into one paragraph."""
    text = (
        "Doelen:\n\n1. **Beter zicht**, zodat\n   we meten.\n2. Betere\n   verantwoording.\n\nSlot."
    )
    blocks = markdown_blocks(text)
    assert blocks == [
        {"kind": "p", "text": "Doelen:"},
        {"kind": "enum", "items": ["Beter zicht, zodat we meten.", "Betere verantwoording."]},
        {"kind": "p", "text": "Slot."},
    ]
    assert markdown_blocks("- een\n  vervolg\n- twee")[0]["items"] == ["een vervolg", "twee"]


def test_factsheet_compares_with_region_and_previous_year(history, tmp_path):
    previous, edition = history
    content = factsheet_content(edition, previous, TOWNS[0], "nl")
    signals = next(r for r in content["rows"] if r["code"] == "signals")
    assert (signals["shown"], signals["region"]) == ("1.519", "1.523")
    assert signals["change"].startswith("+759")
    assert signals["rate"] == "23,4"  # 1519 / 650,000 × 10,000
    text = _text(factsheet_pdf(edition, previous, TOWNS[0], "nl"), tmp_path)
    assert "1.519" in text and "Door COVID-19 minder controles." in text


def test_factsheet_without_population_has_no_rates_and_says_so(history):
    previous, edition = history
    content = factsheet_content(edition, previous, TOWNS[1], "en")
    assert not content["has_rates"]
    assert {r["rate"] for r in content["rows"]} == {""}
    assert next(r for r in content["rows"] if r["code"] == "signals")["shown"] == "<5"


def test_factsheet_gives_region_only_figures_and_names_every_topic_without_a_figure(
    history, tmp_path
):
    """A council reads the region's estimate on its own factsheet, and what is missing for its
    municipality with the reason, instead of a sheet that silently leaves topics out."""
    previous, edition = history
    town = edition.area_name(TOWNS[1], "nl")
    convictions = _indicator("convictions", "enforcement", "personen")
    indicators = {
        **edition.indicators,
        "victims": dataclasses.replace(edition.indicators["victims"], area_level="region"),
        "share": dataclasses.replace(edition.indicators["share"], collected_for=(TOWNS[1],)),
        "fiu": dataclasses.replace(
            _indicator("fiu", "signalling", "meldingen"), data_status="in_preparation"
        ),
        "convictions": convictions,
    }
    delivered_elsewhere = dataclasses.replace(
        edition.figures[0], indicator="convictions", area=TOWNS[1], value=7.0
    )
    edition = dataclasses.replace(
        edition, indicators=indicators, figures=(*edition.figures, delivered_elsewhere)
    )
    content = factsheet_content(edition, previous, TOWNS[0], "nl")
    victims = next(r for r in content["rows"] if r["code"] == "victims")
    assert (victims["shown"], victims["absent"], victims["region"]) == (
        "–",
        "alleen regio",
        "250–481",
    )
    assert victims["region_point"] == "schatting 331"
    # The region's change, as the dashboard and the report give it beside the region's figure,
    # named as the region's (the column is the municipality's change otherwise).
    assert victims["rate"] == "" and victims["change"] == "regio: ±0 (±0%) t.o.v. 2019, " + (
        "binnen de onzekerheidsmarge"
    )
    assert {r["code"] for r in content["rows"]} == {"signals", "checks", "victims"}
    missing = {m["reason"]: m["names"] for m in content["missing"]}
    assert missing == {
        f"Alleen verzameld voor {town}": ["Naam share"],
        "In voorbereiding: afspraken over levering worden gemaakt": ["Naam fiu"],
        "Nog niet geleverd": ["Naam convictions"],
    }
    text = _text(factsheet_pdf(edition, previous, TOWNS[0], "nl"), tmp_path)
    assert "Zonder cijfer voor" in text and f"Alleen verzameld voor {town}: Naam share" in text
    assert "– (alleen regio) 250–481" in text
    english = factsheet_content(edition, previous, TOWNS[0], "en")
    assert {m["reason"] for m in english["missing"]} == {
        f"Collected for {edition.area_name(TOWNS[1], 'en')} only",
        "In preparation: delivery is being arranged",
        "Not yet delivered",
    }


def test_every_factsheet_figure_stands_under_its_column_name_in_the_tagged_pdf(history, tmp_path):
    """A screen reader reads the factsheet's structure: one table per indicator, each with a
    header row, so that no figure is read without the name of its column."""
    previous, edition = history
    content = factsheet_content(edition, previous, TOWNS[0], "nl")
    path = tmp_path / "factsheet.pdf"
    path.write_bytes(factsheet_pdf(edition, previous, TOWNS[0], "nl"))
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(path)], capture_output=True, check=True, text=True
    ).stdout
    tags = re.findall(r"^\s*(Table|THead|TH|TD)\b", structure, re.M)
    columns = 4  # municipality, region, change, rate
    rows = len(content["rows"])
    assert tags.count("Table") == tags.count("THead") == rows
    assert tags.count("TH") == tags.count("TD") == rows * columns


def _signals_with_the_covid_note(edition):
    """``edition`` where the signals carry a note N3 with the same text as N1 (as the three ad
    indicators carry one risk rule, each under its own id in the open data)."""
    same = dataclasses.replace(edition.notes[0], id="N3", indicator="signals")
    figures = tuple(
        dataclasses.replace(f, notes=("N3",)) if f.indicator == "signals" else f
        for f in edition.figures
    )
    return dataclasses.replace(edition, notes=(*edition.notes, same), figures=figures)


def test_a_note_text_is_printed_once_under_every_open_data_id_that_has_it(history, tmp_path):
    """Three indicators with the same note (say, the ad risk rule) give one footnote, not
    three numbered copies of one sentence; each figure refers to its note by the id the open
    data gives it, so that N3 in the PDF is N3 in notes.csv and figures.csv."""
    previous, edition = history
    edition = _signals_with_the_covid_note(edition)
    content = factsheet_content(edition, previous, TOWNS[0], "nl")
    assert next(r for r in content["rows"] if r["code"] == "signals")["notes"] == ["N3"]
    assert [n["ids"] for n in content["notes"]] == [["N1", "N3"], ["N2"]]
    report, _charts = report_content(edition, [previous, edition], "nl")
    assert [n["ids"] for n in report["notes"]] == [["N1", "N3"], ["N2"]]
    text = _text(report_pdf(edition, [previous, edition], "nl"), tmp_path)
    assert text.count("Door COVID-19 minder controles.") == 1
    assert "N1, N3 — Door COVID-19 minder controles." in text


def test_the_pdfs_refer_to_each_figure_s_notes_by_its_open_data_ids(history):
    previous, edition = history
    edition = _signals_with_the_covid_note(edition)
    open_data = {f.key: f.notes for f in read_figures_csv(figures_csv(edition))}
    report, _charts = report_content(edition, [previous, edition], "nl")
    rows = [r for theme in report["themes"] + report["other_themes"] for r in theme["rows"]]
    sheet = factsheet_content(edition, previous, TOWNS[0], "nl")["rows"]
    compared = [(r, REGION) for r in rows] + [(r, TOWNS[0]) for r in sheet]
    for row, area in compared:
        assert row["notes"] == list(open_data[(row["code"], area, "")]), row["code"]
    assert any(row["notes"] == ["N3"] for row, _area in compared)


def _without_covid_note(edition):
    """``edition`` without its context note on checks (N1): the unusual year is the one
    before."""
    figures = tuple(
        dataclasses.replace(f, notes=tuple(n for n in f.notes if n != "N1"))
        for f in edition.figures
    )
    return dataclasses.replace(edition, notes=edition.notes[1:], figures=figures)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_previous_year_s_context_note_stands_beside_a_compared_figure(
    history, language, tmp_path
):
    """The checks of 2020 are compared with 2019's, a COVID-19 year: the report and the
    factsheet say so beside the change, as the dashboard does, with that edition's note id
    and its year, so that a dip does not read as a trend."""
    previous, edition = history[0], _without_covid_note(history[1])
    covid = {"nl": "In 2019: Door COVID-19 minder controles.",
             "en": "In 2019: Fewer checks because of COVID-19."}[language]  # fmt: skip
    report, _charts = report_content(edition, [previous, edition], language)
    checks = next(r for t in report["themes"] for r in t["rows"] if r["code"] == "checks")
    assert checks["notes"] == ["N2", "N1 (2019)"]
    assert {"ids": ["N1 (2019)"], "text": covid} in report["notes"]
    sheet = factsheet_content(edition, previous, TOWNS[0], language)
    assert next(r for r in sheet["rows"] if r["code"] == "checks")["notes"] == ["N2", "N1 (2019)"]
    for pdf in (
        report_pdf(edition, [previous, edition], language),
        factsheet_pdf(edition, previous, TOWNS[0], language),
    ):
        assert f"N1 (2019) — {covid}" in _text(pdf, tmp_path)
    # Without a previous edition nothing is compared, and no earlier note stands.
    alone = factsheet_content(edition, None, TOWNS[0], language)
    assert next(r for r in alone["rows"] if r["code"] == "checks")["notes"] == ["N2"]


def test_a_previous_note_that_repeats_this_year_s_is_not_printed_again(history, tmp_path):
    """Both years carry the same note on checks: "In 2019: <the same words>" beside it would
    say nothing about 2019, and a reader would read one caveat twice. 2019's other note on
    checks still stands."""
    previous, edition = history
    staff = PublishedNote("N3", "context", "checks", "", Text("Minder personeel.", "Fewer staff."))
    previous = dataclasses.replace(previous, notes=(*previous.notes, staff))
    report, _charts = report_content(edition, [previous, edition], "nl")
    checks = next(r for t in report["themes"] for r in t["rows"] if r["code"] == "checks")
    assert checks["notes"] == ["N1", "N2", "N3 (2019)"]
    sheet = factsheet_content(edition, previous, TOWNS[0], "nl")
    assert next(r for r in sheet["rows"] if r["code"] == "checks")["notes"] == checks["notes"]
    for pdf in (
        report_pdf(edition, [previous, edition], "nl"),
        factsheet_pdf(edition, previous, TOWNS[0], "nl"),
    ):
        text = _text(pdf, tmp_path)
        assert "N3 (2019) — In 2019: Minder personeel." in text
        assert "In 2019: Door" not in text and text.count("Door COVID-19 minder controles.") == 1


def test_pdftoppm_renders_every_page_of_the_report(history, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(history[-1], history, "en"))
    pages = int(re.search(r"Pages:\s+(\d+)", _info(pdf.read_bytes(), tmp_path)).group(1))
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert pages > 5 and len(images) == pages
    assert all(image.stat().st_size > 100 for image in images)


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return [" ".join(page.split()) for page in out.stdout.split("\f") if page.strip()]


@pytest.mark.parametrize(("language", "words"), [("nl", "alle cijfers zijn verzonnen"),
                                                  ("en", "every figure is made up")])  # fmt: skip
def test_synthetic_figures_say_so_on_every_page_of_the_report_and_the_factsheet(
    history, language, words, tmp_path
):
    """A page printed on its own, or a factsheet handed round in a council, still says that
    its figures are made up; without the flag (a real installation) nothing of it shows. Once
    a page: the first says it in its box, not in the header line too."""
    edition = history[-1]
    for pdf in (
        report_pdf(edition, history, language, synthetic=True),
        factsheet_pdf(edition, history[0], TOWNS[0], language, synthetic=True),
    ):
        pages = _pages(pdf, tmp_path)
        assert pages and all(page.count(words) == 1 for page in pages)
    assert words not in _text(report_pdf(edition, history, language), tmp_path)


@pytest.mark.parametrize(("language", "key"), [
    ("nl", "'–' in de kolom Regio = niet voor de hele regio verzameld."),
    ("en", "'–' in the Region column = not collected for the whole region."),
])  # fmt: skip
def test_the_factsheet_explains_the_dash_for_a_figure_not_collected_for_the_region(
    history, language, key, tmp_path
):
    """A figure collected for some municipalities only has no region figure: the key to the
    symbols says what the "–" in the Region column means; a sheet without one says nothing
    of it."""
    previous, edition = history
    town_only = dataclasses.replace(edition.indicators["share"], collected_for=(TOWNS[0],))
    figures = tuple(
        dataclasses.replace(f, area=TOWNS[0]) if f.indicator == "share" else f
        for f in edition.figures
    )
    local = dataclasses.replace(
        edition, indicators={**edition.indicators, "share": town_only}, figures=figures
    )
    content = factsheet_content(local, previous, TOWNS[0], language)
    assert next(r for r in content["rows"] if r["code"] == "share")["region"] == "–"
    assert content["region_dash"]
    assert key in _text(factsheet_pdf(local, previous, TOWNS[0], language), tmp_path)
    assert not factsheet_content(edition, previous, TOWNS[0], language)["region_dash"]
    assert key not in _text(factsheet_pdf(edition, previous, TOWNS[0], language), tmp_path)


def test_the_report_holds_every_figure_and_says_why_one_is_missing(history, tmp_path):
    """Not only the key figures: a figure such as convictions is in the report too. A key
    figure that was never delivered says why, and gets no empty chart that reads as zero."""
    previous, edition = history
    pending = dataclasses.replace(
        _indicator("fiu", "signalling", "meldingen", tile_area=REGION, tile_order=3),
        data_status="in_preparation",
    )
    convictions = _indicator("convictions", "enforcement", "personen")
    figure = dataclasses.replace(edition.figures[0], indicator="convictions", value=12.0)
    edition = dataclasses.replace(
        edition,
        indicators={**edition.indicators, "fiu": pending, "convictions": convictions},
        figures=(*edition.figures, figure),
    )
    data, charts = report_content(edition, [previous, edition], "nl")
    other = {r["code"]: r for t in data["other_themes"] for r in t["rows"]}
    assert set(other) == {"share", "convictions"}
    convictions = other["convictions"]
    assert (convictions["shown"], convictions["area"], convictions["area_detail"]) == (
        "12",
        "Hele regio",
        "(2\u00a0gemeenten)",
    )
    fiu = next(r for t in data["themes"] for r in t["rows"] if r["code"] == "fiu")
    assert fiu["shown"] == "–" and fiu["status"].startswith("In voorbereiding")
    assert "trend-fiu" not in {c.id for c in charts}
    text = _text(report_pdf(edition, [previous, edition], "nl"), tmp_path)
    assert "Naam convictions" in text and "In voorbereiding" in text


def _with_estimates(edition, *, victims: tuple[float, float, float], checks: float):
    """``edition`` with the region's estimate and the first town's checks replaced."""

    def changed(figure):
        if figure.key == ("victims", REGION, ""):
            value, lower, upper = victims
            return dataclasses.replace(figure, value=value, lower=lower, upper=upper)
        if figure.key == ("checks", TOWNS[0], ""):
            return dataclasses.replace(figure, value=checks)
        return figure

    return dataclasses.replace(edition, figures=tuple(changed(f) for f in edition.figures))


@pytest.mark.parametrize(
    ("language", "point", "change"),
    [("nl", "schatting 991", "−43 (−4%) t.o.v. 2019"),
     ("en", "estimate 991", "−43 (−4%) vs 2019")],
)  # fmt: skip
def test_the_report_shows_the_estimate_beside_its_interval_and_its_change_adds_up(
    history, language, point, change, tmp_path
):
    """Stored 1034.44 and 990.77 are published as 1.034 and 991: the report shows the point
    estimate the change is computed from, and the change a reader gets by subtracting."""
    before = _with_estimates(history[0], victims=(1034.44, 842.0, 1311.0), checks=80.0)
    edition = _with_estimates(history[1], victims=(990.77, 816.2, 1241.3), checks=80.0)
    data, _charts = report_content(edition, [before, edition], language)
    rows = [row for theme in data["themes"] for row in theme["rows"]]
    victims = next(row for row in rows if row["code"] == "victims")
    assert (victims["shown"], victims["point"]) == (
        {"nl": "816–1.241", "en": "816–1,241"}[language],
        point,
    )
    assert victims["change"].startswith(change)
    text = " ".join(_pages(report_pdf(edition, [before, edition], language), tmp_path))
    assert f"{victims['shown']} ({point})" in text and change in text


def test_the_factsheet_shows_the_region_s_estimate_and_changes_of_the_figures_as_shown(
    history, tmp_path
):
    """A municipality's 80.4 checks are 80 on its factsheet, the year before 92.6 was 93:
    the change is −13 (−14%), not −12 from the stored values."""
    before = _with_estimates(history[0], victims=(1034.44, 842.0, 1311.0), checks=92.6)
    edition = _with_estimates(history[1], victims=(990.77, 816.2, 1241.3), checks=80.4)
    region_only = dataclasses.replace(edition.indicators["victims"], area_level="region")
    edition = dataclasses.replace(
        edition, indicators={**edition.indicators, "victims": region_only}
    )
    rows = {r["code"]: r for r in factsheet_content(edition, before, TOWNS[0], "nl")["rows"]}
    assert rows["checks"]["shown"] == "80" and rows["checks"]["change"].startswith("−13 (−14%)")
    assert (rows["victims"]["region"], rows["victims"]["region_point"]) == (
        "816–1.241",
        "schatting 991",
    )
    text = " ".join(_pages(factsheet_pdf(edition, before, TOWNS[0], "nl"), tmp_path))
    assert "816–1.241 (schatting 991)" in text and "−13 (−14%)" in text
    # Beside the Region column, the change of a region-only figure says it is the region's;
    # the municipality's own change needs no such word.
    assert rows["victims"]["change"].startswith("regio: −43 (−4%)")
    assert "regio: −43 (−4%)" in text
    english = {r["code"]: r for r in factsheet_content(edition, before, TOWNS[0], "en")["rows"]}
    assert english["victims"]["change"].startswith("region: ")
    assert not english["checks"]["change"].startswith("region")


def _town_named_as_its_region(edition):
    """``edition`` where the region carries its main town's name (as the Rotterdam region has
    the municipality Rotterdam) and the signals' key figure is the town's."""
    region = dataclasses.replace(
        edition.areas[REGION], name=Text("Regio Eerstestad", "Eerstestad region")
    )
    signals = dataclasses.replace(edition.indicators["signals"], tile_area=TOWNS[0])
    return dataclasses.replace(
        edition,
        areas={**edition.areas, REGION: region},
        indicators={**edition.indicators, "signals": signals},
    )


@pytest.mark.parametrize(
    ("language", "town", "region"),
    [("nl", "Gemeente Eerstestad", ("Hele regio", "(2\u00a0gemeenten)")),
     ("en", "Municipality of Eerstestad", ("Whole region", "(2\u00a0municipalities)"))],
)  # fmt: skip
def test_the_report_tells_a_municipality_from_the_region_it_is_named_after(
    history, language, town, region, tmp_path
):
    """A row of the municipality Eerstestad does not read "Eerstestad" in the area column,
    which a reader takes for the Eerstestad region: it names the level as the dashboard's
    tiles do, and so do the chart captions. The region's count of municipalities stands below
    "Hele regio" in the narrow column, kept on one line (a no-break space)."""
    editions = [_town_named_as_its_region(e) for e in history]
    data, charts = report_content(editions[-1], editions, language)
    areas = {r["code"]: (r["area"], r["area_detail"]) for t in data["themes"] for r in t["rows"]}
    assert areas["signals"] == (town, "") and areas["checks"] == region
    trend = next(c for c in charts if c.id == "trend-signals")
    assert f"({town[0].lower()}{town[1:]})" in trend.caption
    assert f", {town[0].lower()}{town[1:]}." in trend.description
    text = " ".join(_pages(report_pdf(editions[-1], editions, language), tmp_path))
    name = editions[-1].indicators["signals"].name.get(language)
    assert f"{name} (signalen) {town} 1" in text
    level, count = region  # a cell of two lines: pdftotext reads them row by row
    assert level in text and count.replace("\u00a0", " ") in text
    assert re.search(r"Naam signals \(signalen\) Eerstestad\b", text) is None


@pytest.mark.parametrize(
    ("language", "source", "heading"),
    [("nl", "Bron: Politie Test", "Gemeente Eerstestad"),
     ("en", "Source: Police Test", "Municipality of Eerstestad")],
)  # fmt: skip
def test_every_factsheet_figure_names_the_partner_that_delivered_it(
    history, language, source, heading, tmp_path
):
    """A factsheet is read on its own, without the report's "Definitions and sources": each
    figure says which partner delivered it, in the reader's language; the sheet is headed with
    the municipality as its dashboard page is, never with a bare name the region shares."""
    previous, edition = history
    fiu = dataclasses.replace(_indicator("fiu", "signalling", "transacties"), partner="fiu")
    fiu_figure = dataclasses.replace(edition.figures[1], indicator="fiu", value=9.0)
    edition = dataclasses.replace(
        edition,
        indicators={**edition.indicators, "fiu": fiu},
        figures=(*edition.figures, fiu_figure),
        partners={**edition.partners, "fiu": Text("FIU-Nederland", "FIU the Netherlands")},
    )
    content = factsheet_content(edition, previous, TOWNS[0], language)
    sources = {r["code"]: r["source"] for r in content["rows"]}
    fiu_name = {"nl": "FIU-Nederland", "en": "FIU the Netherlands"}[language]
    assert sources == {"signals": source.split(": ")[1], "checks": source.split(": ")[1],
                       "fiu": fiu_name}  # fmt: skip
    assert content["municipality"] == heading
    text = _text(factsheet_pdf(edition, previous, TOWNS[0], language), tmp_path)
    assert text.count(source) == len(content["rows"]) - 1
    label = source.split(": ")[0]
    assert f"{label}: {fiu_name}" in text
    assert heading in text


def test_a_theme_s_heading_and_description_stand_on_the_page_of_its_table(history, tmp_path):
    """A heading left alone at a page's foot, its table on the next page, reads as a theme
    without figures. The first theme's description grows word by word until the second
    theme has moved past a page's foot; at each step its heading (followed by its
    description, unlike the name alone in the contents) and its first row share a page."""
    previous, edition = history
    moved = set()
    for words in range(350, 630, 7):
        filler = " ".join(["woord"] * words)
        first = dataclasses.replace(
            edition.themes[0], description=Text(f"Wie {filler}", f"Who {filler}")
        )
        grown = dataclasses.replace(edition, themes=(first, *edition.themes[1:]))
        content, _charts = report_content(grown, [previous, grown], "nl")
        pages = _pages(report_pdf(grown, [previous, grown], "nl"), tmp_path)
        theme = content["themes"][1]
        opening = " ".join(f"{theme['name']} {theme['description']}".split())
        on = [number for number, page in enumerate(pages) if opening in page]
        assert len(on) == 1 and theme["rows"][0]["name"] in pages[on[0]], words
        moved.add(on[0])
    assert len(moved) >= 2  # the steps did carry the theme over a page's foot
