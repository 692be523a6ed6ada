"""Consistent copies of a live database through SQLite's backup API (never a file copy,
which could catch a half-written page or miss what is still in the WAL)."""

from __future__ import annotations

import glob
import os
import secrets
import sqlite3
from pathlib import Path

from counter_app.durable_files import make_directory, sync_directory
from counter_app.errors import StoreError, disk_refusal
from counter_app.store.sqlite_failures import disk_failure


class CopyNotWritten(StoreError):
    """The copy's disk refused it: full, or failing (a USB stick pulled out, a bad medium)."""

    code = "copy_not_written"


def copy_database(source: sqlite3.Connection, destination: Path) -> None:
    """Write a consistent single-file copy of ``source`` to ``destination``.

    Refuses to overwrite (``FileExistsError``). The copy is built beside the destination,
    switched to rollback-journal mode so it is one self-contained file, fsynced, and only
    then linked into place: a crash leaves either no destination or a complete one. A disk
    that is full or fails on the way leaves neither: the unfinished copy is removed and
    ``CopyNotWritten`` says how much room the copy needs. An unfinished copy a crash, a
    power cut or a pulled stick left for this destination is removed first: on a small
    stick it would take the room the copy needs.
    """
    if destination.exists():
        raise FileExistsError(destination)
    make_directory(destination.parent, 0o777)  # a place the user named: the umask decides
    remove_unfinished_copies(destination.parent, glob.escape(destination.name))
    partial = destination.with_name(f".{destination.name}.{secrets.token_hex(8)}.partial")
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
    sync_directory(destination.parent)  # the new name too, not only the data


def remove_unfinished_copies(folder: Path, names: str = "*") -> None:
    """Remove the unfinished copies (``.NAME.….partial``, with their journal) that
    ``copy_database`` left in ``folder`` when a crash, a power cut or a pulled stick stopped
    it, of the destinations matching the glob ``names``. The caller knows no copy to those
    names is under way."""
    for leftover in folder.glob(f".{names}.*.partial*"):
        leftover.unlink(missing_ok=True)


def _not_written(source: sqlite3.Connection, destination: Path, exc: BaseException) -> StoreError:
    pages, page_size = (
        source.execute(f"PRAGMA {pragma}").fetchone()[0] for pragma in ("page_count", "page_size")
    )
    needed = max(1, pages * page_size // (1024 * 1024))
    return CopyNotWritten(
        f"数据库副本没有写完：{destination.parent} 所在磁盘已满或写入出错（{exc}）。未完成的文件已删除，"
        f"原数据库没有受影响。请换一个可用空间至少 {needed} MB 的位置后重试。",
        f"The copy of the database was not finished: the disk holding {destination.parent} is "
        f"full or failed to write ({exc}). The unfinished file was removed; the database itself "
        f"is unaffected. Choose a place with at least {needed} MB free and try again.",
    )
