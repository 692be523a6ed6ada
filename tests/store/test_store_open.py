"""Opening the store while other programs open or hold it: SQLite answers the switch to WAL
with "database is locked" without waiting, and a lock is never taken for damage."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store import backup as backup_module
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import connect, open_store
from counter_app.store.sqlite_failures import StoreBusy
from tests.at_once import failures_at_once

ROUNDS = 40
OPENERS = 6
PASSWORD = "Counter-2026-ok"


def test_connections_opened_at_once_on_a_new_file_all_open(tmp_path: Path) -> None:
    paths = [tmp_path / f"counter-{round_no}.db" for round_no in range(ROUNDS)]
    failures = [
        failure
        for path in paths
        for failure in failures_at_once(lambda: connect(path, 30_000).close(), OPENERS)
    ]
    assert failures == []


def _held_exclusively(path: Path) -> sqlite3.Connection:
    """Another program's connection that keeps the file to itself (exclusive locking mode)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_database_held_past_the_wait_is_reported_busy_not_damaged(home: Home) -> None:
    config = load_config(home)
    open_store(home, config).close()
    holder = _held_exclusively(home.db_path)
    try:
        with pytest.raises(StoreBusy) as refused:
            connect(home.db_path, 50)
    finally:
        holder.close()
    assert "没有损坏" in refused.value.zh and "restore" not in refused.value.en
    connect(home.db_path, 50).close()


def test_restore_beside_a_held_database_sets_nothing_aside(home: Home, tmp_path: Path) -> None:
    config = load_config(home)
    with open_store(home, config) as store:
        Accounts(store).add_user("alice", PASSWORD, "clerk")
        backup = create_backup(store, tmp_path / "b.db").database
    live_before = home.db_path.read_bytes()
    impatient = replace(config, store=replace(config.store, busy_timeout_ms=50))
    holder = _held_exclusively(home.db_path)
    try:
        with pytest.raises(StoreBusy):
            restore_backup(home, impatient, backup)
    finally:
        holder.close()
    assert [path.name for path in home.backups_dir.glob("damaged-*")] == []
    assert home.db_path.read_bytes() == live_before


def test_restore_stops_when_the_numbers_issued_cannot_be_read_for_a_hold(
    home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other program lets go just after restore tried to read which case numbers the
    live database issued: replacing it then would forget them, and issue them again."""
    config = load_config(home)
    with open_store(home, config) as store:
        backup = create_backup(store, tmp_path / "b.db").database
    live_before = home.db_path.read_bytes()
    holder = _held_exclusively(home.db_path)
    read_issued = backup_module._issued_before

    def read_then_let_go(*args: object) -> object:
        try:
            return read_issued(*args)  # type: ignore[arg-type]
        finally:
            holder.close()

    monkeypatch.setattr(backup_module, "_issued_before", read_then_let_go)
    impatient = replace(config, store=replace(config.store, busy_timeout_ms=50))
    with pytest.raises(StoreBusy):
        restore_backup(home, impatient, backup)
    holder.close()
    assert home.db_path.read_bytes() == live_before
