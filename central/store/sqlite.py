"""SQLite engine for the platform store: one connection, one writer at a time, WAL with
``synchronous=FULL`` so an answered batch survives a power cut; its files owner-only."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from central.errors import OperatorError, StoreUnavailable
from central.store.base import CentralStore, DbCursor
from central.store.ddl import ADDED_COLUMNS, SQLITE_BYTES, SQLITE_SERIAL, statements
from counter_app.durable_files import make_directory
from counter_app.store.sqlite_open import apply_pragma, create_owner_only, is_busy, primary_code

log = logging.getLogger("central.store")


# How long opening the store waits for another process's lock (a command beside ``serve``).
OPEN_SECONDS = 10.0
# How long a statement waits for another program's lock before the store says it is busy.
BUSY_MILLISECONDS = 10_000


class SqliteStore(CentralStore):
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: str) -> None:
        super().__init__()
        if not path:  # Path("") is the working folder, which no one meant
            raise OperatorError(
                "平台数据库的路径为空：请用 --db 给出 SQLite 数据库文件的路径或 postgresql:// 地址。",
                "The platform store's path is empty: give --db a SQLite database file's path "
                "or a postgresql:// URL.",
            )
        self.path = Path(path)
        # Its folder made durable too: answered batches must not vanish with a folder a power
        # cut took right after the platform's first start.
        make_directory(self.path.parent, 0o777)
        # It holds licence files and staff members' password verifiers.
        create_owner_only(self.path)
        # SQLite has one writer anyway; a single writer connection behind a lock keeps every
        # write serial without busy retries inside this process. Reads (authentication,
        # feeds, listings) use a second connection: in WAL mode they never wait for a write.
        self._conn = self._connect()
        self._lock = threading.Lock()
        self._reader = self._connect()
        self._reader_lock = threading.Lock()
        _narrow_to_owner(self.path)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=OPEN_SECONDS
            )
        except sqlite3.DatabaseError as exc:
            raise self._unopenable(exc) from exc
        try:
            for pragma in (
                "journal_mode=WAL",
                "synchronous=FULL",
                "foreign_keys=ON",
                f"busy_timeout={BUSY_MILLISECONDS}",
            ):
                apply_pragma(conn, pragma, OPEN_SECONDS)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if is_busy(exc):  # another program holds it: not the operator's path at fault
                raise
            raise self._unopenable(exc) from exc
        return conn

    def _unopenable(self, exc: sqlite3.DatabaseError) -> OperatorError:
        """What is wrong with the file ``--db`` named, for the operator who typed it: a
        folder, another kind of file, or what SQLite said."""
        if self.path.is_dir():
            problem = ("是一个文件夹，不是数据库文件", "is a folder, not a database file")
        elif primary_code(exc) == sqlite3.SQLITE_NOTADB:
            problem = (
                "不是 SQLite 数据库文件（或已损坏）",
                "is not a SQLite database (or is damaged)",
            )
        else:
            problem = (f"无法打开（{exc}）", f"cannot be opened ({exc})")
        return OperatorError(
            f"平台数据库 {self.path} {problem[0]}：请检查 --db 给出的路径。",
            f"The platform store {self.path} {problem[1]}: check the path --db gives.",
        )

    def sql(self, statement: str) -> str:
        return statement

    def lock_feed_table(self, cur: DbCursor, table: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already makes this the only writer."""

    def lock_hall_feed(self, cur: DbCursor, table: str, hall: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already makes this the only writer."""

    def lock_cases(self, cur: DbCursor, case_ids: Sequence[str]) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already makes the batch the only writer."""

    def _engine_transaction(self) -> AbstractContextManager[DbCursor]:
        return self._run(self._conn, self._lock, "BEGIN IMMEDIATE")

    def _engine_snapshot(self) -> AbstractContextManager[DbCursor]:
        return self._run(self._reader, self._reader_lock, "BEGIN")

    @staticmethod
    @contextmanager
    def _run(conn: sqlite3.Connection, lock: threading.Lock, begin: str) -> Iterator[DbCursor]:
        with lock:
            cur = conn.cursor()
            try:
                cur.execute(begin)
            except sqlite3.OperationalError as exc:
                log.warning("SQLite store busy or unavailable: %s", exc)
                raise _unavailable() from exc
            try:
                yield cur
                cur.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                _rollback(conn)
                log.exception("SQLite store failed")
                raise _unavailable() from exc
            except BaseException:
                _rollback(conn)
                raise
            finally:
                cur.close()

    def create_schema(self) -> None:
        with self.transaction() as cur:
            # An older store's tables gain their added columns first: a block may index one.
            for table, column, kind in ADDED_COLUMNS:
                held = {row[1] for row in cur.execute(f"PRAGMA table_info({table})")}
                if held and column not in held:  # a table made now is made with it
                    cur.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            for statement in statements(SQLITE_SERIAL, SQLITE_BYTES):
                cur.execute(statement)

    def close(self) -> None:
        with self._lock, self._reader_lock:
            self._conn.close()
            self._reader.close()


def _narrow_to_owner(path: Path) -> None:
    """An existing store's files, made at the umask before they were created owner-only,
    narrowed to 0600 once SQLite has opened the store (so never a file that is none)."""
    if os.name != "posix":
        return
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            os.chmod(file, 0o600)
        except FileNotFoundError:
            pass
        except OSError as exc:  # another account's file: the store works, its mode stays
            log.warning("cannot make %s owner-only: %s", file, exc)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _unavailable() -> StoreUnavailable:
    return StoreUnavailable(
        "平台数据库暂时不可用，请稍后自动重试。",
        "The platform store is temporarily unavailable; the request will be retried.",
        headers={"Retry-After": "5"},
    )
