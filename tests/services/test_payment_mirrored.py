"""A version of a case's document kept in its payment row (``payment_writes.mirror_payment``:
every change the counter writes, and the cases the platform gives back): a payment the
window recorded already stays as it was taken."""

from __future__ import annotations

from datetime import UTC, datetime

from counter_app.services import intake, payments
from counter_app.store import case_plaintext, payment_writes
from counter_app.store import payments as payment_rows
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"


def test_a_version_paid_on_the_platform_keeps_the_card_payment_taken_at_the_window(
    intake_store, clerk
):
    item = item_named(intake_store, CARD_REPLACEMENT)
    accepted = intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    )
    payments.pay_at_window(
        intake_store,
        accepted.case_id,
        clerk,
        "POS-000123",
        now=datetime(2026, 9, 24, 3, tzinfo=UTC),
    )
    paid_twice = {
        **case_plaintext.case_document(intake_store, accepted.case_id),
        "paid_at": "2026-09-25T01:00:00.000000Z",
        "payment_method": "platform",
        "payment_receipt_no": None,
    }

    with intake_store.transaction() as db:
        payment_writes.mirror_payment(db, accepted.case_id, paid_twice)

    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None
    assert (payment.method, payment.receipt_no) == ("pos", "POS-000123")
    assert payment.paid_at is not None and payment.paid_at.startswith("2026-09-24")
