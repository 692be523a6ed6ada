"""A newer program upgrading the store under a running sync service (installed while it
runs): the service's next run pulls nothing into a schema its code does not know, so no
feed moves past an item it could not apply (a payment confirmation lost for good)."""

from __future__ import annotations

import sqlite3

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import SchemaTooNew, Store
from sync.scheduler import SyncScheduler
from tests.sync.conftest import make_engine
from tests.waiting import DEFAULT_TIMEOUT


def _cursors(store: Store) -> dict[str, str]:
    return dict(store.db.execute("SELECT feed, cursor FROM feed_cursors").fetchall())


def test_a_run_after_a_newer_program_migrated_the_store_is_refused(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    engine = make_engine(home, enrolled, sync_store)
    engine.run_once()
    before = _cursors(sync_store)
    with sqlite3.connect(home.db_path) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('counter_app', 'm9999_from_the_future', 'x')"
        )
    with pytest.raises(SchemaTooNew) as refused:
        engine.run_once()
    assert "m9999_from_the_future" in refused.value.zh
    assert _cursors(sync_store) == before
    assert engine.lock.acquire()  # the refused run let go of the home's sync lock
    engine.lock.release()


def test_the_background_sync_stops_for_good_once_the_store_is_newer(
    home: Home, enrolled: Config, sync_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with sqlite3.connect(home.db_path) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('counter_app', 'm9999_from_the_future', 'x')"
        )
    scheduler = SyncScheduler(make_engine(home, enrolled, sync_store), interval_seconds=3600)
    scheduler.start()
    try:
        assert scheduler._thread is not None
        scheduler._thread.join(DEFAULT_TIMEOUT)  # its first run is due at once, and its last
        assert not scheduler._thread.is_alive()
    finally:
        scheduler.stop()
    assert "sync stopped for good" in caplog.text and "m9999_from_the_future" in caplog.text
    assert scheduler.runs == 0
