"""The platform keeps the highest audit-chain head each device reports, refuses (and keeps
as an anomaly) one that goes behind it, and lists them with ``counter-central audit-heads``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import requests

from central.simulator import SimulatedDevice
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral

PATH = "/v1/audit-head"


def _report(device: SimulatedDevice, seq: int, head: str, keyed_from: int = 1) -> requests.Response:
    body = json.dumps({"seq": seq, "head": head, "keyed_from": keyed_from}).encode()
    return device.request("POST", PATH, body)


def test_the_platform_keeps_the_highest_head_and_refuses_one_behind_it(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    device = enrol(hall, "W03")
    assert device.request("GET", PATH).json() == {"held": None}

    first = _report(device, 7, "a" * 64)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "stored" and first.json()["held"]["seq"] == 7
    assert _report(device, 7, "a" * 64).json()["status"] == "unchanged"

    # A log cut below the head, then one rewritten at the same seq: both refused.
    for seq, head in ((5, "b" * 64), (7, "c" * 64)):
        refused = _report(device, seq, head)
        assert refused.status_code == 200, refused.text
        assert refused.json()["status"] == "refused"
        assert (refused.json()["held"]["seq"], refused.json()["held"]["head"]) == (7, "a" * 64)

    assert _report(device, 9, "d" * 64, keyed_from=3).json()["status"] == "stored"
    held = device.request("GET", PATH).json()["held"]
    assert (held["seq"], held["head"], held["keyed_from"]) == (9, "d" * 64, 3)

    listing = central.cli("audit-heads", "--hall", hall, "--json")["audit_heads"]
    assert [
        {key: row[key] for key in ("device", "hall", "window", "seq", "head", "anomalies")}
        for row in listing
    ] == [
        {
            "device": device.device_id,
            "hall": hall,
            "window": "W03",
            "seq": 9,
            "head": "d" * 64,
            "anomalies": 2,
        }
    ]
    assert datetime.fromisoformat(listing[0]["time"]) == datetime.fromisoformat(held["received_at"])


def test_devices_that_never_reported_are_listed_without_a_head(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    device = enrol(hall)
    listing = central.cli("audit-heads", "--hall", hall, "--json")["audit_heads"]
    assert [(row["device"], row["seq"], row["head"], row["time"]) for row in listing] == [
        (device.device_id, None, None, None)
    ]


def test_a_malformed_report_is_refused_with_the_wire_error(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    for body in (b'{"seq": -1, "head": "' + b"a" * 64 + b'", "keyed_from": 1}', b'{"seq": 1}'):
        refused = device.request("POST", PATH, body)
        assert refused.status_code == 422
        assert error_of(refused)["code"] == "validation_failed"
    assert device.request("GET", PATH).json() == {"held": None}
