"""Back up and restore a SQLite platform store with the SQLite backup API, as IT does."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def copy_store(source: str | Path, target: str | Path) -> None:
    """Copy the store at ``source`` over ``target`` (a backup, or its restore)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
