"""Consistent copies of a live database through SQLite's backup API (never a file copy,
which could catch a half-written page or miss what is still in the WAL)."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import sqlite3
from pathlib import Path

from counter_app.durable_files import make_directory, sync_directory
from counter_app.errors import StoreError, disk_refusal
from counter_app.store.sqlite_failures import disk_failure


class CopyNotWritten(StoreError):
    """The copy's disk refused it: full, or failing (a USB stick pulled out, a bad medium)."""

    code = "copy_not_written"

    def __init__(self, zh: str, en: str, *, needed_bytes: int) -> None:
        super().__init__(zh, en)
        self.needed_bytes = needed_bytes  # what the copy takes: its caller may say more


def copy_database(source: sqlite3.Connection, destination: Path) -> None:
    """Write a consistent single-file copy of ``source`` to ``destination``.

    Refuses to overwrite (``FileExistsError``). The copy is built beside the destination,
    switched to rollback-journal mode so it is one self-contained file, fsynced, and only
    then linked into place: a crash leaves either no destination or a complete one. A disk
    with less room than the database takes is refused before anything is written; one that
    fills up or fails on the way leaves nothing either: the unfinished copy and its journal
    are removed. Both times ``CopyNotWritten`` says how much room the copy needs. An
    unfinished copy a crash, a power cut or a pulled stick left for this destination is
    removed first: on a small stick it would take the room the copy needs.
    """
    if destination.exists():
        raise FileExistsError(destination)
    make_directory(destination.parent, 0o777)  # a place the user named: the umask decides
    remove_unfinished_copies(destination.parent, glob.escape(destination.name))
    free, size = shutil.disk_usage(destination.parent).free, _size(source)
    if free < size:  # minutes of writing a stick cannot hold, refused at once
        raise _no_room(size, destination, free)
    partial = destination.with_name(f".{destination.name}.{secrets.token_hex(8)}.partial")
    journal = partial.with_name(f"{partial.name}-journal")
    try:
        # Created owner-only before SQLite opens it: the copy holds names and ciphertexts.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.link(partial, destination)
    except (sqlite3.OperationalError, OSError) as exc:
        refused = disk_refusal(exc) if isinstance(exc, OSError) else disk_failure(exc, destination)
        if refused is None:
            raise
        raise _not_written(source, destination, exc) from exc
    finally:
        partial.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)  # left by a copy the disk stopped half-way
    sync_directory(destination.parent)  # the new name too, not only the data


def remove_unfinished_copies(folder: Path, names: str = "*") -> None:
    """Remove the unfinished copies (``.NAME.….partial``, with their journal) that
    ``copy_database`` left in ``folder`` when a crash, a power cut or a pulled stick stopped
    it, of the destinations matching the glob ``names``. The caller knows no copy to those
    names is under way."""
    for leftover in folder.glob(f".{names}.*.partial*"):
        leftover.unlink(missing_ok=True)


def _size(source: sqlite3.Connection) -> int:
    """What a copy of ``source`` takes on disk, in bytes: every page of it."""
    pages, page_size = (
        source.execute(f"PRAGMA {pragma}").fetchone()[0] for pragma in ("page_count", "page_size")
    )
    return int(pages) * int(page_size)


def megabytes_needed(size: int) -> int:
    return max(1, -(-size // (1024 * 1024)))  # rounded up: "at least" that much room


def _no_room(size: int, destination: Path, free: int) -> StoreError:
    needed = megabytes_needed(size)
    return CopyNotWritten(
        f"数据库副本没有写完：{destination.parent} 所在磁盘只有 {free // (1024 * 1024)} MB 可用，"
        f"副本需要 {needed} MB，没有开始写入。原数据库没有受影响。"
        f"请换一个可用空间至少 {needed} MB 的位置后重试。",
        f"The copy of the database was not finished: the disk holding {destination.parent} has "
        f"{free // (1024 * 1024)} MB free and the copy needs {needed} MB, so nothing was "
        f"written. The database itself is unaffected. Choose a place with at least {needed} MB "
        f"free and try again.",
        needed_bytes=size,
    )


def _not_written(source: sqlite3.Connection, destination: Path, exc: BaseException) -> StoreError:
    size = _size(source)
    needed = megabytes_needed(size)
    return CopyNotWritten(
        f"数据库副本没有写完：{destination.parent} 所在磁盘已满或写入出错（{exc}）。未完成的文件已删除，"
        f"原数据库没有受影响。请换一个可用空间至少 {needed} MB 的位置后重试。",
        f"The copy of the database was not finished: the disk holding {destination.parent} is "
        f"full or failed to write ({exc}). The unfinished file was removed; the database itself "
        f"is unaffected. Choose a place with at least {needed} MB free and try again.",
        needed_bytes=size,
    )
