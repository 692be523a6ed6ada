"""Only the payment platform pays a fee on the payment platform: a window's version stating
the fee paid there, with a voucher the platform never confirmed, is stored but its claim is
not taken (logged): the fee stays unpaid, processing waits, the hall queue says 待缴费, and
the platform's own confirmation still goes through (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, payments, progress
from counter_app.domain.hall_queue import REFUND_OWED, UNPAID
from tests.central.conftest import push_ok
from tests.central.payment_rows import latest_flags, payment_row
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def _fee_case(device: SimulatedDevice) -> dict[str, Any]:
    case = device.case()
    payload = {**case["payload"], "fee_cents": 2000, "payment_reference": f"JF-{case['case_no']}"}
    return device.case(case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload)


def _declared_on_platform(device: SimulatedDevice, case: dict[str, Any]) -> dict[str, Any]:
    """Version 2 of ``case``: the window states the fee paid on the payment platform."""
    payload = {
        **case["payload"],
        "data_version": 2,
        "paid_at": "2026-11-27T03:00:00.000000Z",
        "payment_method": "platform",
        "payment_receipt_no": "MADE-UP-1",
    }
    return device.case(
        case_id=uuid.UUID(case["case_id"]), data_version=2, case_no=case["case_no"], payload=payload
    )


def test_a_window_cannot_declare_a_fee_paid_on_the_payment_platform(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    central: RunningCentral,
) -> None:
    device = enrol()
    case = _fee_case(device)
    push_ok(device, [case])

    [result] = push_ok(device, [_declared_on_platform(device, case)])
    assert result["status"] == "stored"
    assert payment_row(store, case["case_id"]) == (None, None, None)
    log = central.log_path.read_text(encoding="utf-8", errors="replace")
    [warned] = [line for line in log.splitlines() if case["case_id"] in line and "never" in line]
    assert "WARNING" in warned and case["payload"]["payment_reference"] in warned
    assert UNPAID in latest_flags(store, case["case_id"])
    with pytest.raises(OperatorError) as unpaid:
        progress.record_progress(store, case["case_no"], "in_process", "")
    assert "待缴费" in unpaid.value.zh

    confirmed = payments.confirm_payment(store, case["payload"]["payment_reference"])
    paid_at, method, receipt_no = payment_row(store, case["case_id"])
    assert (method, receipt_no) == ("platform", None) and paid_at is not None
    assert confirmed["paid_at"] is not None
    progress.record_progress(store, case["case_no"], "in_process", "")


def test_a_version_repeating_the_platforms_own_confirmation_keeps_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = _fee_case(device)
    push_ok(device, [case])
    payments.confirm_payment(store, case["payload"]["payment_reference"])
    confirmed = payment_row(store, case["case_id"])

    push_ok(device, [_declared_on_platform(device, case)])
    assert payment_row(store, case["case_id"]) == confirmed
    assert UNPAID not in latest_flags(store, case["case_id"])


def test_a_withdrawal_with_an_unconfirmed_platform_claim_owes_no_refund(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = _fee_case(device)
    push_ok(device, [case])
    claimed = _declared_on_platform(device, case)
    payload = {**claimed["payload"], "state": "withdrawn"}
    withdrawn = device.case(
        case_id=uuid.UUID(case["case_id"]), data_version=2, case_no=case["case_no"], payload=payload
    )
    [result] = push_ok(device, [withdrawn])
    assert result["status"] == "stored"
    flags = latest_flags(store, case["case_id"])
    assert REFUND_OWED not in flags and UNPAID not in flags
