"""一事一评 online and withdrawals, on SQLite and PostgreSQL: a case withdrawn at the counter
is not rated on its progress page (the page says where to rate instead, the form refuses),
so no rating comes back to the window as a step after its withdrawal; a case the platform
withdrew is rated, and the window's versions after that rating are stored, not kept in
conflict (a withdrawal step agrees with a withdrawal)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central import track_page
from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, payments, progress, tracking
from central.store import cases as case_store
from central.track_texts import TEXT
from counter_app.domain.tracking import token_digest
from tests.central.conftest import push_ok, tracked_case

pytestmark = pytest.mark.integration


def _withdrawn(device: SimulatedDevice, case: dict[str, Any], version: int) -> dict:
    """Version ``version`` of ``case``: the window withdrew it (or took the platform's word)."""
    payload = {**case["payload"], "data_version": version, "state": "withdrawn"}
    return device.case(
        case_id=uuid.UUID(case["case_id"]),
        case_no=case["case_no"],
        data_version=version,
        payload=payload,
    )


def test_a_case_withdrawn_at_the_counter_is_not_rated_online(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])
    assert [r["status"] for r in push_ok(device, [_withdrawn(device, case, 2)])] == ["stored"]
    digest = token_digest(token)
    tracked = tracking.tracked_case(store, digest)
    assert tracked is not None and not tracked.ratable
    page = track_page.case_page(tracked, token, "zh")
    assert 'id="not-ratable"' in page and 'id="rating"' not in page
    with pytest.raises(OperatorError) as refused:
        tracking.record_online_evaluation(store, digest, 5, None)
    assert (refused.value.zh, refused.value.en) == TEXT["not_ratable"]  # the page's words
    with store.snapshot() as cur:
        steps = store._exec(
            cur, "SELECT state FROM progress_events WHERE case_id = ?", (case["case_id"],)
        ).fetchall()
    assert steps == []
    assert case_store.conflicts(store, device.hall) == []


def test_a_case_voided_at_the_counter_is_not_rated_and_the_refusal_says_so(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    voided = {**case["payload"], "data_version": 2, "state": "voided"}
    push_ok(device, [case])
    version = device.case(
        case_id=uuid.UUID(case["case_id"]),
        case_no=case["case_no"],
        data_version=2,
        payload=voided,
    )
    assert [r["status"] for r in push_ok(device, [version])] == ["stored"]
    with pytest.raises(OperatorError) as refused:
        tracking.record_online_evaluation(store, token_digest(token), 1, "waiting")
    assert "已作废的办件不作评价" in refused.value.zh
    assert "a voided case is not rated" in refused.value.en
    assert "作废" not in refused.value.zh.partition("；")[0]  # not sent to the evaluator


def test_a_payment_confirmed_after_a_withdrawal_at_the_counter_is_no_platform_withdrawal(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """The payment platform's late confirmation of a withdrawn case's fee tells the hall by
    an event repeating the case's state (withdrawn): it is no withdrawal of the platform's,
    so the case is still not rated online."""
    device = enrol()
    first, token = tracked_case(device)
    reference = f"JF-{first['case_no']}"
    case = device.case(
        case_id=uuid.UUID(first["case_id"]),
        case_no=first["case_no"],
        payload={**first["payload"], "fee_cents": 2000, "payment_reference": reference},
    )
    push_ok(device, [case])
    push_ok(device, [_withdrawn(device, case, 2)])
    payments.confirm_payment(store, reference)
    tracked = tracking.tracked_case(store, token_digest(token))
    assert tracked is not None and tracked.state.value == "withdrawn" and not tracked.ratable


def test_a_case_the_platform_withdrew_is_rated_and_the_windows_next_version_is_stored(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])
    progress.record_progress(store, case["case_no"], "in_process", "")
    progress.record_progress(store, case["case_no"], "withdrawn", "申请人不再办理")
    (applied,) = push_ok(device, [_withdrawn(device, case, 2)])
    assert applied["status"] == "stored"
    assert tracking.record_online_evaluation(store, token_digest(token), 4, None)
    (rated,) = push_ok(device, [_withdrawn(device, case, 3)])
    assert rated["status"] == "stored"
    assert case_store.conflicts(store, device.hall) == []
