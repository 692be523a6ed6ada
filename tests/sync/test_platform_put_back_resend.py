"""The platform's store put back to a backup WITHOUT ``counter-central restored``, against a
real platform and window: the store epoch is unchanged, but a feed refuses the window's
cursor as past its end (``cursor_ahead``). The window takes it for the restore it is: reads
that feed from the start and sends every acknowledged version again, so the cases sent
after the backup reach the platform, each exactly once."""

from __future__ import annotations

from pathlib import Path

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from counter_app.store.sync_writes import PLATFORM_RESTORED_ACTION
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import assert_exactly_once, make_engine
from tests.sync.platform_backups import cases_around_a_backup, runs_after_the_put_back


def test_a_cursor_ahead_sends_again_what_the_put_back_platform_lost(
    tmp_path: Path, home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    engine = make_engine(home, enrolled, sync_store)
    backup = tmp_path / "central-backup.sqlite3"
    cases = cases_around_a_backup(engine, sync_store, central, backup)

    # put back, and no counter-central restored: the feeds are read from the start
    runs_after_the_put_back(engine, enrolled, central, backup, restored=False)
    assert_exactly_once(sync_store, central.db, cases)
    (epoch,) = sync_store.db.execute(
        "SELECT json_extract(detail, '$.epoch') FROM audit_log WHERE action = ?",
        (PLATFORM_RESTORED_ACTION,),
    ).fetchall()
    assert epoch == ("cursor_ahead",)
