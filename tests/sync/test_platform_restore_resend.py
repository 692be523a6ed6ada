"""The platform restored from a backup, against a real platform and window: the cases the
window sent after the backup was taken are gone from the platform, yet the window holds them
as acknowledged. IT runs ``counter-central restored`` and restarts the platform; the
window's next run sees the new store epoch, sends every acknowledged version again (what
the platform still holds answers ``duplicate``) and reads its feeds again from the start:
every case is on the platform exactly once."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.credential import load_identity
from sync.engine import META_PLATFORM_EPOCH
from sync.enrolment import record_enrolment
from tests.central.server_fixture import RunningCentral
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, assert_exactly_once, make_engine


def copy_store(source: str | Path, target: str | Path) -> None:
    """The SQLite backup API, as IT's backup and restore of the platform's file do."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def feed_cursors(store: Store) -> dict[str, str]:
    rows = store.db.execute("SELECT feed, cursor FROM feed_cursors").fetchall()
    return {str(feed): str(cursor) for feed, cursor in rows}


def test_after_a_restore_the_window_sends_again_what_the_platform_lost(
    tmp_path: Path, home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    engine = make_engine(home, enrolled, sync_store)
    before_backup = seed_cases(sync_store, 5, hall=HALL)
    assert engine.run_once().pushed == 5
    backup = tmp_path / "central-backup.sqlite3"
    copy_store(central.db, backup)
    after_backup = seed_cases(sync_store, 3, hall=HALL, start=5)
    assert engine.run_once().pushed == 3
    cursors = feed_cursors(sync_store)
    assert cursors  # the feeds were read, each up to a cursor

    central.stop()
    copy_store(backup, central.db)  # the restore: the last 3 cases are gone from the platform
    central.cli("restored")
    platform = central.restart()
    try:
        engine.config = replace(enrolled, sync=replace(enrolled.sync, url=platform.url))
        summary = engine.run_once()
        assert summary.error is None
        assert summary.resent_after_restore == 8  # every acknowledged version
        assert (summary.duplicates, summary.pushed, summary.pending) == (5, 3, 0)
        again = engine.run_once()  # the epoch is kept: nothing is sent again
        assert (again.resent_after_restore, again.pushed, again.duplicates) == (0, 0, 0)
    finally:
        platform.stop()
    assert_exactly_once(sync_store, central.db, before_backup + after_backup)
    # Every old cursor was refused and its feed read again: each is a new one now.
    reread = feed_cursors(sync_store)
    assert reread.keys() == cursors.keys()
    assert all(reread[feed] != cursors[feed] for feed in cursors)
    restored = sync_store.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'sync.platform_restored'"
    ).fetchone()[0]
    assert restored == 1


def test_an_enrolment_forgets_the_platform_epoch_last_seen(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    """Enrolled with another platform, a window must not take that platform's first epoch
    for a restore and send its whole history there."""
    make_engine(home, enrolled, sync_store).run_once()
    assert sync_store.meta(META_PLATFORM_EPOCH) is not None
    identity = load_identity(home)
    assert identity is not None
    record_enrolment(sync_store, "it", identity, previous_hall=HALL)
    assert sync_store.meta(META_PLATFORM_EPOCH) is None
