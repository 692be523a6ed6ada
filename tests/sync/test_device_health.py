"""Device health for IT against the real platform: each sync run reports the program's
version, the last doctor summary, the backlog, the clock's offset, the reader and printers;
``counter-central devices --hall H --json`` lists every window of the hall with its latest
health and last contact, and flags a window not heard from for longer than the limit."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

import counter_app
from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.doctor import Check, record_doctor_run
from counter_app.store.database import Store
from sync.device_health import DEVICE_HEALTH_PATH
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.sync import fault_proxy as fp
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, enrol_home, make_engine
from tests.sync.offset_clock import OffsetClock

AHEAD = 90  # seconds this workstation's clock is ahead of the platform's


def test_every_window_of_the_hall_with_its_health_and_last_contact(
    tmp_path: Path, home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    record_doctor_run(
        home,
        [Check("database", "ok", "integrity ok"), Check("reader", "fail", "no reader found")],
    )
    seed_cases(sync_store, 3, hall=HALL)
    engine = make_engine(home, enrolled, sync_store, clock=OffsetClock(timedelta(seconds=AHEAD)))
    assert engine.run_once().error is None
    # Another window of the hall, enrolled and never heard from since; one of another hall.
    silent = Home(tmp_path / "w02").ensure()
    silent.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    enrol_home(silent, central, HALL, "W02")
    stranger = Home(tmp_path / "other").ensure()
    stranger.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    enrol_home(stranger, central, "310105-OTHER", "W01")

    devices = central.cli("devices", "--hall", HALL, "--json")["devices"]
    assert [(d["window"], d["hall"]) for d in devices] == [("W01", HALL), ("W02", HALL)]
    mine, w02 = devices
    assert mine["stale"] is False and mine["last_contact"]
    health = mine["health"]
    assert health["program_version"] == counter_app.__version__
    assert health["pending"] == 0  # the three cases went up in the same run
    assert health["reader"] == enrolled.reader.spec
    assert health["printers"] == {
        "a4": enrolled.printing.a4_printer,
        "receipt": enrolled.printing.receipt_printer,
    }
    # Measured by the platform against its own clock: the network's delay adds a little.
    assert AHEAD - 2 <= health["clock_offset_seconds"] <= AHEAD + 30
    assert 0 < health["disk_free_mib"] <= shutil.disk_usage(home.root).total // (1024 * 1024)
    assert health["doctor"]["worst"] == "fail"
    assert {(c["name"], c["status"]) for c in health["doctor"]["checks"]} == {
        ("database", "ok"),
        ("reader", "fail"),
    }
    # Never heard from since its enrolment: no health, stale.
    assert (w02["health"], w02["last_contact"], w02["stale"]) == (None, None, True)

    # The limit is IT's to set: with none, every window is stale at once.
    strict = central.cli("devices", "--hall", HALL, "--stale-after", "0", "--json")["devices"]
    assert [d["stale"] for d in strict] == [True, True]
    # Without --hall: every hall.
    assert len(central.cli("devices", "--json")["devices"]) == 3


def test_a_platform_that_does_not_take_the_report_does_not_stop_the_sync(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    caplog: pytest.LogCaptureFixture,
) -> None:
    host, port = central.url.removeprefix("http://").split(":")
    # Something in front of the platform answers for the report only: a 404 page (an older
    # platform, or a proxy), then the platform's own refusal.
    proxy = fp.FaultProxy(
        host,
        int(port),
        fp.ScriptedFaults([fp.PAGE_404, fp.PLATFORM_422_BATCH]),
        only=f"POST {DEVICE_HEALTH_PATH} ",
    ).start()
    try:
        through = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url))
        for batch in range(2):
            seed_cases(sync_store, 1, hall=HALL, start=batch)
            with caplog.at_level(logging.WARNING, logger="sync.device_health"):
                summary = make_engine(home, through, sync_store).run_once()
            assert (summary.error, summary.pushed, summary.pending) == (None, 1, 0)
        warnings = [r.getMessage() for r in caplog.records if r.name == "sync.device_health"]
        assert len(warnings) == 2 and all("health report" in w for w in warnings)
        assert proxy.counts[fp.PAGE_404] == proxy.counts[fp.PLATFORM_422_BATCH] == 1
    finally:
        proxy.stop()
    devices = central.cli("devices", "--hall", HALL, "--json")["devices"]
    assert devices[0]["health"] is None  # neither report reached the platform
