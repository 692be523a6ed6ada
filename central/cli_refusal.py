"""What ``counter-central`` says of a command's failure, Chinese and English: the one mapping
``central.cli.main`` prints to stderr and ``appointment create --json`` puts on stdout, so
the two always agree."""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass

from central.errors import OperatorError, PlatformError, StoreRefusedConnection, StoreUnavailable
from counter_app.errors import disk_refusal
from counter_app.store.sqlite_open import is_busy


@dataclass(frozen=True)
class Refusal:
    """A failure in words; ``code`` as a channel's app acts on it (``--json``)."""

    code: str
    zh: str
    en: str


def refusal(exc: BaseException, db: str) -> Refusal | None:
    """What the command that met ``exc`` on the store ``db`` says; None for a failure that is
    no refusal (a bug: it goes on up)."""
    if isinstance(exc, StoreRefusedConnection):  # a mistyped address: no retry mends it
        return Refusal(exc.code, exc.zh, exc.en)
    if isinstance(exc, StoreUnavailable):  # its own words are for a window, which retries
        return Refusal(exc.code, *_STORE_UNAVAILABLE)
    if isinstance(exc, (OperatorError, PlatformError)):
        return Refusal(exc.code or "refused", exc.zh, exc.en)  # None: no app acts on it
    if isinstance(exc, OSError):
        return Refusal("file_error", *_file_refusal(exc))
    if isinstance(exc, sqlite3.OperationalError) and is_busy(exc):
        return Refusal(StoreUnavailable.code, *_store_locked(db))
    return None


# A store busy past its wait (another program's long transaction) or, for PostgreSQL, a
# server out of reach: nothing of the command's transaction stayed.
_STORE_UNAVAILABLE = (
    "平台数据库忙或暂时不可用（另一个程序长时间锁定着它，或数据库服务器无法连接），命令没有完成。"
    "请等那个程序结束、或数据库服务器恢复后，重新运行本命令。",
    "The platform store is busy or unavailable (another program kept it locked, or the "
    "database server cannot be reached); the command did not complete. Run it again once "
    "that program has finished or the server is back.",
)


def _store_locked(db: str) -> tuple[str, str]:
    """A SQLite store another program kept locked while it was being opened (SQLite's wait
    for it ran out before the command began)."""
    return (
        f"平台数据库 {db} 正被另一个程序锁定，等待后仍未释放，命令没有执行。"
        "请等那个程序（如正在进行的备份，或另一个 counter-central 命令）结束后重新运行本命令。",
        f"The platform store {db} is locked by another program and stayed locked while this "
        "command waited; nothing was done. Run the command again once that program (a backup "
        "under way, another counter-central command) has finished.",
    )


# The file errors an operator's command meets most, in words: a path mistyped, a folder given
# for a file (``--material M10=DIR``), a file that is not theirs to read.
_FILE_PROBLEMS = {
    errno.ENOENT: ("不存在", "does not exist"),
    errno.EISDIR: ("是一个文件夹，不是文件", "is a folder, not a file"),
    errno.ENOTDIR: ("的路径中有一段不是文件夹", "has a part of its path that is not a folder"),
    errno.EACCES: ("没有访问权限", "may not be accessed (permission denied)"),
}


def _file_refusal(exc: OSError) -> tuple[str, str]:
    """What a file error means, Chinese and English, naming the file: a full or failing disk
    as :func:`disk_refusal` says it, the usual mistakes as ``_FILE_PROBLEMS`` does, anything
    else with the system's own words."""
    refusal = disk_refusal(exc)
    if refusal is not None:
        return refusal.zh, refusal.en
    reason = exc.strerror or str(exc)
    zh, en = _FILE_PROBLEMS.get(
        exc.errno or 0, (f"无法使用（{reason}）", f"cannot be used ({reason})")
    )
    if not exc.filename:
        return f"文件{zh}（{reason}）。", f"A file {en} ({reason})."
    return (
        f"{exc.filename} {zh}。请检查命令中的路径后重试。",
        f"{exc.filename} {en}. Check the path in the command and try again.",
    )
