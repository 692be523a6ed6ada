"""The WAL index read as SQLite lays it out: the pages it lists are exactly those the WAL
file's frames hold (each frame's header names its page, big-endian), across the first
block of the index and the next."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from counter_app.store.wal_index import pages_in_wal, wal_frames_pending

WAL_HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
FIRST_BLOCK_FRAMES = 4062  # the frames the index's first block lists


def _pages_of_the_wal_file(wal: bytes, page_size: int) -> set[int]:
    frame_bytes = FRAME_HEADER_BYTES + page_size
    frames = (len(wal) - WAL_HEADER_BYTES) // frame_bytes
    return {
        struct.unpack_from(">I", wal, WAL_HEADER_BYTES + frame * frame_bytes)[0]
        for frame in range(frames)
    }


def test_the_pages_listed_are_the_wal_files(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    assert pages_in_wal(path) is None and wal_frames_pending(path) is None
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("CREATE TABLE t (x TEXT)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        for rows in (3, 60_000, 3):  # the second commit fills the first block and goes on
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO t VALUES (?)", (("y" * 300,) for _ in range(rows)))
            conn.execute("COMMIT")
            wal = path.with_name("t.db-wal").read_bytes()
            frames = (len(wal) - WAL_HEADER_BYTES) // (FRAME_HEADER_BYTES + page_size)

            assert pages_in_wal(path) == _pages_of_the_wal_file(wal, page_size)
            assert wal_frames_pending(path) == frames
        assert frames > FIRST_BLOCK_FRAMES
    finally:
        conn.close()
