"""Backup and restore of the local store.

A backup is one self-contained SQLite file made with the backup API. The PII key is not
in it: ``--with-key KEY_FILE`` writes the key (0600) to a path the operator names, never in
the backup's own directory, so the two are kept apart (e.g. the key in the hall's safe). On
a replacement PC, IT runs ``counter-app restore BACKUP --key KEY_FILE``: the key is
installed owner-only and the database restored. Restore verifies the file (full ``integrity_check``), refuses a newer
schema or a key that does not match, and keeps the current database as a safety copy (the
older ones beyond the kept few removed first: ``safety_copies``).

Restore holds the window's and the sync's locks (refusing while either runs), copies and
verifies the backup before anything changes, refuses while another program has the
database open or when a case waiting to upload would be lost (``restore_guards``), moves
the case-number sequence past every number already issued, replaces the database in place
through the backup API, and only then installs the backup's key; opening the restored store
then moves the document-serial sequence past every serial already issued. The audit entries
the backup lacks (written after it, or of another history) go into the restored database's
``audit_log_replaced`` in the same swap, and the restore's entry names them (``replaced_log``).

A backup is both files or neither: the database copy is written as an unfinished copy
(``.NAME.unfinished.partial``) and given its name only after its ``quick_check`` and its
key, so a copy that fails the check or a key that cannot be written leaves nothing, and a
backup killed at any point leaves only unfinished files, which the next backup to the same
name removes: a retry under the same names is never refused. The key is written as an
unfinished key (``.NAME.….unfinished-key``) and only then linked into place; one a killed
backup left, a secret, is removed by the next backup whose key goes to that folder.
docs/operations.md (section 5) gives the reasons.
"""

from __future__ import annotations

import glob
import logging
import os
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from counter_app.config import Config
from counter_app.domain.case_number import parse_case_number
from counter_app.durable_files import missing_folder, sync_directory
from counter_app.errors import StoreError
from counter_app.file_lock import FileLock, HomeBusy
from counter_app.home import Home
from counter_app.store.audit import GENESIS_HASH, KEYED_FROM_KEY, RESTORE_ACTION
from counter_app.store.database import (
    INTEGRITY_MESSAGES_SHOWN,
    DatabaseDamaged,
    KeyMismatch,
    Store,
    applied_migrations,
    check_header,
    connect,
    damage_refusal,
    key_file_lost,
    open_store,
    refuse_newer_schema,
)
from counter_app.store.document_serials import (
    archived_document_sequences,
    issued_document_sequences,
)
from counter_app.store.issued_case_numbers import issued_case_sequences
from counter_app.store.migrations.replaced_audit import create_replaced_table
from counter_app.store.pii import (
    KeyFileError,
    KeyFileMissing,
    PiiKey,
    load_key,
    load_or_create_key,
    write_key,
)
from counter_app.store.restore_guards import (
    ForeignNumbering,
    foreign_numbering,
    lost_by_restore,
    read_directly,
    refuse_losing,
    refuse_while_open_elsewhere,
    replaced_store,
)
from counter_app.store.safety_copies import make_safety_copy, safety_copy_path
from counter_app.store.sequences import (
    CASE_NUMBERS,
    DOCUMENT_SERIALS,
    advance,
    note_all_issued,
    note_issued,
)
from counter_app.store.snapshot import copy_database, remove_unfinished_copies
from counter_app.store.timestamps import file_stamp, now_text, utc_now

log = logging.getLogger(__name__)

# The copy of the backup being restored, under backups/ while the restore runs.
STAGING_PREFIX = "restoring-"
# In ``meta``: the id of the key the last ``backup --with-key`` wrote, and when (UTC text).
# Without a copy of the key every backup is unreadable once the key file is lost.
KEY_BACKED_UP = "pii_key_backed_up"
KEY_BACKED_UP_AT = "pii_key_backed_up_at"


@dataclass(frozen=True)
class BackupResult:
    database: Path
    key: Path | None
    size_bytes: int
    # On the disk the store is on: a failing disk takes both (made before an upgrade, it is
    # what it should be; as the hall's only copy, it is not one).
    same_disk: bool
    # When a backup last wrote this installation's key (this one, with ``key``): UTC text;
    # None while no backup ever did.
    key_backed_up_at: str | None


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None
    replaced_key: Path | None
    schema_versions: list[str]
    # Days whose case-number sequence was moved past numbers already issued: day -> last.
    case_sequences_advanced: dict[str, int]
    # Likewise for document serials (the SEQ of WS-…-YYYYMMDD-SEQ): day -> last.
    document_sequences_advanced: dict[str, int]
    # False when the replaced database could not be read for the numbers it had issued.
    previous_numbers_read: bool
    # Case numbers waiting to upload that the backup lacked, given up with
    # ``discard_unsynced`` (kept in the safety copy).
    discarded_unsynced: list[str]
    # The backup's cases carry numbers of a device this home's enrolment did not state.
    foreign_numbering: ForeignNumbering | None


def create_backup(
    store: Store, destination: Path, *, key_file: Path | None = None, actor: str = "admin"
) -> BackupResult:
    """Write a consistent copy of the store to ``destination`` (and its key to ``key_file``,
    if asked: never in the backup's directory, where one theft would take both).

    Refuses to overwrite either file, or to write into a folder that does not exist. The
    copy is written under an unfinished name, checked with ``quick_check``, and given its
    name only once its key is in place: a failure leaves neither file, a kill only unfinished
    ones the next backup to these names removes. The backup is recorded in the audit log.
    """
    destination = destination.expanduser().absolute()
    key_destination = key_file.expanduser().absolute() if key_file is not None else None
    if key_destination is not None and key_destination.parent.resolve() == (
        destination.parent.resolve()
    ):
        raise StoreError(
            f"密钥不能与备份放在同一目录（{destination.parent}）：请为密钥另选位置，"
            "如另一个U盘或大厅保险柜中的介质。",
            f"The key must not go into the backup's directory ({destination.parent}): name "
            "another place for it, e.g. another USB drive or a medium kept in the hall's safe.",
            field="key_file",
        )
    for path, field in ((destination, "dest"), (key_destination, "key_file")):
        if path is not None and not path.parent.is_dir():
            raise StoreError(*missing_folder(path.parent, "备份", "a backup"), field=field)
    for path, field in ((destination, "dest"), (key_destination, "key_file")):
        if path is not None and path.exists():
            raise _exists(path, field)
    unfinished = destination.with_name(f".{destination.name}.{_UNFINISHED_COPY}")
    # What a killed backup to this name left: the copy (and the copy's own unfinished copy,
    # which copy_database clears).
    remove_unfinished_copies(destination.parent, glob.escape(destination.name))
    copy_database(store.db.conn, unfinished)
    written_key: Path | None = None
    try:
        _check_copy(unfinished, destination)
        if key_destination is not None:
            try:
                _write_backup_key(key_destination, store.pii.key)
            except OSError as exc:
                raise _key_not_written(destination, key_destination, exc) from exc
            written_key = key_destination
        try:
            os.link(unfinished, destination)  # the pair is complete only now
        except FileExistsError:
            raise _exists(destination, "dest") from None
    except BaseException:
        if written_key is not None:  # a backup is both files or neither
            written_key.unlink(missing_ok=True)
            sync_directory(written_key.parent)
        raise
    finally:
        unfinished.unlink(missing_ok=True)
        sync_directory(destination.parent)  # the copy's name, or its removal
    with store.transaction():
        store.audit.record(
            actor, "backup.create", destination.name, {"with_key": key_destination is not None}
        )
        if key_destination is not None:
            store.set_meta(KEY_BACKED_UP, store.pii.key.key_id_hex)
            store.set_meta(KEY_BACKED_UP_AT, now_text())
    copied = destination.stat()
    same_disk = copied.st_dev == store.home.db_path.stat().st_dev
    return BackupResult(
        destination, key_destination, copied.st_size, same_disk, last_key_backup(store)
    )


def last_key_backup(store: Store) -> str | None:
    """When (UTC text) a ``backup --with-key`` last wrote this installation's key; None when
    none ever did, or only a key the store no longer uses (a restore with another key). A
    store whose key backups predate this record answers from its audit log (the newest
    ``backup.create`` with the key)."""
    backed_up = store.meta(KEY_BACKED_UP)
    if backed_up is None:
        row = store.db.execute(
            "SELECT at FROM audit_log WHERE action = 'backup.create'"
            " AND json_extract(detail, '$.with_key') = 1 ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None
    if backed_up != store.pii.key.key_id_hex:
        return None
    return store.meta(KEY_BACKED_UP_AT)


# What the database copy is called until its key is in place: ``.NAME.….partial``, an
# unfinished copy to remove_unfinished_copies, so a backup killed before its pair was
# complete leaves nothing that looks like a backup, and the next one to that name clears it.
_UNFINISHED_COPY = "unfinished.partial"


def _exists(path: Path, field: str) -> StoreError:
    return StoreError(
        f"{path} 已存在，备份不会覆盖已有文件。请换一个文件名。",
        f"{path} already exists; a backup never overwrites a file. Choose another name.",
        field=field,
    )


def _check_copy(copy: Path, destination: Path) -> None:
    """``quick_check`` the copy made for ``destination``; ``DatabaseDamaged`` when it fails
    (the caller removes the copy)."""
    check = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        verdict = [row[0] for row in check.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:  # damage the check cannot even walk past
        verdict = [str(exc)]
    finally:
        check.close()
    if verdict == ["ok"]:
        return
    problems = "; ".join(verdict[:INTEGRITY_MESSAGES_SHOWN])
    raise DatabaseDamaged(
        f"备份 {destination} 没有做成：数据库副本没有通过校验（{problems}），已删除，两个文件"
        "都没有留下，原数据库没有受影响。请换一个U盘或位置重试，可以沿用原来的文件名；再次失败时"
        "请运行 counter-app doctor 检查本机数据库。",
        f"The backup {destination} was not made: the database copy failed its check "
        f"({problems}) and was removed, and neither file was left; the database itself is "
        "unaffected. Try again on another USB drive or place (the same names may be used); "
        "if it fails again, run counter-app doctor to check this PC's database.",
        field="dest",
    )


class KeyNotWritten(StoreError):
    """The backup's key file could not be written (a full or failing medium, a read-only
    folder): the database copy made for it was removed too."""

    code = "key_not_written"


# What an unfinished key file is called after: recognisable, so it can be swept.
_UNFINISHED_KEY = "unfinished-key"


def _write_backup_key(path: Path, key: PiiKey) -> None:
    """Write ``key`` to ``path`` through an unfinished key beside it, linked into place only
    once it is whole and durable (``FileExistsError`` if ``path`` appeared meanwhile). The
    unfinished keys a killed backup left in that folder are removed first: a secret must
    not linger on a medium under a name nobody looks at."""
    _remove_unfinished_keys(path.parent)
    unfinished = path.with_name(f".{path.name}.{secrets.token_hex(8)}.{_UNFINISHED_KEY}")
    try:
        write_key(unfinished, key)
        os.link(unfinished, path)
    finally:
        unfinished.unlink(missing_ok=True)
    sync_directory(path.parent)


def _remove_unfinished_keys(folder: Path) -> None:
    """Remove the unfinished key files (``.NAME.….unfinished-key``, and the temporary file
    it is written through) that a backup killed while writing its key left in ``folder``."""
    for leftover in folder.glob(f".*.{_UNFINISHED_KEY}*"):
        leftover.unlink(missing_ok=True)


def _key_not_written(destination: Path, key: Path, exc: OSError) -> KeyNotWritten:
    reason = exc.strerror or str(exc)
    return KeyNotWritten(
        f"密钥文件 {key} 没有写成（{reason}），备份没有完成：为 {destination} 刚写好的数据库副本"
        "已删除，两个文件都没有留下，原数据库没有受影响。请清理该位置或为密钥另选位置后重试，"
        "可以沿用原来的文件名。",
        f"The key file {key} could not be written ({reason}), so the backup was not made: "
        f"the database copy just written for {destination} was removed, and neither file was "
        "left; the database itself is unaffected. Free that place or choose another for the "
        "key, then try again; the same names may be used.",
        field="key_file",
    )


def _inspect_source(source: Path) -> str | None:
    """Check ``source`` fully (integrity, counter-app schema not newer than this program);
    return the id of the key it was written with."""
    if not source.is_file():
        raise StoreError(
            f"找不到备份文件 {source}。", f"There is no backup file {source}.", field="src"
        )
    try:
        check_header(source)
    except DatabaseDamaged:
        # Not the live database's refusal, which sends IT to the restore under way.
        raise _damaged(
            source, "cut short or not a SQLite file: its size does not fit its header"
        ) from None
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise _damaged(source, str(exc)) from None
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            raise _damaged(source, "; ".join(verdict[:INTEGRITY_MESSAGES_SHOWN]))
        db = Database(conn, execute_plugins=False)
        applied = applied_migrations(db)
        if not applied or not db["meta"].exists():
            raise _damaged(source, "not a counter-app database")
        refuse_newer_schema(applied, source)
        row = conn.execute("SELECT value FROM meta WHERE key = 'pii_key_id'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise _damaged(source, str(exc)) from None
    finally:
        conn.close()
    return None if row is None else str(row[0])


def _damaged(source: Path, problem: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"备份文件 {source} 已损坏或不是本程序的数据库（{problem}），未做任何更改，本机数据库"
        "仍是原来的。请换用另一份备份。",
        f"The backup file {source} is damaged or not a counter-app database ({problem}); "
        "nothing was changed, this installation's database is as it was. Use another backup.",
        field="src",
    )


def _key_to_install(home: Home, source_key_id: str | None, key_file: Path | None) -> PiiKey | None:
    """Check that the backup can be read with the home's key or ``key_file``; return the key
    to install (``None``: the home's key is the right one). Changes nothing."""
    if key_file is None:
        if key_file_lost(home):  # told so, not given a new key
            raise KeyFileMissing(home.key_path)
        if source_key_id is not None and not home.key_path.exists():
            raise KeyMismatch(
                f"本机还没有密钥，备份由密钥 {source_key_id} 加密。请用 --key 指定与备份配套的密钥文件。",
                f"This installation has no key yet and the backup was encrypted with key {source_key_id}. "
                "Pass the backup's key file with --key.",
                field="key",
            )
        current = load_or_create_key(home.key_path)
        if source_key_id is not None and source_key_id != current.key_id_hex:
            raise KeyMismatch(
                f"备份由密钥 {source_key_id} 加密，本机密钥为 {current.key_id_hex}。请用 --key 指定与备份配套的密钥文件。",
                f"The backup was encrypted with key {source_key_id}; this installation's key is "
                f"{current.key_id_hex}. Pass the backup's key file with --key.",
                field="key",
            )
        return None
    if not key_file.is_file():
        raise StoreError(
            f"找不到密钥文件 {key_file}。", f"There is no key file {key_file}.", field="key"
        )
    try:
        imported = load_key(key_file, check_permissions=False)
    except KeyFileError:
        raise KeyFileError(
            f"--key 给出的密钥文件 {key_file} 已损坏或不是本程序的密钥文件，读不出密钥；未做任何"
            "更改。请换用与该备份一起保存的另一份密钥文件。",
            f"The key file given with --key, {key_file}, is damaged or not a counter-app key "
            "file, and holds no key that can be read; nothing was changed. Use another copy of "
            "the key kept with this backup.",
            field="key",
        ) from None
    if source_key_id is not None and imported.key_id_hex != source_key_id:
        raise KeyMismatch(
            f"密钥文件 {key_file}（{imported.key_id_hex}）与备份（{source_key_id}）不配套，未做任何更改。",
            f"The key file {key_file} ({imported.key_id_hex}) does not belong to the backup "
            f"({source_key_id}); nothing was changed.",
            field="key",
        )
    if home.key_path.exists() and _home_key_id(home) == imported.key_id_hex:
        return None
    return imported


def _home_key_id(home: Home) -> str | None:
    """The id of the home's own key; None when its file is damaged: the key given with
    ``--key`` then takes its place, and the damaged file is kept beside it."""
    try:
        return load_key(home.key_path).key_id_hex
    except KeyFileError:
        return None


def _install_key(home: Home, key: PiiKey) -> Path | None:
    """Make ``key`` the home's key; return where the previous key went."""
    replaced: Path | None = None
    if home.key_path.exists():
        # The previous key still decrypts the safety copy: keep it, never delete a key.
        replaced = home.key_path.with_name(f"{home.key_path.name}.replaced-{file_stamp()}")
        home.key_path.rename(replaced)
    write_key(home.key_path, key)
    return replaced


@contextmanager
def _exclusive_use(home: Home) -> Iterator[None]:
    """Hold the window's and the sync's locks for the whole restore: refuse while either
    runs, and keep both from starting until the restore is done."""
    window = FileLock(home.window_lock_path)
    sync = FileLock(home.sync_lock_path)
    if not window.acquire():
        raise HomeBusy(
            f"柜台窗口正在使用 {home.root}，未做任何更改。请先退出登录并关闭柜台程序，再恢复。",
            f"The counter window is running on {home.root}; nothing was changed. Sign out and "
            "close the counter window, then restore.",
        )
    try:
        if not sync.acquire():
            raise HomeBusy(
                "同步正在进行（柜台程序或 counter-app sync），未做任何更改。"
                "请等同步结束并停止 counter-app sync 服务后再恢复。",
                "A sync is running (the counter window or counter-app sync); nothing was changed. "
                "Wait for it to finish and stop the counter-app sync service, then restore.",
            )
        try:
            yield
        finally:
            sync.release()
    finally:
        window.release()


@dataclass(frozen=True)
class _Issued:
    """Per day, the last case number and the last document serial a database issued."""

    cases: dict[str, int]
    documents: dict[str, int]


def _issued_before(path: Path, busy_timeout_ms: int) -> _Issued | None:
    """The case numbers and document serials the database about to be replaced shows as
    issued (``None``: it cannot be read at all). A database another program holds is not
    unreadable: restore stops (``StoreBusy``) rather than replace it without knowing its
    numbers, which could then be issued twice."""
    if not path.is_file() or path.stat().st_size == 0:
        return _Issued({}, {})
    return read_directly(
        path,
        busy_timeout_ms,
        lambda conn: _Issued(issued_case_sequences(conn), issued_document_sequences(conn)),
    )


_AUDIT_COLUMNS = "seq, at, actor, hall_code, window_code, action, target, detail, prev_hash, hash"
_REPLACED_COLUMNS = f"restore_id, key_id, keyed_from, {_AUDIT_COLUMNS}"


@dataclass(frozen=True)
class _ReplacedLog:
    """The audit entries of the database a restore replaces that the restored log lacks
    (``entries``: after the restored log's last seq, or all of them when the two differ
    there), and those an earlier restore kept from it (``kept``, rows of its
    ``audit_log_replaced`` as they are)."""

    key_id: str | None  # the key its chain is under (meta.pii_key_id)
    keyed_from: int
    entries: list[tuple[Any, ...]]  # _AUDIT_COLUMNS
    kept: list[tuple[Any, ...]]  # _REPLACED_COLUMNS


def _replaced_log(
    path: Path, busy_timeout_ms: int, staged: sqlite3.Connection
) -> _ReplacedLog | None:
    """What :class:`_ReplacedLog` the database at ``path`` has beside ``staged`` (the
    backup's copy); ``None``: it cannot be read."""
    if not path.is_file() or path.stat().st_size == 0:
        return _ReplacedLog(None, 1, [], [])
    return read_directly(path, busy_timeout_ms, lambda conn: _read_log(conn, staged))


def _last_seq(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0])


def _hash_at(conn: sqlite3.Connection, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return GENESIS_HASH if seq == 0 else None if row is None else str(row[0])


def _read_log(conn: sqlite3.Connection, staged: sqlite3.Connection) -> _ReplacedLog:
    def meta(key: str) -> str | None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # The two logs are one history up to the shorter one's end when they hold the same entry
    # there; else (the backup is of another history) every entry of this one is replaced.
    common = min(_last_seq(conn), _last_seq(staged))
    after = common if _hash_at(conn, common) == _hash_at(staged, common) else 0
    entries = conn.execute(
        f"SELECT {_AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq",  # noqa: S608 - fixed columns
        (after,),
    ).fetchall()
    has_kept = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log_replaced'"
    ).fetchone()
    kept = (
        conn.execute(f"SELECT {_REPLACED_COLUMNS} FROM audit_log_replaced").fetchall()  # noqa: S608 - fixed columns
        if has_kept
        else []
    )
    keyed_from = meta(KEYED_FROM_KEY)
    return _ReplacedLog(
        meta("pii_key_id"),
        int(keyed_from) if keyed_from and keyed_from.isdigit() else 1,
        entries,
        kept,
    )


def _prepare_staged(
    staged: sqlite3.Connection, issued_seqs: dict[str, int], home: Home, config: Config
) -> tuple[dict[str, int], dict[str, Any] | str]:
    """In one transaction of ``staged``: move its case-number sequence past ``issued_seqs``
    (which days moved, to what), and keep the audit entries of the home's database it lacks
    (what the restore's entry says of them): they stay readable and checkable, though not in
    the restored chain, which forks from the platform's head by design."""
    replaced_log = _replaced_log(home.db_path, config.store.busy_timeout_ms, staged)
    # A failure leaves the transaction open: the staged copy is then removed unused.
    staged.execute("BEGIN IMMEDIATE")
    advanced = advance(staged, CASE_NUMBERS, issued_seqs)
    create_replaced_table(staged)
    kept_log = _keep_replaced(staged, replaced_log, secrets.token_hex(8))
    staged.execute("COMMIT")
    return advanced, kept_log


def _keep_replaced(
    staged: sqlite3.Connection, replaced: _ReplacedLog | None, restore_id: str
) -> dict[str, Any] | str:
    """Write ``replaced`` into the staged copy's ``audit_log_replaced`` (inside the caller's
    transaction); return what the restore's entry says of it (``replaced_log``)."""
    if replaced is None:
        return "unreadable"
    # A row already there came with the backup itself (an earlier restore it too descends from).
    staged.executemany(
        f"INSERT OR IGNORE INTO audit_log_replaced ({_REPLACED_COLUMNS})"  # noqa: S608 - fixed columns
        f" VALUES ({', '.join('?' * 13)})",
        [
            *((restore_id, replaced.key_id, replaced.keyed_from, *row) for row in replaced.entries),
            *replaced.kept,
        ],
    )
    first, last = (replaced.entries[0], replaced.entries[-1]) if replaced.entries else (None, None)
    return {
        "restore_id": restore_id,
        "from_seq": first and first[0],
        "to_seq": last and last[0],
        "count": len(replaced.entries),
        "head": last and f"{last[0]}:{last[-1]}",
        "kept_earlier": len(replaced.kept),
    }


def _set_aside_damaged(home: Home) -> Path:
    """Move a database SQLite cannot open (with its WAL and index) into ``backups/``, whole:
    its WAL may hold what the main file lacks, for a specialist to recover."""
    kept = home.backups_dir / f"damaged-{file_stamp()}.db"
    for suffix in ("", "-wal", "-shm"):
        part = home.db_path.with_name(home.db_path.name + suffix)
        if part.exists():
            part.rename(kept.with_name(kept.name + suffix))
    for directory in (home.backups_dir, home.root):  # kept for a specialist even after a power cut
        sync_directory(directory)
    return kept


def _replace_live(
    home: Home, config: Config, staged: sqlite3.Connection, *, holds_unsynced: bool
) -> Path | None:
    """Copy ``staged`` over the home's database; return where the previous one was kept
    (``holds_unsynced``: with cases the platform never received, a copy never pruned)."""
    live, kept = _live_to_replace(home, config)
    try:
        if kept is None and applied_migrations(live):
            kept = safety_copy_path(home.backups_dir, "restore", holds_unsynced=holds_unsynced)
            make_safety_copy(live.conn, kept, config.store, "restore", utc_now())

        def give_up_when_busy(status: int, _remaining: int, _total: int) -> None:
            # The driver would retry a busy database for ever; the busy timeout has
            # already been waited by the time a step reports it.
            if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise StoreError(
                    "另一个程序正在写入数据库，当前数据库未被替换，密钥也未更改。"
                    "请关闭使用此数据目录的其他 counter-app 程序后重试。",
                    "Another program is writing to the database; the current database was not "
                    "replaced and the key was not changed. Close the other counter-app programs "
                    "using this home, then try again.",
                )

        staged.backup(live.conn, progress=give_up_when_busy)
    finally:
        live.close()
    return kept


def _live_to_replace(home: Home, config: Config) -> tuple[Database, Path | None]:
    """The home's database opened for the swap, and where it was set aside when damaged:
    SQLite cannot open it, or a page of it fails ``quick_check`` (a damaged page the start-up
    checks never read: a safety copy would copy it as it is, and be pruned later, while the
    file set aside whole keeps its WAL for a specialist and is never pruned). The check reads
    the store once, as the safety copy made next does."""
    try:
        live = connect(home.db_path, config.store.busy_timeout_ms)
    except DatabaseDamaged:
        pass
    else:
        try:
            whole = _pages_whole(live.conn)
        except BaseException:  # not damage (the disk, the store busy): said as it came
            live.close()
            raise
        if whole:
            return live, None
        live.close()
    kept = _set_aside_damaged(home)
    return connect(home.db_path, config.store.busy_timeout_ms), kept


def _pages_whole(conn: sqlite3.Connection) -> bool:
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        if damage_refusal(exc) is None:
            raise
        return False
    if verdict != ["ok"]:
        log.warning(
            "restore: the database replaced fails quick_check: %s",
            verdict[:INTEGRITY_MESSAGES_SHOWN],
        )
    return verdict == ["ok"]


def _stage(home: Home, source: Path) -> Path:
    """The backup copied into ``backups/`` for the swap. Called with the home held alone: a
    staged copy, or an unfinished copy, already there is one a restore or an upgrade stopped
    by a crash or a power cut left."""
    for leftover in home.backups_dir.glob(f"{STAGING_PREFIX}*.db"):
        leftover.unlink()
    remove_unfinished_copies(home.backups_dir)
    staging = home.backups_dir / f"{STAGING_PREFIX}{file_stamp()}.db"
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy_database(origin, staging)
    finally:
        origin.close()
    return staging


def restore_backup(
    home: Home,
    config: Config,
    source: Path,
    *,
    key_file: Path | None = None,
    issued: Sequence[str] = (),
    discard_unsynced: bool = False,
    actor: str = "admin",
) -> RestoreResult:
    """Replace the home's database with ``source`` after checking it; see the module doc.

    ``issued``: case numbers known to be handed out (a receipt in hand, the platform), for
    when the database being replaced cannot tell. ``discard_unsynced``: restore although
    cases waiting to upload that the backup lacks are then only in the safety copy
    (``UnsyncedCasesWouldBeLost`` otherwise).
    """
    known_issued = [parse_case_number(case_no) for case_no in issued]
    source = source.expanduser().absolute()
    if source == home.db_path.absolute():
        raise StoreError(
            "不能从正在使用的数据库自身恢复。",
            "Cannot restore the live database onto itself.",
            field="src",
        )
    source_key_id = _inspect_source(source)
    home.ensure()
    new_key = _key_to_install(home, source_key_id, key_file)
    with _exclusive_use(home):
        staging = _stage(home, source)
        try:
            if _inspect_source(staging) != source_key_id:
                raise _damaged(staging, "the copy does not match the backup")
            # Read before the swap: the numbers the replaced database issued are gone after.
            issued_before = _issued_before(home.db_path, config.store.busy_timeout_ms)
            replaced = replaced_store(home.db_path, config.store.busy_timeout_ms)
            staged = sqlite3.connect(staging, isolation_level=None)
            try:
                # Just before the swap, leaving the least time for a program to open the
                # store after it: the window and a sync run wait for the locks held here,
                # and another writer meets the swap's own refusal.
                refuse_while_open_elsewhere(home.db_path, config.store.busy_timeout_ms)
                lost = [] if replaced is None else lost_by_restore(replaced, staged)
                if not discard_unsynced:
                    refuse_losing(lost, source, home.backups_dir)
                foreign = foreign_numbering(replaced, staged, config.hall.device_id)
                issued_seqs = issued_case_sequences(staged)
                if issued_before is not None:
                    note_all_issued(issued_seqs, issued_before.cases)
                for number in known_issued:
                    note_issued(issued_seqs, number.day.isoformat(), number.seq)
                advanced, kept_log = _prepare_staged(staged, issued_seqs, home, config)
                safety_copy = _replace_live(home, config, staged, holds_unsynced=bool(lost))
            finally:
                staged.close()
        finally:
            staging.unlink(missing_ok=True)
        replaced_key = _install_key(home, new_key) if new_key is not None else None
        # Opening migrates a restored older schema (after its own safety backup) and
        # re-checks the key.
        store = open_store(home, config)
        try:
            # Serials are advanced here, not in the staged copy like case numbers: a backup
            # from before the serial sequence existed only has its table once opening has
            # migrated it. Still under both locks, so nothing is issued in between. The
            # archived PDFs (named by serial) survive any restore and tell even when the
            # replaced database could not be read.
            issued_serials = issued_document_sequences(store.db.conn)
            if issued_before is not None:
                note_all_issued(issued_serials, issued_before.documents)
            note_all_issued(issued_serials, archived_document_sequences(home.documents_dir))
            with store.transaction() as db:
                serials_advanced = advance(db.conn, DOCUMENT_SERIALS, issued_serials)
                store.audit.record(
                    actor,
                    RESTORE_ACTION,
                    source.name,
                    {
                        "safety_copy": safety_copy.name if safety_copy else None,
                        "key_replaced": replaced_key is not None,
                        "case_sequences_advanced": advanced,
                        "document_sequences_advanced": serials_advanced,
                        "previous_numbers_read": issued_before is not None,
                        "discarded_unsynced": lost,
                        "replaced_log": kept_log,
                    },
                )
            versions = store.schema_versions()
        finally:
            store.close()
    return RestoreResult(
        source,
        safety_copy,
        replaced_key,
        versions,
        advanced,
        serials_advanced,
        issued_before is not None,
        lost,
        foreign,
    )
