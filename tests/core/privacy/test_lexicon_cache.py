"""Deduce's lookup cache: a damaged cache file is rebuilt instead of ending the free-text
check, and processes take turns building it (parallel test workers once wrote it at once)."""

from __future__ import annotations

import multiprocessing
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
