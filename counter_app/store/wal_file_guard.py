"""The WAL a store connection writes to must stay the file its path names.

Someone who deletes ``counter.db-wal`` and ``-shm`` while a program has the store open (to
"free the disk", or to "unlock" it) does not stop that program: its connection keeps
writing to the unlinked WAL, whose commits nobody else will ever read, while the next
program to open the store starts a fresh WAL beside the database file. Each then hands
out the case numbers the other already gave a citizen. So a connection remembers which
file its WAL is (device and inode, once it is open) and, before each write transaction and
each checkpoint, checks that the path still names it: one ``stat`` a transaction.

SQLite itself never gives an open connection another WAL: it deletes the WAL only when the
last connection closes (this one holds the database's shared lock until it closes, so no
other can be last meanwhile), and truncating it (``journal_size_limit``, a TRUNCATE
checkpoint) or starting it afresh after a checkpoint keeps the same file. A change is
therefore never SQLite's own doing.

The program opening the store after such a deletion is stopped too, before it starts a WAL
of its own (:func:`refuse_opening_beside_lost_wal`): while a connection of the store is open
its :class:`WalFileGuard` holds a shared ``flock`` on a mark file beside the database
(``counter.db-open``; taken once its WAL is open, given up before it closes). The mark is a
file of its own because opening and closing the database file itself would drop SQLite's
POSIX locks of this process (``held_files``). A database whose WAL is missing while another
program holds that mark has lost the WAL of a running program. Once IT has closed every
program, the last one to close checkpoints its WAL into the database file (SQLite does so on
the last close), and nothing it committed is lost.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from counter_app.errors import StoreError

log = logging.getLogger(__name__)


class WalFileReplaced(StoreError):
    code = "wal_file_replaced"


def wal_path(path: Path) -> Path:
    """The WAL beside the database file ``path``."""
    return path.with_name(path.name + "-wal")


def mark_path(path: Path) -> Path:
    """The open mark beside the database file ``path``: flocked shared while a program has
    the database open (never SQLite's file, whose POSIX locks a close would drop)."""
    return path.with_name(path.name + "-open")


def _identity(wal: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(wal)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


class WalFileGuard:
    """Made once the connection to the database at ``db_path`` has read it (its WAL is then
    open): remembers that WAL; :meth:`check` refuses once the path names another file or
    none."""

    def __init__(self, db_path: Path) -> None:
        self._wal = wal_path(db_path)
        self._identity = _identity(self._wal)
        self._mark = _hold_open_mark(db_path)

    def release(self) -> None:
        """Give up the open mark: called before the connection closes (its close may be the
        last, which deletes the WAL)."""
        if self._mark is not None:
            os.close(self._mark)  # the flock goes with the file's last descriptor
            self._mark = None

    def check(self) -> None:
        """Raise :class:`WalFileReplaced` (logged at ERROR) when the WAL was deleted or
        replaced since the connection opened it: nothing may be written then."""
        now = _identity(self._wal)
        if self._identity is None:  # the connection had not opened one yet: this is it
            self._identity = now
            return
        if now == self._identity:
            return
        log.error(
            "the WAL %s was deleted or replaced while this program had the store open "
            "(its file was device %d inode %d, the path now names %s): writing refused",
            self._wal,
            *self._identity,
            "nothing" if now is None else f"device {now[0]} inode {now[1]}",
        )
        raise WalFileReplaced(
            f"数据库的日志文件 {self._wal} 在本程序使用数据库期间被删除或替换：刚才的操作没有保存。"
            "为免办件丢失或办件编号重复，本程序不再写入数据库。请信息技术人员关闭本机所有 "
            "counter-app 程序（窗口、同步服务、正在运行的命令），然后运行 counter-app doctor "
            "检查数据库；今后不要删除数据目录中的 -wal、-shm 文件。",
            f"The database's log file {self._wal} was deleted or replaced while this program "
            "had the database open: what was just done was not saved. So that no case is lost "
            "and no case number is given twice, this program writes nothing more to the "
            "database. IT closes every counter-app program on this PC (the window, the sync "
            "service, any command running), then runs counter-app doctor to check the "
            "database; never delete the -wal and -shm files in the home.",
        )


def _hold_open_mark(db_path: Path) -> int | None:
    if os.name != "posix":
        return None
    import fcntl

    try:
        mark = os.open(mark_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:  # a read-only disk: the write guard still holds
        log.warning(
            "%s: no open mark (%s); a WAL deleted under it is found on writing", db_path, exc
        )
        return None
    try:
        fcntl.flock(mark, fcntl.LOCK_SH)  # shared: never waits, but for an opener's probe
    except OSError as exc:  # a file system without flock: the write guard still holds
        os.close(mark)
        log.warning(
            "%s: no open mark (flock: %s); a WAL deleted under it is found on writing", db_path, exc
        )
        return None
    return mark


def refuse_opening_beside_lost_wal(db_path: Path) -> None:
    """Raise :class:`WalFileReplaced` when the database at ``db_path`` has no WAL while
    another program has it open (its :class:`WalFileGuard` holds the open mark, taken only
    once its WAL was open, which SQLite deletes only at the last close): that program's
    commits not yet in the database file are in the deleted WAL, and a fresh WAL here would
    hand out its case numbers again. Call before SQLite opens the file."""
    if os.name != "posix" or _identity(wal_path(db_path)) is not None:
        return
    try:
        mark = os.open(mark_path(db_path), os.O_RDONLY)
    except OSError:  # no mark: nobody ever held it here (or it cannot be read)
        return
    try:
        if not _held_by_another(mark):
            return
    finally:
        os.close(mark)
    log.error("%s has no WAL while another program holds it open: opening refused", db_path)
    raise WalFileReplaced(
        f"数据库的日志文件 {wal_path(db_path)} 已被删除，而另一个程序仍在使用数据库 {db_path}："
        "现在打开会丢失那个程序保存的办件，并可能重复发出办件编号，因此没有打开。请信息技术人员"
        "关闭本机所有 counter-app 程序（窗口、同步服务、正在运行的命令；最后关闭的程序会把它"
        "保存的内容写回数据库），然后运行 counter-app doctor 检查数据库；今后不要删除数据目录中"
        "的 -wal、-shm 文件。",
        f"The database's log file {wal_path(db_path)} was deleted while another program still "
        f"uses the database {db_path}: opening it now would lose the cases that program saved "
        "and could give their case numbers again, so it was not opened. IT closes every "
        "counter-app program on this PC (the window, the sync service, any command running; "
        "the last to close writes what it saved back into the database), then runs "
        "counter-app doctor to check the database; never delete the -wal and -shm files in "
        "the home.",
    )


def _held_by_another(fd: int) -> bool:
    """Whether another open file description holds the open mark on the file ``fd`` reads
    (asked without waiting; an exclusive mark taken here is given back at once)."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # a file system without flock holds no marks either
        return False
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    return False
