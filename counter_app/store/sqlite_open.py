"""How the counter's and the platform's SQLite stores open their files: a new file created
owner-only, and the settings a new connection makes, retried while another holds the file.

Switching a database to WAL (on a new file, or recovering a WAL after a crash) takes a lock
SQLite's busy handler does not wait for: a second program opening the same file at that
moment is told "database is locked" at once, whatever its busy timeout. Both the counter's
store and the platform's SQLite store open their files through :func:`apply_pragma`, so a
command started beside a running or starting program waits its turn instead of failing (or,
worse, taking a held lock for a damaged file).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from pathlib import Path

log = logging.getLogger(__name__)

RETRY_SECONDS = 0.05


def create_owner_only(path: Path) -> None:
    """``path`` created empty and owner-only (0600) before SQLite opens it, whatever the
    umask (a store holds personal data, licence files, password verifiers); SQLite gives the
    -wal and -shm files it creates later the database file's mode. A file already there, a
    store or whatever else the opening then judges, is left as it is."""
    if os.name == "posix":
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def primary_code(exc: BaseException) -> int:
    """SQLite's primary result code of ``exc`` (its extended code's low byte; 0 for an
    exception that is not SQLite's)."""
    return int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds a lock (SQLITE_BUSY and its
    extended codes, such as a recovery in progress), not because the file is bad."""
    return primary_code(exc) == sqlite3.SQLITE_BUSY


def apply_pragma(conn: sqlite3.Connection, pragma: str, wait_seconds: float) -> None:
    """``PRAGMA <pragma>`` on ``conn``, retried for up to ``wait_seconds`` while busy; a busy
    answer still there after that is raised as it came."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            conn.execute(f"PRAGMA {pragma}")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
            log.info("database busy at PRAGMA %s, retrying: %s", pragma, exc)
            time.sleep(RETRY_SECONDS)
