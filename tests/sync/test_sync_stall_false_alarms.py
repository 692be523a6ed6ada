"""No false "sync stalled": a sync that goes on probing through an outage is not taken by
doctor for one that stopped (a failed probe is recorded as an attempt, and waiting cases
are the offline warning's to tell); where no /proc tells how a process is (Windows), an
idle closed window is expected to sync nothing; and a long run (many batches, feed pages,
pages of a walk) beats as it goes, so the window does not take it for a hung one."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from central.store import open_store as open_central_store
from central.store import publishing
from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, utc_now
from sync import doctor
from sync.backoff import Backoff
from sync.clock import SystemClock
from sync.doctor import sync_checks
from sync.lock import SyncLock
from sync.own_cases import META_WALK, recover_own_cases, walk_from_the_start
from sync.pull import Feed, FeedPull, apply_notice
from sync.scheduler import SyncScheduler
from sync.status import read_status
from sync.wire.notices import Notice
from tests.central.server_fixture import RunningCentral
from tests.sync.backlog import SEEDED_AT, seed_cases
from tests.sync.conftest import HALL, closed_address, make_engine
from tests.sync.offset_clock import OffsetClock
from tests.sync.status_watcher import StatusWatcher


def _sync_detail(home: Home, config: Config) -> tuple[str, str]:
    check = sync_checks(home, config)[0]
    assert check.name == "sync"
    return check.status, check.detail


def test_a_sync_probing_through_a_long_outage_is_no_stall(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 1, hall=HALL, queued_at=SEEDED_AT)  # waiting for days
    offline_policy.record_success(sync_store, SEEDED_AT)
    config = replace(enrolled, sync=replace(enrolled.sync, url=closed_address()))
    # The run that found the platform gone was an hour ago; only probes went on since.
    clock = OffsetClock(timedelta(hours=-1))
    engine = make_engine(home, config, sync_store, clock=clock, run_retries=0)
    scheduler = SyncScheduler(engine, interval_seconds=30, probe_backoff=Backoff(0.01, 0.05))
    statuses = StatusWatcher()
    engine.board.subscribe(statuses)
    scheduler.start()
    try:
        run = statuses.wait_for(lambda s: s.connectivity == "offline")
        assert run.last_attempt_at is not None
        clock.offset = timedelta(0)
        probe = statuses.wait_for(
            lambda s: (
                s.last_attempt_at is not None
                and from_text(s.last_attempt_at) > utc_now() - timedelta(minutes=1)
            )
        )
    finally:
        scheduler.stop()
    assert scheduler.runs == 1  # the probes are what went on: no run since
    stored = read_status(home, config, sync_store)
    assert stored.connectivity == "offline"
    assert stored.last_attempt_at is not None and probe.last_attempt_at is not None
    assert stored.last_attempt_at >= probe.last_attempt_at > run.last_attempt_at
    # This process ran the sync (it holds no lock now, but runs): doctor finds it running.
    state, detail = _sync_detail(home, config)
    assert "同步尝试" not in detail and "没有进展" not in detail, detail
    assert "待上传办件自" not in detail, detail
    assert state == "warn" and "未与中心平台同步成功" in detail  # the offline warning says it


@pytest.fixture
def no_proc(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system without /proc (Windows): how a process is cannot be told."""
    monkeypatch.setattr(doctor, "_process_state", lambda pid: "unknown")


def _a_program_synced(home: Home) -> None:
    """A program took the home's sync lock and let it go: its pid stays in the lock file."""
    lock = SyncLock(home.root)
    lock.acquire_or_raise()
    lock.release()
    assert home.sync_lock_path.read_text()


@pytest.mark.usefixtures("no_proc")
def test_without_proc_an_idle_closed_window_is_no_stall(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    offline_policy.record_success(sync_store, SEEDED_AT)  # nothing synced for days
    _a_program_synced(home)
    _, detail = _sync_detail(home, enrolled)
    assert "同步尝试" not in detail and "同步进程" not in detail, detail


@pytest.mark.usefixtures("no_proc")
def test_without_proc_a_case_waiting_long_is_told_with_the_process_unknown(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 1, hall=HALL, queued_at=SEEDED_AT)
    offline_policy.record_success(sync_store, SEEDED_AT)
    _a_program_synced(home)
    state, detail = _sync_detail(home, enrolled)
    assert state == "warn"
    assert "最早的待上传办件自" in detail and "上次同步尝试" in detail
    assert "无法判断同步进程是否在运行：请查看 logs/sync.log" in detail
    assert "在运行但没有进展" not in detail and "柜台窗口没有打开" not in detail


def test_a_run_beats_after_each_batch_it_pushes(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 3, hall=HALL)
    config = replace(enrolled, sync=replace(enrolled.sync, batch_max_cases=1))
    engine = make_engine(home, config, sync_store)
    statuses = StatusWatcher()
    engine.board.subscribe(statuses)
    assert engine.run_once(push_only=True).pushed == 3
    beats = [(s.heartbeat_at, s.backlog) for s in statuses.seen if s.heartbeat_at]
    assert [backlog for _, backlog in beats[:3]] == [2, 1, 0]
    assert len({at for at, _ in beats[:3]}) == 3


def test_a_feed_pull_beats_after_each_page(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    platform = open_central_store(central.db)
    try:
        for n in range(7):
            publishing.publish_notice(platform, HALL, f"通知 {n}", "正文")
    finally:
        platform.close()
    beats: list[None] = []
    transport = make_engine(home, enrolled, sync_store).transport()
    try:
        feeds = {"notices": Feed("notices", Notice, apply_notice)}
        pull = FeedPull(
            sync_store,
            transport,
            feeds,
            SystemClock(),
            beat=lambda: beats.append(None),
            page_size=3,
        )
        assert pull.pull_all() == {"notices": 7}
    finally:
        transport.close()
    assert len(beats) == 3  # pages of 3, 3 and 1


def test_a_walk_of_own_cases_beats_after_each_page(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 3, hall=HALL)
    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once(push_only=True).pushed == 3
    with sync_store.transaction():
        walk_from_the_start(sync_store)
    beats: list[None] = []
    transport = engine.transport()
    try:
        recovered = recover_own_cases(
            sync_store, transport, page_size=1, beat=lambda: beats.append(None)
        )
    finally:
        transport.close()
    assert recovered == 0 and sync_store.meta(META_WALK) is None  # all held: walked to its end
    assert len(beats) == 3
