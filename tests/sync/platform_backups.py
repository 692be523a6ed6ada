"""The platform's store put back to a backup taken between two of the window's pushes, then
the window's next runs against it: the set-up shared by the tests of a platform restored with
``counter-central restored`` and one merely put back without it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from counter_app.config import Config
from counter_app.store.database import Store
from sync.engine import SyncEngine
from tests.central.server_fixture import RunningCentral
from tests.central.store_backup import copy_store
from tests.sync.backlog import SeededCase, seed_cases
from tests.sync.conftest import HALL


def cases_around_a_backup(
    engine: SyncEngine, store: Store, central: RunningCentral, backup: Path
) -> list[SeededCase]:
    """Five cases sent, the platform's store backed up to ``backup``, three more sent: the
    eight cases."""
    before_backup = seed_cases(store, 5, hall=HALL)
    assert engine.run_once().pushed == 5
    copy_store(central.db, backup)
    after_backup = seed_cases(store, 3, hall=HALL, start=5)
    assert engine.run_once().pushed == 3
    return before_backup + after_backup


def runs_after_the_put_back(
    engine: SyncEngine, enrolled: Config, central: RunningCentral, backup: Path, *, restored: bool
) -> None:
    """The platform stopped, its store put back from ``backup`` (the last 3 cases gone from
    it), ``counter-central restored`` run if ``restored``, and the platform started again:
    the window's next run sends every acknowledged version again (the 5 the platform still
    holds answer ``duplicate``), and the run after it sends nothing."""
    central.stop()
    copy_store(backup, central.db)
    if restored:
        central.cli("restored")
    platform = central.restart()
    try:
        engine.config = replace(enrolled, sync=replace(enrolled.sync, url=platform.url))
        summary = engine.run_once()
        assert summary.error is None
        assert summary.resent_after_restore == 8  # every acknowledged version
        assert (summary.duplicates, summary.pushed, summary.pending) == (5, 3, 0)
        again = engine.run_once()  # the restore is taken in: nothing is sent again
        assert (again.resent_after_restore, again.pushed, again.duplicates) == (0, 0, 0)
    finally:
        platform.stop()
