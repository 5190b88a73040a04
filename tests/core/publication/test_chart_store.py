"""Rendered charts are shared on disk by the installation's processes: a chart is rendered
once, read back byte for byte by the next process, and never mistaken for another."""

from __future__ import annotations

import multiprocessing
import os
import time

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


DAY = 24 * 3600


def _age(path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_pruning_removes_what_no_page_used_and_keeps_what_one_did(tmp_path) -> None:
    chart_store = ChartStore(tmp_path)
    used, unused = ChartStore.key("v", "nl", "used"), ChartStore.key("v", "nl", "unused")
    chart_store.write(used, "<svg>used</svg>")
    chart_store.write(unused, "<svg>unused</svg>")
    for path in tmp_path.rglob("*.svg"):
        _age(path, 100)
    assert chart_store.read(used) == "<svg>used</svg>"  # a page reads it: it is in use again
    # A write that a stopped process left behind, and one being written right now.
    abandoned = tmp_path / used[:2] / "tmpx1y2.part"
    abandoned.write_text("<svg")
    _age(abandoned, 1)
    in_progress = tmp_path / used[:2] / "tmpz3.part"
    in_progress.write_text("<sv")
    stranger = tmp_path / unused[:2] / "notes.txt"  # not the store's: never touched
    stranger.write_text("x")
    _age(stranger, 400)

    result = chart_store.prune(90 * DAY)

    assert (result.removed, result.kept) == (1, 1)
    assert result.freed_bytes == len("<svg>unused</svg>") + len("<svg")
    assert chart_store.read(unused) is None and chart_store.read(used) == "<svg>used</svg>"
    assert not abandoned.exists() and in_progress.exists() and stranger.exists()


def test_pruning_removes_the_emptied_folders(tmp_path) -> None:
    chart_store = ChartStore(tmp_path)
    key = ChartStore.key("v", "nl", "old")
    chart_store.write(key, "<svg/>")
    _age(tmp_path / key[:2] / f"{key}.svg", 10)
    assert chart_store.prune(DAY).removed == 1
    assert list(tmp_path.iterdir()) == []


def test_zicht_charts_prune_empties_the_installation_s_folder_of_unused_charts(
    tmp_path, monkeypatch
) -> None:
    from typer.testing import CliRunner

    from zicht.cli.main import app

    chart_store = ChartStore(tmp_path)
    old, recent = ChartStore.key("v", "nl", "old"), ChartStore.key("v", "nl", "recent")
    chart_store.write(old, "<svg>" + "x" * 2_000_000 + "</svg>")
    chart_store.write(recent, "<svg/>")
    _age(tmp_path / old[:2] / f"{old}.svg", 31)
    monkeypatch.setenv("ZICHT_CHART_CACHE_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["charts", "prune", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "1 grafiek(en) verwijderd (2,0 MB), 1 bewaard" in " ".join(result.output.split())
    assert chart_store.read(old) is None and chart_store.read(recent) == "<svg/>"
