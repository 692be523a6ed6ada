"""The platform's side of device health, on SQLite and PostgreSQL: a device's report is kept
(the latest replaces the one before) with its arrival and the measured clock offset; a
report out of shape is refused; ``counter-central devices`` lists it per hall."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from central.devices import device_line
from central.simulator import SimulatedDevice
from tests.central.conftest import CliRun, error_of, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def report(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "program_version": "0.1.0",
        "clock_at": datetime.now(UTC).isoformat(),
        "pending": 4,
        "doctor": {
            "ran_at": "2026-12-04T08:00:00Z",
            "worst": "warn",
            "checks": [{"name": "disk_space", "status": "warn", "detail": "900 MB free"}],
        },
        "reader": "pcsc",
        "printers": {"a4": "HP-A4", "receipt": ""},
    }
    return values | changes


def send(device: SimulatedDevice, body: dict[str, Any]):
    return device.request("POST", "/v1/device-health", json.dumps(body).encode())


def test_the_latest_report_is_kept_with_the_measured_clock_offset(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    hall = unique_hall()
    device, quiet = enrol(hall, "W1"), enrol(hall, "W2")
    assert send(device, report(pending=9)).status_code == 200
    behind = (datetime.now(UTC) - timedelta(seconds=120)).isoformat()
    answer = send(device, report(clock_at=behind, disk_free_mib=850))
    assert answer.status_code == 200, answer.text
    offset = answer.json()["clock_offset_seconds"]
    assert -150 <= offset <= -119  # two minutes behind, and however long the request took

    listed = central.cli("devices", "--hall", hall, "--json")["devices"]
    assert [(d["window"], d["device_id"]) for d in listed] == [
        ("W1", device.device_id),
        ("W2", quiet.device_id),
    ]
    health = listed[0]["health"]
    assert (health["pending"], health["clock_offset_seconds"]) == (4, offset)  # the latest
    assert health["doctor"]["checks"][0]["detail"] == "900 MB free"
    assert health["printers"] == {"a4": "HP-A4", "receipt": ""}
    assert listed[0]["last_contact"] == answer.json()["received_at"]
    assert (listed[1]["health"], listed[1]["stale"]) == (None, True)
    # For a person at the terminal: one line per window.
    assert device_line(listed[0]).startswith(f"{hall}/W1  {device.device_id}  正常  ")
    assert "待上传 4" in device_line(listed[0]) and "自检 警告" in device_line(listed[0])
    assert health["disk_free_mib"] == 850 and "磁盘剩余 850 MiB" in device_line(listed[0])
    assert "失联" in device_line(listed[1]) and "从未" in device_line(listed[1])
    # A counter older than the free-disk figure: its report is taken, the figure unknown.
    assert send(device, report()).status_code == 200
    older = central.cli("devices", "--hall", hall, "--json")["devices"][0]
    assert older["health"]["disk_free_mib"] is None and "磁盘剩余 —" in device_line(older)
    with pytest.raises(RuntimeError, match="stale-after"):
        central.cli("devices", "--stale-after", "-1", "--json")


def test_a_report_out_of_shape_is_refused(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    for bad in (
        report(clock_at="2026-12-04T08:00:00"),  # no time zone: no offset can be measured
        report(pending=-1),
        report(reader="pcsc\n"),
        report(serial_number="not a field"),
    ):
        answer = send(device, bad)
        assert answer.status_code == 422, (bad, answer.text)
        assert error_of(answer)["code"] == "validation_failed"


@pytest.mark.parametrize(
    ("command", "option", "low"),
    [
        (("devices", "--stale-after"), "--stale-after", 0),
        (("enroll-code", "--hall", "H1", "--window", "W1", "--ttl-minutes"), "--ttl-minutes", 1),
    ],
)
def test_minutes_past_a_year_are_refused_not_overflowed(
    tmp_path: Path, run_cli: Callable[..., CliRun], command: tuple[str, ...], option: str, low: int
) -> None:
    db = tmp_path / "central.sqlite3"
    for minutes in (str(10**20), str(low - 1), "soon"):
        refused = run_cli(*command, minutes, "--db", str(db))
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert refused.stderr.splitlines()[-1].endswith(
            f"argument {option}: “{minutes}”不是 {low} 至 527040 之间的整数 / '{minutes}' is "
            f"not a whole number from {low} to 527040"
        )
    assert not db.exists()
