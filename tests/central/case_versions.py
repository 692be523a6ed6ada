"""A simulated window's later versions of a case, and where the platform then holds it: the
set-up shared by the tests of what a window may change of a case the platform has moved on."""

from __future__ import annotations

import uuid
from typing import Any

from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from central.store.cases import case_state
from counter_app.domain.case_states import CaseState
from tests.central.conftest import push_ok

WAYBILL = "EA123456789CN"
POSTAL = {
    "method": "post",
    "address": "上海市黄浦区人民大道200号",
    "waybill": None,
    "posted_at": None,
}


def version_of(
    device: SimulatedDevice, case: dict[str, Any], version: int, **changes: Any
) -> dict[str, Any]:
    """Version ``version`` of ``case`` as ``device`` sends it, its document changed."""
    payload = {**case["payload"], "data_version": version, **changes}
    return device.case(
        case_id=uuid.UUID(case["case_id"]),
        case_no=case["case_no"],
        data_version=version,
        payload=payload,
    )


def result_ready(device: SimulatedDevice, store: CentralStore, **changes: Any) -> dict[str, Any]:
    """A case stored with ``changes``, its result ready at the platform."""
    case = version_of(device, device.case(), 1, **changes)
    push_ok(device, [case])
    for step in ("in_process", "completed_approved", "result_ready"):
        progress.record_progress(store, case["case_no"], step, "")
    return case


def state_of(store: CentralStore, case_id: str) -> CaseState:
    """Where the platform holds the case ``case_id``."""
    with store.snapshot() as cur:
        return case_state(store, cur, case_id)
