"""The sync engine decides on its own clocks: the boot reading kept with the platform's
measurement (or its refusal) is its clock's, on the same timeline as its wall clock, so a
simulated clock is confirmed on its own terms. And housekeeping never fails a run: a purge
that fails is logged with its traceback while the sign-offs, reports and pull go on."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

import pytest

from counter_app.config import Config
from counter_app.errors import StoreError
from counter_app.home import Home
from counter_app.services.clock_sanity import clock_confirmed
from counter_app.store.database import Store
from counter_app.store.platform_clock import BootReading, ClockNow, platform_clock_reading
from sync import engine
from tests.sync.conftest import make_engine

SIMULATED_BOOT = "simulated-boot"


class SimulatedClock:
    """A device's clocks on a timeline of their own: the wall clock ``offset`` from the
    system's, the boot clock of a boot named ``SIMULATED_BOOT`` counting the same seconds.
    (Simulated because the machine running the tests cannot be rebooted or set.)"""

    def __init__(self, offset: timedelta = timedelta()) -> None:
        self.offset = offset
        self.started = time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def boot(self) -> BootReading:
        return BootReading(SIMULATED_BOOT, 5000.0 + time.monotonic() - self.started)

    def monotonic(self) -> float:
        return time.monotonic()


def test_the_measurement_keeps_the_engine_clocks_boot_reading(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    clock = SimulatedClock()

    assert make_engine(home, enrolled, sync_store, clock=clock).run_once().error is None

    reading = platform_clock_reading(sync_store)
    assert reading is not None and reading.boot is not None
    assert reading.boot.boot_id == SIMULATED_BOOT
    assert clock_confirmed(sync_store, ClockNow(clock.now(), clock.boot()))


def test_a_refused_clock_keeps_the_engine_clocks_boot_reading(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    clock = SimulatedClock(timedelta(days=2))

    run = make_engine(home, enrolled, sync_store, clock=clock).run_once()

    assert run.error is not None and run.error["code"] == "clock_skew"
    reading = platform_clock_reading(sync_store)
    assert reading is not None and reading.refused and reading.boot is not None
    assert reading.boot.boot_id == SIMULATED_BOOT


def test_a_failed_purge_is_logged_and_the_run_goes_on(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def disk_failed(*_args: object, **_kwargs: object) -> object:
        raise StoreError("磁盘故障", "The disk failed")

    monkeypatch.setattr(engine, "purge_once_a_day", disk_failed)
    monkeypatch.setattr(engine, "purge_daily", disk_failed)

    with caplog.at_level(logging.ERROR, logger="sync.engine"):
        run = make_engine(home, enrolled, sync_store).run_once()

    assert run.error is None and run.reachable
    assert "catalog" in run.pulled_by_feed  # the pull after the purges ran
    failed = [r for r in caplog.records if "purge failed" in r.getMessage()]
    assert [r.getMessage() for r in failed] == [
        "the archive purge failed; the sync run goes on",
        "the personal data purge failed; the sync run goes on",
    ]
    assert all(r.exc_info is not None for r in failed)  # with the traceback
