"""Back up with the documented command, restore into an empty database, and find every row of
every table intact: deliveries, observations, editions and their figures, runs, audit records
(whatever tables the installed version has). PostgreSQL (pg_dump/pg_restore) and SQLite
(the online `.backup`)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from zicht.demo.deliveries import demo_files
from zicht.web.monitor.models import Delivery, Edition, EditionFigure
from zicht.web.monitor.publishing import edition_publish
from zicht.web.monitor.services import delivery_import

REPO = Path(__file__).resolve().parents[2]
OPERATIONS = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
PG_DUMP = 'pg_dump --format=custom --no-owner --file=zicht.dump "$ZICHT_DATABASE_URL"'
PG_RESTORE = (
    "pg_restore --no-owner --exit-on-error --single-transaction "
    '--dbname="$ZICHT_RESTORE_URL" zicht.dump'
)
SQLITE_BACKUP = 'sqlite3 "$ZICHT_DATA_DIR/zicht.sqlite3" ".backup \'zicht-backup.sqlite3\'"'
SQLITE_RESTORE = 'cp zicht-backup.sqlite3 "$ZICHT_DATA_DIR/zicht.sqlite3"'


def _run(command: str, cwd: Path, **env: str) -> None:
    assert command in OPERATIONS, "the test runs the documented command"
    done = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _tables(rows_of, names: list[str]) -> dict[str, list[tuple]]:
    return {name: rows_of(name) for name in names}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_into_an_empty_database_intact(catalog, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (ZICHT_DATABASE_URL=postgres://...)")
    for file in (f for f in demo_files(catalog) if f.year == 2020):
        delivery_import(
            catalog=catalog, partner=file.partner, year=2020, filename=file.filename,
            content=file.content,
        )  # fmt: skip
    edition_publish(catalog=catalog, year=2020)
    assert Delivery.objects.count() > 5 and EditionFigure.objects.count() > 50

    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    server = f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    target = f"{s['NAME']}_restored"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        _run(PG_DUMP, tmp_path, ZICHT_DATABASE_URL=f"{server}/{s['NAME']}")
        _run(PG_RESTORE, tmp_path, ZICHT_RESTORE_URL=f"{server}/{target}")
        with (
            psycopg.connect(f"{server}/{s['NAME']}") as source,
            psycopg.connect(f"{server}/{target}") as restored,
        ):
            names = [
                r[0]
                for r in source.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]

            def rows(db):
                return lambda t: db.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()

            before, after = _tables(rows(source), names), _tables(rows(restored), names)
        assert before == after
        assert len(after["monitor_delivery"]) == Delivery.objects.count()
        assert len(after["monitor_edition"]) == Edition.objects.count()
        assert len(after["monitor_editionfigure"]) == EditionFigure.objects.count()
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')


BUILD = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from zicht import config
from zicht.core.catalog import load_catalog
from zicht.demo.deliveries import demo_files
from zicht.web.monitor.publishing import edition_publish
from zicht.web.monitor.services import delivery_import
catalog = load_catalog(config.catalog_dir())
for f in demo_files(catalog):
    if f.year == 2020:
        delivery_import(catalog=catalog, partner=f.partner, year=2020, filename=f.filename,
                        content=f.content)
edition_publish(catalog=catalog, year=2020)
"""


def test_sqlite_backup_restores_intact(tmp_path):
    data = tmp_path / "var"
    data.mkdir()
    database = data / "zicht.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zicht.web.settings",
        "ZICHT_DATA_DIR": str(data),
        "ZICHT_DATABASE_URL": f"sqlite:///{database}",
    }
    build = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BUILD)], env=env, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    _run(SQLITE_BACKUP, tmp_path, ZICHT_DATA_DIR=str(data))
    kept = tmp_path / "original.sqlite3"
    shutil.move(database, kept)  # the installation is lost; restore into an empty place
    _run(SQLITE_RESTORE, tmp_path, ZICHT_DATA_DIR=str(data))

    def rows(db):
        return lambda t: db.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()

    with sqlite3.connect(kept) as source, sqlite3.connect(database) as restored:
        names = [
            r[0]
            for r in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        before, after = _tables(rows(source), names), _tables(rows(restored), names)
    assert before == after
    assert len(after["monitor_delivery"]) >= 8 and len(after["monitor_editionfigure"]) > 50
    assert [r[0] for r in after["django_migrations"]]  # a usable schema, not just data
