"""The background scheduler's triggers (new case, sync now, connectivity returning) against a
real platform, and the offline warning in the status (the policy itself: tests/services)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import timedelta

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import (
    IDLE_CHECKPOINT_FRAMES,
    Store,
    open_store,
)
from counter_app.store.wal_index import wal_frames_pending
from sync.backoff import Backoff
from sync.scheduler import SyncScheduler
from sync.status import read_status
from tests.central.server_fixture import RunningCentral
from tests.sync import fault_proxy as fp
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine, platform_versions
from tests.sync.offset_clock import OffsetClock
from tests.sync.status_watcher import StatusWatcher


def test_scheduler_syncs_new_cases_and_resumes_when_the_platform_returns(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    host, port = central.url.removeprefix("http://").split(":")
    proxy = fp.FaultProxy(host, int(port)).start()
    config = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url))
    engine = make_engine(home, config, sync_store, run_backoff=Backoff(0.01, 0.02), run_retries=1)
    scheduler = SyncScheduler(engine, interval_seconds=3600, probe_backoff=Backoff(0.05, 0.2))
    watcher = StatusWatcher()
    engine.board.subscribe(watcher)
    platform = central
    try:
        scheduler.start()
        watcher.wait_for(lambda s: s.connectivity == "online")
        first = seed_cases(sync_store, 3, hall=HALL)
        mark = watcher.mark()
        synced_before = watcher.seen[-1].last_success_at
        scheduler.notify_new_case()
        # A run's end, not a heartbeat repeating the backlog the board held before the cases.
        watcher.wait_for(
            lambda s: (
                s.connectivity == "online" and s.backlog == 0 and s.last_success_at != synced_before
            ),
            mark,
        )
        assert set(platform_versions(platform.db)) == {c.case_id for c in first}

        platform.kill9()
        later = seed_cases(sync_store, 2, hall=HALL, start=10)
        mark = watcher.mark()
        scheduler.sync_now()
        offline = watcher.wait_for(lambda s: s.connectivity == "offline", mark)
        assert offline.backlog == 2 and offline.last_error_zh
        platform = platform.restart()
        mark = watcher.mark()
        proxy.upstream = ("127.0.0.1", int(platform.url.rsplit(":", 1)[1]))
        # No trigger from the test: the health probe notices the platform is back.
        watcher.wait_for(lambda s: s.connectivity == "online" and s.backlog == 0, mark)
        assert set(platform_versions(platform.db)) == {c.case_id for c in first + later}
    finally:
        scheduler.stop()
        proxy.stop()
        if platform.process.poll() is None:
            platform.stop()
    assert scheduler._thread is not None and not scheduler._thread.is_alive()


@dataclass(frozen=True)
class RecordedBackoff(Backoff):
    """A real full-jitter backoff that also records which attempt each delay was asked for."""

    attempts: list[int] = field(default_factory=list, compare=False)
    enough: threading.Event = field(default_factory=threading.Event, compare=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        self.attempts.append(attempt)
        if len(self.attempts) >= 4:
            self.enough.set()
        return super().delay(attempt, retry_after)


def test_runs_failing_behind_a_firewall_that_blocks_uploads_back_off_more_each_time(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seed_cases(sync_store, 3, hall=HALL)
    host, port = central.url.removeprefix("http://").split(":")
    # The health probe gets through, every upload gets the firewall's 403 page: a probe
    # alone would say "back online" after every failed run.
    with fp.FaultProxy(host, int(port), lambda: fp.PAGE_403, only="POST ") as proxy:
        config = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url))
        engine = make_engine(home, config, sync_store)
        probe_backoff = RecordedBackoff(0.01, 0.05)
        scheduler = SyncScheduler(engine, interval_seconds=3600, probe_backoff=probe_backoff)
        scheduler.start()
        try:
            assert probe_backoff.enough.wait(timeout=30)  # set by the 4th backoff: an event
        finally:
            scheduler.stop()
    assert probe_backoff.attempts[:4] == [1, 2, 3, 4]
    assert any(line.startswith("POST ") for _, line in proxy.requests)
    status = read_status(home, config, sync_store)
    assert (status.connectivity, status.backlog, status.needs_supervisor) == ("offline", 3, 0)
    assert status.last_error_code == "not_the_platform"


def test_the_status_carries_the_offline_warning_by_the_sync_clock(
    home: Home, store: Store, config: Config
) -> None:
    online = replace(
        config,
        sync=replace(config.sync, url="https://platform.example.gov.cn", offline_warn_hours=4),
    )
    seed_cases(store, 1, hall=HALL)
    assert read_status(home, online, store).offline_warning_zh is None
    status = read_status(home, online, store, OffsetClock(timedelta(hours=5)))
    assert (
        status.offline_warning_zh and "已约5小时未与中心平台同步成功" in status.offline_warning_zh
    )
    assert status.offline_warning_en and "5 hours" in status.offline_warning_en
    assert status.backlog == 1


def test_a_workstation_not_enrolled_is_told_how_to_enrol(
    home: Home, store: Store, config: Config
) -> None:
    seed_cases(store, 1, hall=HALL)
    online = replace(config, sync=replace(config.sync, url="https://platform.example.gov.cn"))
    engine = make_engine(home, online, store)
    summary = engine.run_once()
    assert summary.error is not None and summary.error["code"] == "not_enrolled"
    assert "counter-app enroll" in summary.error["message"] and summary.pending == 1
    assert engine.board.status.connectivity == "unknown" and not engine.board.status.enrolled


def _one_scheduled_run(home: Home, config: Config, checkpoint_frames: int) -> None:
    """One run of a scheduler on its own connection (it fails: the home is not enrolled),
    its checkpoint included."""
    sync_connection = open_store(home, config, role="sync")
    engine = make_engine(home, config, sync_connection)
    scheduler = SyncScheduler(engine, interval_seconds=3600, checkpoint_frames=checkpoint_frames)
    watcher = StatusWatcher()
    engine.board.subscribe(watcher)
    try:
        scheduler.start()
        watcher.wait_for(lambda s: s.last_error_code == "not_enrolled")
    finally:
        scheduler.stop()  # returns once the loop, checkpoint included, has ended
        sync_connection.close()


def test_the_scheduler_checkpoints_what_the_window_wrote_once_it_is_worth_copying(
    home: Home, store: Store, config: Config
) -> None:
    """The window's connection never checkpoints (tests/services/test_intake_checkpoints.py):
    the sync process does, after a run (also one that could not reach the platform), once
    the WAL holds ``checkpoint_frames`` frames not yet copied."""
    seed_cases(store, 20, hall=HALL)
    untouched = home.db_path.read_bytes()
    pending = wal_frames_pending(home.db_path)
    assert pending is not None and 0 < pending < IDLE_CHECKPOINT_FRAMES // 2
    _one_scheduled_run(home, config, checkpoint_frames=IDLE_CHECKPOINT_FRAMES)
    assert home.db_path.read_bytes() == untouched
    _one_scheduled_run(home, config, checkpoint_frames=pending)
    assert home.db_path.read_bytes() != untouched
    busy, in_wal, copied = store.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, in_wal) == (0, copied)
