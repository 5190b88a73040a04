"""Key files outside production: created once, whoever asks first, and never two different keys
for processes that start together (each would seal or pseudonymise under its own)."""

from __future__ import annotations

import multiprocessing
import stat

import pytest

from zicht import config


def _read_key(data_dir: str, barrier, keys) -> None:
    """Ask for the key as soon as the others do, and again once they all have it: the key a
    process started with must be the one it finds later."""
    import os

    os.environ["ZICHT_DATA_DIR"] = data_dir
    os.environ.pop("ZICHT_AUDIT_KEY_FILE", None)
    os.environ["ZICHT_ENVIRONMENT"] = "development"
    barrier.wait()
    first = config.audit_key()
    barrier.wait()
    keys.put((first, config.audit_key()))


def test_processes_that_start_together_read_one_key(tmp_path):
    context = multiprocessing.get_context("fork")
    barrier, keys = context.Barrier(8), context.Queue()
    workers = [
        context.Process(target=_read_key, args=(str(tmp_path), barrier, keys)) for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    read = [keys.get(timeout=30) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert len(set(read)) == 1
    first, later = read[0]
    assert first == later and len(first) == 32
    key_file = tmp_path / "audit.key"
    assert key_file.read_bytes() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["audit.key"]  # nothing left aside


def test_production_never_creates_a_key(tmp_path, monkeypatch):
    monkeypatch.setenv("ZICHT_ENVIRONMENT", "production")
    monkeypatch.setenv("ZICHT_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    with pytest.raises(config.ConfigurationError, match="ZICHT_AUDIT_KEY_FILE"):
        config.audit_key()
    assert not (tmp_path / "audit.key").exists()
