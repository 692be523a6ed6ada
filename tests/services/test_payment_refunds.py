"""Money at the window: a case that ended without a result owes nothing, and a payment it
got (the platform's confirmation after an offline withdrawal) is owed back, audited; a
second payment is recorded and audited; the end of day splits the payments by how they were
made, counts a double payment twice and a refund owed on its own line, and a day still to
come is not reconciled."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from counter_app.cli.payment_commands import payment_line
from counter_app.domain.hall_time import hall_today
from counter_app.errors import ValidationError
from counter_app.services import case_endings, intake, payments
from counter_app.services.end_of_day import checked_day_report, day_report
from counter_app.store import payments as payment_rows
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
PAID = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)
DAY = date(2026, 9, 24)


def _accepted(store, clerk):
    item = item_named(store, CARD_REPLACEMENT)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def _audit(store, case_id: str, action: str) -> list[dict[str, object]]:
    rows = store.db.execute(
        "SELECT detail FROM audit_log WHERE target = ? AND action = ?", (case_id, action)
    ).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_a_card_payment_audits_its_receipt_number(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    payments.pay_at_window(intake_store, accepted.case_id, clerk, "POS-000123", now=PAID)
    [detail] = _audit(intake_store, accepted.case_id, "case.paid")
    assert (detail["paid"], detail["fee_cents"], detail["receipt_no"]) == (
        "pos",
        2000,
        "POS-000123",
    )


def test_a_receipt_number_with_a_control_character_is_refused(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    with pytest.raises(ValidationError) as refused:
        payments.pay_at_window(intake_store, accepted.case_id, clerk, "POS\x07123", now=PAID)
    assert refused.value.zh == "凭条号含有不可见的控制字符 U+0007，请删去后再提交。"
    assert "The receipt number holds the control character U+0007" in refused.value.en
    assert not payment_rows.case_payment(intake_store, accepted.case_id).paid
    assert _audit(intake_store, accepted.case_id, "case.paid") == []


def test_a_withdrawn_case_owes_nothing(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    case_endings.withdraw(
        intake_store, accepted.case_id, clerk, "不办了", applicant_confirmed=True, now=PAID
    )
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert "无需缴费（已撤回）" in payment_line(payment, "zh")
    assert "待缴费" not in payment_line(payment, "zh")
    assert "Nothing to pay (Withdrawn)" in payment_line(payment, "en")


def test_a_payment_confirmed_after_an_offline_withdrawal_is_owed_back(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    case_endings.withdraw(
        intake_store, accepted.case_id, clerk, "不办了", applicant_confirmed=True, now=PAID
    )
    reference = f"JF-{accepted.case_no}"

    assert payments.apply_platform_payment(
        intake_store, accepted.case_id, reference, 2000, PAID + timedelta(hours=1)
    )
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment.paid and payment.refund_owed and payment.method == "platform"
    assert "已缴费，应退费（已撤回）" in payment_line(payment, "zh")
    assert "refund owed" in payment_line(payment, "en")
    [detail] = _audit(intake_store, accepted.case_id, payments.PAID_AFTER_END_ACTION)
    assert (detail["paid"], detail["fee_cents"], detail["data_version"]) == ("platform", 2000, 3)
    # The feed repeating itself records nothing more.
    assert not payments.apply_platform_payment(
        intake_store, accepted.case_id, reference, 2000, PAID + timedelta(hours=1)
    )
    figures = day_report(intake_store, DAY).windows[0]
    assert (figures.fees_refund, figures.fees_refund_cents) == (1, 2000)
    assert (figures.fees_platform, figures.fees_pos) == (1, 0)


def test_a_double_payment_is_recorded_once_and_counted_twice(intake_store, clerk):
    card = _accepted(intake_store, clerk)
    on_platform = _accepted(intake_store, clerk)
    unpaid = _accepted(intake_store, clerk)
    payments.pay_at_window(intake_store, card.case_id, clerk, "POS-1", now=PAID)
    payments.apply_platform_payment(
        intake_store, on_platform.case_id, f"JF-{on_platform.case_no}", 2000, PAID
    )
    reference = f"JF-{card.case_no}"

    assert payments.apply_platform_payment(intake_store, card.case_id, reference, 2000, PAID)
    assert not payments.apply_platform_payment(intake_store, card.case_id, reference, 2000, PAID)
    [detail] = _audit(intake_store, card.case_id, payments.PAID_TWICE_ACTION)
    assert detail == {"payment_twice": reference, "fee_cents": 2000, "receipt_no": "POS-1"}
    assert payment_rows.case_payment(intake_store, card.case_id).method == "pos"

    report = day_report(intake_store, DAY)
    figures = report.windows[0]
    assert (figures.fees_recorded, figures.fees_unpaid) == (3, 1)
    assert (figures.fees_paid, figures.fees_paid_cents) == (3, 6000)
    assert (figures.fees_pos, figures.fees_pos_cents) == (1, 2000)
    assert (figures.fees_platform, figures.fees_platform_cents) == (2, 4000)
    assert (figures.fees_twice, figures.fees_twice_cents) == (1, 2000)
    assert figures.fees_refund == 0
    assert report.to_dict()["hall"]["fees_pos_cents"] == 2000
    assert unpaid.case_id  # the third case stays owed


def test_a_day_still_to_come_is_not_reconciled(intake_store):
    report = day_report(intake_store, hall_today() + timedelta(days=30))
    assert report.unacknowledged == []
    assert report.to_come and not report.reconciled
    assert report.to_dict()["reconciled"] is False
    assert checked_day_report(intake_store, DAY).reconciled
