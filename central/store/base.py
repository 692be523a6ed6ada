"""The platform store's core, written once; the SQLite and PostgreSQL stores only supply
connections, transactions and the few places where the engines differ.

What the platform does with it lives in the modules beside this one (``devices``, ``push``,
``cases``, ``progress``, ``feeds``, …): functions that take the store and run each operation
in one of its transactions, through the statement helpers (``_exec``, ``_many``,
``_lookup``, ``_listing``) and the replay check (``_consume_nonce``) defined here.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from central.errors import AuthFailed, OperatorError, ValidationFailed
from central.sealing import PayloadSealer, read_key_file
from central.store.ddl import FIRST_RELEASED_VERSION, SCHEMA_VERSION

# How long a nonce is remembered: longer than the ±5 min window a timestamp may be off.
NONCE_TTL_SECONDS = 900
_PARAM_CHUNK = 400

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


class DbCursor(Protocol):
    """What both sqlite3 and psycopg cursors offer."""

    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: Any, params: Any = ..., /) -> Any: ...
    def executemany(self, sql: Any, params: Any, /) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class Device:
    device_id: str
    hall: str
    window: str
    public_key: str
    label: str
    enrolled_at: str
    revoked_at: str | None


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """``moment`` as stored (UTC, ISO 8601 with ``Z``). A time a request sent at the edge
    of the calendar (year 1 or 9999 in a far zone) has no UTC form: refused as invalid
    input, never a 500."""
    try:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except (OverflowError, ValueError):
        raise ValidationFailed(
            f"时间 {moment.isoformat()} 超出可处理的范围，请核对本机时钟与所发数据。",
            f"The time {moment.isoformat()} is out of range; check the workstation's clock "
            "and the data sent.",
        ) from None


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


def new_enroll_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    """``values`` in slices small enough for one statement's parameters on both engines."""
    for start in range(0, len(values), _PARAM_CHUNK):
        yield values[start : start + _PARAM_CHUNK]


class HeldTransaction:
    """The first transaction a store opens inside ``CentralStore.held_transaction()``: its
    COMMIT waits for that block's end, so what the block writes with ``cursor`` after the
    store call returned (the operator log's entry) commits or rolls back with its changes.
    Every transaction and read the block opens after it runs inside it (``cursor``)."""

    def __init__(self, store: CentralStore) -> None:
        self.store = store
        self.cursor: DbCursor | None = None
        self.ending = ExitStack()
        # A statement inside it failed: its changes are no longer whole, it must not commit.
        self.broken = False


_HELD: ContextVar[HeldTransaction | None] = ContextVar("central_held_transaction", default=None)


@contextmanager
def _part_of(held: HeldTransaction, cursor: DbCursor) -> Iterator[DbCursor]:
    """The held transaction's ``cursor`` for a transaction or read opened inside it."""
    try:
        yield cursor
    except BaseException:
        held.broken = True  # its changes so far stay held, and roll back at the block's end
        raise


class CentralStore(ABC):
    """One store interface, two engines. Subclasses implement the abstract hooks."""

    #: Exceptions meaning "another transaction won a unique-key race": retry the batch.
    integrity_errors: tuple[type[BaseException], ...] = ()
    #: Seals and opens case payloads; set by ``initialise``.
    sealer: PayloadSealer

    def __init__(self) -> None:
        self._last_nonce_purge = 0.0
        self._purge_lock = threading.Lock()

    @contextmanager
    def held_transaction(self) -> Iterator[HeldTransaction]:
        """A block (in this thread) whose first transaction commits only at its end, after
        what the block wrote with ``HeldTransaction.cursor``, and in which every later
        transaction and read runs inside that one; an exception in the block, or a failed
        statement the block's code let pass, rolls it all back."""
        held = HeldTransaction(self)
        token = _HELD.set(held)
        try:
            with held.ending:
                yield held
                if held.broken:
                    raise RuntimeError("a statement of a held transaction failed")
        finally:
            _HELD.reset(token)

    # -------------------------------------------------------------- engine hooks
    @abstractmethod
    def _engine_transaction(self) -> AbstractContextManager[DbCursor]:
        """The engine's own transaction: a cursor inside one transaction, commit on
        success, roll back on exception. Store outages raise ``StoreUnavailable``.
        Everything opens it through :meth:`transaction`, which may hold it."""

    def _engine_snapshot(self) -> AbstractContextManager[DbCursor]:
        """The engine's own snapshot: a cursor for reading only; engines where readers can
        wait on the writer give it its own connection. By default a transaction."""
        return self._engine_transaction()

    def transaction(self) -> AbstractContextManager[DbCursor]:
        """A cursor inside one transaction: commit on success, roll back on exception.
        Store outages raise ``StoreUnavailable``. Inside ``held_transaction``: the held
        transaction (the first one opened there leaves its COMMIT to the block's end)."""
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[DbCursor]:
        held = _HELD.get()
        if held is None or held.store is not self:
            with self._engine_transaction() as cur:
                yield cur
        elif held.cursor is not None:
            with _part_of(held, held.cursor) as cur:
                yield cur
        else:
            opened = ExitStack()
            cur = opened.enter_context(self._engine_transaction())
            try:
                yield cur
            except BaseException as exc:  # rolled back now: the store call may retry
                opened.__exit__(type(exc), exc, exc.__traceback__)
                raise
            held.cursor = cur
            held.ending.push(opened)

    def snapshot(self) -> AbstractContextManager[DbCursor]:
        """A cursor for reading only. Inside ``held_transaction`` once its transaction is
        open: that transaction's, which sees its changes as a read after COMMIT would."""
        return self._snapshot()

    @contextmanager
    def _snapshot(self) -> Iterator[DbCursor]:
        held = _HELD.get()
        if held is None or held.store is not self or held.cursor is None:
            with self._engine_snapshot() as cur:
                yield cur
        else:
            with _part_of(held, held.cursor) as cur:
                yield cur

    @abstractmethod
    def sql(self, statement: str) -> str:
        """Turn ``?`` placeholders into the engine's."""

    @abstractmethod
    def lock_feed_table(self, cur: DbCursor, table: str) -> None:
        """Serialise writers of a feed table so sequence order equals commit order (a reader
        must never see sequence 11 committed before 10, or its cursor would skip 10)."""

    @abstractmethod
    def lock_hall_feed(self, cur: DbCursor, table: str, hall: str) -> None:
        """Like ``lock_feed_table`` for a feed read per hall: serialise only the writers of
        one hall (so pushes of different halls never wait for each other). Take it after
        the transaction's row locks (``lock_cases``), before the feed row's INSERT."""

    @abstractmethod
    def lock_cases(self, cur: DbCursor, case_ids: Sequence[str]) -> None:
        """Hold the rows of these (known) cases until commit, so batches about one case run
        one after the other and its current version never moves back."""

    @abstractmethod
    def create_schema(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    # -------------------------------------------------------------- helpers
    def _lookup(
        self, cur: DbCursor, table: str, key: str, value: str, keys: Iterable[str]
    ) -> dict[str, str]:
        """``key -> value`` of the rows of ``table`` whose ``key`` is one of ``keys`` (read
        in chunks that stay under the engines' parameter limits)."""
        found: dict[str, str] = {}
        for chunk in chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({marks})"  # noqa: S608
            found.update((row[0], row[1]) for row in self._exec(cur, sql, chunk).fetchall())
        return found

    def _exec(self, cur: DbCursor, statement: str, params: Sequence[Any] = ()) -> DbCursor:
        cur.execute(self.sql(statement), tuple(params))
        return cur

    def _many(self, cur: DbCursor, statement: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            cur.executemany(self.sql(statement), rows)

    def _listing(
        self, select: str, hall: str | None, order: str, keys: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        """Rows of an operator listing, optionally for one hall, as dicts keyed by ``keys``."""
        params: tuple[str, ...] = ()
        if hall is not None:
            select += " WHERE hall = ?"
            params = (hall,)
        with self.snapshot() as cur:
            rows = self._exec(cur, f"{select} ORDER BY {order}", params).fetchall()
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def initialise(self, key_file: Path, cipher: str) -> None:
        """Create tables, the cursor-signing secret and the store's epoch; refuse a store from
        other code; load the payload key (created with the store) and refuse one that is not
        the store's."""
        self.create_schema()
        with self.transaction() as cur:
            row = self._exec(cur, "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self._exec(
                    cur,
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?), "
                    "('cursor_secret', ?) ON CONFLICT (key) DO NOTHING",
                    (str(SCHEMA_VERSION), secrets.token_hex(32)),
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise OperatorError(
                    f"平台数据库的结构版本 {row[0]} 比本程序（{SCHEMA_VERSION}）新，请升级平台程序。",
                    f"The platform store has schema version {row[0]}, newer than this program "
                    f"({SCHEMA_VERSION}); upgrade the platform software.",
                )
            elif int(row[0]) < FIRST_RELEASED_VERSION:
                # Pre-release stores hold plaintext payloads and are not converted.
                raise OperatorError(
                    f"平台数据库的结构版本 {row[0]} 来自未发布的测试版（办件明文存放），不能使用。"
                    "请改用新的空数据库，并让各窗口重新登记。",
                    f"The platform store has schema version {row[0]} from a pre-release build "
                    "(payloads in plaintext) and cannot be used. Start with a new, empty store "
                    "and enrol the windows again.",
                )
            elif int(row[0]) < SCHEMA_VERSION:
                # An older program's store: create_schema has just added what it lacked.
                self._exec(
                    cur,
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'",
                    (str(SCHEMA_VERSION),),
                )
            # A store made before epochs existed gets its first one here, once.
            self._exec(
                cur,
                "INSERT INTO meta (key, value) VALUES ('store_epoch', ?) "
                "ON CONFLICT (key) DO NOTHING",
                (secrets.token_hex(16),),
            )
            check = self._exec(
                cur, "SELECT value FROM meta WHERE key = 'payload_key_check'"
            ).fetchone()
        # A key is created only together with a store that has sealed nothing yet: a lost
        # key file must never be silently replaced by a new key.
        sealer = PayloadSealer(read_key_file(key_file, create=check is None), cipher)
        if check is None:
            with self.transaction() as cur:
                self._exec(
                    cur,
                    "INSERT INTO meta (key, value) VALUES ('payload_key_check', ?) "
                    "ON CONFLICT (key) DO NOTHING",
                    (sealer.check_value(),),
                )
                # Another process starting at the same time may have won with its key.
                check = self._exec(
                    cur, "SELECT value FROM meta WHERE key = 'payload_key_check'"
                ).fetchone()
        sealer.verify(check[0], key_file)
        self.sealer = sealer

    def cursor_secret(self) -> bytes:
        with self.snapshot() as cur:
            row = self._exec(cur, "SELECT value FROM meta WHERE key = 'cursor_secret'").fetchone()
        return bytes.fromhex(row[0])

    def store_epoch(self) -> str:
        """This store's epoch: a random value that changes only when IT marks the store as
        restored from a backup (``mark_restored``). A window that sees it change re-sends
        what the platform may have lost."""
        with self.snapshot() as cur:
            row = self._exec(cur, "SELECT value FROM meta WHERE key = 'store_epoch'").fetchone()
        return str(row[0])

    def mark_restored(self) -> str:
        """After a restore from a backup: a new epoch and a new cursor secret, in one
        transaction. Every feed cursor issued before is refused (``bad_cursor``) once the
        server restarts, so the windows read their feeds again from the start; the new
        epoch, which they read in their health answer, tells them to re-send their cases.
        Returns the new epoch."""
        epoch = secrets.token_hex(16)
        with self.transaction() as cur:
            self._many(
                cur,
                "UPDATE meta SET value = ? WHERE key = ?",
                [(epoch, "store_epoch"), (secrets.token_hex(32), "cursor_secret")],
            )
        return epoch

    # -------------------------------------------------------------- replay protection
    def _consume_nonce(self, cur: DbCursor, device_id: str, nonce: str) -> None:
        now = int(time.time())
        inserted = self._exec(
            cur,
            "INSERT INTO nonces (device_id, nonce, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (device_id, nonce) DO NOTHING",
            (device_id, nonce, now + NONCE_TTL_SECONDS),
        ).rowcount
        if inserted != 1:
            raise AuthFailed(
                "replayed_nonce",
                "该请求已被处理过（重复的随机数），已拒绝。请重新发送新的请求。",
                "This request was already seen (replayed nonce) and is refused; send a new "
                "request.",
            )
        with self._purge_lock:
            due = now - self._last_nonce_purge > 60
            if due:
                self._last_nonce_purge = now
        if due:
            self._exec(cur, "DELETE FROM nonces WHERE expires_at < ?", (now,))

    def consume_nonce(self, device_id: str, nonce: str) -> None:
        with self.transaction() as cur:
            self._consume_nonce(cur, device_id, nonce)
