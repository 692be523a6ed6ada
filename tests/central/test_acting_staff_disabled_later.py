"""What a window sends in the name of an account the platform disabled later: a review given
before the disabling is the supervisor's and stored; a case taken by an account after the
platform disabled it (the window had not synced) is stored, flagged ``actor_out_of_use``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store import cases as case_store
from central.store.staff import change_staff, staff_history
from tests.central.conftest import push_ok, unique_hall
from tests.central.enrolled import register_staff

pytestmark = pytest.mark.integration


def test_a_review_given_before_the_supervisor_was_disabled_is_stored(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    register_staff(store, hall, ("sim", "supervisor"), ("chief1", "supervisor"))
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    case = owner.case()
    push_ok(owner, [case])
    reviewed_at = datetime.now(UTC)  # the console reviews offline, then chief1 leaves
    change_staff(store, hall, "chief1", "disable", by="test")
    review = {
        "review_id": str(uuid.uuid4()),
        "case_id": case["case_id"],
        "data_version": 1,
        "state": "rejected",
        "reason": "copies differ",
        "reviewed_by": "chief1",
        "reviewed_at": reviewed_at.isoformat(),
    }
    kept = console.request(
        "POST", "/v1/hall/reviews", json.dumps(review, ensure_ascii=False).encode("utf-8")
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["reviewed_by"] == "chief1"


def _changed_by(device: SimulatedDevice, case: dict[str, Any], by: str, at: datetime) -> dict:
    """Version 2 of ``case``, made by ``by`` at ``at``."""
    payload = {**case["payload"], "data_version": 2, "updated_by": by, "updated_at": at.isoformat()}
    return device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], data_version=2, payload=payload
    )


def test_a_version_made_by_an_account_disabled_by_then_is_stored_flagged(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    register_staff(store, hall, ("sim", "supervisor"), ("clerk2", "clerk"), ("clerk3", "clerk"))
    device = enrol(hall, "W1")
    before, after, other = device.case(), device.case(), device.case()
    push_ok(device, [before, after, other])
    made_before = datetime.now(UTC)
    change_staff(store, hall, "clerk2", "disable", by="test")
    disabled = staff_history(store, hall, "clerk2")[-1]["changed_at"]
    made_after = datetime.now(UTC)
    taken = device.case()
    taken_at = made_after.isoformat()
    taken["payload"] = {
        **taken["payload"],
        "clerk": "clerk2",
        "received_at": taken_at,
        "accepted_at": taken_at,
    }
    taken = device.case(
        case_id=uuid.UUID(taken["case_id"]), case_no=taken["case_no"], payload=taken["payload"]
    )
    results = push_ok(
        device,
        [
            taken,
            _changed_by(device, before, "clerk2", made_before),
            _changed_by(device, after, "clerk2", made_after),
            _changed_by(device, other, "clerk3", made_after),
        ],
    )

    assert [r["status"] for r in results] == ["stored"] * 4
    assert _flags(store, hall, taken) == [["actor_out_of_use", "clerk2", disabled]]
    assert _flags(store, hall, before)[-1] == []
    assert _flags(store, hall, after)[-1] == ["actor_out_of_use", "clerk2", disabled]
    assert _flags(store, hall, other)[-1] == []


def _flags(store: CentralStore, hall: str, case: dict[str, Any]) -> list[list[str]]:
    return [s["flags"] for s in case_store.case_history(store, hall, case["case_id"])]
