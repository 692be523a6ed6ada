"""Opening the local store: the connection, its durability settings, migrations, and the
checks that keep a wrong or damaged database from being used.

Threading: a :class:`Store` owns one connection, which the window's two worker threads
share (the store worker and the platform worker). :meth:`Store.transaction` holds a lock, so
they never interleave inside a transaction; every write therefore runs in one (nested, it
is a savepoint). A write made on ``store.db`` outside it would take no lock and join
whatever transaction the other thread has open, to vanish with its rollback
(tests/store/test_store.py checks the source for such a write). Every read the platform
worker makes takes the same lock (:meth:`Store.reading`), never held across a call to the
platform: on the shared connection a read outside it would see the rows of a transaction
the store worker has open and may still roll back. A background thread
that needs its own connection (sync) opens one with ``open_store(home, config,
role="sync")``: WAL lets it read while the main connection writes, and ``BEGIN IMMEDIATE``
plus ``busy_timeout`` serialises writers. Only the main role applies migrations.

Start-up cost does not grow with the database: the checks here read the file header and the
schema only, and after a checkpoint cut short by a crash (the file shorter than its header
declares, or not a whole number of pages, a WAL beside it) the WAL index and the WAL too.
Only when that WAL does not hold every page the file lacks does SQLite's ``quick_check``
decide. Full ``PRAGMA integrity_check`` belongs to ``counter-app doctor`` and restore. A
damaged page met later, by whatever reads it, is said as damage (:func:`damage_refusal`). A
connection whose WAL was deleted or replaced under it writes nothing more, and no program
opens beside it (``wal_file_guard``).

Checkpoints (copying the WAL into the database file) never run on a commit: SQLite's
automatic one ran on whichever commit crossed 1,000 WAL pages, and on a 2.5 GB store one
accept took 3.1 s that way. They run in :meth:`Store.checkpoint`, called when nobody waits
for the store (the sync process after each run, ``counter-app sync --once``), and when the
last connection to the database closes.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from counter_app.config import Config
from counter_app.errors import ConfigError, StoreError
from counter_app.file_lock import FileLock
from counter_app.home import Home
from counter_app.store.audit import AuditLog
from counter_app.store.case_writes import index_applicant_names
from counter_app.store.clerk_items import fold_clerk_items
from counter_app.store.held_files import read_file, store_closing, store_opened
from counter_app.store.migrations.name_forms import refold_name_indexes
from counter_app.store.migrations.organisation_codes import show_organisation_codes
from counter_app.store.migrations.phones import canonicalise_stored_phones
from counter_app.store.migrations.registry import (
    KEYED_CHAIN_MIGRATION,
    MIGRATIONS,
    NAME_INDEX_MIGRATION,
    NAME_REFOLD_MIGRATION,
    ORGANISATION_CODES_MIGRATION,
    PHONE_FORM_MIGRATION,
)
from counter_app.store.open_window import refuse_upgrade_under_open_window
from counter_app.store.pii import (
    KeyFileMissing,
    PiiCipher,
    PiiKey,
    audit_chain_key,
    load_or_create_key,
)
from counter_app.store.restore_guards import read_directly
from counter_app.store.safety_copies import UPGRADE_PREFIX, make_safety_copy, safety_copy_path
from counter_app.store.scripts import StoreDatabase
from counter_app.store.snapshot import remove_unfinished_copies
from counter_app.store.sqlite_failures import disk_failure, held_by_another_program
from counter_app.store.sqlite_open import (
    apply_pragma,
    create_owner_only,
    is_busy,
    primary_code,
)
from counter_app.store.timestamps import now_text, utc_now
from counter_app.store.wal_file_guard import (
    WalFileGuard,
    refuse_opening_beside_lost_wal,
    wal_path,
)
from counter_app.store.wal_index import pages_in_wal, wal_frames_pending

log = logging.getLogger(__name__)

Role = Literal["main", "sync"]
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_TABLE = "_sqlite_migrations"
WAL_HEADER_BYTES = 32
# Past this size an idle checkpoint also truncates the WAL (a passive one leaves the file
# at its largest, for reuse): about 5,000 accepts' worth, a busy week of one window.
WAL_LIMIT_BYTES = 64 * 1024 * 1024
# The sync process's checkpoint after each run (every 30 s) waits until the WAL holds this
# many frames not yet in the database file: SQLite's own automatic checkpoint size, about 4 MB
# or 28 accepts. The first commit after a checkpoint that copied everything starts the WAL
# afresh and syncs its new header: a second fsync in that accept. Checkpointing every run put
# it in nearly every accept (cases come minutes apart); now it is in one accept of about 28.
IDLE_CHECKPOINT_FRAMES = 1000
INTEGRITY_MESSAGES_SHOWN = 5
PAGE_CACHE_KIB = 64 * 1024  # per connection (see connect)
OPEN_WAIT_SECONDS = 600  # the longest another writer's open (a migration) is waited for
# The busy timeout while opening, whatever the configured one: another program's write, or
# the lock its last connection takes to checkpoint while closing, is waited for rather than
# taken for a damaged database.
OPEN_BUSY_TIMEOUT_MS = 30_000


class SchemaTooNew(StoreError):
    code = "schema_too_new"


class DatabaseDamaged(StoreError):
    code = "database_damaged"


class KeyMismatch(StoreError):
    code = "key_mismatch"


def check_header(path: Path) -> bool:
    """Bounded sanity check of a database file: magic, page size, no truncation.

    Reads 100 bytes and the file size - constant cost whatever the size of the database.
    Returns ``True`` when the file is shorter than its header declares, or not a whole
    number of pages, while a WAL with frames lies beside it: that is not damage but a
    checkpoint cut short by a crash or a power cut (it writes page 1, with the grown size,
    before the pages that grow the file, a power cut may keep part of a page it was
    writing, and the WAL keeps every page until a checkpoint completes). The caller must
    judge that state once the database is open (``_finish_cut_short_checkpoint``).
    """
    read = read_file(path, path, 100)  # never closing a descriptor SQLite's locks need
    if read is None or read[1] == 0:
        return False
    header, size = read
    problem, cut_short = "", False  # cut_short: what a checkpoint stopped half-way leaves
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        problem = "not a SQLite database"
    else:
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        change_counter = header[24:28]
        declared_pages = int.from_bytes(header[28:32], "big")
        if page_size < 512 or page_size & (page_size - 1):
            problem = f"invalid page size {page_size}"
        elif size % page_size:
            problem, cut_short = (
                f"size {size} is not a whole number of {page_size}-byte pages",
                True,
            )
        elif change_counter == header[92:96] and declared_pages * page_size > size:
            problem = f"truncated: {declared_pages} pages declared, {size // page_size} present"
            cut_short = True
    if cut_short and _wal_has_frames(path):
        return True
    if problem:
        raise _damaged(path, problem)
    return False


def _wal_has_frames(path: Path) -> bool:
    wal = wal_path(path)
    # A WAL is a 32-byte header followed by frames.
    return wal.is_file() and wal.stat().st_size > WAL_HEADER_BYTES


def _damaged(path: Path, problem: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"数据库文件 {path} 已损坏（{problem}）。请用 counter-app restore 从备份恢复。",
        f"The database file {path} is damaged ({problem}). Restore it from a backup with "
        "counter-app restore.",
    )


def _finish_cut_short_checkpoint(conn: sqlite3.Connection, path: Path) -> None:
    """Judge a database file a checkpoint may have left cut short (``check_header``).

    A checkpoint writes only pages the WAL holds, and the WAL keeps them until it
    completes. So when every page the file lacks or holds in part (from its last whole page
    to the last page of the last commit) is in the WAL, the file is what that checkpoint
    left: SQLite reads those pages from the WAL, and checkpointing again finishes the copy.
    The cost is the WAL's, not the store's: ``quick_check`` on a store of a million cases
    read 3.9 GB before the window could open. Any other short file is judged by
    ``quick_check``."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("BEGIN")  # a read snapshot: the WAL cannot start afresh meanwhile
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        in_wal = pages_in_wal(path)
    finally:
        conn.execute("COMMIT")
    lacking = range(path.stat().st_size // page_size + 1, pages + 1)
    if in_wal is not None and in_wal.issuperset(lacking):
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        log.warning(
            "%s: a checkpoint cut short by a crash; the pages it left to copy (%d) were all in"
            " the WAL, checkpointed again",
            path,
            len(lacking),
        )
        return
    log.warning("%s: pages missing from the file and from its WAL; quick_check decides", path)
    verdict = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if verdict != ["ok"]:
        raise _damaged(path, "; ".join(verdict[:INTEGRITY_MESSAGES_SHOWN]))


def applied_migrations(db: Database) -> list[str]:
    """The migrations applied, in order: one look at the schema and one read of the
    migrations table (``db[table].exists()`` would list every table and view first)."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if exists is None:
        return []
    return [
        row[0]
        for row in db.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",  # noqa: S608
            (MIGRATIONS.name,),
        )
    ]


def known_migrations() -> list[str]:
    return [migration.name for migration in MIGRATIONS._migrations]


def pending_migrations(applied: list[str]) -> list[str]:
    """The known migrations not in ``applied``, in the order they run."""
    done = set(applied)
    return [name for name in known_migrations() if name not in done]


def refuse_newer_schema(applied: list[str], path: Path, backups_dir: Path | None = None) -> None:
    """Refuse a database that a newer version of the program has migrated (``applied``: its
    ``applied_migrations``). ``backups_dir``: the home's, whose newest safety copy this
    program can open (``pre-migrate-<time>-<last migration>.db``, written by the upgrade
    before it migrated) the refusal names as the way back."""
    known = set(known_migrations())
    unknown = [name for name in applied if name not in known]
    if not unknown:
        return
    copy = None if backups_dir is None else _openable_safety_copy(backups_dir, known)
    back_zh = back_en = ""
    if copy is not None:
        back_zh = (
            f"必须退回本版本时：用本版本运行 counter-app restore {copy}（升级前的副本；升级后"
            "受理的办件须先由新版本同步上传，否则随新数据库一起被替换）。"
        )
        back_en = (
            f" To go back to this version: run this version's counter-app restore {copy} (the "
            "copy made before the upgrade; sync the cases taken since with the newer version "
            "first, or they are replaced with the newer database)."
        )
    raise SchemaTooNew(
        f"数据库 {path} 由更新版本的程序创建（未知的结构版本：{', '.join(unknown)}）。"
        f"请安装新版本的 counter-app，不要用旧版本打开。{back_zh}",
        f"The database {path} was written by a newer counter-app (unknown schema versions: "
        f"{', '.join(unknown)}). Install the newer version; do not open it with this one."
        f"{back_en}",
    )


def _openable_safety_copy(backups_dir: Path, known: set[str]) -> Path | None:
    """The newest upgrade safety copy whose last migration this program knows, or None."""
    copies = sorted(backups_dir.glob(f"{UPGRADE_PREFIX}*.db"), reverse=True)
    for copy in copies:  # the name's UTC second sorts them; the migration follows it
        last = copy.stem[len(UPGRADE_PREFIX) :].partition("-")[2]
        if last in known:
            return copy
    return None


def connect(path: Path, busy_timeout_ms: int) -> Database:
    """A connection with the store's settings: WAL, synchronous=FULL, foreign keys, busy timeout,
    no automatic checkpoints (see the module doc).

    ``isolation_level=None``: the driver opens no implicit transactions; transactions are
    explicit (``Store.transaction``), everything else autocommits.
    """
    cut_short = check_header(path)
    refuse_opening_beside_lost_wal(path)
    create_owner_only(path)  # owner-only from the first byte
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(
            path, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        apply_pragma(conn, "journal_mode = WAL", busy_timeout_ms / 1000)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        # SQLite's default page cache (2 MB) holds fewer pages than the interior pages of
        # the indexes an accept descends on a store of a million cases: each accept then
        # read them again from the file. 64 MB keeps them; pages are only held once used.
        conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Parsing the schema touches only sqlite_master: proves the file is readable.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if cut_short:
            _finish_cut_short_checkpoint(conn, path)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if not isinstance(exc, sqlite3.DatabaseError):
            raise
        if is_busy(exc):
            raise held_by_another_program(path, busy_timeout_ms, exc) from None
        failure = disk_failure(exc, path)
        if failure is not None:
            raise failure from None
        raise DatabaseDamaged(
            f"无法打开数据库 {path}（{exc}）。请用 counter-app restore 从备份恢复。",
            f"Cannot open the database {path} ({exc}). Restore it from a backup with counter-app restore.",
        ) from None
    return StoreDatabase(conn, execute_plugins=False)


def damage_refusal(exc: BaseException, path: Path | None = None) -> DatabaseDamaged | None:
    """:class:`DatabaseDamaged` for SQLite's word that the file ``path`` (the home's
    database when not given) is damaged (``SQLITE_CORRUPT``, ``SQLITE_NOTADB``), met on any
    page a statement reads; None for any other error. A damaged page is found when it is
    read, whenever that is: the opening reads the header and the schema only."""
    if primary_code(exc) not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return None
    where_zh, where_en = (
        ("本机数据库", "This PC's database")
        if path is None
        else (f"数据库 {path} ", f"The database {path}")
    )
    return DatabaseDamaged(
        f"{where_zh}已损坏（{exc}），刚才的操作没有完成。请关闭本程序，由信息技术人员用 "
        "counter-app restore 从备份恢复（counter-app doctor 说明先做什么）。",
        f"{where_en} is damaged ({exc}); what was just done did not complete. Close the "
        "program; IT restores it from a backup with counter-app restore (counter-app doctor "
        "says what to do first).",
    )


def _store_refusal(exc: BaseException, path: Path) -> StoreError | None:
    """The words for a store operation SQLite refused: the disk (``disk_failure``) or a
    damaged file; None for any other error (a fault of the program, raised as it came)."""
    return disk_failure(exc, path) or damage_refusal(exc, path)


def _refuse_if_held_elsewhere(
    exc: sqlite3.OperationalError, conn: sqlite3.Connection, path: Path
) -> None:
    """Raise :class:`StoreBusy` when ``exc``, from ``BEGIN IMMEDIATE`` on ``conn``, says
    another program (a purge, an upgrade, a sqlite3 shell) held the write lock past the busy
    timeout: nothing was written, the transaction never began. Any other error is the
    caller's to raise."""
    if is_busy(exc):
        waited_ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        raise held_by_another_program(path, waited_ms, exc) from None


class Store:
    """The open local store: ``db`` (sqlite-utils), ``pii`` (encryption and blind indexes),
    ``audit`` (the hash-chained log), ``transaction()`` and ``reading()``: the window's two
    workers share it, and whatever the platform worker reads or writes goes through the
    lock these take, released before each of its calls to the platform."""

    def __init__(
        self, home: Home, config: Config, db: Database, pii: PiiCipher, role: Role
    ) -> None:
        self.home = home
        self.config = config
        self.db = db
        self.pii = pii
        self.role = role
        self.audit = AuditLog(
            self, config.hall.hall_code, config.hall.window_code, audit_chain_key(pii.key)
        )
        self._lock = threading.RLock()
        self._savepoints = 0
        self._closed = False
        # ``connect`` has read the database: the WAL this connection writes to is open.
        self.wal_guard = WalFileGuard(home.db_path)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` if the block raises.

        Nestable: an inner block becomes a savepoint, rolled back on its own if it raises;
        nothing is durable until the outermost block commits. The write lock is taken at
        the start, so a transaction never fails half-way on a lock upgrade. A disk that
        fills up or fails during it is raised as ``DiskFull`` or ``DiskFailed``
        (``sqlite_failures``), in words the clerk can act on; a write lock another program
        holds past the busy timeout as ``StoreBusy`` (nothing was written).
        """
        with self._lock:
            conn = self.db.conn
            if conn.in_transaction:
                self._savepoints += 1
                name = f"nested_{self._savepoints}"
                conn.execute(f"SAVEPOINT {name}")
                try:
                    yield self.db
                except BaseException:
                    if conn.in_transaction:
                        conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                        conn.execute(f"RELEASE SAVEPOINT {name}")
                    raise
                else:
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                finally:
                    self._savepoints -= 1
                return
            try:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    _refuse_if_held_elsewhere(exc, conn, self.home.db_path)
                    raise
                self.wal_guard.check()
                yield self.db
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                failure = _store_refusal(exc, self.home.db_path)
                if failure is not None:
                    raise failure from exc
                raise

    @contextmanager
    def reading(self) -> Iterator[Database]:
        """Hold the store's lock for reads on a connection two threads share (the window's
        store worker holds it through each job, its platform worker for its reads): no
        transaction of the other thread is open on it meanwhile, so they see committed rows
        only and no statement of the other thread runs between theirs. Never held across a
        call to the platform, which would hold up every accept for as long as the platform
        takes. Nests in a transaction."""
        with self._lock:
            try:
                yield self.db
            except sqlite3.DatabaseError as exc:
                damage = damage_refusal(exc, self.home.db_path)
                if damage is None:
                    raise
                raise damage from exc

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def delete_meta(self, *keys: str) -> None:
        with self.transaction() as db:
            db.execute(f"DELETE FROM meta WHERE key IN ({','.join('?' * len(keys))})", keys)  # noqa: S608

    def checkpoint(self, *, min_frames: int = 0, wal_limit_bytes: int = WAL_LIMIT_BYTES) -> None:
        """Copy the WAL into the database file, when nobody waits for the store.

        Passive: it never blocks a writer (an accept in the window goes on meanwhile) and
        copies what no reader still needs. Nothing is done while the WAL holds fewer than
        ``min_frames`` frames not yet copied (``IDLE_CHECKPOINT_FRAMES`` between cases). A
        WAL grown past ``wal_limit_bytes`` is then checkpointed with TRUNCATE, which waits
        (at most the busy timeout) for readers and writers and empties the file. Durability
        does not depend on it: a committed transaction is already synced in the WAL.
        """
        wal = wal_path(self.home.db_path)
        # A passive checkpoint copies pages but leaves the file's size as it is.
        oversized = wal.is_file() and wal.stat().st_size > wal_limit_bytes
        if min_frames > 0 and not oversized:
            pending = wal_frames_pending(self.home.db_path)
            if pending is not None and pending < min_frames:
                return
        with self._lock:
            # A checkpoint from a WAL no longer at its path would write its pages over those
            # of the WAL that is (``wal_file_guard``).
            self.wal_guard.check()
            conn = self.db.conn
            busy, in_wal, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if busy or copied < in_wal:
                log.info("checkpoint: %d of %d WAL pages copied (readers active)", copied, in_wal)
            if oversized:
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if busy:
                    log.info("checkpoint: the WAL could not be truncated yet (store busy)")

    def schema_versions(self) -> list[str]:
        return applied_migrations(self.db)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self.wal_guard.release()
            self.db.close()
            store_closing(self.home.db_path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()


def _migrate(store: Store) -> None:
    """Apply pending migrations, after a safety backup when the database already has data
    (the older ones beyond the kept few removed first: ``safety_copies``). Data is never
    migrated while another process's counter window has the home open (``open_window``).

    All pending migrations run in one transaction (so a migration must not VACUUM). The
    audit chain's key is introduced in that same transaction: only the migration may link
    unkeyed entries into the keyed chain, never a later open (see ``AuditLog``).

    Foreign keys are off meanwhile, so a migration may rebuild a table other tables refer
    to (SQLite's 12-step procedure: with them on, dropping a table that rows of another
    refer to fails); they are checked before COMMIT instead.
    """
    db, home = store.db, store.home
    already = applied_migrations(db)
    refuse_newer_schema(already, home.db_path, home.backups_dir)
    if not pending_migrations(already):
        return
    if already:
        refuse_upgrade_under_open_window(home)
        # An unfinished safety copy, as large as the store, that a crash or a power cut left
        # in an earlier upgrade: its name has that upgrade's moment, so copy_database's own
        # sweep never meets it. Only an upgrade writes these, under the open lock held here.
        remove_unfinished_copies(home.backups_dir, f"{UPGRADE_PREFIX}*")
        make_safety_copy(
            db.conn,
            safety_copy_path(home.backups_dir, "upgrade", already[-1]),
            store.config.store,
            "upgrade",
            utc_now(),
        )
    # Only outside a transaction does this pragma take effect.
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        _apply_migrations(store)
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


def _apply_migrations(store: Store) -> None:
    db, home = store.db, store.home
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        _refuse_if_held_elsewhere(exc, db.conn, home.db_path)
        raise
    try:
        store.wal_guard.check()
        # Re-read under the write lock: another process may have migrated meanwhile.
        applied = applied_migrations(db)
        refuse_newer_schema(applied, home.db_path, home.backups_dir)
        pending = set(pending_migrations(applied))
        MIGRATIONS.apply(db)
        if KEYED_CHAIN_MIGRATION in pending:
            _refuse_other_key(store)
            store.audit.seal_legacy_entries()
        if NAME_INDEX_MIGRATION in pending:
            _refuse_other_key(store)  # an index under another key would find nobody
            index_applicant_names(db, store.pii)
        if PHONE_FORM_MIGRATION in pending:
            _refuse_other_key(store)  # phones sealed under another key do not open
            canonicalise_stored_phones(db, store.pii)
        if NAME_REFOLD_MIGRATION in pending:
            _refuse_other_key(store)  # an index under another key would find nobody
            refold_name_indexes(db, store.pii)
        if ORGANISATION_CODES_MIGRATION in pending:
            _refuse_other_key(store)  # numbers sealed under another key do not open
            show_organisation_codes(db, store.pii)
        _refuse_broken_references(db.conn, home.db_path)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def _refuse_broken_references(conn: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`StoreError` when a migrated row points at a row that is not there."""
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        found = "; ".join(
            f"{table} rowid {rowid} -> {parent}"
            for table, rowid, parent, _ in broken[:INTEGRITY_MESSAGES_SHOWN]
        )
        raise StoreError(
            f"升级数据库 {path} 时发现引用了不存在记录的数据（{found}），数据库未作改动。"
            "请联系信息技术人员。",
            f"Upgrading the database {path} found rows that refer to missing rows ({found}); "
            "the database was left unchanged. Call IT.",
        )


def _refuse_other_key(store: Store) -> None:
    """Raise :class:`KeyMismatch` when the database was pinned to another key file."""
    key_id = store.pii.key.key_id_hex
    stored_key = store.meta("pii_key_id")
    if stored_key is not None and stored_key != key_id:
        raise KeyMismatch(
            f"数据库由密钥 {stored_key} 加密，但本机密钥文件 {store.home.key_path} 是 {key_id}。"
            "请恢复与该数据库配套的密钥文件（counter-app restore SRC --key KEYFILE）。",
            f"The database was encrypted with key {stored_key}, but the key file "
            f"{store.home.key_path} holds key {key_id}. Restore the key file that belongs to this "
            "database (counter-app restore SRC --key KEYFILE).",
        )


def _pin_installation(store: Store) -> None:
    """Record (first open) or check (later) the key id and blind-index algorithm in ``meta``.

    A database must only ever be read with the key that encrypted it, and looked up with
    the blind-index algorithm that built its indexes.
    """
    key_id = store.pii.key.key_id_hex
    algorithm = store.config.store.blind_index
    with store.transaction():
        stored_key = store.meta("pii_key_id")
        stored_algorithm = store.meta("blind_index")
        if stored_key is None:
            store.set_meta("pii_key_id", key_id)
            store.set_meta("created_at", now_text())
        if stored_algorithm is None:
            store.set_meta("blind_index", algorithm)
    _refuse_other_key(store)
    if stored_algorithm is not None and stored_algorithm != algorithm:
        raise ConfigError(
            f"配置项 store.blind_index 为 {algorithm}，但本数据库的检索索引按 {stored_algorithm} 建立，"
            f"建成后不能更改。请把配置改回 {stored_algorithm}。",
            f"store.blind_index is {algorithm}, but this database's lookup indexes were built with "
            f"{stored_algorithm} and cannot change. Set it back to {stored_algorithm}.",
            field="store.blind_index",
        )


def installation_key(home: Home) -> PiiKey:
    """The home's PII key. Made only for a home whose database no key has opened yet (a
    first start, a new training hall, a home enrolled afresh); a database pinned to a key
    whose file is gone raises :class:`KeyFileMissing`: a new key would read none of its
    personal data, and the key-mismatch refusal that followed would hide that the key was
    lost."""
    if key_file_lost(home):
        raise KeyFileMissing(home.key_path)
    return load_or_create_key(home.key_path)


def key_file_lost(home: Home) -> bool:
    """Whether the home's key file is missing while its database was opened with a key
    (``meta.pii_key_id``, see :func:`_pin_installation`); a database that cannot be read to
    tell counts as opened with one. The database is read only when the key file is
    missing: never on an ordinary start."""
    if home.key_path.exists() or not home.db_path.exists():
        return False
    pinned = read_directly(home.db_path, OPEN_BUSY_TIMEOUT_MS, _has_pinned_key)
    # Asked again: a first start beside this one may have made both files meanwhile.
    return (pinned is None or pinned) and not home.key_path.exists()


def _has_pinned_key(conn: sqlite3.Connection) -> bool:
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    return bool(has_meta and conn.execute("SELECT 1 FROM meta WHERE key = 'pii_key_id'").fetchone())


def open_store(home: Home, config: Config, role: Role = "main") -> Store:
    """Open (creating and migrating when needed) the store under ``home``.

    ``role="main"``: the process's one writer connection; creates the home, the key file
    (a fresh home only: :func:`installation_key`) and the database, migrates.
    ``role="sync"``: a second connection for a background thread, on a store the main role
    has already opened; never migrates.
    """
    home.ensure()
    key = installation_key(home)
    pii = PiiCipher(key, config.store.cipher, config.store.blind_index)
    if role != "main":
        return _open(home, config, pii, role)
    # Writers open one after the other: a migration on a slow disk outlasts the busy timeout
    # another opener would otherwise wait in (GUI and `counter-app sync` started together).
    opening = FileLock(home.open_lock_path)
    if not opening.acquire():
        _say_waiting_to_open(home, config.ui.lang)
        if not opening.acquire(timeout=OPEN_WAIT_SECONDS):
            raise StoreError(
                f"另一个程序正在打开或升级数据库 {home.db_path}，已等待 {OPEN_WAIT_SECONDS} 秒："
                "请稍后再试；若一直如此，请联系信息技术人员。",
                f"Another program is opening or upgrading the database {home.db_path} and has for "
                f"{OPEN_WAIT_SECONDS} s: try again later; if it persists, call IT.",
            )
    try:
        return _open(home, config, pii, role)
    finally:
        opening.release()


def _say_waiting_to_open(home: Home, lang: str) -> None:
    """One notice on stderr, as a command says every one (Chinese, then English; English
    alone in English), that this program waits for another to open or upgrade the store:
    the wait may last minutes, and a hall script or IT would otherwise take it for a hang."""
    log.info("waiting for another program opening %s (%s)", home.db_path, home.open_lock_path)
    if lang != "en":
        print(
            f"另一个程序正在打开或升级数据库 {home.db_path}，等它完成（最多 {OPEN_WAIT_SECONDS} 秒）……",
            file=sys.stderr,
            flush=True,
        )
    print(
        f"Another program is opening or upgrading the database {home.db_path}; waiting for it "
        f"(at most {OPEN_WAIT_SECONDS} s)...",
        file=sys.stderr,
        flush=True,
    )


def _open(home: Home, config: Config, pii: PiiCipher, role: Role) -> Store:
    # From here this process's own reads of the file keep SQLite's locks (``held_files``).
    store_opened(home.db_path)
    try:
        db = connect(home.db_path, max(config.store.busy_timeout_ms, OPEN_BUSY_TIMEOUT_MS))
    except BaseException:
        store_closing(home.db_path)
        raise
    store: Store | None = None
    try:
        store = Store(home, config, db, pii, role)
        if role == "main":
            _migrate(store)
            # The recent items' rows catch up with the cases written since the last opening
            # (a day's at a counter started each morning; every case once after m0030).
            with store.transaction() as opened:
                fold_clerk_items(opened.conn)
        else:
            applied = applied_migrations(db)
            refuse_newer_schema(applied, home.db_path, home.backups_dir)
            if pending_migrations(applied):
                raise StoreError(
                    "数据库尚未升级到当前结构版本，请先启动主程序。",
                    "The database is not at the current schema version yet; start the main program first.",
                )
        _pin_installation(store)
        db.execute(f"PRAGMA busy_timeout = {int(config.store.busy_timeout_ms)}")
    except BaseException as exc:
        if store is None:
            store_closing(home.db_path)
            db.close()
        else:
            store.close()
        # A damaged page the migrations or the fold read, past the header and schema that
        # ``connect`` checked: said as damage, so that every command and the window send IT
        # to restore (which opens the store first to prove who restores).
        refusal = _store_refusal(exc, home.db_path)
        if refusal is not None:
            raise refusal from exc
        raise
    return store
