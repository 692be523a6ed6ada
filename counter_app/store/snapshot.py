"""Consistent copies of a live database through SQLite's backup API (never a file copy,
which could catch a half-written page or miss what is still in the WAL)."""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path


def copy_database(source: sqlite3.Connection, destination: Path) -> None:
    """Write a consistent single-file copy of ``source`` to ``destination``.

    Refuses to overwrite (``FileExistsError``). The copy is built beside the destination,
    switched to rollback-journal mode so it is one self-contained file, fsynced, and only
    then linked into place: a crash leaves either no destination or a complete one.
    """
    if destination.exists():
        raise FileExistsError(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.{secrets.token_hex(8)}.partial")
    # Created owner-only before SQLite opens it: the copy holds names and ciphertexts.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    target = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    try:
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.link(partial, destination)
    finally:
        partial.unlink()
