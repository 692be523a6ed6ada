"""Approval requests on the platform (``/v1/hall/approval-requests``): a clerk's window asks,
every window of the hall (and no other hall) sees it pending, a supervisor at another window
decides once, nobody decides their own request nor one about a case they made, only the
asking window cancels, a request lives for its hall day and a window keeps a few open; and
``counter-central approvals list`` shows them - on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store.approval_requests import OPEN_PER_WINDOW
from central.store.base import iso, utc_now
from counter_app.domain.hall_time import HALL_TIMEZONE
from sync.wire.approvals import ApprovalRequest
from tests.central.conftest import CliRun, error_of, unique_hall
from tests.central.enrolled import register_staff
from tests.central.server_fixture import RunningCentral

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


def kept_yesterday(store: CentralStore, request_id: str) -> None:
    """The request as if made a day ago (its hall day over): the clock is not the test's."""
    with store.transaction() as cur:
        cur.execute(
            store.sql("UPDATE approval_requests SET requested_at = ? WHERE request_id = ?"),
            (iso(utc_now() - timedelta(days=1)), request_id),
        )


def test_nobody_decides_a_request_about_a_case_they_made(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    clerk_window, chief_window = enrol(hall, "W2"), enrol(hall, "W1")
    void = ask(clerk_window, kind="void", reason="录错事项", makers=["super01"]).json()
    assert void["makers"] == ["super01"]
    own_case = decide(chief_window, void["request_id"])
    assert own_case.status_code == 403
    said = error_of(own_case)
    assert said["code"] == "four_eyes"
    assert said["message_zh"].startswith("super01 不能审批本人经办或申请的事项（双人复核）")
    own_refusal = decide(chief_window, void["request_id"], decision="refused", reason="不作废")
    assert own_refusal.status_code == 403  # neither way: she made the case
    approved = decide(chief_window, void["request_id"], decided_by="super02")
    assert approved.status_code == 200, approved.text


def test_an_older_windows_request_about_a_case_is_refused_here_but_not_approved(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    clerk_window, chief_window = enrol(hall, "W2"), enrol(hall, "W1")
    old = ask(clerk_window, kind="reprint", reason="原件污损").json()  # no makers: older window
    assert old["makers"] is None
    approved = decide(chief_window, old["request_id"])
    assert approved.status_code == 403
    assert error_of(approved)["details"]["reason"] == "makers_unknown"
    assert "approve at the clerk's screen" in error_of(approved)["message_en"]
    refused = decide(chief_window, old["request_id"], decision="refused", reason="原件在档")
    assert refused.status_code == 200, refused.text
    deferral = ask(clerk_window).json()  # about an intake, not a case: nobody made it yet
    assert decide(chief_window, deferral["request_id"]).status_code == 200


def test_a_request_about_a_case_needs_a_reason(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    clerk_window = enrol(staffed_hall(store), "W2")
    for kind in ("reprint", "void", "correction"):
        unexplained = ask(clerk_window, kind=kind, reason=" ", makers=["clerk01"])
        assert unexplained.status_code == 422, kind
        assert "needs a reason" in error_of(unexplained)["message_en"]
    assert ask(clerk_window, reason="").status_code == 200  # a 容缺 request may say none
    assert len(pending(clerk_window)) == 1


def test_a_window_keeps_a_few_requests_open_and_no_more(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    flooding, other, chief_window = enrol(hall, "W2"), enrol(hall, "W3"), enrol(hall, "W1")
    opened = [ask(flooding).json()["request_id"] for _ in range(OPEN_PER_WINDOW)]
    again = ask(flooding, request_id=opened[0])  # the same draft again is no new request
    assert again.status_code == 200, again.text
    refused = ask(flooding)
    assert refused.status_code == 409
    said = error_of(refused)
    assert said["code"] == "too_many_open_requests"
    assert f"本窗口已有 {OPEN_PER_WINDOW} 个审批请求等待值班长处理" in said["message_zh"]
    assert ask(other).status_code == 200  # another window is not held up
    assert decide(chief_window, opened[0]).status_code == 200
    assert ask(flooding).status_code == 200  # a decided request frees its place
    kept_yesterday(store, opened[1])
    assert ask(flooding).status_code == 200  # and so does an expired one
    assert len(pending(chief_window)) == OPEN_PER_WINDOW + 1


def test_the_open_requests_are_counted_per_window_whatever_device_asks(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    first = enrol(hall, "W2")
    for _ in range(OPEN_PER_WINDOW):
        assert ask(first).status_code == 200
    replaced = enrol(hall, "W2")  # the window's workstation replaced, its requests still open
    refused = ask(replaced)
    assert refused.status_code == 409
    assert error_of(refused)["details"] == {"open": OPEN_PER_WINDOW, "most": OPEN_PER_WINDOW}


def test_a_request_expires_with_its_hall_day_and_is_never_decided_after(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = staffed_hall(store)
    clerk_window, chief_window = enrol(hall, "W2"), enrol(hall, "W1")
    asked = ask(clerk_window).json()
    today = ApprovalRequest.model_validate(asked)
    assert today.expires_at is not None
    assert today.requested_at < today.expires_at <= today.requested_at + timedelta(days=1)
    assert today.expires_at.astimezone(HALL_TIMEZONE).time() == time()  # 24:00 hall time
    request_id = asked["request_id"]
    kept_yesterday(store, request_id)
    assert pending(chief_window) == []
    polled = clerk_window.request("GET", f"{PATH}/{request_id}").json()
    # "pending" as a window of the release before expiry reads it, and ``expired``.
    assert (polled["status"], polled["expired"], polled["decided_by"]) == ("pending", True, None)
    assert ApprovalRequest.model_validate(polled).standing == "expired"
    for device, fields in (
        (chief_window, {}),
        (chief_window, {"decision": "refused", "reason": "太晚了"}),
        (clerk_window, {"decision": "cancelled", "decided_by": "clerk01"}),
    ):
        late = decide(device, request_id, **fields)
        assert late.status_code == 409
        assert error_of(late)["code"] == "approval_expired"
    with store.snapshot() as cur:
        row = cur.execute(
            store.sql("SELECT status, decided_by FROM approval_requests WHERE request_id = ?"),
            (request_id,),
        ).fetchone()
    assert tuple(row) == ("pending", None)  # read as expired, never written over


def test_the_operator_lists_a_halls_requests_with_who_asked_and_who_decided(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    hall = staffed_hall(store)
    clerk_window, chief_window = enrol(hall, "W2"), enrol(hall, "W1")
    approved = ask(clerk_window, kind="void", reason="录错事项", makers=["clerk01"]).json()
    decide(chief_window, approved["request_id"])
    refused = ask(
        clerk_window, summary="补打 W2-0007", kind="reprint", reason="原件污损", makers=[]
    )
    decide(chief_window, refused.json()["request_id"], decision="refused", reason="原件在档")
    expired = ask(clerk_window).json()["request_id"]
    kept_yesterday(store, expired)
    waiting = ask(clerk_window).json()["request_id"]

    def listed(*options: str, of: str = hall) -> dict[str, Any]:
        done = run_cli("approvals", "list", "--hall", of, "--json", *options, *central.store_args())
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    every = listed()["requests"]
    assert [r["status"] for r in every] == ["pending", "refused", "approved", "expired"]
    assert [r["request_id"] for r in listed("--state", "expired")["requests"]] == [expired]
    assert [r["request_id"] for r in listed("--state", "pending")["requests"]] == [waiting]
    (decided,) = listed("--state", "approved")["requests"]
    assert (decided["requested_by"], decided["device_id"], decided["window_code"]) == (
        "clerk01",
        clerk_window.device_id,
        "W2",
    )
    assert (decided["decided_by"], decided["decided_device"], decided["reason"]) == (
        "super01",
        chief_window.device_id,
        "录错事项",
    )
    assert decided["decided_at"] and decided["makers"] == ["clerk01"]
    assert listed("--limit", "1") == {"requests": every[:1], "more": True}
    text = run_cli("approvals", "list", "--hall", hall, "--state", "refused", *central.store_args())
    assert text.returncode == 0, text.stderr
    assert all(said in text.stdout for said in ("驳回 / refused", "原件在档", "super01"))
    assert listed(of=unique_hall())["requests"] == []
