"""A refused clock set right, then a sync run the real platform takes while it refuses the
health report that would measure the clock again: the run succeeded, so the refusal ends
and intake goes on; the days it measured are not kept as this clock's offset."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.clock_sanity import refuse_skewed_clock, refused_skew
from counter_app.store.database import Store
from counter_app.store.platform_clock import platform_offset
from sync import device_health
from sync.clock import Clock
from sync.wire.device_reports import DeviceHealthReport
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import make_engine
from tests.sync.offset_clock import OffsetClock


def refused_health_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every health report goes out with an empty program version, which the platform's
    schema refuses (422 ``validation_failed``): the run goes on without it."""
    real = device_health.health_report

    def unacceptable(home: Home, config: Config, store: Store, clock: Clock) -> DeviceHealthReport:
        return real(home, config, store, clock).model_copy(update={"program_version": ""})

    monkeypatch.setattr(device_health, "health_report", unacceptable)


def test_a_successful_run_ends_the_refusal_without_a_health_report(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    refused = make_engine(home, enrolled, sync_store, clock=OffsetClock(timedelta(days=2)))
    assert refused.run_once().error is not None
    assert refused_skew(sync_store) is not None
    refused_health_reports(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="sync.device_health"):
        fixed = make_engine(home, enrolled, sync_store).run_once()  # the clock set right
    assert fixed.error is None
    assert any("did not take this window's health report" in r.message for r in caplog.records)
    assert refused_skew(sync_store) is None
    refuse_skewed_clock(sync_store)  # intake goes on
    assert platform_offset(sync_store) is None  # not the two days the refusal measured


def test_a_measurement_the_platform_did_not_refuse_stays(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    measured = platform_offset(sync_store)
    assert measured is not None and abs(measured) < 60
    refused_health_reports(monkeypatch)
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    assert platform_offset(sync_store) == measured
