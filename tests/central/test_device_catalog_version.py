"""``counter-central devices`` tells which catalog version each window goes by, from its
health report; a window of an older release reports none and is shown as unknown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from central.devices import device_line
from central.store import open_store
from central.store.device_health import record_device_health
from sync.wire.device_reports import DeviceHealthReport, Printers
from sync.wire.signing import new_nonce
from tests.central.conftest import CliRun
from tests.central.enrolled import enrol_window


def report(**extra: int) -> DeviceHealthReport:
    return DeviceHealthReport(
        program_version="0.1.0",
        clock_at=datetime.now(UTC),
        pending=0,
        doctor=None,
        reader="pcsc",
        printers=Printers(a4="", receipt=""),
        **extra,
    )


def test_each_window_shows_the_catalog_version_it_goes_by(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    db = str(tmp_path / "central.sqlite3")
    store = open_store(db)
    try:
        current, older = enrol_window(store, "H-CAT", "W1"), enrol_window(store, "H-CAT", "W2")
        record_device_health(store, current, new_nonce(), report(catalog_version=3))
        record_device_health(store, older, new_nonce(), report())
    finally:
        store.close()

    listed = run_cli("devices", "--hall", "H-CAT", "--json", "--db", db).json()["devices"]

    assert [d["health"]["catalog_version"] for d in listed] == [3, None]
    assert "事项目录 版本 3" in device_line(listed[0])
    assert "事项目录 未知" in device_line(listed[1])
    assert "事项目录 版本 3" in run_cli("devices", "--hall", "H-CAT", "--db", db).stdout
