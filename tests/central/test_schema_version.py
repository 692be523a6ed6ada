"""The platform store records the shape of the program that opened it: every table block
and column added since version 2 counts one. An older program's store is brought up to it
(its tables added); a store a newer program opened is refused by this one, never written
past tables it does not know (an old ``counter-central`` once ran on an extended store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from central.errors import OperatorError
from central.store import open_store
from central.store.ddl import FIRST_RELEASED_VERSION, SCHEMA_VERSION


def _recorded(db: Path) -> int:
    with sqlite3.connect(db) as raw:
        return int(raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])


def _record(db: Path, version: int) -> None:
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))


def test_an_older_programs_store_is_brought_to_this_shape(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    open_store(str(db)).close()
    assert _recorded(db) == SCHEMA_VERSION > FIRST_RELEASED_VERSION
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TABLE hall_hours")  # a table the older program did not have
    _record(db, FIRST_RELEASED_VERSION)
    open_store(str(db)).close()
    assert _recorded(db) == SCHEMA_VERSION
    with sqlite3.connect(db) as raw:
        raw.execute("SELECT count(*) FROM hall_hours").fetchone()


def test_a_store_a_newer_program_opened_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    open_store(str(db)).close()
    _record(db, SCHEMA_VERSION + 1)
    with pytest.raises(OperatorError) as refused:
        open_store(str(db))
    assert "请升级平台程序" in refused.value.zh
    assert _recorded(db) == SCHEMA_VERSION + 1  # untouched
