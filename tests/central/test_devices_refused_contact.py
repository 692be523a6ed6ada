"""``counter-central devices`` keeps the last request refused in a device's name (a revoked
PC that came back, a clock the platform refused, with the offset it measured) and says how
old each device's health report is, whose figures are that old."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from central.devices import device_line
from central.simulator import SimulatedDevice
from tests.central.conftest import unique_hall
from tests.central.server_fixture import RunningCentral


def _health(device: SimulatedDevice) -> int:
    report = {
        "program_version": "0.1.0",
        "clock_at": datetime.now(UTC).isoformat(),
        "pending": 0,
        "doctor": None,
        "reader": "pcsc",
        "printers": {"a4": "", "receipt": ""},
    }
    body = json.dumps(report).encode()
    return device.request("POST", "/v1/device-health", body).status_code


def _listed(central: RunningCentral, hall: str) -> dict:
    (row,) = central.cli("devices", "--hall", hall, "--json")["devices"]
    return dict(row)


def test_a_revoked_pc_that_came_back_shows_its_refusal(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    device = enrol(hall, "W05")
    assert _health(device) == 200
    assert _listed(central, hall)["last_refused"] is None
    central.cli("revoke", device.device_id)

    assert device.push([device.case()]).status_code == 401
    row = _listed(central, hall)
    assert row["last_refused"]["reason"] == "device_revoked"
    assert row["last_refused"]["at"] > row["last_contact"]
    assert "最近被拒" in device_line(row) and "device_revoked" in device_line(row)


def test_a_clock_refusal_keeps_the_offset_it_measured_and_the_report_its_age(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    device = enrol(hall, "W05")
    assert _health(device) == 200
    device.clock_offset = -3600.0
    assert _health(device) == 401

    row = _listed(central, hall)
    refused = row["last_refused"]
    assert refused["reason"] == "clock_skew" and -3700 <= refused["skew_seconds"] <= -3500
    assert row["health"]["clock_offset_seconds"] > -60  # the report before, not the refusal
    assert row["health"]["age_minutes"] == 0 and row["health"]["received_at"]
    line = device_line(row)
    assert "当时测得时钟偏差 -3" in line and "状态报告于" in line and "0 分钟前" in line
    assert "被拒（见最近被拒）" in line


def test_a_refusal_anyone_could_provoke_in_a_devices_name_is_not_kept(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    """A caller without the device's key, claiming its id: a bad signature, or a clock off
    (checked before the signature), is a line of the log, not the healthy window's 被拒."""
    hall = unique_hall()
    device = enrol(hall, "W05")
    assert _health(device) == 200
    impostor = SimulatedDevice(device.base_url, device.device_id, device.hall, device.window)
    assert _health(impostor) == 401  # signed with another key: bad_signature
    impostor.clock_offset = -3600.0
    assert _health(impostor) == 401  # clock_skew, unsigned by the device

    row = _listed(central, hall)
    assert row["last_refused"] is None
    assert "被拒" not in device_line(row)
