"""A backup onto a medium with less room than the database takes is refused before a byte is
written, naming the room it has and the room it needs, and leaves nothing behind: not the
unfinished copy, not the journal a large copy stopped half-way left
(counter_app/store/snapshot.py). The media are real
tmpfs, mounted in a mount namespace of the command's own (``on_a_small_disk``)."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from tests.store.disk_faults import on_a_small_disk

# Backs the home $3 up onto the small file system at $1 with the Python $2, and lists what is
# left on it before the namespace (and the file system) goes.
BACKUP_ONTO_A_SMALL_MEDIUM = (
    '"$2" -m counter_app.cli.main --home "$3" backup "$1/counter-backup.db"; status=$?; '
    'echo "left on the medium:"; ls -A "$1"; exit $status'
)


def database_size(home: Home) -> int:
    with open_store(home, load_config(home)) as store:
        pages, page_size = (
            store.db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "page_size")
        )
    return int(pages) * int(page_size)


def back_up_onto(home: Home, medium: Path, size: str) -> tuple[int, str, list[str]]:
    """The backup command's exit status, its stderr and what it left on a ``size`` medium."""
    medium.mkdir()
    done = on_a_small_disk(medium, size, BACKUP_ONTO_A_SMALL_MEDIUM, sys.executable, str(home.root))
    assert "left on the medium:" in done.stdout, done.stdout + done.stderr
    return done.returncode, done.stderr, done.stdout.split("left on the medium:")[1].split()


def test_a_medium_with_too_little_room_is_refused_before_anything_is_written(
    home: Home, tmp_path: Path
) -> None:
    assert database_size(home) > 64 * 1024, "the store must not fit on the medium"

    status, said, left = back_up_onto(home, tmp_path / "usb", "64k")

    assert status == 2, said
    assert "只有 0 MB 可用" in said and "没有开始写入" in said
    assert "has 0 MB free" in said and "nothing was written" in said
    assert left == []


# Copies the database $3 onto the small file system at $1 with the Python $2, and lists what
# is left on it.
COPY_ONTO_A_SMALL_MEDIUM = (
    '"$2" -c "$4" "$1/copy.db" "$3"; status=$?; '
    'echo "left on the medium:"; ls -A "$1"; exit $status'
)
COPY = """
import sqlite3, sys
from pathlib import Path
from counter_app.store.snapshot import copy_database
copy_database(sqlite3.connect(sys.argv[2]), Path(sys.argv[1]))
"""


def test_a_large_copy_stopped_half_way_leaves_no_journal_behind(tmp_path: Path) -> None:
    # Larger than SQLite's page cache, so the copy spills pages and journals them; on half the
    # room it needs it used to fail half-way and leave that journal (the probe's 831 MB copy
    # onto a 200 MB stick): now it is refused before anything is written.
    database = tmp_path / "large.db"
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE filler (padding BLOB NOT NULL)")
        db.executemany("INSERT INTO filler VALUES (randomblob(1000))", [()] * 12_000)
    medium = tmp_path / "usb"
    medium.mkdir()
    size = database.stat().st_size
    done = on_a_small_disk(
        medium, f"{size // 2048}k", COPY_ONTO_A_SMALL_MEDIUM, sys.executable, str(database), COPY
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert "CopyNotWritten" in done.stderr and "没有开始写入" in done.stderr
    left = done.stdout.split("left on the medium:")[1].split()
    assert left == []  # neither ``.copy.db.….partial`` nor its ``-journal``
