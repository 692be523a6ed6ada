"""Where a case stands on the platform when the window's versions and the back-office steps
cross: a version the window wrote before it pulled a step leaves the step standing; one that
moves on from it (a correction handed in) takes over (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from central.store import cases as case_store
from tests.central.conftest import push_ok, read_all

pytestmark = pytest.mark.integration


def _state(store: CentralStore, device: SimulatedDevice, case_id: str) -> str:
    (case,) = [
        c
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
        if c["case_id"] == case_id
    ]
    return str(case["state"])


def test_a_version_written_before_the_step_was_pulled_leaves_the_step_standing(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    first = device.case()
    case_id, case_no = first["case_id"], first["case_no"]
    push_ok(device, [first])
    progress.record_progress(store, case_no, "in_process", "")

    def version(number: int, **changes: object) -> dict[str, object]:
        payload = {**first["payload"], "data_version": number, **changes}
        return device.case(
            case_id=uuid.UUID(case_id), data_version=number, case_no=case_no, payload=payload
        )

    # The window, not yet aware of the step, records a rating: its version says 已受理.
    assert push_ok(device, [version(2, remarks="评价已记录")])[0]["status"] == "stored"
    assert _state(store, device, case_id) == "in_process"
    # The hall queue (its newest item a case's summary) shows where the case stands too,
    # not the window's stale state.
    queued = [item for item in read_all(device, "hall_queue", 50)[0] if item["case_id"] == case_id]
    assert [item["state"] for item in queued] == ["accepted", "in_process", "in_process"]

    progress.record_progress(
        store, case_no, "correction_requested", "请补充材料", materials=["M01"]
    )
    assert _state(store, device, case_id) == "correction_requested"
    # The correction handed in at the window moves the case on: the window's state stands.
    assert push_ok(device, [version(3, state="in_process")])[0]["status"] == "stored"
    assert _state(store, device, case_id) == "in_process"
