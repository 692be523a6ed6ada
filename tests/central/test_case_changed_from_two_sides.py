"""One case changed at the window and on the platform before either saw the other, on SQLite
and PostgreSQL: the platform posts only a result its applicant chose to have posted (the
window's own rule); a hand-over in person over a posting the platform recorded, and a
window's change to a case the platform has ended (deferred materials supplied after a
denial, an edit after an online withdrawal) are kept in conflict for a supervisor, the case
standing where the platform holds it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from central.store import cases as case_store
from counter_app.domain.case_states import CaseState
from tests.central.case_versions import POSTAL, WAYBILL, result_ready, state_of, version_of
from tests.central.conftest import push_ok

pytestmark = pytest.mark.integration

HANDOVER = {
    "collector": "applicant",
    "proxy_name": None,
    "proxy_id_number": None,
    "power_of_attorney": False,
    "handed_over_at": "2026-12-07T03:00:00.000000Z",
    "handed_over_by": "sim",
}


def _conflicts(store: CentralStore, hall: str, case: dict[str, Any]) -> list[tuple[int, str]]:
    return [
        (c["data_version"], c["reason"])
        for c in case_store.conflicts(store, hall)
        if c["case_id"] == case["case_id"]
    ]


def test_the_platform_posts_no_result_its_applicant_chose_to_pick_up(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = result_ready(device, store)  # no delivery choice: picked up at the hall

    for status in ("posted", "delivered"):
        with pytest.raises(OperatorError) as refused:
            progress.record_delivery(store, case["case_no"], WAYBILL, status)
        assert "选择窗口领取" in refused.value.zh and "chose pick-up" in refused.value.en
    assert state_of(store, case["case_id"]) is CaseState.RESULT_READY
    # The window's hand-over in person is then the case's only delivery.
    handed = version_of(device, case, 2, state="delivered", handover=HANDOVER)
    assert push_ok(device, [handed])[0]["status"] == "stored"
    assert state_of(store, case["case_id"]) is CaseState.DELIVERED


@pytest.mark.parametrize("carrier", ["posted", "delivered"])
def test_a_hand_over_in_person_after_the_platform_posted_the_result_is_kept(
    enrol: Callable[..., SimulatedDevice], store: CentralStore, carrier: str
) -> None:
    device = enrol()
    case = result_ready(device, store, delivery=POSTAL)
    progress.record_delivery(store, case["case_no"], WAYBILL, "posted")
    if carrier == "delivered":
        progress.record_delivery(store, case["case_no"], WAYBILL, "delivered")
    standing = state_of(store, case["case_id"])

    (kept,) = push_ok(device, [version_of(device, case, 2, state="delivered", handover=HANDOVER)])

    assert (kept["status"], kept["reason"]) == ("conflict", "ended_after_step")
    assert WAYBILL in kept["message_zh"] and "待值班长核对" in kept["message_zh"]
    assert WAYBILL in kept["message_en"] and "supervisor" in kept["message_en"]
    assert state_of(store, case["case_id"]) is standing
    assert _conflicts(store, device.hall, case) == [(2, "ended_after_step")]


def test_a_hand_over_after_the_window_recorded_the_parcel_returned_is_stored(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = result_ready(device, store, delivery=POSTAL)
    progress.record_delivery(store, case["case_no"], WAYBILL, "posted")
    # The window pulled the posting, then recorded the parcel back at the hall.
    returned = version_of(device, case, 2, state="result_ready", delivery=POSTAL)
    assert push_ok(device, [returned])[0]["status"] == "stored"

    handed = version_of(device, case, 3, state="delivered", delivery=POSTAL, handover=HANDOVER)
    assert push_ok(device, [handed])[0]["status"] == "stored"
    assert state_of(store, case["case_id"]) is CaseState.DELIVERED


def _deferred(device: SimulatedDevice) -> dict[str, Any]:
    """A case accepted with its material M05 deferred (容缺)."""
    case = device.case()
    materials = [dict(m) for m in case["payload"]["materials"]]
    materials[5] |= {"status": "deferred", "deadline": "2026-12-04"}
    return version_of(device, case, 1, state="accepted_deferred", materials=materials)


@pytest.mark.parametrize(
    ("steps", "ended_as"),
    [
        (("in_process", "completed_denied"), "办结（不予）"),
        (("in_process", "completed_denied", "result_ready"), "结果待领取"),
        (("in_process", "withdrawn"), "已撤回"),
    ],
)
def test_deferred_materials_supplied_after_the_platform_ended_the_case_are_kept(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    steps: tuple[str, ...],
    ended_as: str,
) -> None:
    device = enrol()
    case = _deferred(device)
    push_ok(device, [case])
    for step in steps:
        progress.record_progress(store, case["case_no"], step, "申请人网上撤回")
    standing = state_of(store, case["case_id"])

    supplied = version_of(
        device, case, 2, state="accepted", materials=device.case()["payload"]["materials"]
    )
    (kept,) = push_ok(device, [supplied])

    assert (kept["status"], kept["reason"]) == ("conflict", "changed_after_end")
    assert ended_as in kept["message_zh"] and "已结束" in kept["message_zh"]
    assert "ended" in kept["message_en"] and "supervisor" in kept["message_en"]
    assert state_of(store, case["case_id"]) is standing
    assert _conflicts(store, device.hall, case) == [(2, "changed_after_end")]


def test_an_approved_edit_of_a_case_withdrawn_online_is_kept(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = device.case()
    push_ok(device, [case])
    progress.record_progress(store, case["case_no"], "in_process", "")
    progress.record_progress(store, case["case_no"], "withdrawn", "申请人网上撤回")
    applicant = {**case["payload"]["applicant"], "phone": "13800138000"}

    (kept,) = push_ok(device, [version_of(device, case, 2, applicant=applicant)])

    assert (kept["status"], kept["reason"]) == ("conflict", "changed_after_end")
    assert state_of(store, case["case_id"]) is CaseState.WITHDRAWN
    held = [
        c
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
        if c["case_id"] == case["case_id"]
    ]
    assert [c["data_version"] for c in held] == [1]


def test_an_edit_written_before_an_approval_was_pulled_is_still_stored(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = result_ready(device, store)

    (stored,) = push_ok(device, [version_of(device, case, 2, remarks="地址更正")])

    assert stored["status"] == "stored"
    assert state_of(store, case["case_id"]) is CaseState.RESULT_READY


def test_a_rating_given_after_the_platform_ended_the_case_stands(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """好差评 after the end is normal: a version that only adds the applicant's rating is
    stored; a later one that also corrects the applicant's data is kept."""
    device = enrol()
    case = device.case()
    push_ok(device, [case])
    progress.record_progress(store, case["case_no"], "in_process", "")
    progress.record_progress(store, case["case_no"], "withdrawn", "申请人网上撤回")
    rating = {
        "channel": "hall_evaluator",
        "level": 5,
        "declined": False,
        "reason_code": None,
        "reason": None,
        "window": device.window,
        "clerk": "sim",
        "at": "2026-11-27T09:10:00.000000Z",
    }

    (rated,) = push_ok(device, [version_of(device, case, 2, evaluation=rating)])
    assert rated["status"] == "stored", rated
    assert state_of(store, case["case_id"]) is CaseState.WITHDRAWN

    applicant = {**case["payload"]["applicant"], "phone": "13800138000"}
    edited = version_of(device, case, 3, evaluation=rating, applicant=applicant)
    (kept,) = push_ok(device, [edited])
    assert (kept["status"], kept["reason"]) == ("conflict", "changed_after_end")


def test_a_payment_recorded_after_the_platform_ended_the_case_stands(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = device.case()
    push_ok(device, [case])
    progress.record_progress(store, case["case_no"], "in_process", "")
    progress.record_progress(store, case["case_no"], "withdrawn", "申请人网上撤回")

    paid = version_of(
        device,
        case,
        2,
        fee_cents=2000,
        payment_reference=f"JF-{case['case_no']}",
        paid_at="2026-11-27T03:00:00.000000Z",
        payment_method="pos",
        payment_receipt_no="POS-1",
    )
    (stored,) = push_ok(device, [paid])
    assert stored["status"] == "stored", stored
    assert state_of(store, case["case_id"]) is CaseState.WITHDRAWN
