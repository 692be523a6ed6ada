"""End-of-day sign-offs on the platform: kept once per ``sign_off_id`` for the signing
device's own hall and window (whatever the body says), refused when malformed, listed per
hall by ``counter-central day-sign-offs`` - on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, day_sign_offs
from sync.wire.device_reports import DaySignOffResult
from tests.central.conftest import error_of, unique_hall

pytestmark = pytest.mark.integration

PATH = "/v1/day-sign-offs"


def sign_off_body(**changes: Any) -> dict[str, Any]:
    window = {
        "window_code": "W1",
        "source": "local",
        "accepted": 3,
        "notified": 1,
        "refused": 0,
        "deferred": 1,
        "voided": 0,
        "withdrawn": 0,
        "received": 0,
        "documents": 5,
        "reprints": 1,
        "deferrals_due": 0,
        "unsynced": 1,
        "acknowledged": 4,
    }
    return {
        "sign_off_id": str(uuid.uuid4()),
        "day": "2026-11-26",
        "signed_by": "super01",
        "signed_at": "2026-11-26T10:00:00Z",
        "reconciled": False,
        "unacknowledged": ["H-W1-D1-20261126-000004"],
        "flagged_windows": ["W1"],
        "windows": [window],
        **changes,
    }


def post(device: SimulatedDevice, body: dict[str, Any]) -> Any:
    return device.request("POST", PATH, json.dumps(body).encode())


def test_a_sign_off_is_kept_once_for_the_devices_own_hall_and_window(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    device = enrol(hall, "W1")
    body = sign_off_body()
    first = post(device, body)
    assert first.status_code == 200, first.text
    assert DaySignOffResult.model_validate(first.json()).status == "stored"
    again = post(device, body)  # its answer was lost: sent again
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    assert again.json()["received_at"] == first.json()["received_at"]

    (kept,) = day_sign_offs.day_sign_offs(store, hall)
    assert (kept["sign_off_id"], kept["hall"], kept["window"], kept["day"]) == (
        body["sign_off_id"],
        hall,
        "W1",
        "2026-11-26",
    )
    assert (kept["reconciled"], kept["flagged_windows"]) == (False, ["W1"])
    assert kept["unacknowledged"] == body["unacknowledged"]
    assert kept["windows"][0]["reprints"] == 1
    # Another hall's devices see nothing of it; a second sign-off of the day is kept too.
    assert day_sign_offs.day_sign_offs(store, unique_hall()) == []
    assert post(device, sign_off_body(reconciled=True)).json()["status"] == "stored"
    assert len(day_sign_offs.day_sign_offs(store, hall)) == 2


def test_a_malformed_sign_off_is_refused(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    response = post(device, sign_off_body(day="26/11/2026", extra="typo"))
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_failed"
    unsigned = SimulatedDevice(device.base_url)
    assert unsigned.request("POST", PATH, json.dumps(sign_off_body()).encode()).status_code == 401
