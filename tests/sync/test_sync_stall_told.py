"""A sync that stopped making progress shows before ``sync.offline_warn_hours``: doctor warns
when a case has waited, or no sync was tried, for several sync intervals, and says whether a
sync process is there (stopped by SIGSTOP, running, or none with the window closed); the
window's runner logs a child that stopped reporting and shows it, and kills nothing; the
problem cases held for a supervisor come with the command that lists them."""

from __future__ import annotations

import logging
import os
import queue
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from counter_app.config import Config, load_config, update_user_config
from counter_app.domain.hall_time import hall_time_text
from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from sync.background import SyncProcess
from sync.doctor import sync_checks
from sync.status import STALLED_AFTER_INTERVALS, SyncStatus
from tests.processes import alive
from tests.sync.backlog import SEEDED_AT, seed_cases
from tests.sync.conftest import HALL
from tests.sync.damage import conflicting_case
from tests.waiting import DEFAULT_TIMEOUT, wait_until

REPO = Path(__file__).resolve().parents[2]
# A program that syncs this home: it takes the home's sync lock, as a run does, and holds it.
LOCK_HOLDER = (
    "import sys; from pathlib import Path; from sync.lock import SyncLock; "
    "SyncLock(Path(sys.argv[1])).acquire_or_raise(); print('held', flush=True); sys.stdin.read()"
)


@contextmanager
def _sync_lock_holder(home: Home) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(home.root)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        os.kill(holder.pid, signal.SIGCONT)
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(DEFAULT_TIMEOUT)
        assert holder.stdout is not None
        holder.stdout.close()


def _sync_check(home: Home, config: Config) -> tuple[str, str]:
    check = sync_checks(home, config)[0]
    assert check.name == "sync"
    return check.status, check.detail


def test_a_stopped_sync_process_with_a_case_waiting_is_warned_of_and_named(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 1, hall=HALL, queued_at=SEEDED_AT)  # days ago
    offline_policy.record_success(sync_store, SEEDED_AT)
    with _sync_lock_holder(home) as holder:
        os.kill(holder.pid, signal.SIGSTOP)
        state, detail = _sync_check(home, enrolled)
    assert state == "warn", detail
    seeded = hall_time_text(to_text(SEEDED_AT))
    assert f"最早的待上传办件自 {seeded} 起已等待" in detail
    assert f"上次同步尝试 {seeded}（每 30 秒同步一次）" in detail
    assert (
        f"同步进程 {holder.pid} 已被暂停（SIGSTOP），kill -CONT {holder.pid} 可让它继续" in detail
    )


def test_a_closed_window_with_a_case_waiting_says_nothing_syncs_it(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 1, hall=HALL, queued_at=SEEDED_AT)
    offline_policy.record_success(sync_store, SEEDED_AT)
    with _sync_lock_holder(home) as holder:
        pass  # the last program to sync has ended
    assert not alive(holder.pid)
    update_user_config(home, {"ui": {"lang": "en"}})
    state, detail = _sync_check(home, load_config(home))
    assert state == "warn", detail
    assert "the oldest case waiting to upload has waited since" in detail
    assert "a sync runs every 30 s" in detail
    assert "the counter window is not open and no counter-app sync runs" in detail


def test_a_window_that_syncs_on_time_is_no_stall(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    state, detail = _sync_check(home, enrolled)  # enrolment synced just now, nothing waits
    assert state == "ok", detail
    assert "同步尝试" not in detail and "待上传办件自" not in detail


def test_the_problem_cases_come_with_the_command_that_lists_them(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    conflicting_case(home, enrolled, sync_store)
    state, detail = _sync_check(home, enrolled)
    assert state == "warn"
    assert "待值班长处理 1 件" in detail and "列出这些办件：counter-app queue --problems" in detail


def _first(statuses: queue.Queue[SyncStatus], wanted: Callable[[SyncStatus], bool]) -> SyncStatus:
    def reported() -> SyncStatus | None:
        while not statuses.empty():
            status = statuses.get_nowait()
            if wanted(status):
                return status
        return None

    return wait_until(reported, "the sync process to report the expected status")


def test_the_window_logs_and_shows_a_sync_process_that_stopped_reporting_and_kills_nothing(
    home: Home, enrolled: Config, sync_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # An hour's interval: after its first run and beat the child is quiet for an hour, and
    # nothing but this test asks whether it went quiet.
    update_user_config(home, {"sync": {"interval_seconds": 3600}})
    config = load_config(home)
    now = [0.0]
    statuses: queue.Queue[SyncStatus] = queue.Queue()
    process = SyncProcess(home, config, statuses.put, monotonic=lambda: now[0])
    process.start()
    try:
        _first(statuses, lambda s: s.heartbeat_at is not None)  # its first turn is done
        pid = process.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)
        with caplog.at_level(logging.WARNING, logger="sync.background"):
            now[0] += STALLED_AFTER_INTERVALS * 3600 - 1
            process.check_progress()
            assert not caplog.records  # not yet
            now[0] += 2
            process.check_progress()
            stalled = _first(statuses, lambda s: s.last_error_code == "sync_process_stalled")
            process.check_progress()  # told once
            [error] = caplog.records
            assert error.levelno == logging.ERROR and f"sync process {pid}" in error.getMessage()
            assert "nothing is killed" in error.getMessage()
            assert alive(pid) and process.pid == pid

            os.kill(pid, signal.SIGCONT)
            process.sync_now()
            _first(statuses, lambda s: s.last_error_code != "sync_process_stalled")
            wait_until(lambda: len(caplog.records) == 2 or None, "the runner to log the return")
            assert "reports again" in caplog.records[1].getMessage()
    finally:
        process.stop()
    assert f"同步程序（进程 {pid}）已约" in (stalled.last_error_zh or "")
    assert stalled.last_error_en and "no progress" in stalled.last_error_en
    assert process.restarts == 0
