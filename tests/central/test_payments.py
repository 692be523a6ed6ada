"""The reference platform as the unified public payment platform: it learns a case's fee and
payment reference from the counter's versions, holds back processing until the fee is paid,
and ``counter-central payment confirm REF`` marks it paid and tells the hall's counters
through the progress feed whenever it comes: after a card payment at the window (a second
payment) and after the case ended (owed back) too (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, payments, progress
from counter_app.domain.hall_queue import PAYMENT_TWICE, REFUND_OWED, UNPAID
from sync.wire.feeds import FeedPage, ProgressEvent
from tests.central.conftest import push_ok
from tests.central.payment_rows import latest_flags, payment_row
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


def _payment_items(device: SimulatedDevice, case: dict[str, Any]) -> list[dict[str, Any]]:
    page = device.feed("progress").json()
    FeedPage[ProgressEvent].model_validate(page)  # what every window of the hall parses
    return [
        item
        for item in page["items"]
        if item["case_id"] == case["case_id"] and item["payment_reference"]
    ]


def test_a_confirmation_after_a_card_payment_is_the_applicants_second_payment(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    unpaid = _with_fee(device)
    push_ok(device, [unpaid])
    paid = _version(
        device,
        unpaid,
        2,
        paid_at="2026-11-27T03:00:00.000000Z",
        payment_method="pos",
        payment_receipt_no="000123",
    )
    push_ok(device, [paid])
    progress.record_progress(store, unpaid["case_no"], "in_process", "")
    reference = unpaid["payload"]["payment_reference"]

    confirmed = payments.confirm_payment(store, reference)

    assert confirmed["replayed"] is False and confirmed["case_no"] == unpaid["case_no"]
    [told] = _payment_items(device, unpaid)
    assert (told["state"], told["amount_cents"]) == ("in_process", 2000)  # no state moved
    assert told["paid_at"] == confirmed["paid_at"]
    assert "第二笔" in told["note"] and "second payment" in told["note"]
    flags = latest_flags(store, unpaid["case_id"])
    assert PAYMENT_TWICE in flags and UNPAID not in flags
    # The platform's own payment, as when the card payment's version comes after it.
    assert payment_row(store, unpaid["case_id"]) == (confirmed["paid_at"], "platform", None)
    # Only the payment platform's second confirmation of the same reference is a replay.
    assert payments.confirm_payment(store, reference) == {**confirmed, "replayed": True}
    assert len(_payment_items(device, unpaid)) == 1
    with pytest.raises(OperatorError) as unknown:
        payments.confirm_payment(store, "JF-NO-SUCH")
    assert "JF-NO-SUCH" in unknown.value.zh and "JF-NO-SUCH" in unknown.value.en


def test_a_confirmation_after_the_case_was_withdrawn_is_owed_back(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = _with_fee(device)
    push_ok(device, [case])
    push_ok(device, [_version(device, case, 2, state="withdrawn")])

    confirmed = payments.confirm_payment(store, case["payload"]["payment_reference"])

    assert confirmed["replayed"] is False
    [told] = _payment_items(device, case)
    assert told["state"] == "withdrawn" and "应退费" in told["note"]
    assert REFUND_OWED in latest_flags(store, case["case_id"])
    assert payment_row(store, case["case_id"]) == (confirmed["paid_at"], "platform", None)


def test_a_confirmation_no_progress_item_can_carry_is_refused_and_not_recorded(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """A voided case: the progress feed names no such state (``ProgressEvent.state``), and an
    item a window cannot parse would stop the hall's feed at every window."""
    device = enrol()
    case = _with_fee(device)
    push_ok(device, [case])
    push_ok(device, [_version(device, case, 2, state="voided")])

    with pytest.raises(OperatorError) as refused:
        payments.confirm_payment(store, case["payload"]["payment_reference"])

    assert "已作废" in refused.value.zh and "不能重复确认" not in refused.value.zh
    assert "Voided" in refused.value.en and "twice" not in refused.value.en
    assert payment_row(store, case["case_id"])[:2] == (None, None)
    assert _payment_items(device, case) == []
