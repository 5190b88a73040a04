"""Rendered charts are shared on disk by the installation's processes: a chart is rendered
once, read back byte for byte by the next process, and never mistaken for another."""

from __future__ import annotations

import multiprocessing

import pytest
import vl_convert

from zicht.core.publication import charts
from zicht.core.publication.chart_store import ChartStore
from zicht.core.publication.charts import render_svg, trend_spec

SPEC = trend_spec(
    [(2019, 1500.0), (2020, 2500.0)], title="t", unit="u", year_label="j", description="d"
)


@pytest.fixture
def store(tmp_path):
    previous = charts.use_chart_store(tmp_path)
    yield tmp_path
    charts.use_chart_store(previous)


def _count_renders(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = vl_convert.vegalite_to_svg

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counting)
    return calls


def _render_in_a_new_process(folder, queue) -> None:
    charts.use_chart_store(folder)
    queue.put(render_svg(SPEC, "nl"))


def test_a_chart_rendered_by_one_process_is_read_by_the_next(store, monkeypatch) -> None:
    calls = _count_renders(monkeypatch)
    first = render_svg(SPEC, "nl")
    charts.use_chart_store(store)  # what a new process starts with: an empty memory
    again = render_svg(SPEC, "nl")
    assert again == first and calls == [1]
    assert len(list(store.rglob("*.svg"))) == 1 and not list(store.rglob("*.part"))

    queue = multiprocessing.get_context("spawn").SimpleQueue()
    other = multiprocessing.get_context("spawn").Process(
        target=_render_in_a_new_process, args=(store, queue)
    )
    other.start()
    other.join(60)
    assert queue.get() == first and len(list(store.rglob("*.svg"))) == 1


def test_the_number_format_and_the_spec_are_part_of_the_key(store, monkeypatch) -> None:
    calls = _count_renders(monkeypatch)
    dutch, english = render_svg(SPEC, "nl"), render_svg(SPEC, "en")
    other = render_svg({**SPEC, "height": 200}, "nl")
    assert len(calls) == 3 and len({dutch, english, other}) == 3
    assert len(list(store.rglob("*.svg"))) == 3
    assert ChartStore.key("1.9.0", "nl-NL", "{}") != ChartStore.key("1.9.1", "nl-NL", "{}")


def test_a_folder_that_cannot_be_written_still_gives_the_chart(tmp_path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    previous = charts.use_chart_store(blocked)
    try:
        assert render_svg(SPEC, "nl").startswith("<svg")
    finally:
        charts.use_chart_store(previous)
