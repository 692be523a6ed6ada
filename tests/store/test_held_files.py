"""A second store opened and closed in the same process never drops the first one's SQLite
locks: closing any descriptor of a file releases every POSIX lock the process holds on it,
so without ``held_files`` the second store's direct reads of the database file (its header
check) and of the WAL index let another program's close be the "last" one, which
checkpoints and deletes the WAL the first store still writes to."""

from __future__ import annotations

import subprocess
import sys

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.sequences import CASE_NUMBERS, take_next
from counter_app.store.timestamps import utc_now
from counter_app.store.wal_file_guard import wal_path

# Another program reading the store and closing: the last close of every program would
# checkpoint and delete the WAL.
_READ_AND_CLOSE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
conn.close()
"""


def test_a_second_store_in_the_same_process_keeps_the_first_ones_locks(
    home: Home, config: Config
) -> None:
    first = open_store(home, config)
    try:
        with first.transaction() as db:
            taken = take_next(db, CASE_NUMBERS, hall_today(utc_now()))
        second = open_store(home, config)  # reads the header and the WAL index directly
        first.checkpoint(min_frames=10**9)  # reads the WAL index only: nothing to copy yet
        second.close()
        subprocess.run(
            [sys.executable, "-c", _READ_AND_CLOSE, str(home.db_path)], check=True, timeout=120
        )
        assert wal_path(home.db_path).exists()  # not the last close: the first store holds it
        with first.transaction() as db:  # its WAL is still the file at the path
            assert take_next(db, CASE_NUMBERS, hall_today(utc_now())) == taken + 1
    finally:
        first.close()
