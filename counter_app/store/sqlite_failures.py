"""What SQLite's refusals to write mean, in words a clerk or IT can act on: another program
holds the database (``StoreBusy``: never taken for damage), the disk is full (``DiskFull``),
or the disk fails or turned read-only (``DiskFailed``). Nothing was written in any of them:
the transaction that met one was rolled back whole."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from counter_app.errors import StoreError
from counter_app.store.sqlite_open import primary_code

# Less free space than this where the database is: an I/O error there is the disk being full.
NO_ROOM_BYTES = 1024 * 1024


class StoreBusy(StoreError):
    code = "store_busy"


def held_by_another_program(path: Path, waited_ms: int, exc: sqlite3.Error) -> StoreBusy:
    return StoreBusy(
        f"数据库 {path} 正被另一个程序占用，已等待 {waited_ms / 1000:g} 秒（{exc}）。"
        "数据库没有损坏，也没有做任何更改：请稍后再试；若一直如此，请关闭使用此数据目录的其他 "
        "counter-app 程序。",
        f"The database {path} is held by another program and was waited for "
        f"{waited_ms / 1000:g} s ({exc}). It is not damaged and nothing was changed: try again "
        "later; if it persists, close the other counter-app programs using this home.",
    )


class DiskFull(StoreError):
    code = "disk_full"


class DiskFailed(StoreError):
    code = "disk_error"


def disk_failure(exc: BaseException, path: Path) -> StoreError | None:
    """Plain words for SQLite failing to write ``path`` because of the disk: full
    (``SQLITE_FULL``, or an I/O error with no room left), or failing or turned read-only
    (``SQLITE_IOERR``, ``SQLITE_READONLY``, as a file system remounts itself after errors).
    None for any other error."""
    code = primary_code(exc)
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _no_room_at(path)):
        return DiskFull(
            f"本机磁盘已满，数据库 {path} 写不进去：刚才的操作没有保存，此前保存的办件不受影响。"
            "请联系信息技术人员清理该磁盘（counter-app doctor 显示剩余空间）后重试。",
            f"The disk is full and the database {path} cannot be written: what was just done "
            "was not saved; cases saved before are unaffected. Ask IT to free space on that disk "
            "(counter-app doctor shows how much is left), then try again.",
        )
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY):
        return DiskFailed(
            f"本机磁盘写入出错，数据库 {path} 没有写进去（{exc}）：刚才的操作没有保存，此前保存的"
            "办件不受影响。请联系信息技术人员检查该磁盘（它可能已损坏或变为只读）；检查之前不要"
            "重装系统，也不要删除数据目录。",
            f"Writing to the disk failed and the database {path} was not written ({exc}): what "
            "was just done was not saved; cases saved before are unaffected. Ask IT to check that "
            "disk (it may be failing or read-only); until then do not reinstall the system or "
            "delete the data directory.",
        )
    return None


def _no_room_at(path: Path) -> bool:
    """Whether the disk holding ``path`` is full: SQLite reports some writes a full disk
    refuses (its shared-memory index, for one) as an I/O error, not as SQLITE_FULL."""
    try:
        return shutil.disk_usage(path.parent).free < NO_ROOM_BYTES
    except OSError:
        return False
