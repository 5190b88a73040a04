"""Deduce's lookup cache: a damaged cache file is rebuilt instead of ending the free-text
check, processes take turns building it (parallel test workers once wrote it at once), and the
loaded tries are kept out of the garbage collector's sight."""

from __future__ import annotations

import gc
import json
import multiprocessing
import subprocess
import sys
import time

import deduce

from zicht.core.privacy.guard import lexicon


class _DamagedCacheDeduce:
    built = False

    def __init__(self, build_lookup_structs: bool = False) -> None:
        if not build_lookup_structs:
            raise UnicodeDecodeError("utf-8", b"\x95", 0, 1, "invalid start byte")
        _DamagedCacheDeduce.built = True


def test_a_damaged_cache_is_built_again(monkeypatch):
    monkeypatch.setattr(deduce, "Deduce", _DamagedCacheDeduce)
    lexicon.deduce_model.cache_clear()
    try:
        model = lexicon.deduce_model()
    finally:
        lexicon.deduce_model.cache_clear()
    assert isinstance(model, _DamagedCacheDeduce) and _DamagedCacheDeduce.built


def _hold(lock_file, spans, index):
    with lexicon._one_process_at_a_time(lock_file):
        start = time.monotonic()
        time.sleep(0.3)
        spans[index] = (start, time.monotonic())


def test_processes_take_turns(tmp_path):
    spans = multiprocessing.Manager().list([None, None])
    workers = [
        multiprocessing.Process(target=_hold, args=(tmp_path / "lock", spans, i)) for i in (0, 1)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    (first_start, first_end), (second_start, second_end) = sorted(spans)
    assert second_start >= first_end  # never both inside at once


LOAD_AND_REPORT = """
import gc, json
from zicht.core.privacy.guard import lexicon
before = gc.get_freeze_count()
model = lexicon.deduce_model()
print(json.dumps({"frozen": gc.get_freeze_count() - before, "enabled": gc.isenabled(),
                  "tracked": len(gc.get_objects())}))
"""


def test_the_loaded_tries_are_frozen_out_of_the_collectors_sight():
    """Millions of tries' objects in the collector's sight cost seconds at every full collection
    and at the process's exit; loaded, they are frozen and the collector is on again. In a
    fresh process: this one may have loaded the model already."""
    report = subprocess.run(
        [sys.executable, "-c", LOAD_AND_REPORT], capture_output=True, text=True, check=True
    )
    loaded = json.loads(report.stdout)
    assert loaded["enabled"]
    assert loaded["frozen"] > 1_000_000  # the tries ...
    assert loaded["tracked"] < loaded["frozen"] / 10  # ... no longer walked by a collection


def test_the_collector_stays_off_when_the_caller_had_turned_it_off():
    gc.disable()
    try:
        with lexicon._out_of_the_garbage_collectors_sight():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
