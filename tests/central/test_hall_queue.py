"""The hall queue feed and one case's history: every window's cases of the device's own hall,
no personal data, and nothing of another hall - on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, payments, progress
from counter_app.domain.case_document import EvaluationRecord
from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.evaluation import EvaluationChannel
from sync.wire.feeds import FeedPage, HallCase, HallCaseHistory
from tests.central.conftest import error_of, push_ok, read_all, unique_hall

pytestmark = pytest.mark.integration


def deferred_case(device: SimulatedDevice) -> dict:
    """A 容缺 case: one material deferred to 2026-12-03."""
    case_id = uuid.uuid4()
    document = synthetic_payload(case_id, 1, device.case_number(case_id))
    materials = [
        m.model_copy(update={"status": MaterialStatus.DEFERRED, "deadline": "2026-12-03"})
        if m.code == "M05"
        else m
        for m in document.materials
    ]
    changed = document.model_copy(
        update={"materials": materials, "state": CaseState.ACCEPTED_DEFERRED}
    )
    return device.case(case_id=case_id, payload=changed.to_json())


def test_the_queue_holds_every_window_of_the_hall_and_no_personal_data(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    w1, w2, stranger = enrol(hall, "W1"), enrol(hall, "W2"), enrol()
    first, second = w1.case(), deferred_case(w2)
    push_ok(w1, [first])
    push_ok(w2, [second])
    push_ok(stranger, [stranger.case()])
    progress.record_progress(store, first["case_id"], "in_process", "材料审核中")

    items, _, cursor = read_all(w1, "hall_queue", limit=1)
    FeedPage[HallCase].model_validate({"items": items, "cursor": cursor, "more": False})
    assert [(i["case_no"], i["window_code"], i["kind"]) for i in items] == [
        (first["case_no"], "W1", "version"),
        (second["case_no"], "W2", "version"),
        (first["case_no"], "W1", "progress"),
    ]
    assert items[0] | {"at": None, "sequence": None, "acknowledged_at": None} == {
        "sequence": None,
        "case_id": first["case_id"],
        "case_no": first["case_no"],
        "window_code": "W1",
        "clerk": "sim",
        "item_code": "310101-HJ-001",
        "item_name": "模拟事项",
        "state": "accepted",
        "data_version": 1,
        "kind": "version",
        "actor": "sim",
        "note": "",
        "at": None,
        "received_at": "2026-11-27T09:00:00.000000Z",
        "accepted_at": "2026-11-27T09:00:00.000000Z",
        "promised_date": "2026-12-08",
        "deferral_due": None,
        "flags": [],
        "decision": "accepted",
        "acknowledged_at": None,
        "card_read_at": None,
        "rating_level": None,
        "rating_declined": False,
        "fee_cents": None,
        "bundle_id": None,  # decided alone, not in a 一件事
        "bundle_name": None,
    }
    assert items[0]["acknowledged_at"] == items[0]["at"]  # first stored by that version
    assert (items[1]["deferral_due"], items[1]["flags"]) == ("2026-12-03", ["deferred_materials"])
    assert (items[2]["state"], items[2]["note"], items[2]["actor"]) == (
        "in_process",
        "材料审核中",
        "platform",
    )
    text = str(items)
    for case in (first, second):
        assert case["payload"]["applicant"]["id_number"] not in text
    assert "模拟申请人" not in text

    # A new version of a case: exactly it, from the cursor on.
    newer = w2.case(case_id=uuid.UUID(second["case_id"]), data_version=2)
    push_ok(w2, [newer])
    (fresh,) = w1.feed("hall_queue", cursor=cursor).json()["items"]
    assert (fresh["case_id"], fresh["data_version"]) == (second["case_id"], 2)

    # The history of another window's case, oldest first.
    answer = w1.request("GET", f"/v1/hall/cases/{first['case_id']}/history")
    assert answer.status_code == 200, answer.text
    history = HallCaseHistory.model_validate(answer.json())
    assert [(e.kind, e.state) for e in history.entries] == [
        ("version", "accepted"),
        ("progress", "in_process"),
    ]


def test_a_device_of_another_hall_cannot_read_this_halls_queue(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    hall_a, hall_b = unique_hall(), unique_hall()
    device_a, device_b = enrol(hall_a, "W1"), enrol(hall_b, "W1")
    case_a = device_a.case()
    push_ok(device_a, [case_a])
    push_ok(device_b, [device_b.case()])

    # Its own feed holds none of hall A's cases.
    items, _, _ = read_all(device_b, "hall_queue", limit=50)
    assert items and case_a["case_id"] not in {i["case_id"] for i in items}
    # Asking for hall A by name, or with a cursor of hall A's feed, is refused.
    asked = device_b.feed("hall_queue", hall=hall_a)
    assert asked.status_code == 403 and error_of(asked)["code"] == "wrong_hall"
    cursor_a = device_a.feed("hall_queue").json()["cursor"]
    stolen = device_b.feed("hall_queue", cursor=cursor_a)
    assert stolen.status_code == 403 and error_of(stolen)["code"] == "wrong_hall"
    # So is the history of hall A's case: as if it did not exist.
    history = device_b.request("GET", f"/v1/hall/cases/{case_a['case_id']}/history")
    assert history.status_code == 404 and error_of(history)["code"] == "unknown_case"
    unknown = device_a.request("GET", f"/v1/hall/cases/{uuid.uuid4()}/history")
    assert unknown.status_code == 404 and error_of(unknown)["code"] == "unknown_case"


def test_the_queue_carries_the_statistics_facts_of_the_newest_version(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    """The card read of version 1, the rating of version 2, and when the platform first
    stored the case (not when it stored the rating): every summary of the case has them."""
    hall = unique_hall()
    device = enrol(hall, "W1")
    case_id = uuid.uuid4()
    first = synthetic_payload(case_id, 1, device.case_number(case_id)).model_copy(
        update={"card_read_at": "2026-11-27T08:52:00.000000Z"}
    )
    push_ok(device, [device.case(case_id=case_id, payload=first.to_json())])
    rating = EvaluationRecord(
        channel=EvaluationChannel.HALL_EVALUATOR,
        level=None,
        declined=True,
        reason_code=None,
        reason=None,
        window="W1",
        clerk="sim",
        at="2026-11-27T09:10:00.000000Z",
    )
    rated = first.model_copy(update={"data_version": 2, "evaluation": rating})
    push_ok(device, [device.case(case_id=case_id, data_version=2, payload=rated.to_json())])

    items, _, _ = read_all(device, "hall_queue", limit=10)
    assert [i["data_version"] for i in items] == [1, 2]
    for item in items:
        assert (item["card_read_at"], item["rating_level"], item["rating_declined"]) == (
            "2026-11-27T08:52:00.000000Z",
            None,
            True,
        )
        assert item["acknowledged_at"] == items[0]["at"]
    FeedPage[HallCase].model_validate({"items": items, "cursor": "", "more": False})


def test_an_unpaid_fee_is_flagged_until_the_payment_platform_confirms_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol(unique_hall(), "W1")
    plain = device.case()
    reference = f"JF-{plain['case_no']}"
    owed = {**plain["payload"], "fee_cents": 2000, "payment_reference": reference}
    case_id = uuid.UUID(plain["case_id"])
    push_ok(device, [device.case(case_id=case_id, case_no=plain["case_no"], payload=owed)])
    items, _, cursor = read_all(device, "hall_queue", limit=10)
    assert [(i["kind"], i["flags"], i["fee_cents"]) for i in items] == [
        ("version", ["unpaid"], 2000)
    ]

    payments.confirm_payment(store, reference)
    (paid,) = device.feed("hall_queue", cursor=cursor).json()["items"]
    assert (paid["kind"], paid["state"], paid["flags"]) == ("progress", "accepted", [])
    assert reference in paid["note"]

    # A version the window wrote before it heard of the payment does not owe the fee again.
    stale = {**owed, "data_version": 2}
    push_ok(
        device,
        [device.case(case_id=case_id, case_no=plain["case_no"], data_version=2, payload=stale)],
    )
    items, _, _ = read_all(device, "hall_queue", limit=10)
    assert (items[-1]["data_version"], items[-1]["flags"]) == (2, [])


def test_a_payment_of_a_case_stored_before_the_hall_queue_is_confirmed_all_the_same(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol(unique_hall(), "W1")
    plain = device.case()
    reference = f"JF-{plain['case_no']}"
    owed = {**plain["payload"], "fee_cents": 2000, "payment_reference": reference}
    case_id = uuid.UUID(plain["case_id"])
    push_ok(device, [device.case(case_id=case_id, case_no=plain["case_no"], payload=owed)])
    with store.transaction() as cur:  # as a platform older than the hall queue left it
        cur.execute(store.sql("DELETE FROM case_summaries WHERE case_id = ?"), (str(case_id),))
    assert payments.confirm_payment(store, reference)["case_no"] == plain["case_no"]
    assert read_all(device, "hall_queue", limit=10)[0] == []


def test_a_case_the_platform_ends_waits_for_no_deferred_material(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """The same when the platform's own step ends the case (its withdrawal of a 容缺 case
    taken into processing): the step's summary keeps the flag until then, drops it with it."""
    device = enrol(unique_hall(), "W1")
    deferred = deferred_case(device)
    push_ok(device, [deferred])
    progress.record_progress(store, deferred["case_no"], "in_process", "")
    progress.record_progress(store, deferred["case_no"], "withdrawn", "申请人书面撤回")
    items, _, _ = read_all(device, "hall_queue", limit=10)
    assert [(i["state"], i["flags"], i["deferral_due"]) for i in items] == [
        ("accepted_deferred", ["deferred_materials"], "2026-12-03"),
        ("in_process", ["deferred_materials"], "2026-12-03"),
        ("withdrawn", [], None),
    ]


def test_a_case_in_a_final_state_waits_for_no_deferred_material_and_no_fee(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    """A 容缺 case with a fee owed, then voided: its voided version carries neither the
    deferral (nor its due date) nor ``unpaid``; its open bad-rating follow-up would stay."""
    device = enrol(unique_hall(), "W1")
    deferred = deferred_case(device)
    owed = {
        **deferred["payload"],
        "fee_cents": 2000,
        "payment_reference": f"JF-{deferred['case_no']}",
    }
    case_id = uuid.UUID(deferred["case_id"])
    push_ok(device, [device.case(case_id=case_id, case_no=deferred["case_no"], payload=owed)])
    voided = {**owed, "data_version": 2, "state": "voided"}
    push_ok(
        device,
        [device.case(case_id=case_id, case_no=deferred["case_no"], data_version=2, payload=voided)],
    )
    items, _, _ = read_all(device, "hall_queue", limit=10)
    assert [(i["state"], i["flags"], i["deferral_due"]) for i in items] == [
        ("accepted_deferred", ["deferred_materials", "unpaid"], "2026-12-03"),
        ("voided", [], None),
    ]
