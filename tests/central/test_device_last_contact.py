"""A window's last contact, on SQLite and PostgreSQL, is the latest of its health report, its
audit-head report and its push: a window that pushes but never sends a health report is
heard from, not "never" and not stale (``counter-central devices``, ``revoke``)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from central.devices import device_line
from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store import devices as device_register
from tests.central.conftest import push_ok, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def _stored(store: CentralStore, sql: str, device: SimulatedDevice) -> str:
    with store.snapshot() as cur:
        (value,) = store._exec(cur, sql, (device.device_id,)).fetchone()
    return str(value)


def _pushed_at(store: CentralStore, device: SimulatedDevice) -> str:
    return _stored(store, "SELECT max(received_at) FROM case_versions WHERE device_id = ?", device)


def _audit_head_at(store: CentralStore, device: SimulatedDevice) -> str:
    return _stored(store, "SELECT reported_at FROM audit_heads WHERE device_id = ?", device)


def _report_audit_head(device: SimulatedDevice, seq: int) -> None:
    body = json.dumps({"seq": seq, "head": "a" * 64, "keyed_from": 1}).encode()
    assert device.request("POST", "/v1/audit-head", body).status_code == 200


def test_last_contact_is_the_latest_of_health_audit_head_and_push(
    central: RunningCentral, store: CentralStore, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    pusher, auditor, silent = enrol(hall, "W1"), enrol(hall, "W2"), enrol(hall, "W3")
    push_ok(pusher, [pusher.case(), pusher.case()])
    _report_audit_head(auditor, 3)

    def listed() -> dict[str, dict[str, object]]:
        rows = central.cli("devices", "--hall", hall, "--json")["devices"]
        return {row["window"]: row for row in rows}

    now = listed()
    assert (now["W1"]["last_contact"], now["W1"]["stale"]) == (_pushed_at(store, pusher), False)
    assert (now["W1"]["health"], now["W2"]["stale"]) == (None, False)
    assert now["W2"]["last_contact"] == _audit_head_at(store, auditor)
    assert (now["W3"]["last_contact"], now["W3"]["stale"]) == (None, True)
    assert "从未" not in device_line(now["W1"]) and "正常" in device_line(now["W1"])
    assert "从未" in device_line(now["W3"])
    stale = central.cli("devices", "--hall", hall, "--stale-only", "--json")["devices"]
    assert [row["device_id"] for row in stale] == [silent.device_id]

    # A later report of another kind is the last contact; a later push again after it.
    _report_audit_head(pusher, 5)
    assert listed()["W1"]["last_contact"] == _audit_head_at(store, pusher)
    push_ok(pusher, [pusher.case()])
    assert listed()["W1"]["last_contact"] == _pushed_at(store, pusher)

    said = device_register.revoke_device(store, pusher.device_id)
    assert said["last_contact"] == _pushed_at(store, pusher)
