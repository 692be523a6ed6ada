"""An upgrade under a running window: a newer program (``counter-app doctor`` right after
installing) must not migrate the store a window of the older program still has open."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from counter_app.config import Config
from counter_app.file_lock import FileLock, HomeBusy
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.database import known_migrations, open_store
from counter_app.store.migrations.registry import MIGRATIONS
from tests.conftest import CliRunner
from tests.waiting import DEFAULT_TIMEOUT

# The window's hold on its home, as ``ui.app.hold_home`` takes it, in a process of its own.
HOLD_WINDOW = (
    "import sys\n"
    "from counter_app.file_lock import FileLock\n"
    "lock = FileLock(sys.argv[1])\n"
    "assert lock.acquire()\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
)


@contextmanager
def window_open_elsewhere(home: Home) -> Iterator[int]:
    """Another process holds ``home``'s window lock until the block ends; yields its pid."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WINDOW, str(home.window_lock_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline() == "held\n"
        yield holder.pid
    finally:
        holder.stdin.close()  # its read ends: it exits and the kernel drops the lock
        holder.wait(DEFAULT_TIMEOUT)
        holder.stdout.close()


def _one_migration_behind(home: Home) -> str:
    """The store as the previous release left it; returns the migration it lacks."""
    names = known_migrations()
    older = database.connect(home.ensure().db_path, 5000)
    MIGRATIONS.apply(older, stop_before=names[-1])
    older.close()
    return names[-1]


def _applied(home: Home) -> list[str]:
    with sqlite3.connect(home.db_path) as raw:
        return [row[0] for row in raw.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def test_an_upgrade_is_refused_while_another_process_has_the_window_open(
    home: Home, config: Config
) -> None:
    lacking = _one_migration_behind(home)
    with window_open_elsewhere(home) as window_pid:
        with pytest.raises(HomeBusy) as refused:
            open_store(home, config)
        # Nothing changed: not migrated, no safety copy written for an upgrade not made.
        assert lacking not in _applied(home)
        assert list(home.backups_dir.glob("pre-migrate-*")) == []
    assert "柜台窗口仍开着" in refused.value.zh and "关闭" in refused.value.zh
    assert "window on this PC is still open" in refused.value.en
    assert "run the command again" in refused.value.en
    assert str(window_pid) in refused.value.en

    # The window closed: the same program upgrades.
    open_store(home, config).close()
    assert _applied(home)[-1] == lacking


def test_a_program_that_needs_no_upgrade_opens_beside_the_window(
    home: Home, config: Config
) -> None:
    open_store(home, config).close()
    with window_open_elsewhere(home), open_store(home, config) as opened:
        assert opened.schema_versions() == known_migrations()


def test_the_window_upgrades_the_store_it_holds_itself(home: Home, config: Config) -> None:
    """The window takes its lock before it opens (and migrates) the store; so does a
    restore of an older backup."""
    lacking = _one_migration_behind(home)
    window = FileLock(home.window_lock_path)
    assert window.acquire()
    try:
        open_store(home, config).close()
    finally:
        window.release()
    assert _applied(home)[-1] == lacking


def test_a_newer_command_says_in_both_languages_to_close_the_window(
    home: Home, run_cli: CliRunner
) -> None:
    """Here this test's process is the window; the command runs in its own."""
    lacking = _one_migration_behind(home)
    window = FileLock(home.window_lock_path)
    assert window.acquire()
    try:
        refused = run_cli("user", "list")
    finally:
        window.release()
    assert refused.returncode == 2
    zh, en = refused.stderr.splitlines()[:2]
    assert "柜台窗口仍开着" in zh and "window on this PC is still open" in en
    assert lacking not in _applied(home)
