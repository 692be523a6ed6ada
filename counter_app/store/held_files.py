"""Reading the database file and its WAL index directly without dropping SQLite's locks.

POSIX advisory locks belong to a process and a file, not to a descriptor: closing *any*
descriptor of a file releases every lock the process holds on it, SQLite's included
(SQLite's "How To Corrupt An SQLite Database File", §2.2). SQLite's shared lock on the
database file is what stops another program's last close from checkpointing and deleting
the WAL this process still writes to; its lock on the ``-shm`` file says the WAL index is in
use and must not be rebuilt under it. So the store's few direct reads of those two files
(the header check before opening, the WAL index's frame counts for the idle checkpoint)
never close a descriptor of a file a store of this process has open: while a :class:`Store`
of this process uses a database, each of the two files is read through one descriptor,
opened at the first read and closed only when that database's last store here closes.
With no store of this process on the database, a read opens and closes as any read does:
no store of ours holds a lock on it then (a restore's own connections, made without a store,
run while it holds the home alone).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

_lock = threading.Lock()
_users: Counter[Path] = Counter()  # a database's path → the stores of this process using it
# A held file's path → its descriptors: the file at the path now, and any it replaced while
# held (a restore renames a new database into place), kept until the database is let go.
_held: dict[Path, list[int]] = {}


def _key(path: Path) -> Path:
    return Path(os.path.realpath(path))  # one database reached through a symlink is one


def _index_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-shm")


def store_opened(db_path: Path) -> None:
    """A store of this process now uses the database at ``db_path``."""
    with _lock:
        _users[_key(db_path)] += 1


def store_closing(db_path: Path) -> None:
    """A store of this process has closed its connection to ``db_path``: when it was the
    last, the descriptors held for the database go (after SQLite's close: until then its
    locks must stand, and the held descriptors hold none of their own)."""
    key = _key(db_path)
    with _lock:
        _users[key] -= 1
        if _users[key] > 0:
            return
        del _users[key]
        for path in (key, _index_path(key)):
            for descriptor in _held.pop(path, []):
                os.close(descriptor)


def read_file(path: Path, db_path: Path, limit: int | None = None) -> tuple[bytes, int] | None:
    """The first ``limit`` bytes (all when None) of ``path`` — the database ``db_path`` or
    its ``-shm`` — and the file's size; None when there is no such file."""
    key, database = _key(path), _key(db_path)
    with _lock:
        if _users[database] == 0:
            try:
                with open(key, "rb") as handle:
                    return _read(handle.fileno(), limit)
            except FileNotFoundError:
                return None
        descriptor = _descriptor(key)
        if descriptor is None:
            return None
        return _read(descriptor, limit)


def _descriptor(path: Path) -> int | None:
    """The held descriptor of the file now at ``path`` (opened and kept when new)."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return None
    held = _held.setdefault(path, [])
    for descriptor in held:
        status = os.fstat(descriptor)
        if (status.st_dev, status.st_ino) == (now.st_dev, now.st_ino):
            return descriptor
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    held.append(descriptor)
    return descriptor


def _read(descriptor: int, limit: int | None) -> tuple[bytes, int]:
    size = os.fstat(descriptor).st_size
    return os.pread(descriptor, size if limit is None else min(limit, size), 0), size
