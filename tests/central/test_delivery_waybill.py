"""The platform's news of a posted result names the waybill it went out with, on SQLite and
PostgreSQL: a delivery under another waybill than the window's (or the platform's own
earlier posting) is refused and changes nothing; the matching one moves the case."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from central.store.cases import case_state
from counter_app.domain.case_states import CaseState
from tests.central.conftest import push_ok

pytestmark = pytest.mark.integration

WAYBILL = "EA123456789CN"


def _ready(device: SimulatedDevice, store: CentralStore) -> dict[str, Any]:
    """A case stored, its result ready at the platform."""
    case = device.case()
    push_ok(device, [case])
    for step in ("in_process", "completed_approved", "result_ready"):
        progress.record_progress(store, case["case_no"], step, "")
    return case


def _state(store: CentralStore, case_id: str) -> CaseState:
    with store.snapshot() as cur:
        return case_state(store, cur, case_id)


def test_a_delivery_under_another_waybill_than_the_window_posted_is_refused(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = _ready(device, store)
    payload = {
        **json.loads(json.dumps(case["payload"])),
        "data_version": 2,
        "state": "result_ready",
        "delivery": {
            "method": "post",
            "address": "上海市黄浦区人民大道200号",
            "waybill": WAYBILL,
            "posted_at": "2026-12-07T03:00:00.000000Z",
        },
    }
    posted = device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], data_version=2, payload=payload
    )
    assert [r["status"] for r in push_ok(device, [posted])] == ["stored"]

    with pytest.raises(OperatorError) as refused:
        progress.record_delivery(store, case["case_no"], "EA999999999CN", "delivered")
    assert WAYBILL in refused.value.zh and "EA999999999CN" in refused.value.en
    assert _state(store, case["case_id"]) is CaseState.RESULT_READY

    progress.record_delivery(store, case["case_no"], WAYBILL, "delivered")
    assert _state(store, case["case_id"]) is CaseState.DELIVERED


def test_a_delivery_must_match_the_platforms_own_posting(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = _ready(device, store)
    progress.record_delivery(store, case["case_no"], WAYBILL, "posted")
    with pytest.raises(OperatorError):
        progress.record_delivery(store, case["case_no"], "EA999999999CN", "delivered")
    assert progress.record_delivery(store, case["case_no"], WAYBILL, "delivered")["state"] == (
        "delivered"
    )
