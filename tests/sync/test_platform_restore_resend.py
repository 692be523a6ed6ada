"""The platform restored from a backup, against a real platform and window: the cases the
window sent after the backup was taken are gone from the platform, yet the window holds them
as acknowledged. IT runs ``counter-central restored`` and restarts the platform; the
window's next run sees the new store epoch, sends every acknowledged version again (what
the platform still holds answers ``duplicate``) and reads its feeds again from the start:
every case is on the platform exactly once."""

from __future__ import annotations

from pathlib import Path

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.credential import load_identity
from sync.engine import META_PLATFORM_EPOCH
from sync.enrolment import record_enrolment
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import HALL, assert_exactly_once, make_engine
from tests.sync.platform_backups import cases_around_a_backup, runs_after_the_put_back


def feed_cursors(store: Store) -> dict[str, str]:
    rows = store.db.execute("SELECT feed, cursor FROM feed_cursors").fetchall()
    return {str(feed): str(cursor) for feed, cursor in rows}


def test_after_a_restore_the_window_sends_again_what_the_platform_lost(
    tmp_path: Path, home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    engine = make_engine(home, enrolled, sync_store)
    backup = tmp_path / "central-backup.sqlite3"
    cases = cases_around_a_backup(engine, sync_store, central, backup)
    cursors = feed_cursors(sync_store)
    assert cursors  # the feeds were read, each up to a cursor

    # the restore: the last 3 cases are gone from the platform; the epoch is new
    runs_after_the_put_back(engine, enrolled, central, backup, restored=True)
    assert_exactly_once(sync_store, central.db, cases)
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
    """An enrolment forgets the platform epoch last seen: enrolled with another platform,
    the window records that platform's first epoch and takes it for no restore. (Enrolled
    again for the same hall, the window re-sends its acknowledged versions all the same, on
    purpose: ``record_enrolment``; another hall's are not sent.)"""
    make_engine(home, enrolled, sync_store).run_once()
    assert sync_store.meta(META_PLATFORM_EPOCH) is not None
    identity = load_identity(home)
    assert identity is not None
    record_enrolment(sync_store, "it", identity, previous_hall=HALL)
    assert sync_store.meta(META_PLATFORM_EPOCH) is None
