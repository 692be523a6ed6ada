"""The hall queue feed carries the decision the window took on a case when it took it, fixed
whatever came since: a 容缺 acceptance once its material was supplied (no deferral due any
more), a notice once the applicant came back and the case was accepted on a later day, and
through the back office's steps - on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, progress
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import MaterialStatus
from sync.wire.feeds import FeedPage, HallCase
from tests.central.conftest import push_ok, read_all, unique_hall

pytestmark = pytest.mark.integration

RETURNED_AT = "2026-11-30T02:00:00.000000Z"  # three days after the synthetic received_at


def _version(device: SimulatedDevice, document: CaseDocument) -> dict[str, Any]:
    return device.case(
        case_id=uuid.UUID(document.case_id),
        data_version=document.data_version,
        payload=document.to_json(),
    )


def _hall_case(
    enrol: Callable[..., SimulatedDevice],
) -> tuple[SimulatedDevice, SimulatedDevice, CaseDocument]:
    """W2 of a new hall that takes a case (its first version, accepted), and W1 that reads
    the hall queue."""
    window = enrol(unique_hall(), "W2")
    reader = enrol(window.hall, "W1")
    case_id = uuid.uuid4()
    return window, reader, synthetic_payload(case_id, 1, window.case_number(case_id))


def _items_of(device: SimulatedDevice, case_id: str) -> list[dict[str, Any]]:
    items, _, cursor = read_all(device, "hall_queue", limit=50)
    FeedPage[HallCase].model_validate({"items": items, "cursor": cursor, "more": False})
    return [item for item in items if item["case_id"] == case_id]


def test_a_deferral_case_stays_one_once_its_material_is_supplied(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    window, reader, taken = _hall_case(enrol)
    case_id = taken.case_id
    deferred = taken.model_copy(
        update={
            "state": CaseState.ACCEPTED_DEFERRED,
            "materials": [
                m.model_copy(update={"status": MaterialStatus.DEFERRED, "deadline": "2026-12-03"})
                if m.code == "M05"
                else m
                for m in taken.materials
            ],
        }
    )
    supplied = deferred.model_copy(
        update={
            "data_version": 2,
            "state": CaseState.ACCEPTED,
            "materials": [
                m.model_copy(update={"status": MaterialStatus.RECEIVED}) if m.code == "M05" else m
                for m in deferred.materials
            ],
        }
    )
    push_ok(window, [_version(window, deferred)])
    push_ok(window, [_version(window, supplied)])
    progress.record_progress(store, case_id, "in_process", "材料审核中")

    items = _items_of(reader, case_id)
    assert [(i["state"], i["deferral_due"], i["decision"]) for i in items] == [
        ("accepted_deferred", "2026-12-03", "accepted_deferred"),
        ("accepted", None, "accepted_deferred"),
        ("in_process", None, "accepted_deferred"),
    ]
    assert {i["received_at"] for i in items} == {taken.received_at}


def test_a_notice_stays_one_once_the_case_is_accepted_on_a_later_day(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    window, reader, taken = _hall_case(enrol)
    case_id = taken.case_id
    notified = taken.model_copy(
        update={
            "state": CaseState.NOTIFIED,
            "accepted_at": None,
            "promised_date": None,
            "statutory_date": None,
        }
    )
    accepted = notified.model_copy(
        update={
            "data_version": 2,
            "state": CaseState.ACCEPTED,
            "accepted_at": RETURNED_AT,
            "promised_date": "2026-12-14",
        }
    )
    push_ok(window, [_version(window, notified)])
    push_ok(window, [_version(window, accepted)])
    progress.record_progress(store, case_id, "in_process", "材料审核中")

    items = _items_of(reader, case_id)
    assert [(i["state"], i["accepted_at"], i["decision"]) for i in items] == [
        ("notified", None, "notified"),
        ("accepted", RETURNED_AT, "notified"),
        ("in_process", RETURNED_AT, "notified"),
    ]
    # The day it counts on: the day the window took the case and gave the notice.
    assert {i["received_at"] for i in items} == {taken.received_at}
    # An acceptance as the case was taken is an acceptance.
    outright = window.case()
    push_ok(window, [outright])
    (item,) = _items_of(reader, outright["case_id"])
    assert item["decision"] == "accepted"
