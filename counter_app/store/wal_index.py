"""Reading the WAL index: the ``-shm`` file beside a database in WAL mode, which every
connection maps and SQLite rebuilds from the WAL (checking each frame's checksum) when the
first connection opens the database (https://www.sqlite.org/walformat.html). Read without
SQLite's locks, so each answer is for a caller that can live with a stale one or that holds
a read transaction of its own while it asks; through ``held_files``, so a read never closes a
descriptor of the file while this process's connection holds its lock on it.

Its layout, in the machine's byte order: two copies of a 48-byte header (``mxFrame``, the
WAL's last valid frame, at byte 16), then the checkpoint information (``nBackfill``, the
frames already copied into the database file, first), then the page number of each frame:
4,062 in the first 32 KiB block after its 136 header bytes, 4,096 at the start of each later
block, each list followed by a hash table of the block's frames.
"""

from __future__ import annotations

import struct
from pathlib import Path

from counter_app.store.held_files import read_file

_FRAMES = struct.Struct("=16xI76xI")  # mxFrame, nBackfill
_HEADER = struct.Struct("=I8xB3xI")  # iVersion, isInit, mxFrame
_HEADER_COPY_BYTES = 48
_INDEX_HEADER_BYTES = 136  # the two header copies and the checkpoint information
_VERSION = 3007000
_BLOCK_BYTES = 32 * 1024
_BLOCK_FRAMES = 4096
_FIRST_BLOCK_FRAMES = _BLOCK_FRAMES - _INDEX_HEADER_BYTES // 4


def _index_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-shm")


def wal_frames_pending(db_path: Path) -> int | None:
    """Frames in the WAL not yet copied into the database file; ``None`` when there is no
    WAL index. A read torn by a concurrent commit can only move one idle checkpoint a
    little."""
    read = read_file(_index_path(db_path), db_path, _FRAMES.size)
    if read is None:
        return None
    header = read[0]
    if len(header) < _FRAMES.size:
        return None
    last_frame, copied = _FRAMES.unpack(header)
    return max(last_frame - copied, 0)


def pages_in_wal(db_path: Path) -> set[int] | None:
    """The numbers of the pages the WAL's valid frames hold, newest or not; ``None`` when
    the index is missing, not built or being rewritten (its two header copies differ)."""
    read = read_file(_index_path(db_path), db_path)
    if read is None:
        return None
    index = read[0]
    if len(index) < _INDEX_HEADER_BYTES or (
        index[:_HEADER_COPY_BYTES] != index[_HEADER_COPY_BYTES : 2 * _HEADER_COPY_BYTES]
    ):
        return None
    version, built, last_frame = _HEADER.unpack_from(index)
    if version != _VERSION or not built:
        return None
    pages: set[int] = set()
    block, listed = 0, 0
    while listed < last_frame:
        start = _INDEX_HEADER_BYTES if block == 0 else block * _BLOCK_BYTES
        count = min(_FIRST_BLOCK_FRAMES if block == 0 else _BLOCK_FRAMES, last_frame - listed)
        if start + 4 * count > len(index):
            return None
        pages.update(struct.unpack_from(f"={count}I", index, start))
        block, listed = block + 1, listed + count
    return pages
