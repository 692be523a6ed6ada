"""Fees (缴费): an item with a fee puts it on the accepted case with a payment reference; the
case waits for payment ("待缴费") until a card payment at the window's POS terminal or a
confirmation from the unified public payment platform, each a new data version with its
outbox row, audited. Amounts are integers in cents throughout."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from counter_app.domain.fees import format_yuan
from counter_app.errors import IllegalTransition, ValidationError
from counter_app.services import case_endings, intake, later_materials, payments
from counter_app.store import case_plaintext
from counter_app.store import payments as payment_rows
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
ALLOWANCE = "老年综合津贴申领"
PAID = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)


def _accepted_with_fee(store, clerk):
    item = item_named(store, CARD_REPLACEMENT)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def _outbox_versions(store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
    ).fetchall()
    return [row[0] for row in rows]


def test_fees_print_as_yuan_from_integer_cents():
    assert format_yuan(2000) == "20.00"
    assert format_yuan(5) == "0.05"
    assert format_yuan(123456) == "1234.56"
    with pytest.raises(TypeError):
        format_yuan(20.0)  # type: ignore[arg-type]


def test_a_case_with_a_fee_waits_for_payment_from_acceptance(intake_store, clerk):
    accepted = _accepted_with_fee(intake_store, clerk)

    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["fee_cents"] == 2000
    assert isinstance(document["fee_cents"], int)
    assert document["payment_reference"] == f"JF-{accepted.case_no}"
    assert "paid_at" not in document
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None
    assert (payment.fee_cents, payment.reference, payment.paid) == (
        2000,
        f"JF-{accepted.case_no}",
        False,
    )
    assert payment_rows.unpaid_cases(intake_store, [accepted.case_id]) == {accepted.case_id}


def test_a_case_without_a_fee_has_no_payment_facts(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    accepted = intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    )
    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert "fee_cents" not in document and "payment_reference" not in document
    assert payment_rows.case_payment(intake_store, accepted.case_id) is None
    assert payment_rows.unpaid_cases(intake_store, [accepted.case_id]) == set()
    with pytest.raises(ValidationError) as refused:
        payments.pay_at_window(intake_store, accepted.case_id, clerk, "POS-1", now=PAID)
    assert "无需缴费" in refused.value.message("zh")


def test_a_notified_case_owes_nothing_until_it_is_accepted_on_return(intake_store, clerk):
    item = item_named(intake_store, CARD_REPLACEMENT)
    marks = complete_marks(item)
    notified = intake.notify(intake_store, request_for(item, marks[:1]), clerk, now=MOMENT)
    assert payment_rows.case_payment(intake_store, notified.case_id) is None

    later_materials.accept_returned(
        intake_store, notified.case_id, clerk, [m.code for m in marks[1:]], now=PAID
    )
    document = case_plaintext.case_document(intake_store, notified.case_id)
    assert document["fee_cents"] == 2000
    assert payment_rows.unpaid_cases(intake_store, [notified.case_id]) == {notified.case_id}


def test_a_pos_payment_is_a_new_version_queued_and_audited(intake_store, clerk):
    accepted = _accepted_with_fee(intake_store, clerk)

    version = payments.pay_at_window(intake_store, accepted.case_id, clerk, " 000123 ", now=PAID)

    assert version == 2
    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["payment_method"] == "pos"
    assert document["payment_receipt_no"] == "000123"
    assert document["paid_at"] == "2026-09-24T03:00:00.000000Z"
    assert document["state"] == "accepted"
    assert _outbox_versions(intake_store, accepted.case_id) == [1, 2]
    assert payment_rows.unpaid_cases(intake_store, [accepted.case_id]) == set()
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and payment.paid and payment.method == "pos"
    [audit] = intake_store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE target = ? AND action = 'case.paid'",
        (accepted.case_id,),
    ).fetchall()
    assert audit[0] == clerk.username
    assert json.loads(audit[1])["fee_cents"] == 2000

    with pytest.raises(ValidationError) as twice:
        payments.pay_at_window(intake_store, accepted.case_id, clerk, "000124", now=PAID)
    assert "已缴费" in twice.value.message("zh")
    # the hall's time to the minute, not the stored UTC text
    assert "2026-09-24 11:00" in twice.value.message("zh")
    assert "T03:00" not in twice.value.message("en")
    assert _outbox_versions(intake_store, accepted.case_id) == [1, 2]


def test_a_pos_payment_needs_the_terminal_receipt_number(intake_store, clerk):
    accepted = _accepted_with_fee(intake_store, clerk)
    with pytest.raises(ValidationError) as refused:
        payments.pay_at_window(intake_store, accepted.case_id, clerk, "  ", now=PAID)
    assert "凭条号" in refused.value.message("zh")
    assert "receipt number" in refused.value.message("en")


def test_a_withdrawn_case_takes_no_payment(intake_store, clerk):
    accepted = _accepted_with_fee(intake_store, clerk)
    case_endings.withdraw(
        intake_store, accepted.case_id, clerk, "不办了", applicant_confirmed=True, now=PAID
    )
    with pytest.raises(IllegalTransition):
        payments.pay_at_window(intake_store, accepted.case_id, clerk, "000123", now=PAID)
    assert payment_rows.unpaid_cases(intake_store, [accepted.case_id]) == set()


def test_the_platforms_confirmation_is_a_version_made_once(intake_store, clerk):
    accepted = _accepted_with_fee(intake_store, clerk)
    reference = f"JF-{accepted.case_no}"

    with pytest.raises(ValidationError) as short:
        payments.apply_platform_payment(intake_store, accepted.case_id, reference, 200, PAID)
    assert "2.00" in short.value.message("zh") and "20.00" in short.value.message("zh")
    assert payments.apply_platform_payment(intake_store, accepted.case_id, reference, 2000, PAID)
    assert not payments.apply_platform_payment(
        intake_store, accepted.case_id, reference, 2000, PAID
    )

    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["payment_method"] == "platform"
    assert document["updated_by"] == "platform"
    assert _outbox_versions(intake_store, accepted.case_id) == [1, 2]
    with pytest.raises(ValidationError):
        payments.apply_platform_payment(intake_store, accepted.case_id, "JF-OTHER", 2000, PAID)
