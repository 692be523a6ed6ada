"""SQLite engine for the platform store: one connection, one writer at a time, WAL with
``synchronous=FULL`` so an answered batch survives a power cut."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from central.errors import StoreUnavailable
from central.store.base import CentralStore, DbCursor
from central.store.ddl import SQLITE_SERIAL, statements

log = logging.getLogger("central.store")


class SqliteStore(CentralStore):
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # SQLite has one writer anyway; a single connection behind a lock keeps every
        # transaction serial without busy retries inside this process.
        self._conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=10.0
        )
        self._lock = threading.Lock()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            "busy_timeout=10000",
        ):
            self._conn.execute(f"PRAGMA {pragma}")

    def sql(self, statement: str) -> str:
        return statement

    def lock_feed_table(self, cur: DbCursor, table: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already makes this the only writer."""

    @contextmanager
    def transaction(self) -> Iterator[DbCursor]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                log.warning("SQLite store busy or unavailable: %s", exc)
                raise _unavailable() from exc
            try:
                yield cur
                cur.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._rollback()
                log.exception("SQLite store failed")
                raise _unavailable() from exc
            except BaseException:
                self._rollback()
                raise
            finally:
                cur.close()

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def create_schema(self) -> None:
        with self.transaction() as cur:
            for statement in statements(SQLITE_SERIAL):
                cur.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _unavailable() -> StoreUnavailable:
    return StoreUnavailable(
        "平台数据库暂时不可用，请稍后自动重试。",
        "The platform store is temporarily unavailable; the request will be retried.",
        headers={"Retry-After": "5"},
    )
