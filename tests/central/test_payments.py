"""The reference platform as the unified public payment platform: it learns a case's fee and
payment reference from the counter's versions, holds back processing until the fee is paid,
and ``counter-central payment confirm REF`` marks it paid and tells the hall's counters
through the progress feed (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, payments, progress
from counter_app.domain.hall_time import hall_minute_text
from sync.wire.feeds import FeedPage, ProgressEvent
from tests.central.conftest import push_ok
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def _with_fee(device: SimulatedDevice, **paid: Any) -> dict[str, Any]:
    case = device.case()
    payload = {
        **case["payload"],
        "fee_cents": 2000,
        "payment_reference": f"JF-{case['case_no']}",
        **paid,
    }
    return device.case(case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload)


def test_a_fee_holds_processing_until_the_platform_confirms_the_payment(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    device = enrol()
    case = _with_fee(device)
    free = device.case()
    push_ok(device, [case, free])
    reference = case["payload"]["payment_reference"]

    with pytest.raises(OperatorError) as unpaid:
        progress.record_progress(store, case["case_no"], "in_process", "")
    assert "待缴费" in unpaid.value.zh and reference in unpaid.value.en
    progress.record_progress(store, free["case_no"], "in_process", "")

    confirmed = central.cli("payment", "confirm", reference)
    assert confirmed["reference"] == reference
    assert confirmed["case_no"] == case["case_no"]
    assert confirmed["amount_cents"] == 2000 and isinstance(confirmed["amount_cents"], int)
    assert confirmed["paid_at"].endswith("Z")

    page = device.feed("progress").json()
    FeedPage[ProgressEvent].model_validate(page)
    [payment] = [item for item in page["items"] if item["payment_reference"]]
    assert payment["case_id"] == case["case_id"]
    assert payment["state"] == "accepted"  # a payment moves no state
    assert payment["amount_cents"] == 2000
    assert payment["paid_at"] == confirmed["paid_at"]
    [plain] = [item for item in page["items"] if not item["payment_reference"]]
    assert plain["amount_cents"] is None and plain["paid_at"] is None

    # Confirmed again (a script's retry): the first answer, nothing told twice.
    assert payments.confirm_payment(store, reference) == {**confirmed, "replayed": True}
    assert confirmed["replayed"] is False
    assert len(device.feed("progress").json()["items"]) == len(page["items"])
    progress.record_progress(store, case["case_no"], "in_process", "材料审核中")


def test_a_card_payment_at_the_window_arrives_with_the_version(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    unpaid = _with_fee(device)
    push_ok(device, [unpaid])
    paid_payload = {
        **unpaid["payload"],
        "data_version": 2,
        "paid_at": "2026-11-27T03:00:00.000000Z",
        "payment_method": "pos",
        "payment_receipt_no": "000123",
    }
    paid = device.case(
        case_id=uuid.UUID(unpaid["case_id"]),
        data_version=2,
        case_no=unpaid["case_no"],
        payload=paid_payload,
    )
    push_ok(device, [paid])

    progress.record_progress(store, unpaid["case_no"], "in_process", "")
    with pytest.raises(OperatorError) as twice:
        payments.confirm_payment(store, unpaid["payload"]["payment_reference"])
    assert "000123" not in twice.value.zh and "已缴费" in twice.value.zh
    when = hall_minute_text(paid_payload["paid_at"])
    assert when in twice.value.zh and when in twice.value.en
    with pytest.raises(OperatorError) as unknown:
        payments.confirm_payment(store, "JF-NO-SUCH")
    assert "JF-NO-SUCH" in unknown.value.zh and "JF-NO-SUCH" in unknown.value.en
