"""Opening the platform's SQLite store while other connections open it: a command beside a
starting ``serve`` (the training hall enrols while its platform starts). SQLite answers the
switch to WAL with "database is locked" without waiting; the store retries instead."""

from __future__ import annotations

import threading
from pathlib import Path

from central.store.sqlite import SqliteStore

ROUNDS = 40
OPENERS = 6


def test_stores_opened_at_once_on_a_new_file_all_open(tmp_path: Path) -> None:
    failures: list[BaseException] = []
    for round_no in range(ROUNDS):
        path = tmp_path / f"central-{round_no}.sqlite3"
        ready = threading.Barrier(OPENERS)

        def open_and_close() -> None:
            ready.wait()
            try:
                SqliteStore(str(path)).close()
            except BaseException as exc:  # collected, asserted below
                failures.append(exc)

        openers = [threading.Thread(target=open_and_close) for _ in range(OPENERS)]
        for opener in openers:
            opener.start()
        for opener in openers:
            opener.join()
    assert failures == []
