"""Opening the platform's SQLite store while other connections open it: a command beside a
starting ``serve`` (the training hall enrols while its platform starts). SQLite answers the
switch to WAL with "database is locked" without waiting; the store retries instead."""

from __future__ import annotations

from pathlib import Path

from central.store.sqlite import SqliteStore
from tests.at_once import failures_at_once

ROUNDS = 40
OPENERS = 6


def test_stores_opened_at_once_on_a_new_file_all_open(tmp_path: Path) -> None:
    paths = [tmp_path / f"central-{round_no}.sqlite3" for round_no in range(ROUNDS)]
    failures = [
        failure
        for path in paths
        for failure in failures_at_once(lambda: SqliteStore(str(path)).close(), OPENERS)
    ]
    assert failures == []
