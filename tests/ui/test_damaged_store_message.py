"""A damaged page met by any of the window's reads or writes is said as a damaged database
with the way to restore it, not as 「操作没有完成：DatabaseError」."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ui.i18n import error_text


def _error_of_a_damaged_file(tmp_path: Path) -> sqlite3.DatabaseError:
    damaged = tmp_path / "counter.db"
    damaged.write_bytes(b"this is not a database at all" * 200)
    conn = sqlite3.connect(damaged)
    try:
        with pytest.raises(sqlite3.DatabaseError) as raised:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
    return raised.value


def test_a_damaged_database_is_named_with_the_restore(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shown = error_text(_error_of_a_damaged_file(tmp_path))
    assert shown.startswith("本机数据库已损坏（file is not a database）")
    assert "counter-app restore" in shown and "DatabaseError" not in shown


def test_another_sqlite_error_stays_the_program_s_fault(qapp) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(":memory:")
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            conn.execute("SELECT * FROM no_such_table")
    finally:
        conn.close()
    assert "OperationalError" in error_text(raised.value)
