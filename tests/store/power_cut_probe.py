"""What the power-cut disk keeps and loses, for ``test_power_cut_disk.py``: run as
``python -m tests.store.power_cut_probe WORK HOW`` in a mount namespace of its own. Prints
one JSON object."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

from counter_app.durable_files import sync_directory
from tests.store.power_cut_disk import PowerCutDisk

ROWS = 50


def _write(path: Path, data: bytes, *, sync: bool) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        if sync:
            os.fsync(handle.fileno())


def _rows(path: Path, synchronous: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("CREATE TABLE t (x BLOB)")
    for _ in range(ROWS):
        with conn:
            conn.execute("INSERT INTO t VALUES (randomblob(3000))")
    conn.close()


def _count(path: Path) -> int | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM t").fetchone()[0])
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def main(work: Path, how: str) -> dict[str, object]:
    disk = PowerCutDisk.booted_under(work)
    root = disk.mountpoint
    _write(root / "old", b"old", sync=False)
    (root / "dir").mkdir()
    disk.sync()  # the state before the day's work
    _write(root / "old", b"new", sync=False)
    _write(root / "dir" / "synced", b"synced", sync=True)
    sync_directory(root / "dir")
    _rows(root / "dir" / "full.db", "FULL")
    _rows(root / "dir" / "off.db", "OFF")
    sync_directory(root / "dir")  # both databases' names are durable
    _write(root / "dir" / "name-never-synced", b"data synced", sync=True)
    disk.cut(how)
    disk.boot()
    try:
        return {
            "old": (root / "old").read_text(),
            "synced": (root / "dir" / "synced").read_text(),
            "name_never_synced": (root / "dir" / "name-never-synced").exists(),
            "full_rows": _count(root / "dir" / "full.db"),
            "off_rows": _count(root / "dir" / "off.db"),
        }
    finally:
        disk.cut("lose")


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
