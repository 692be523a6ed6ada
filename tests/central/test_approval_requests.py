"""Approval requests on the platform (``/v1/hall/approval-requests``): a clerk's window asks,
every window of the hall (and no other hall) sees it pending, a supervisor at another window
decides once, nobody decides their own request, and only the asking window cancels - on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore
from sync.wire.approvals import ApprovalRequest
from tests.central.conftest import error_of, unique_hall
from tests.central.enrolled import register_staff

pytestmark = pytest.mark.integration

PATH = "/v1/hall/approval-requests"


def ask(device: SimulatedDevice, **fields: Any) -> requests.Response:
    draft = {
        "request_id": str(uuid.uuid4()),
        "hall": device.hall,
        "kind": "deferral",
        "summary": "容缺受理：内资公司设立登记（缺：章程）",
        "reason": "章程三日内补交",
        "requested_by": "clerk01",
        **fields,
    }
    return device.request("POST", PATH, json.dumps(draft, ensure_ascii=False).encode("utf-8"))


def decide(device: SimulatedDevice, request_id: str, **fields: Any) -> requests.Response:
    decision = {
        "decision_id": str(uuid.uuid4()),
        "decision": "approved",
        "decided_by": "super01",
        "reason": "",
        **fields,
    }
    body = json.dumps(decision, ensure_ascii=False).encode("utf-8")
    return device.request("POST", f"{PATH}/{request_id}/decision", body)


def staffed_hall(store: CentralStore) -> str:
    """A hall whose staff register holds the clerk and the supervisors these tests name."""
    hall = unique_hall()
    register_staff(
        store, hall, ("clerk01", "clerk"), ("super01", "supervisor"), ("super02", "supervisor")
    )
    return hall


def pending(device: SimulatedDevice) -> list[str]:
    response = device.request("GET", PATH)
    assert response.status_code == 200, response.text
    return [r["request_id"] for r in response.json()["requests"]]


def test_a_request_reaches_the_hall_only_and_is_decided_once(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    clerk_window, chief_window, stranger = enrol(hall, "W2"), enrol(hall, "W1"), enrol()
    draft_id = str(uuid.uuid4())
    asked = ask(clerk_window, request_id=draft_id)
    assert asked.status_code == 200, asked.text
    request = ApprovalRequest.model_validate(asked.json())
    assert (request.status, request.window_code, request.requested_by) == (
        "pending",
        "W2",
        "clerk01",
    )
    again = ask(clerk_window, request_id=draft_id)  # the answer was lost: stored once
    assert again.json() == asked.json()
    taken = ask(clerk_window, request_id=draft_id, kind="void")
    assert taken.status_code == 409
    assert error_of(taken)["code"] == "approval_request_id_taken"
    assert pending(chief_window) == [draft_id]
    assert pending(stranger) == []
    assert clerk_window.request("GET", f"{PATH}/{draft_id}").json()["status"] == "pending"
    unseen = stranger.request("GET", f"{PATH}/{draft_id}")
    assert unseen.status_code == 404 and error_of(unseen)["code"] == "unknown_approval_request"

    decision_id = str(uuid.uuid4())
    approved = decide(chief_window, draft_id, decision_id=decision_id)
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["decided_by"]) == ("approved", "super01")
    # The same decision again (its answer lost) answers the same; any other is refused.
    assert decide(chief_window, draft_id, decision_id=decision_id).json() == approved.json()
    refused_twice = decide(chief_window, draft_id, decision="refused", reason="不行")
    assert refused_twice.status_code == 409
    said = error_of(refused_twice)
    assert said["code"] == "already_decided"
    assert "已由 super01 批准" in said["message_zh"] and "approved" not in said["message_zh"]
    polled = clerk_window.request("GET", f"{PATH}/{draft_id}").json()
    assert (polled["status"], polled["decided_by"]) == ("approved", "super01")
    assert pending(chief_window) == []
    # The platform's audit of both sides: which device asked, which decided.
    with store.snapshot() as cur:
        row = cur.execute(
            store.sql(
                "SELECT device_id, requested_by, decided_device, decided_by "
                "FROM approval_requests WHERE request_id = ?"
            ),
            (draft_id,),
        ).fetchone()
    assert tuple(row) == (
        clerk_window.device_id,
        "clerk01",
        chief_window.device_id,
        "super01",
    )


def test_nobody_decides_their_own_request_and_a_refusal_has_a_reason(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    clerk_window, chief_window = enrol(hall, "W2"), enrol(hall, "W1")
    request_id = ask(clerk_window, requested_by="super02").json()["request_id"]
    own = decide(chief_window, request_id, decided_by="super02")
    assert own.status_code == 403
    assert error_of(own)["code"] == "four_eyes"
    no_reason = decide(chief_window, request_id, decision="refused", reason=" ")
    assert no_reason.status_code == 422
    refused = decide(chief_window, request_id, decision="refused", reason="材料不符合容缺条件")
    assert refused.status_code == 200, refused.text
    assert (refused.json()["status"], refused.json()["decision_reason"]) == (
        "refused",
        "材料不符合容缺条件",
    )


def test_only_the_asking_window_cancels_its_request(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    clerk_window, chief_window, stranger = enrol(hall, "W2"), enrol(hall, "W1"), enrol()
    request_id = ask(clerk_window).json()["request_id"]
    by_other = decide(chief_window, request_id, decision="cancelled", decided_by="clerk01")
    assert by_other.status_code == 403
    assert decide(stranger, request_id).status_code == 404
    cancelled = decide(clerk_window, request_id, decision="cancelled", decided_by="clerk01")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    late = decide(chief_window, request_id)
    assert late.status_code == 409
    assert error_of(late)["code"] == "already_decided"


def test_a_device_cannot_ask_another_halls_supervisors(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    w1, other = enrol(unique_hall()), enrol()
    response = ask(w1, hall=other.hall)
    assert response.status_code == 403
    assert error_of(response)["code"] == "wrong_hall"
    assert pending(other) == []
