"""PostgreSQL engine for the platform store (psycopg 3): a small connection pool, one
transaction per call; an unreachable server becomes 503 ``store_unavailable``."""

from __future__ import annotations

import logging
import queue
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg

from central.errors import StoreUnavailable
from central.store.base import CentralStore, DbCursor
from central.store.ddl import ADDED_COLUMNS, POSTGRES_BYTES, POSTGRES_SERIAL, statements

log = logging.getLogger("central.store")

POOL_SIZE = 8
CONNECT_TIMEOUT_SECONDS = 5


class PostgresStore(CentralStore):
    integrity_errors = (psycopg.errors.UniqueViolation,)

    def __init__(self, url: str, pool_size: int = POOL_SIZE) -> None:
        super().__init__()
        self.url = url
        # Idle connections; at most ``pool_size`` exist, callers wait for a free one.
        self._idle: queue.LifoQueue[psycopg.Connection | None] = queue.LifoQueue()
        for _ in range(pool_size):
            self._idle.put(None)

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def lock_feed_table(self, cur: DbCursor, table: str) -> None:
        # Sequences are handed out at INSERT time, not at COMMIT: without this lock a reader
        # could see 11 committed before 10 and its cursor would skip 10 for good.
        cur.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")

    def lock_hall_feed(self, cur: DbCursor, table: str, hall: str) -> None:
        # The same reason as lock_feed_table, for one hall's rows only: a transaction-scoped
        # advisory lock keyed by table and hall (a hash collision only serialises more).
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{table}:{hall}",))

    def lock_cases(self, cur: DbCursor, case_ids: Sequence[str]) -> None:
        # READ COMMITTED: without the row locks, a batch holding version 2 that read the case
        # before a batch holding version 3 committed would then set the case back to 2.
        # Sorted, so two batches lock their common cases in one order and cannot deadlock.
        marks = ",".join(["%s"] * len(case_ids))
        cur.execute(
            f"SELECT case_id FROM cases WHERE case_id IN ({marks}) "  # noqa: S608
            "ORDER BY case_id FOR UPDATE",
            tuple(case_ids),
        )

    @contextmanager
    def transaction(self) -> Iterator[DbCursor]:
        conn = self._idle.get()
        try:
            if conn is None or conn.closed or conn.broken:
                conn = psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_SECONDS)
            with conn.cursor() as cur:
                yield cur
            conn.commit()
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            log.warning("PostgreSQL store unavailable: %s", exc)
            _discard(conn)
            conn = None
            # The server restarted or dropped us: the idle connections are dead too, and
            # each would cost a client one more 503 after the server is back.
            self._drop_idle()
            raise StoreUnavailable(
                "平台数据库暂时不可用，请稍后自动重试。",
                "The platform store is temporarily unavailable; the request will be retried.",
                headers={"Retry-After": "5"},
            ) from exc
        except BaseException:
            if conn is not None and not conn.closed:
                try:
                    conn.rollback()
                except psycopg.Error:
                    _discard(conn)
                    conn = None
            raise
        finally:
            self._idle.put(conn)

    def _drop_idle(self) -> None:
        for _ in range(self._idle.qsize()):
            try:
                idle = self._idle.get_nowait()
            except queue.Empty:
                return
            _discard(idle)
            self._idle.put(None)

    def create_schema(self) -> None:
        with self.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(7461)")  # two processes starting at once
            for statement in statements(POSTGRES_SERIAL, POSTGRES_BYTES):
                cur.execute(statement)
            for table, column, kind in ADDED_COLUMNS:
                cur.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")

    def close(self) -> None:
        while not self._idle.empty():
            conn = self._idle.get_nowait()
            if conn is not None:
                conn.close()


def _discard(conn: psycopg.Connection | None) -> None:
    if conn is not None:
        try:
            conn.close()
        except psycopg.Error:
            log.debug("closing a broken connection failed", exc_info=True)
