"""A card payment at the window's POS terminal in place of a payment recorded from the
applicant's voucher that the payment platform has not confirmed (a failed or false voucher):
the case is then paid by card, on the platform too; the voucher's confirmation arriving after
all is a second payment, owed back. A record the platform confirmed takes no card payment."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from counter_app.domain.fees import PaymentMethod
from counter_app.errors import ValidationError
from counter_app.services import intake, payments
from counter_app.store import case_plaintext
from counter_app.store import payments as payment_rows
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
SHOWN = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)
BY_CARD = datetime(2026, 9, 25, 2, 0, tzinfo=UTC)
CONFIRMED = datetime(2026, 9, 25, 5, 30, tzinfo=UTC)
TRANSACTION = "SSB-20260924-0001"
RECEIPT = "POS-000777"


def _voucher_recorded(store, clerk):
    """An accepted case with a fee, its payment recorded from the applicant's voucher."""
    item = item_named(store, CARD_REPLACEMENT)
    accepted = intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    payments.pay_at_window(
        store, accepted.case_id, clerk, TRANSACTION, method=PaymentMethod.PLATFORM, now=SHOWN
    )
    return accepted


def _audit(store, case_id: str, action: str) -> list[tuple[str, dict[str, object]]]:
    rows = store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE target = ? AND action = ? ORDER BY rowid",
        (case_id, action),
    ).fetchall()
    return [(row[0], json.loads(row[1])) for row in rows]


def test_a_card_payment_replaces_an_unconfirmed_voucher_record(intake_store, clerk):
    accepted = _voucher_recorded(intake_store, clerk)

    version = payments.pay_at_window(intake_store, accepted.case_id, clerk, RECEIPT, now=BY_CARD)

    assert version == 3
    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["payment_method"] == "pos"
    assert document["payment_receipt_no"] == RECEIPT
    assert "payment_confirmed" not in document
    assert document["paid_at"].startswith("2026-09-25T02:00")
    outbox = intake_store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version",
        (accepted.case_id,),
    ).fetchall()
    assert [row[0] for row in outbox] == [1, 2, 3]
    [(actor, detail)] = _audit(intake_store, accepted.case_id, "case.payment_replaced")
    assert actor == clerk.username
    assert {key: detail[key] for key in ("paid", "fee_cents", "receipt_no", "transaction_no")} == {
        "paid": "pos",
        "fee_cents": 2000,
        "receipt_no": RECEIPT,
        "transaction_no": TRANSACTION,
    }
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None
    assert (payment.method, payment.receipt_no, payment.confirmed) == ("pos", RECEIPT, None)
    assert payment_rows.awaiting_confirmation_since(intake_store, [accepted.case_id]) == {}


def test_the_vouchers_confirmation_after_the_card_payment_is_a_second_payment(
    intake_store, clerk, supervisor
):
    accepted = _voucher_recorded(intake_store, clerk)
    payments.pay_at_window(intake_store, accepted.case_id, clerk, RECEIPT, now=BY_CARD)

    assert payments.apply_platform_payment(
        intake_store, accepted.case_id, f"JF-{accepted.case_no}", 2000, CONFIRMED
    )

    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["data_version"] == 3  # the card payment stands
    assert document["payment_method"] == "pos"
    assert payment_rows.paid_twice(intake_store, accepted.case_id)
    [(actor, detail)] = _audit(intake_store, accepted.case_id, "case.paid_twice")
    assert actor == "platform" and detail["receipt_no"] == RECEIPT
    assert payments.record_refund(
        intake_store, accepted.case_id, supervisor, "RF-0001", "凭证缴费到账，重复缴费"
    )


def test_a_confirmed_voucher_record_takes_no_card_payment(intake_store, clerk):
    accepted = _voucher_recorded(intake_store, clerk)
    payments.apply_platform_payment(
        intake_store, accepted.case_id, f"JF-{accepted.case_no}", 2000, CONFIRMED
    )

    with pytest.raises(ValidationError) as twice:
        payments.pay_at_window(intake_store, accepted.case_id, clerk, RECEIPT, now=BY_CARD)

    assert "不能重复收费" in twice.value.zh
    assert _audit(intake_store, accepted.case_id, "case.payment_replaced") == []
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and (payment.method, payment.confirmed) == ("platform", True)


def test_a_second_voucher_does_not_replace_the_first(intake_store, clerk):
    accepted = _voucher_recorded(intake_store, clerk)

    with pytest.raises(ValidationError) as twice:
        payments.pay_at_window(
            intake_store, accepted.case_id, clerk, "SSB-2", method=PaymentMethod.PLATFORM
        )

    assert "不能重复收费" in twice.value.zh
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and payment.receipt_no == TRANSACTION


def test_case_pay_by_card_says_which_voucher_record_it_replaced(cli, intake_store, clerk):
    accepted = _voucher_recorded(intake_store, clerk)

    done = cli("case", "pay", accepted.case_no, "--method", "pos", "--reference", RECEIPT)

    assert done.returncode == 0, done.stderr
    assert f"窗口POS刷卡 {RECEIPT}（替代待平台确认的平台缴费，流水号 {TRANSACTION}）" in (
        done.stdout
    )
    shown = cli(
        "--lang", "en", "case", "pay", accepted.case_no, "--method", "pos", "--reference", "POS-2"
    )
    assert shown.returncode != 0 and "cannot be charged twice" in shown.stderr
