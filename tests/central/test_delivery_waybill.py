"""The platform's news of a posted result names the waybill it went out with, on SQLite and
PostgreSQL: a delivery under another waybill than the window's (or the platform's own
earlier posting) is refused and changes nothing; the matching one moves the case."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from counter_app.domain.case_states import CaseState
from tests.central.case_versions import POSTAL, WAYBILL, result_ready, state_of, version_of
from tests.central.conftest import push_ok

pytestmark = pytest.mark.integration


def test_a_delivery_under_another_waybill_than_the_window_posted_is_refused(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = result_ready(device, store, delivery=POSTAL)
    posted = version_of(
        device,
        case,
        2,
        state="result_ready",
        delivery={**POSTAL, "waybill": WAYBILL, "posted_at": "2026-12-07T03:00:00.000000Z"},
    )
    assert [r["status"] for r in push_ok(device, [posted])] == ["stored"]

    with pytest.raises(OperatorError) as refused:
        progress.record_delivery(store, case["case_no"], "EA999999999CN", "delivered")
    assert WAYBILL in refused.value.zh and "EA999999999CN" in refused.value.en
    assert state_of(store, case["case_id"]) is CaseState.RESULT_READY

    progress.record_delivery(store, case["case_no"], WAYBILL, "delivered")
    assert state_of(store, case["case_id"]) is CaseState.DELIVERED


def test_a_delivery_must_match_the_platforms_own_posting(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = result_ready(device, store, delivery=POSTAL)
    progress.record_delivery(store, case["case_no"], WAYBILL, "posted")
    with pytest.raises(OperatorError):
        progress.record_delivery(store, case["case_no"], "EA999999999CN", "delivered")
    assert progress.record_delivery(store, case["case_no"], WAYBILL, "delivered")["state"] == (
        "delivered"
    )
