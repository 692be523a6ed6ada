"""The sync process on a full or failing disk: the run fails in words (not stuck at 同步中),
the platform may hold what it was sent, and once the disk is mended the next run marks every
case delivered, each held once. The full disk is SQLite's answer to its page limit (tests/store/disk_faults.py):
the pages already there keep some room, so cases are seeded and synced until a run needs a
page more than the disk has."""

from __future__ import annotations

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.engine import SyncSummary
from tests.central.server_fixture import RunningCentral
from tests.store.disk_faults import fill_the_disk, free_the_disk
from tests.sync.backlog import SeededCase, seed_cases
from tests.sync.conftest import HALL, make_engine, platform_versions

ROUNDS = 60
CASES_PER_ROUND = 5


def test_a_run_on_a_full_disk_says_so_and_the_next_one_delivers_each_case_once(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    engine = make_engine(home, enrolled, sync_store)
    seeded: list[SeededCase] = []
    failed: SyncSummary | None = None
    for round_no in range(ROUNDS):
        free_the_disk(sync_store)
        seeded += seed_cases(
            sync_store, CASES_PER_ROUND, hall=HALL, start=round_no * CASES_PER_ROUND
        )
        fill_the_disk(sync_store)
        summary = engine.run_once()
        if summary.error is not None:
            failed = summary
            break
    else:
        pytest.fail(f"{ROUNDS} sync runs fitted in a full store")

    assert failed.error is not None and failed.error["code"] == "disk_full"
    board = engine.board.status
    assert board.connectivity != "syncing" and board.last_error_code == "disk_full"
    assert board.last_error_zh is not None and "磁盘已满" in board.last_error_zh

    free_the_disk(sync_store)
    delivered = engine.run_once()

    assert delivered.error is None and delivered.pending == 0
    assert engine.board.status.last_error_code is None
    assert platform_versions(central.db) == {
        case.case_id: [(1, case.content_hash)] for case in seeded
    }
    states = {row[0] for row in sync_store.db.execute("SELECT sync_state FROM cases")}
    assert states == {"synced"}


def test_a_run_on_a_disk_turned_read_only_says_so_though_it_cannot_record_it(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    """Every write fails (``query_only``: SQLITE_READONLY, as a file system remounted
    read-only after errors): recording the failed run in the store fails as well, and the
    status must say so anyway."""
    seeded = seed_cases(sync_store, 3, hall=HALL)
    engine = make_engine(home, enrolled, sync_store)
    sync_store.db.execute("PRAGMA query_only = 1")

    failed = engine.run_once()

    assert failed.error is not None and failed.error["code"] == "disk_error"
    board = engine.board.status
    assert board.connectivity != "syncing" and board.last_error_code == "disk_error"

    sync_store.db.execute("PRAGMA query_only = 0")  # the disk mended
    assert engine.run_once().error is None
    assert platform_versions(central.db) == {
        case.case_id: [(1, case.content_hash)] for case in seeded
    }
