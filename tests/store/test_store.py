"""The store: durability settings, migrations, refusals, bounded start-up, transactions."""

from __future__ import annotations

import ast
import contextlib
import linecache
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from counter_app.config import Config, load_config
from counter_app.errors import ConfigError, StoreError
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store import database
from counter_app.store.arrivals import arrivals_on, forget_arrivals, store_arrival
from counter_app.store.database import (
    DatabaseDamaged,
    KeyMismatch,
    SchemaTooNew,
    Store,
    check_header,
    known_migrations,
    open_store,
)
from counter_app.store.hall_notices import forget_hall_notices, hall_notices, store_notice
from counter_app.store.migrations.registry import MIGRATIONS
from counter_app.store.pii import PiiKey, write_key
from counter_app.store.window_tickets import WindowTicket, current_ticket, remember_ticket
from tests.sample_items import APPOINTMENT
from tests.store.observed_lock import ObservedLock
from tests.waiting import wait_until


def test_pragmas_in_effect(store: Store) -> None:
    pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("wal_autocheckpoint") == 0  # checkpoints run at idle: Store.checkpoint
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 5000


def test_no_index_is_the_prefix_of_another(store: Store) -> None:
    """An index whose columns begin another index's answers nothing the longer one does
    not, and every write still updates it: accepting a case updated three such indexes."""
    conn = store.db.conn
    by_table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for table, index, partial in conn.execute(
        "SELECT tbl_name, name, sql LIKE '% WHERE %' FROM sqlite_master WHERE type = 'index'"
    ):
        if partial:
            continue  # covers only some rows: not interchangeable with a full index
        columns = tuple(row[2] for row in conn.execute(f"PRAGMA index_info('{index}')"))
        by_table.setdefault(table, []).append((index, columns))
    redundant = [
        (short, long)
        for indexes in by_table.values()
        for short, short_columns in indexes
        for long, long_columns in indexes
        if short != long
        and len(short_columns) < len(long_columns)
        and long_columns[: len(short_columns)] == short_columns
        and not short.startswith("sqlite_autoindex_")  # a UNIQUE or PRIMARY KEY constraint
    ]
    assert redundant == []


# Every store records the name of each migration it ran: a released migration keeps its
# name and its place for good (renamed, it would be refused as a newer program's; moved,
# a store would run it in another order than a fresh one).
RELEASED_MIGRATIONS = (
    "m0001_foundation",
    "m0002_domain_intake",
    "m0003_domain_case_list_indexes",
    "m0004_sync_outbox_due",
    "m0005_audit_chain_keyed",
    "m0006_identity_source",
    "m0007_document_serial_sequence",
    "m0008_drop_prefix_indexes",
    "m0009_redirect_to",
    "m0010_name_index",
    "m0011_i12fees_case_payments",
    "m0012_i13queue_hall_queue",
    "m0013_i12delivery_case_deliveries",
    "m0014_i13eod_day_sign_offs",
    "m0015_i11accept_outbox_references_version",
    "m0016_i13rating_ratings_and_followups",
    "m0017_i13notices_notice_reads",
    "m0018_i13stats_service_times",
    "m0019_i15staff_users_from_platform",
    "m0020_i13approvals_approval_requests",
    "m0021_i14preapp_arrivals",
    "m0022_i14track_online_ratings",
    "m0023_i13misc_hall_queue_fees",
    "m0024_i14elicence_elicence_checks",
    "m0025_i13problems_instructions",
    "m0026_i14tickets_window_tickets",
    "m0027_i15lock_lockouts",
    "m0028_i14elic_elicence_documents",
    "m0029_applicantfold_applicant_in_case_row",
    "m0030_dayscan_clerk_items",
    "m0031_notice_publisher",
)


def test_released_migrations_keep_their_names_and_order() -> None:
    assert tuple(known_migrations()[: len(RELEASED_MIGRATIONS)]) == RELEASED_MIGRATIONS


def test_migrations_are_idempotent(home: Home, config: Config) -> None:
    for _ in range(3):
        with open_store(home, config) as opened:
            assert opened.schema_versions() == known_migrations()
    assert list(home.backups_dir.iterdir()) == []  # nothing pending, so no pre-migration backup


def test_refuses_a_database_from_a_newer_program(home: Home, config: Config) -> None:
    open_store(home, config).close()
    with sqlite3.connect(home.db_path) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('counter_app', 'm9999_from_the_future', 'x')"
        )
    with pytest.raises(SchemaTooNew) as caught:
        open_store(home, config)
    assert "m9999_from_the_future" in caught.value.en and "newer" in caught.value.en


def test_the_refusal_names_the_safety_copy_this_program_can_restore(
    home: Home, config: Config
) -> None:
    """A newer program migrated the store after its safety copy; this (older) program is
    refused, and told the copy its own ``restore`` takes back: the newest one whose last
    migration it knows, never the newer program's own copy."""
    open_store(home, config).close()
    last = known_migrations()[-1]
    ours = home.backups_dir / f"pre-migrate-20261201T080000-{last}.db"
    older = home.backups_dir / f"pre-migrate-20261101T080000-{last}.db"
    newer = home.backups_dir / "pre-migrate-20261205T080000-m9999_from_the_future.db"
    for copy in (ours, older, newer):
        copy.write_bytes(b"")
    with sqlite3.connect(home.db_path) as raw:
        raw.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('counter_app', 'm9999_from_the_future', 'x')"
        )
    with pytest.raises(SchemaTooNew) as caught:
        open_store(home, config)
    assert f"counter-app restore {ours}" in caught.value.zh
    assert f"counter-app restore {ours}" in caught.value.en


def test_backs_up_before_migrating_an_existing_database(home: Home, config: Config) -> None:
    names = known_migrations()
    assert len(names) >= 2, "needs at least two migrations to have one pending"
    home.ensure()
    old = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(old, stop_before=names[-1])
    old.execute("INSERT INTO meta (key, value) VALUES ('marker', 'before-migration')")
    old.close()
    # What a power cut during an earlier upgrade's safety copy left: the same size as the
    # store, never to be finished. Another program's unfinished copy is not ours to remove.
    unfinished = home.backups_dir / f".pre-migrate-20260101T0800Z-{names[-2]}.db.0a1b.partial"
    unfinished.write_bytes(b"\0" * 4096)
    unfinished.with_name(unfinished.name + "-journal").write_bytes(b"\0")
    foreign = home.backups_dir / ".hall-copy.db.0a1b.partial"
    foreign.write_bytes(b"\0")

    open_store(home, config).close()

    backups = list(home.backups_dir.glob("pre-migrate-*.db"))
    assert len(backups) == 1 and names[-2] in backups[0].name
    assert sorted(path.name for path in home.backups_dir.glob(".*")) == [foreign.name]
    with sqlite3.connect(backups[0]) as copy:
        applied = [row[0] for row in copy.execute("SELECT name FROM _sqlite_migrations")]
        marker = copy.execute("SELECT value FROM meta WHERE key = 'marker'").fetchone()
    assert applied == names[:-1] and marker == ("before-migration",)


def _vm_steps_to_open(home: Home, config: Config, monkeypatch: pytest.MonkeyPatch) -> int:
    """SQLite virtual-machine instructions executed while opening the store."""
    steps = [0]
    real_connect = sqlite3.connect

    def counting_connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)

        def tick() -> int:
            steps[0] += 1
            return 0

        conn.set_progress_handler(tick, 1)
        return conn

    monkeypatch.setattr(database.sqlite3, "connect", counting_connect)
    try:
        open_store(home, config).close()
    finally:
        monkeypatch.setattr(database.sqlite3, "connect", real_connect)
    return steps[0]


def test_opening_does_not_grow_with_the_data(
    home: Home, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(home, config).close()
    small = _vm_steps_to_open(home, config, monkeypatch)
    with sqlite3.connect(home.db_path) as raw:
        raw.executemany(
            "INSERT INTO hall_notices (notice_id, published_at, title, body) VALUES (?, '2026-01-01', 't', ?)",
            ((f"n{i}", "x" * 200) for i in range(30_000)),
        )
    large = _vm_steps_to_open(home, config, monkeypatch)
    assert home.db_path.stat().st_size > 5_000_000
    # A scan of the 30,000 rows would cost hundreds of thousands of instructions.
    assert large <= small + 50, (small, large)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"this is not a database at all" * 200),
        lambda path: path.write_bytes(path.read_bytes()[: 4096 * 3]),
        lambda path: path.write_bytes(path.read_bytes()[:-100]),
    ],
    ids=["garbage", "truncated", "torn-page"],
)
def test_refuses_a_damaged_file_with_a_clear_message(home: Home, config: Config, damage) -> None:
    with open_store(home, config) as opened:
        opened.db.execute(
            "INSERT INTO hall_notices (notice_id, published_at, title, body) VALUES ('n', '2026-01-01', 't', ?)",
            ("x" * 50_000,),
        )
    damage(home.db_path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_store(home, config)
    assert "restore" in caught.value.en


def test_transaction_commits_rolls_back_and_nests(store: Store) -> None:
    with store.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('a', '1')")
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('b', '1')")
        raise RuntimeError
    with store.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('c', '1')")
        with pytest.raises(RuntimeError), store.transaction() as inner:
            inner.execute("INSERT INTO meta VALUES ('d', '1')")
            raise RuntimeError
        db.execute("INSERT INTO meta VALUES ('e', '1')")
    keys = {
        row[0]
        for row in store.db.execute("SELECT key FROM meta WHERE key IN ('a','b','c','d','e')")
    }
    assert keys == {"a", "c", "e"}


def test_a_sync_connection_reads_while_the_main_one_writes(
    home: Home, config: Config, store: Store
) -> None:
    sync = open_store(home, config, role="sync")
    try:
        with store.transaction() as db:
            db.execute("INSERT INTO meta VALUES ('pending', '1')")
            # WAL: the reader sees the last committed state, without waiting.
            assert sync.meta("pending") is None
        assert sync.meta("pending") == "1"
        done = threading.Event()

        def write_from_sync_thread() -> None:
            with sync.transaction() as db:
                db.execute("INSERT INTO meta VALUES ('from_sync', '1')")
            done.set()

        worker = threading.Thread(target=write_from_sync_thread)
        worker.start()
        worker.join(timeout=30)
        assert done.is_set() and store.meta("from_sync") == "1"
    finally:
        sync.close()


class _IntakeFailed(Exception):
    pass


@dataclass(frozen=True)
class _OtherWorkersWrite:
    """A write the platform worker makes on the connection it shares with the store worker:
    ``before`` what the store holds already, ``kept`` whether the store holds the write."""

    write: Callable[[Store], object]
    kept: Callable[[Store], bool]
    before: Callable[[Store], object] = lambda store: None


_PLATFORM_ACCOUNT = {"display_name": "王芳", "role": "clerk", "disabled": False}
_TICKET = WindowTicket("00000000-0000-4000-8000-0000000000a1", "A001", "called", False, None)
_NOTICE = ("00000000-0000-4000-8000-0000000000b1", "2026-12-01T01:00:00.000000Z", "停水", "")


def _add_platform_account(store: Store) -> None:
    Accounts(store).apply_platform_account("clerk02", **_PLATFORM_ACCOUNT, verifier="v1")


def _platform_accounts(store: Store) -> int:
    return int(
        store.db.execute("SELECT count(*) FROM users WHERE source = 'platform'").fetchone()[0]
    )


OTHER_WORKERS_WRITES = {
    "remember_ticket": _OtherWorkersWrite(
        write=lambda store: remember_ticket(store, _TICKET),
        kept=lambda store: current_ticket(store) == _TICKET,
    ),
    "store_notice": _OtherWorkersWrite(
        write=lambda store: store_notice(store, *_NOTICE),
        kept=lambda store: len(hall_notices(store, "clerk01")) == 1,
    ),
    "forget_hall_notices": _OtherWorkersWrite(
        before=lambda store: store_notice(store, *_NOTICE),
        write=forget_hall_notices,
        kept=lambda store: hall_notices(store, "clerk01") == [],
    ),
    "store_arrival": _OtherWorkersWrite(
        write=lambda store: store_arrival(store, APPOINTMENT),
        kept=lambda store: arrivals_on(store, APPOINTMENT.first_day) == [APPOINTMENT],
    ),
    "forget_arrivals": _OtherWorkersWrite(
        before=lambda store: store_arrival(store, APPOINTMENT),
        write=forget_arrivals,
        kept=lambda store: arrivals_on(store, APPOINTMENT.first_day) == [],
    ),
    "apply_platform_account": _OtherWorkersWrite(
        write=_add_platform_account, kept=lambda store: _platform_accounts(store) == 1
    ),
    "forget_platform_accounts": _OtherWorkersWrite(
        before=_add_platform_account,
        write=lambda store: Accounts(store).forget_platform_accounts(),
        kept=lambda store: _platform_accounts(store) == 0,
    ),
}


@pytest.mark.parametrize("name", OTHER_WORKERS_WRITES)
def test_a_write_from_the_other_worker_waits_for_a_transaction_instead_of_joining_it(
    store: Store, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The store worker's intake and the platform worker share one connection. A write the
    platform worker makes while the intake's transaction is open waits for it to end: had
    it joined that transaction, the intake's rollback would have taken it away too."""
    operation = OTHER_WORKERS_WRITES[name]
    operation.before(store)
    settled = threading.Event()  # the write has finished, or waits for the store's lock
    monkeypatch.setattr(store, "_lock", ObservedLock(settled))
    errors: list[BaseException] = []

    def platform_worker() -> None:
        try:
            operation.write(store)
        except BaseException as exc:
            errors.append(exc)
        finally:
            settled.set()

    worker = threading.Thread(target=platform_worker)
    with pytest.raises(_IntakeFailed), store.transaction() as db:
        db.execute("INSERT INTO meta (key, value) VALUES ('intake', 'half-done')")
        worker.start()
        assert settled.wait(timeout=60), "the platform worker neither wrote nor waited"
        raise _IntakeFailed
    worker.join(timeout=60)
    assert not worker.is_alive() and errors == []
    assert store.meta("intake") is None
    assert operation.kept(store)


@pytest.mark.parametrize("intake_commits", [False, True], ids=["rolled-back", "committed"])
def test_a_read_from_the_other_worker_waits_for_a_transaction_instead_of_seeing_into_it(
    store: Store, monkeypatch: pytest.MonkeyPatch, intake_commits: bool
) -> None:
    """The platform worker reads through ``store.reading()`` on the connection where the
    store worker's intake has a transaction open: it waits for the transaction to end and
    reads what it left, never the row it wrote and then rolled back."""
    lock = ObservedLock()
    monkeypatch.setattr(store, "_lock", lock)
    seen: list[str | None] = []
    errors: list[BaseException] = []

    def platform_worker() -> None:
        try:
            with store.reading():
                seen.append(store.meta("intake"))
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=platform_worker)
    with contextlib.suppress(_IntakeFailed), store.transaction() as db:
        db.execute("INSERT INTO meta (key, value) VALUES ('intake', 'done')")
        worker.start()
        assert lock.waiting.wait(timeout=60), "the platform worker read past the store's lock"
        assert seen == []
        if not intake_commits:
            raise _IntakeFailed
    worker.join(timeout=60)
    assert not worker.is_alive() and errors == []
    assert seen == (["done"] if intake_commits else [None])


_WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_TABLE_WRITES = {"insert", "insert_all", "upsert", "upsert_all", "update", "delete", "delete_where"}
_SOURCES = ("counter_app", "sync", "printing", "ui")


def _sql_text(node: ast.expr, constants: dict[str, list[str]]) -> list[str]:
    """The statement texts ``node`` can be: a literal, an f-string's literal parts, the left
    end of a concatenation, or every text the module assigns to that name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))]
    if isinstance(node, ast.BinOp):
        return _sql_text(node.left, constants)
    if isinstance(node, ast.Name):
        return constants.get(node.id, [])
    return []


def _names_the_store_db(node: ast.expr) -> bool:
    """``store.db…``, ``self.store.db.conn…``, ``store.db["t"]…``: the connection itself,
    not the ``db`` a ``store.transaction()`` yields."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        if isinstance(node, ast.Attribute) and node.attr == "db":
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _writes_past_the_lock(path: Path, root: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    constants: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                constants.setdefault(target.id, []).extend(_sql_text(node.value, {}))
    offences = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if not _names_the_store_db(receiver):
            continue
        statement = method in {"execute", "executemany"} and any(
            text.lstrip().upper().startswith(_WRITE_STATEMENTS)
            for text in _sql_text(node.args[0], constants)
        )
        if statement or (method in _TABLE_WRITES and isinstance(receiver, ast.Subscript)):
            offences.append(f"{path.relative_to(root)}:{node.lineno}")
    return offences


def test_every_write_names_the_db_its_transaction_yields() -> None:
    """Two worker threads share the store's one connection. A write made through
    ``store.db`` outside ``store.transaction()`` takes no lock: it joins whatever
    transaction the other thread has open there (see the test above). A write therefore
    names the ``db`` that ``with store.transaction() as db`` yields (nesting makes it a
    savepoint), never ``store.db`` itself; this catches a write that forgets."""
    root = Path(__file__).parents[2]
    offences = [
        offence
        for package in _SOURCES
        for path in sorted((root / package).rglob("*.py"))
        for offence in _writes_past_the_lock(path, root)
    ]
    assert offences == []


def test_sync_role_never_migrates(home: Home, config: Config) -> None:
    with pytest.raises(StoreError, match="start the main program first"):
        open_store(home, config, role="sync")


def test_refuses_a_key_that_did_not_write_the_database(home: Home, config: Config) -> None:
    open_store(home, config).close()
    home.key_path.unlink()
    write_key(home.key_path, PiiKey(b"\x01\x02\x03\x04", b"k" * 32))
    with pytest.raises(KeyMismatch) as caught:
        open_store(home, config)
    assert "01020304" in caught.value.en


def test_blind_index_algorithm_is_pinned(home: Home, config: Config) -> None:
    open_store(home, config).close()
    changed = load_config(home, env={"COUNTER_APP__STORE__BLIND_INDEX": "hmac-sha256"})
    with pytest.raises(ConfigError, match=r"store\.blind_index"):
        open_store(home, changed)


def test_home_directories_are_owner_only(store: Store) -> None:
    for directory in (
        store.home.root,
        store.home.key_path.parent,
        store.home.backups_dir,
        store.home.device_dir,
    ):
        assert directory.stat().st_mode & 0o777 == 0o700


def test_fresh_home_is_created_on_first_open(tmp_path: Path) -> None:
    home = Home(tmp_path / "new" / "home")
    with open_store(home, load_config(home)) as opened:
        assert opened.schema_versions() == known_migrations()


def test_concurrent_first_opens_agree_on_one_key_and_one_schema(tmp_path: Path) -> None:
    """Two programs started at once on a fresh home (GUI and `counter-app sync`, say). The
    busy timeout is next to nothing: however long the first one's migration takes (a slow
    disk, a loaded machine), the others wait for it rather than fail."""
    home = Home(tmp_path / "raced")
    loaded = load_config(home)
    config = replace(loaded, store=replace(loaded.store, busy_timeout_ms=1))
    barrier = threading.Barrier(4)
    key_ids: list[str] = []
    errors: list[BaseException] = []

    def first_open() -> None:
        try:
            barrier.wait(timeout=30)
            with open_store(home, config) as opened:
                key_ids.append(opened.pii.key.key_id_hex)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=first_open) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(set(key_ids)) == 1 and len(key_ids) == 4
    with open_store(home, config) as opened:
        assert opened.schema_versions() == known_migrations()
        assert opened.meta("pii_key_id") == key_ids[0]


def test_an_open_waits_for_another_programs_write_however_short_the_busy_timeout(
    tmp_path: Path,
) -> None:
    """Another program holds a write (or the lock its last connection takes to checkpoint
    while closing) when this one opens: the open waits for it instead of calling the database
    damaged, and the store then works with the configured busy timeout."""
    home = Home(tmp_path / "shared")
    loaded = load_config(home)
    open_store(home, loaded).close()
    config = replace(loaded, store=replace(loaded.store, busy_timeout_ms=1))
    other = sqlite3.connect(home.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    opened: list[int] = []
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            with open_store(home, config) as store:
                opened.append(store.db.execute("PRAGMA busy_timeout").fetchone()[0])
        except BaseException as exc:
            errors.append(exc)

    opener = threading.Thread(target=open_it)
    opener.start()
    assert opener.ident is not None
    wait_until(
        lambda: errors or _taking_the_write_lock(opener.ident), "the opener at the write lock"
    )
    other.execute("COMMIT")
    other.close()
    opener.join(timeout=60)
    assert errors == [] and opened == [1]


def _taking_the_write_lock(thread_id: int) -> bool:
    """The thread is inside ``BEGIN IMMEDIATE`` (its frame stays on that line while SQLite
    waits for the lock)."""
    frame = sys._current_frames().get(thread_id)
    while frame is not None:
        if frame.f_code.co_name == "transaction":
            return "BEGIN IMMEDIATE" in linecache.getline(frame.f_code.co_filename, frame.f_lineno)
        frame = frame.f_back
    return False


NOTICE_ROWS = 20_000
SECTOR = 512  # what a disk writes whole
# A writer that keeps everything in the WAL, then checkpoints it when told to: the window's
# process at the moment a power cut or kill -9 stops a checkpoint half-way.
_CHECKPOINTER = """
import os, sqlite3, sys
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("PRAGMA wal_autocheckpoint = 0")
raw.execute("PRAGMA synchronous = FULL")
raw.execute("BEGIN")
raw.executemany(
    "INSERT INTO hall_notices (notice_id, published_at, title, body) VALUES (?, '2026-01-01', 't', ?)",
    ((f"n{i}", "x" * 200) for i in range(int(sys.argv[2]))),
)
raw.execute("COMMIT")
print("ready", flush=True)
sys.stdin.readline()
raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
os._exit(0)  # no close: closing would checkpoint again
"""


def _declared_beyond_file(path: Path) -> bool:
    header = path.read_bytes()[:100]
    page_size = int.from_bytes(header[16:18], "big")
    return int.from_bytes(header[28:32], "big") * page_size > path.stat().st_size


def _notices(home: Home, config: Config) -> int:
    with open_store(home, config) as opened:
        assert [row[0] for row in opened.db.execute("PRAGMA quick_check")] == ["ok"]
        return int(opened.db.execute("SELECT count(*) FROM hall_notices").fetchone()[0])


FINISHED_FROM_THE_WAL = "were all in the WAL, checkpointed again"


def _finished_from_the_wal(home: Home, config: Config, caplog: pytest.LogCaptureFixture) -> bool:
    """Opens the store as the window does: whether it found a checkpoint cut short and
    finished it from the WAL (no ``quick_check`` of the whole store), leaving the file whole."""
    with caplog.at_level("WARNING", logger=database.__name__):
        open_store(home, config).close()
    assert not check_header(home.db_path)
    return any(FINISHED_FROM_THE_WAL in record.getMessage() for record in caplog.records)


def _rows_in_the_wal(home: Home, config: Config) -> tuple[sqlite3.Connection, Path]:
    """A store whose ``NOTICE_ROWS`` new rows are all in its WAL, no checkpoint run yet: a
    connection to it that never checkpoints by itself, and the WAL's path."""
    open_store(home, config).close()
    raw = sqlite3.connect(home.db_path, isolation_level=None)
    raw.execute("PRAGMA wal_autocheckpoint = 0")
    raw.execute("BEGIN")
    raw.executemany(
        "INSERT INTO hall_notices (notice_id, published_at, title, body) VALUES (?, '2026-01-01', 't', ?)",
        ((f"n{i}", "x" * 200) for i in range(NOTICE_ROWS)),
    )
    raw.execute("COMMIT")
    return raw, home.db_path.with_name(home.db_path.name + "-wal")


def test_a_checkpoint_cut_short_after_its_first_page_is_healthy(
    home: Home, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    """The exact state a crash leaves after a checkpoint wrote page 1 (the header, declaring
    the grown size) and before the file grew: the WAL still holds every page."""
    raw, wal_path = _rows_in_the_wal(home, config)
    before_checkpoint, wal = home.db_path.read_bytes(), wal_path.read_bytes()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    first_page = home.db_path.read_bytes()[:page_size]
    raw.close()
    home.db_path.write_bytes(first_page + before_checkpoint[page_size:])
    wal_path.write_bytes(wal)
    assert _declared_beyond_file(home.db_path)

    assert _finished_from_the_wal(home, config, caplog)
    assert _notices(home, config) == NOTICE_ROWS


def test_a_checkpoint_whose_last_page_was_torn_by_a_power_cut_is_healthy(
    home: Home, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    """A power cut while a checkpoint grows the file: only the first sector of its last page
    reached the disk, so the file is not a whole number of pages. The WAL still holds every
    page. Before, the store was reported damaged ("restore from a backup"), which would have
    thrown away every case since that backup; ``test_power_cut.py`` cuts there for real."""
    raw, wal_path = _rows_in_the_wal(home, config)
    wal = wal_path.read_bytes()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    checkpointed = home.db_path.read_bytes()
    home.db_path.write_bytes(checkpointed[: len(checkpointed) - page_size + SECTOR])
    wal_path.write_bytes(wal)
    assert home.db_path.stat().st_size % page_size

    assert _finished_from_the_wal(home, config, caplog)
    assert _notices(home, config) == NOTICE_ROWS


def test_a_short_file_whose_wal_lacks_the_missing_pages_is_judged_by_sqlite(
    home: Home, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    """No checkpoint cuts off a page the WAL does not hold: a file that lacks its last page
    and a half (with a WAL of one commit elsewhere beside it) is damaged, and ``quick_check``
    says so."""
    raw, wal_path = _rows_in_the_wal(home, config)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.execute("INSERT INTO meta (key, value) VALUES ('touched', 'yes')")
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    checkpointed, wal = home.db_path.read_bytes(), wal_path.read_bytes()
    raw.close()  # the last connection checkpoints as it closes: put back what it left before
    home.db_path.write_bytes(checkpointed[: len(checkpointed) - 2 * page_size + SECTOR])
    wal_path.write_bytes(wal)

    with caplog.at_level("WARNING", logger=database.__name__), pytest.raises(DatabaseDamaged):
        open_store(home, config)
    assert "quick_check decides" in caplog.text


def test_a_checkpoint_killed_half_way_never_reads_as_damaged(
    home: Home, config: Config, tmp_path: Path
) -> None:
    """kill -9 while ``wal_checkpoint(TRUNCATE)`` copies a large WAL, as soon as the file
    starts to grow; whatever point each attempt stopped at, the store opens whole."""
    open_store(home, config).close()
    pristine = home.db_path.read_bytes()
    for attempt in range(4):
        for suffix in ("-wal", "-shm"):
            home.db_path.with_name(home.db_path.name + suffix).unlink(missing_ok=True)
        home.db_path.write_bytes(pristine)
        # The with block closes the child's pipes and reaps it, however the attempt ends.
        with subprocess.Popen(
            [sys.executable, "-c", _CHECKPOINTER, str(home.db_path), str(NOTICE_ROWS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as child:
            try:
                assert child.stdout is not None and child.stdin is not None
                assert child.stdout.readline().strip() == "ready"
                size_before = home.db_path.stat().st_size
                child.stdin.write("go\n")
                child.stdin.flush()
                deadline = time.monotonic() + 60
                # Spin on the event (the checkpoint has started writing pages past the old end).
                while home.db_path.stat().st_size <= size_before and child.poll() is None:
                    assert time.monotonic() < deadline, "the checkpoint never started"
            finally:
                child.kill()
        cut_short = _declared_beyond_file(home.db_path)
        assert _notices(home, config) == NOTICE_ROWS, f"attempt {attempt}, cut short: {cut_short}"
