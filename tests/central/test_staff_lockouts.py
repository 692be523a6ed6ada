"""The platform's side of login lockouts, on SQLite and PostgreSQL: a window's lockout report
is kept once per lockout (the same report again is a ``duplicate``, a replayed request is
refused), its lifting is added to it, ``counter-central staff list`` shows each account's
recent lockouts, and ``counter-central staff unlock`` lifts them and tells the windows
through the ``staff`` feed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
PATH = "/v1/staff-lockouts"


def lockout(**changes: Any) -> dict[str, Any]:
    locked_at = datetime.now(UTC).replace(microsecond=0)
    values: dict[str, Any] = {
        "lockout_id": str(uuid.uuid4()),
        "username": "li.ming",
        "locked_at": locked_at.isoformat(),
        "until": (locked_at + timedelta(minutes=15)).isoformat(),
        "failed_attempts": 5,
        "lifted_at": None,
        "lifted_by": None,
    }
    return values | changes


def send(device: SimulatedDevice, body: dict[str, Any]) -> requests.Response:
    return device.request("POST", PATH, json.dumps(body).encode())


def add_clerk(central: RunningCentral, hall: str) -> None:
    central.cli(
        "staff",
        "add",
        "--hall",
        hall,
        "--name",
        "li.ming",
        "--role",
        "clerk",
        "--password-stdin",
        input=PASSWORD + "\n",
    )


def lockouts_of(central: RunningCentral, hall: str) -> list[dict[str, Any]]:
    (account,) = central.cli("staff", "list", "--hall", hall, "--json")["staff"]
    listed: list[dict[str, Any]] = account["lockouts"]
    return listed


def test_a_lockout_is_kept_once_and_its_lifting_added(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    hall = unique_hall()
    add_clerk(central, hall)
    device = enrol(hall, "W3")
    report = lockout()
    first = send(device, report)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "stored"
    # The same request again (a replay) is refused like every signed request's.
    replayed = requests.post(
        f"{device.base_url}{PATH}",
        data=first.request.body,
        headers=dict(first.request.headers),
        timeout=5,
    )
    assert replayed.status_code == 401 and error_of(replayed)["code"] == "replayed_nonce"
    # The same report in a new request (its answer was lost): kept once.
    again = send(device, report)
    assert again.json() == {"status": "duplicate", "received_at": first.json()["received_at"]}
    (kept,) = lockouts_of(central, hall)
    assert kept | {"locked_at": None, "until": None, "received_at": None} == {
        "lockout_id": report["lockout_id"],
        "window": "W3",
        "device_id": device.device_id,
        "locked_at": None,
        "until": None,
        "failed_attempts": 5,
        "lifted_at": None,
        "lifted_by": None,
        "state": "active",
        "received_at": None,
    }

    lifted_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    lifted = send(device, report | {"lifted_at": lifted_at, "lifted_by": "zhang.admin"})
    assert lifted.json()["status"] == "stored"
    (kept,) = lockouts_of(central, hall)
    assert (kept["state"], kept["lifted_by"]) == ("lifted", "zhang.admin")
    assert send(device, report).json()["status"] == "duplicate"  # a lifting is never undone
    assert lockouts_of(central, hall)[0]["state"] == "lifted"

    expired = lockout(locked_at="2026-12-01T08:00:00+00:00", until="2026-12-01T08:15:00+00:00")
    assert send(device, expired).status_code == 200
    assert [k["state"] for k in lockouts_of(central, hall)] == ["lifted", "expired"]


def test_the_platform_s_unlock_lifts_the_lockouts_and_goes_out_in_the_staff_feed(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    hall = unique_hall()
    add_clerk(central, hall)
    device = enrol(hall, "W1")
    assert send(device, lockout()).status_code == 200
    answer = central.cli("staff", "unlock", "--hall", hall, "--name", "li.ming")
    assert answer["username"] == "li.ming" and answer["unlocked_at"] is not None
    (kept,) = answer["lockouts"]
    assert (kept["state"], kept["lifted_by"]) == ("lifted", "platform")
    items = device.feed("staff").json()["items"]
    assert [item["unlocked_at"] is not None for item in items] == [False, True]
    # A lockout made before the unlock but reported after it is lifted already.
    late = lockout(locked_at=(datetime.now(UTC) - timedelta(minutes=5)).isoformat())
    assert send(device, late).status_code == 200
    assert [k["state"] for k in lockouts_of(central, hall)] == ["lifted", "lifted"]
    with pytest.raises(RuntimeError, match=r"no account wang\.fang"):
        central.cli("staff", "unlock", "--hall", hall, "--name", "wang.fang")


def test_a_report_out_of_shape_is_refused(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    for bad in (
        lockout(locked_at="2026-12-04T08:00:00"),  # no time zone
        lockout(failed_attempts=0),
        lockout(username="Li Ming"),
        lockout(lifted_by="x\n"),
        lockout(password="not a field"),
    ):
        answer = send(device, bad)
        assert answer.status_code == 422, (bad, answer.text)
        assert error_of(answer)["code"] == "validation_failed"
