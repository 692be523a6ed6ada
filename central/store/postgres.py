"""PostgreSQL engine for the platform store (psycopg 3): a small connection pool, one
transaction per call; an unreachable server becomes 503 ``store_unavailable``."""

from __future__ import annotations

import logging
import queue
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg

from central.errors import StoreRefusedConnection, StoreUnavailable
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
    def _engine_transaction(self) -> Iterator[DbCursor]:
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
            refused = _refusal(exc)
            if refused is not None:
                raise refused from exc
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
            # An older store's tables gain their added columns first: a block may index one.
            for table, column, kind in ADDED_COLUMNS:  # a table made now is made with it
                cur.execute(
                    f"ALTER TABLE IF EXISTS {table} ADD COLUMN IF NOT EXISTS {column} {kind}"
                )
            for statement in statements(POSTGRES_SERIAL, POSTGRES_BYTES):
                cur.execute(statement)

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


# What the server says (in English, its default messages) when it refuses the address itself;
# libpq gives a refused connection no SQLSTATE, only these words.
_REFUSALS = (
    (
        re.compile(r'database "([^"]*)" does not exist'),
        "数据库 {0} 不存在",
        "there is no database {0}",
    ),
    (re.compile(r'role "([^"]*)" does not exist'), "数据库角色 {0} 不存在", "there is no role {0}"),
    (
        re.compile(r'(?:password|ident|peer|SCRAM) authentication failed for user "([^"]*)"'),
        "数据库角色 {0} 的身份验证被拒绝（密码不对）",
        "the server refused role {0}'s authentication (wrong password)",
    ),
    (
        re.compile(r'no pg_hba\.conf entry for host "[^"]*", user "([^"]*)"'),
        "数据库服务器不允许角色 {0} 从本机连接（pg_hba.conf）",
        "the server does not let role {0} connect from here (pg_hba.conf)",
    ),
)


def _refusal(exc: psycopg.Error) -> StoreRefusedConnection | None:
    """The server's refusal of the store's address in words an operator can act on, or None
    for an outage (no server, a dropped connection, a full pool)."""
    said = str(exc)
    for pattern, zh, en in _REFUSALS:
        found = pattern.search(said)
        if found is not None:
            return StoreRefusedConnection(
                f"平台数据库拒绝连接：{zh.format(found[1])}。这不是忙或暂时故障，重试无用："
                "请核对 --db 地址中的数据库名、角色和密码。",
                f"The platform store refused the connection: {en.format(found[1])}. It is not "
                "busy or briefly down, so retrying will not help: check the database name, "
                "role and password in the --db address.",
                headers={"Retry-After": "5"},
            )
    return None
