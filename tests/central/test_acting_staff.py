"""The names a window says acted are the hall's staff on the platform: an approval asked for
by an account of the hall and decided by another one, a supervisor; a review by a supervisor
who did not take the case, dated between the version and the platform's clock; an
instruction issued by a supervisor. Anything else is refused, bilingual, and nothing kept."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store.staff import change_staff
from sync.wire.problems import instruction_message
from tests.central.conftest import error_of, push_ok, read_all, unique_hall
from tests.central.enrolled import register_staff

pytestmark = pytest.mark.integration

APPROVALS = "/v1/hall/approval-requests"


def _post(device: SimulatedDevice, path: str, body: dict[str, Any]) -> requests.Response:
    return device.request("POST", path, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _refused(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = error_of(response)
    assert error["code"] == code
    return error


def _hall(store: CentralStore) -> str:
    hall = unique_hall()
    register_staff(
        store,
        hall,
        ("clerk1", "clerk"),
        ("sim", "supervisor"),  # the synthetic cases' clerk, a supervisor too
        ("chief1", "supervisor"),
        ("gone1", "supervisor"),
    )
    change_staff(store, hall, "gone1", "disable", by="test")
    return hall


def _ask(device: SimulatedDevice, requested_by: str) -> requests.Response:
    return _post(
        device,
        APPROVALS,
        {
            "request_id": str(uuid.uuid4()),
            "hall": device.hall,
            "kind": "deferral",
            "summary": "容缺受理",
            "reason": "章程三日内补交",
            "requested_by": requested_by,
        },
    )


def _decide(device: SimulatedDevice, request_id: str, decided_by: str) -> requests.Response:
    decision = {
        "decision_id": str(uuid.uuid4()),
        "decision": "approved",
        "decided_by": decided_by,
        "reason": "",
    }
    return _post(device, f"{APPROVALS}/{request_id}/decision", decision)


def test_an_approval_is_asked_and_decided_by_the_halls_own_staff(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = _hall(store)
    clerk_window, chief_window = enrol(hall, "W2"), enrol(hall, "W1")
    _refused(_ask(clerk_window, "nobody-such"), 403, "unknown_staff")
    request_id = _ask(clerk_window, "clerk1").json()["request_id"]

    error = _refused(_decide(chief_window, request_id, "nobody-such"), 403, "unknown_staff")
    assert "nobody-such" in error["message_zh"] and "staff register" in error["message_en"]
    _refused(_decide(chief_window, request_id, "gone1"), 403, "unknown_staff")
    _refused(_decide(chief_window, request_id, "clerk1"), 403, "four_eyes")
    other_clerk = _ask(clerk_window, "chief1").json()["request_id"]
    register_staff(store, hall, ("clerk2", "clerk"))
    _refused(_decide(chief_window, other_clerk, "clerk2"), 403, "not_a_supervisor")

    decided = _decide(chief_window, request_id, "chief1")
    assert (decided.status_code, decided.json()["decided_by"]) == (200, "chief1")


def _review(case: dict[str, Any], reviewed_by: str, reviewed_at: datetime) -> dict[str, Any]:
    return {
        "review_id": str(uuid.uuid4()),
        "case_id": case["case_id"],
        "data_version": 1,
        "state": "rejected",
        "reason": "copies differ",
        "reviewed_by": reviewed_by,
        "reviewed_at": reviewed_at.isoformat(),
    }


def test_a_review_is_a_supervisors_of_another_clerks_case_dated_after_the_version(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = _hall(store)
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    case = owner.case()  # taken by "sim"
    push_ok(owner, [case])
    now = datetime.now(UTC)
    reviews = "/v1/hall/reviews"

    _refused(_post(console, reviews, _review(case, "ghost", now)), 403, "unknown_staff")
    _refused(_post(console, reviews, _review(case, "clerk1", now)), 403, "not_a_supervisor")
    own = _refused(_post(console, reviews, _review(case, "sim", now)), 403, "own_case_review")
    assert case["case_no"] in own["message_zh"] and "four eyes" in own["message_en"]
    long_before = datetime(1999, 1, 1, tzinfo=UTC)
    for dated in (long_before, now + timedelta(days=1)):
        _refused(
            _post(console, reviews, _review(case, "chief1", dated)),
            409,
            "reviewed_at_out_of_range",
        )
    assert read_all(owner, "reviews", limit=10)[0] == []

    kept = _post(console, reviews, _review(case, "chief1", now))
    assert kept.status_code == 200, kept.text


def _instruction(device: SimulatedDevice, case_id: str, issued_by: str) -> dict[str, Any]:
    body = {
        "instruction_id": str(uuid.uuid4()),
        "case_id": case_id,
        "action": "void",
        "reason": "重复受理",
        "issued_by": issued_by,
        "issued_at": datetime.now(UTC).isoformat(),
    }
    message = instruction_message(
        instruction_id=uuid.UUID(body["instruction_id"]),
        case_id=uuid.UUID(case_id),
        action="void",
        reason=body["reason"],
        issued_by=issued_by,
        issued_at=datetime.fromisoformat(body["issued_at"]),
        issuer_device_id=device.device_id,
    )
    return {**body, "signature": base64.b64encode(device.key.sign(message)).decode()}


def test_an_instruction_is_issued_by_a_supervisor_of_the_hall(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = _hall(store)
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    case = owner.case()
    push_ok(owner, [case])
    path = "/v1/hall/instructions"

    for issued_by, code in (("ghost-supervisor", "unknown_staff"), ("clerk1", "not_a_supervisor")):
        _refused(_post(console, path, _instruction(console, case["case_id"], issued_by)), 403, code)
    assert read_all(owner, "instructions", limit=10)[0] == []

    issued = _post(console, path, _instruction(console, case["case_id"], "chief1"))
    assert issued.status_code == 200, issued.text
