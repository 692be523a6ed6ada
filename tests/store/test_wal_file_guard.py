"""The store's WAL deleted under a running program: the program keeps writing nothing to
the unlinked file, the next program does not open beside it, and no case number is handed
out twice; what SQLite itself does to the WAL never sets the guard off."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.store.database import Store, open_store
from counter_app.store.sequences import CASE_NUMBERS, take_next
from counter_app.store.timestamps import utc_now
from counter_app.store.wal_file_guard import WalFileReplaced, wal_path

# Another program of the counter (a command, the sync service) taking the day's next case
# number in its own write transaction, as intake does; prints it, or the refusal as the
# commands print one.
_ANOTHER_PROGRAM = """
import sys
from pathlib import Path
from counter_app.config import load_config
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.sequences import CASE_NUMBERS, take_next
from counter_app.store.timestamps import utc_now

home = Home(Path(sys.argv[1]))
try:
    with open_store(home, load_config(home)) as store, store.transaction() as db:
        print(take_next(db, CASE_NUMBERS, hall_today(utc_now())))
except CounterError as exc:
    print(exc.zh, file=sys.stderr)
    sys.exit(2)
"""


def _in_another_program(home: Home) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _ANOTHER_PROGRAM, str(home.root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _delete_wal_and_index(home: Home) -> None:
    wal = wal_path(home.db_path)
    wal.unlink()
    wal.with_name(home.db_path.name + "-shm").unlink()


def _hand_out_a_number(store: Store) -> int:
    with store.transaction() as db:
        return take_next(db, CASE_NUMBERS, hall_today(utc_now()))


def test_a_wal_deleted_under_a_running_program_stops_both_and_repeats_no_number(
    home: Home, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    assert _in_another_program(home).stdout == "1\n"  # closed: all in the database file
    running = open_store(home, config)
    try:
        # Committed to the WAL only (nothing checkpoints on a commit): the file about to go.
        taken = _hand_out_a_number(running)
        assert taken == 2
        _delete_wal_and_index(home)

        opened_beside = _in_another_program(home)
        assert opened_beside.returncode == 2 and "Traceback" not in opened_beside.stderr
        assert (
            f"数据库的日志文件 {wal_path(home.db_path)} 已被删除，而另一个程序仍在使用数据库"
            in opened_beside.stderr
        )
        assert "关闭本机所有 counter-app 程序" in opened_beside.stderr
        assert "counter-app doctor" in opened_beside.stderr

        with caplog.at_level(logging.ERROR), pytest.raises(WalFileReplaced) as refused:
            _hand_out_a_number(running)
        assert "被删除或替换" in refused.value.zh and "counter-app doctor" in refused.value.zh
        assert "writes nothing more" in refused.value.en
        assert any(
            record.levelno == logging.ERROR and "writing refused" in record.getMessage()
            for record in caplog.records
        )
        with pytest.raises(WalFileReplaced):
            running.checkpoint(wal_limit_bytes=0)
    finally:
        running.close()  # the last to close: its WAL is checkpointed into the database file
    # The number taken before the deletion is not given again, nor the refused one.
    assert _in_another_program(home).stdout == f"{taken + 1}\n"


def test_what_sqlite_does_to_the_wal_is_not_taken_for_a_deletion(
    home: Home, config: Config
) -> None:
    running = open_store(home, config)
    try:
        assert _hand_out_a_number(running) == 1
        running.checkpoint(wal_limit_bytes=0)  # TRUNCATE: the WAL emptied, the same file
        assert wal_path(home.db_path).stat().st_size == 0
        # Another program opens, writes and closes beside it: its close is not the last.
        assert _in_another_program(home).stdout == "2\n"
        sync = open_store(home, config, role="sync")
        sync.close()
        assert _hand_out_a_number(running) == 3
        running.checkpoint()
    finally:
        running.close()
    # Closed last, the WAL is gone with it: the next opening starts one of its own.
    assert not wal_path(home.db_path).exists()
    assert _in_another_program(home).stdout == "4\n"
