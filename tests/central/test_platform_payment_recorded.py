"""A window's version recording a payment on the payment platform as the applicant's voucher
showed it, marked as awaiting the platform's confirmation (``payment_confirmed`` false): the
platform stores it without a warning, yet holds the fee unpaid and processes nothing before
its own confirmation (先缴费后办理); the window's later version saying the record was
confirmed keeps the platform's payment (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, payments, progress
from counter_app.domain.hall_queue import UNPAID
from tests.central.conftest import push_ok
from tests.central.payment_rows import latest_flags, payment_row
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

TRANSACTION = "SSB-20261127-0007"


def _version(
    device: SimulatedDevice, case: dict[str, Any], version: int, **fields: Any
) -> dict[str, Any]:
    payload = {**case["payload"], "data_version": version, **fields}
    return device.case(
        case_id=uuid.UUID(case["case_id"]),
        data_version=version,
        case_no=case["case_no"],
        payload=payload,
    )


def test_a_payment_recorded_from_the_voucher_waits_for_the_platforms_confirmation(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    central: RunningCentral,
) -> None:
    device = enrol()
    first = device.case()
    reference = f"JF-{first['case_no']}"
    case = _version(device, first, 1, fee_cents=2000, payment_reference=reference)
    push_ok(device, [case])
    shown = {
        "paid_at": "2026-11-27T03:00:00.000000Z",
        "payment_method": "platform",
        "payment_receipt_no": TRANSACTION,
        "payment_confirmed": False,
    }

    [result] = push_ok(device, [_version(device, case, 2, **shown)])
    assert result["status"] == "stored"
    assert payment_row(store, case["case_id"])[:2] == (None, None)
    assert UNPAID in latest_flags(store, case["case_id"])
    log = central.log_path.read_text(encoding="utf-8", errors="replace")
    [noted] = [line for line in log.splitlines() if case["case_id"] in line and "voucher" in line]
    assert "WARNING" not in noted and reference in noted
    with pytest.raises(OperatorError) as unpaid:
        progress.record_progress(store, case["case_no"], "in_process", "")
    assert "待缴费" in unpaid.value.zh

    payments.confirm_payment(store, reference)
    confirmed = payment_row(store, case["case_id"])[:2]
    assert confirmed[0] is not None and confirmed[1] == "platform"
    confirmation = {**shown, "payment_confirmed": True}
    [result] = push_ok(device, [_version(device, case, 3, **confirmation)])
    assert result["status"] == "stored"
    assert payment_row(store, case["case_id"])[:2] == confirmed
    assert UNPAID not in latest_flags(store, case["case_id"])
    progress.record_progress(store, case["case_no"], "in_process", "")
