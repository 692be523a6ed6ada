"""Another program holding the store: its write lock held past the busy timeout is
``store_busy`` in words, never a bare "database is locked"; a wait for another program's
opening says so when it begins."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.file_lock import FileLock
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.database import Store, known_migrations, open_store
from counter_app.store.migrations.registry import MIGRATIONS
from counter_app.store.sqlite_failures import StoreBusy
from tests.waiting import DEFAULT_TIMEOUT

IMPATIENT_MS = 50


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another program's ``BEGIN IMMEDIATE`` (a purge, an upgrade, a sqlite3 shell)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _impatient(config: Config) -> Config:
    return replace(config, store=replace(config.store, busy_timeout_ms=IMPATIENT_MS))


def test_a_write_lock_held_elsewhere_is_store_busy_and_nothing_is_written(
    home: Home, config: Config
) -> None:
    with open_store(home, _impatient(config)) as store:
        with write_lock_held(home.db_path), pytest.raises(StoreBusy) as refused:
            store.set_meta("marker", "written")
        assert store.meta("marker") is None
        assert not store.db.conn.in_transaction
        store.set_meta("marker", "written")  # the other program let go: the same write works
        assert store.meta("marker") == "written"
    assert refused.value.code == "store_busy"
    assert "正被另一个程序占用" in refused.value.zh and "没有做任何更改" in refused.value.zh
    assert "held by another program" in refused.value.en
    assert f"{IMPATIENT_MS / 1000:g}" in refused.value.en  # the wait it gave up after


def test_an_upgrade_meeting_a_held_write_lock_is_store_busy(
    home: Home, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = known_migrations()
    older = database.connect(home.ensure().db_path, 5000)
    MIGRATIONS.apply(older, stop_before=names[-1])
    older.close()
    monkeypatch.setattr(database, "OPEN_BUSY_TIMEOUT_MS", IMPATIENT_MS)
    with write_lock_held(home.db_path), pytest.raises(StoreBusy):
        open_store(home, _impatient(config))
    with sqlite3.connect(home.db_path) as raw:
        applied = [row[0] for row in raw.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == names[:-1]


class _SignallingStream:
    """stderr standing in for the terminal: keeps what is written, and tells when it is."""

    def __init__(self) -> None:
        self.text = ""
        self.written = threading.Event()

    def write(self, text: str) -> int:
        self.text += text
        self.written.set()
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wait_for_another_program_opening_the_store_is_said_once(
    home: Home, config: Config, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    config = replace(config, ui=replace(config.ui, lang=lang))
    stderr = _SignallingStream()
    monkeypatch.setattr("sys.stderr", stderr)
    opened: list[Store] = []
    other_opening = FileLock(home.open_lock_path)
    assert other_opening.acquire()
    waiter = threading.Thread(target=lambda: opened.append(open_store(home, config)))
    try:
        waiter.start()
        assert stderr.written.wait(DEFAULT_TIMEOUT), "nothing said while waiting to open"
        assert opened == []  # still waiting: the line came when the wait began
    finally:
        other_opening.release()
        waiter.join(DEFAULT_TIMEOUT)
    assert not waiter.is_alive() and len(opened) == 1
    opened[0].close()
    lines = stderr.text.splitlines()
    if lang == "zh":
        assert len(lines) == 2 and "另一个程序正在打开或升级数据库" in lines[0]
    assert len(lines) == (2 if lang == "zh" else 1)
    assert lines[-1].startswith("Another program is opening or upgrading the database")
    assert str(home.db_path) in lines[-1]
