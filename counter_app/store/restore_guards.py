"""What restore checks before it replaces the home's database, beyond the backup itself.

- No other program has the database open. The window holds its lock for as long as it
  runs, but a ``counter-app sync`` service holds the sync lock only while a run lasts: in
  between it waits with the store open, and would go on syncing the replaced database.
- No case waiting to upload is lost: a version the platform has not had yet, which the
  backup lacks, would be left only in the safety copy, unsynced and out of sight.
- Which platform device this home was enrolled as, when the backup's cases carry case
  numbers of a device its enrolment did not state (the replacement PC enrolled before the
  restore, §6's steps taken in reverse): the platform refuses those cases until the PC
  enrols again, stating them.

docs/operations.md (sections 5 and 6) gives the reasons.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from counter_app.errors import StoreError
from counter_app.store.issued_case_numbers import case_number_devices
from counter_app.store.sqlite_failures import StoreBusy, held_by_another_program
from counter_app.store.sqlite_open import is_busy

# The case numbers a refusal or a warning names; the rest are counted.
CASE_NUMBERS_SHOWN = 5
# The audit action every enrolment records (``sync.enrolment``), its target the platform's
# device id: restore reads which device this home was last enrolled as.
ENROLMENT_ACTION = "device.enrol"

T = TypeVar("T")


class StoreInUse(StoreBusy):
    code = "store_in_use"


class UnsyncedCasesWouldBeLost(StoreError):
    code = "unsynced_cases"


@dataclass(frozen=True)
class WaitingCase:
    """A case with a version waiting to upload: its newest such version."""

    case_id: str
    case_no: str
    data_version: int


@dataclass(frozen=True)
class ReplacedStore:
    """What the database about to be replaced tells restore."""

    waiting: list[WaitingCase]  # in the order they were queued
    # The DEVICE parts of its case numbers (upper case): its enrolment stated them with this
    # home's own device id, those of cases it held then (a PC it replaced, restored first).
    devices: frozenset[str]
    # The platform's id of the device this home last enrolled as; None: never enrolled.
    enrolled_as: str | None


@dataclass(frozen=True)
class ForeignNumbering:
    """A backup numbered by devices this home's enrolment did not state."""

    devices: list[str]  # the DEVICE parts of the backup's case numbers it did not state
    enrolled_as: str  # this home's platform device, enrolled before the restore
    # The platform device the backup's own PC last enrolled as (None: it never did).
    backup_enrolled_as: str | None


def refuse_while_open_elsewhere(path: Path, busy_timeout_ms: int) -> None:
    """Raise :class:`StoreInUse` while another connection has the database open, after
    waiting ``busy_timeout_ms`` for it to close.

    Every connection to a WAL database holds a shared lock on its file for as long as it is
    open, idle or not, and a connection in exclusive locking mode takes the file only when
    no other is open, in this process or another: this sees a sync service between its
    runs, an import under way or a database tool, and a crashed program's lock goes with its
    process. A file SQLite cannot read is not in use: restore sets it aside as damaged.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    probe = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        probe.execute("PRAGMA locking_mode = EXCLUSIVE")
        probe.execute("BEGIN EXCLUSIVE")
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        probe.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise _in_use(path, busy_timeout_ms) from None
    finally:
        probe.close()


def _in_use(path: Path, waited_ms: int) -> StoreInUse:
    waited = f"{waited_ms / 1000:g}"
    return StoreInUse(
        f"另一个程序正打开着数据库 {path}（如 counter-app sync 同步服务、另一条 counter-app "
        f"命令或数据库工具），已等待 {waited} 秒：数据库未被替换，未做任何更改。请先停止 "
        "counter-app sync 服务（在其终端按 Ctrl+C，或停止运行它的系统服务），等其他 "
        "counter-app 命令结束，再恢复。",
        f"Another program has the database {path} open (a counter-app sync service, another "
        f"counter-app command or a database tool); waited {waited} s. The database was not "
        "replaced and nothing was changed. Stop the counter-app sync service (Ctrl+C in its "
        "terminal, or stop the system service that runs it), let other counter-app commands "
        "finish, then restore.",
    )


def read_directly(
    path: Path, busy_timeout_ms: int, read: Callable[[sqlite3.Connection], T]
) -> T | None:
    """``read`` of the database at ``path`` (about to be replaced), as far as SQLite can
    read it, bypassing the start-up checks: a damaged file may still tell. ``None`` when it
    cannot; a database another program holds is ``StoreBusy``, never taken for unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.DatabaseError:
        return None
    try:
        return read(conn)
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise held_by_another_program(path, busy_timeout_ms, exc) from None
        return None
    finally:
        conn.close()


def replaced_store(path: Path, busy_timeout_ms: int) -> ReplacedStore | None:
    """What the database at ``path`` (about to be replaced) tells restore; None when there
    is none, or it cannot be read."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    return read_directly(path, busy_timeout_ms, _read_replaced)


def _read_replaced(conn: sqlite3.Connection) -> ReplacedStore:
    waiting = [
        WaitingCase(str(case_id), str(case_no), int(version))
        for case_id, case_no, version in conn.execute(
            "SELECT o.case_id, c.case_no, max(o.data_version) FROM outbox o"
            " JOIN cases c ON c.case_id = o.case_id WHERE o.state = 'pending'"
            " GROUP BY o.case_id ORDER BY min(o.outbox_id)"
        )
    ]
    return ReplacedStore(waiting, case_number_devices(conn), _last_enrolment(conn))


def lost_by_restore(replaced: ReplacedStore, backup: sqlite3.Connection) -> list[str]:
    """The case numbers whose version waiting to upload ``backup`` does not hold (the case
    is not in it, or only at an older version), in the order they were queued."""
    held = dict(backup.execute("SELECT case_id, data_version FROM cases").fetchall())
    return [c.case_no for c in replaced.waiting if held.get(c.case_id, 0) < c.data_version]


def refuse_losing(lost: list[str], source: Path, backups_dir: Path) -> None:
    """Raise :class:`UnsyncedCasesWouldBeLost` naming ``lost`` (see :func:`lost_by_restore`)."""
    if not lost:
        return
    zh_numbers, en_numbers = shown_case_numbers(lost)
    raise UnsyncedCasesWouldBeLost(
        f"当前数据库中有 {len(lost)} 件办件尚未上传到平台，而备份 {source} 中没有它们"
        f"（或只有较早的版本）：{zh_numbers}。恢复后它们将只留在安全副本中，本机不再显示、"
        "也不再上传。未做任何更改。请先同步（counter-app sync --once，直到待上传为 0），再恢复；"
        "若确要舍弃它们（如数据库已损坏、无法同步），请加 --discard-unsynced 再执行一次："
        f"当前数据库仍会保存为 {backups_dir}/unsynced-kept-<时间>.db（不会被自动清理）。",
        f"{len(lost)} case(s) in the current database are not on the platform yet, and the "
        f"backup {source} lacks them (or holds an older version): {en_numbers}. After the "
        "restore they would be left only in the safety copy, no longer shown or uploaded "
        "here. Nothing was changed. Sync first (counter-app sync --once, until nothing waits "
        "to upload), then restore; to give them up deliberately (say, the database is too "
        "damaged to sync), run again with --discard-unsynced: the current database is still "
        f"kept as {backups_dir}/unsynced-kept-<time>.db (never removed automatically).",
        field="discard_unsynced",
    )


def shown_case_numbers(numbers: list[str]) -> tuple[str, str]:
    """The first few of ``numbers`` for a message (Chinese, English), the rest counted."""
    shown = numbers[:CASE_NUMBERS_SHOWN]
    more = len(numbers) - len(shown)
    zh, en = "、".join(shown), ", ".join(shown)
    if more:
        zh, en = f"{zh} 等（另有 {more} 件）", f"{en} and {more} more"
    return zh, en


def foreign_numbering(
    replaced: ReplacedStore | None, backup: sqlite3.Connection, own_device: str
) -> ForeignNumbering | None:
    """The backup's case-number devices this home's enrolment did not state: it states its
    own device and those of the cases its store held when it enrolled (``numbering_devices``
    in the sync package). None when the home was never enrolled (its enrolment will state
    them) or there are none."""
    if replaced is None or replaced.enrolled_as is None:
        return None
    unstated = case_number_devices(backup) - replaced.devices - {own_device.upper()}
    if not unstated:
        return None
    backup_device = _last_enrolment(backup)
    return ForeignNumbering(
        sorted(unstated),
        replaced.enrolled_as,
        None if backup_device == replaced.enrolled_as else backup_device,
    )


@dataclass(frozen=True)
class RecordedEnrolment:
    """The enrolment a store last recorded: the platform device, and the hall and window
    whose platform data (staff, queue, notices, feed cursors…) the store holds."""

    device_id: str
    hall: str
    window: str


# The meta key holding the store's last enrolment (JSON ``{"device_id", "hall", "window"}``,
# ``{}`` for none), kept in the transaction of its audit entry: intake reads it before every
# case, where a search of the audit log for the entry would grow with the log.
ENROLMENT_META = "enrolment"


def recorded_enrolment(conn: sqlite3.Connection) -> RecordedEnrolment | None:
    """The store's last enrolment (written in the transaction that left its platform data to
    the enrolled hall), or None when it never recorded one. A store no migration has reached
    yet (an old backup being checked) is read from its audit log."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (ENROLMENT_META,)).fetchone()
    if row is not None:
        kept = json.loads(row[0])
        return RecordedEnrolment(kept["device_id"], kept["hall"], kept["window"]) if kept else None
    row = conn.execute(
        "SELECT target, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1",
        (ENROLMENT_ACTION,),
    ).fetchone()
    if row is None:
        return None
    detail = json.loads(row[1] or "{}")
    return RecordedEnrolment(str(row[0]), detail.get("hall", ""), detail.get("window", ""))


def keep_enrolment(conn: sqlite3.Connection, enrolled: RecordedEnrolment) -> None:
    """Record ``enrolled`` as the store's last enrolment, in the caller's transaction (the
    one writing its ``device.enrol`` audit entry)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (
            ENROLMENT_META,
            json.dumps(
                {"device_id": enrolled.device_id, "hall": enrolled.hall, "window": enrolled.window}
            ),
        ),
    )


def _last_enrolment(conn: sqlite3.Connection) -> str | None:
    recorded = recorded_enrolment(conn)
    return None if recorded is None else recorded.device_id
