"""退费 recorded: a supervisor's refund settles a double payment or a fee paid for a case that
ended without its result: the window's own hall queue drops the flag at once, the case's
payment reads 已退费 with the voucher, the end of day counts the refund on the day it was
recorded apart from those still owed, and a second refund, a clerk's or one nothing is owed
for is refused with nothing written."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from counter_app.cli.payment_commands import payment_json, payment_line
from counter_app.domain.hall_queue import PAYMENT_TWICE, REFUND_OWED
from counter_app.errors import ValidationError
from counter_app.services import case_endings, intake, payments
from counter_app.services.approval import WrongRole
from counter_app.services.end_of_day import day_report
from counter_app.store import payments as payment_rows
from counter_app.store.hall_queue import QueueQuery, queue_page
from printing.day_labels import fee_text
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
PAID = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)
DAY = date(2026, 9, 24)
NEXT_DAY_REFUND = datetime(2026, 9, 25, 2, 0, tzinfo=UTC)  # 10:00 the next hall day


def _accepted(store, clerk):
    item = item_named(store, CARD_REPLACEMENT)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def _flags(store, case_id: str) -> tuple[str, ...]:
    [case] = [c for c in queue_page(store, QueueQuery(), limit=50) if c.case_id == case_id]
    return case.flags


def _paid_twice(store, clerk):
    case = _accepted(store, clerk)
    payments.pay_at_window(store, case.case_id, clerk, "POS-1", now=PAID)
    payments.apply_platform_payment(store, case.case_id, f"JF-{case.case_no}", 2000, PAID)
    return case


def _versions(store, case_id: str) -> int:
    return store.db.execute(
        "SELECT count(*) FROM case_versions WHERE case_id = ?", (case_id,)
    ).fetchone()[0]


def test_a_refund_settles_a_double_payment_in_the_local_queue(intake_store, clerk, supervisor):
    case = _paid_twice(intake_store, clerk)
    assert PAYMENT_TWICE in _flags(intake_store, case.case_id)

    version = payments.record_refund(
        intake_store, case.case_id, supervisor, " RF-0001 ", "重复缴费，退还平台缴费", now=PAID
    )

    assert version == 3
    assert PAYMENT_TWICE not in _flags(intake_store, case.case_id)
    payment = payment_rows.case_payment(intake_store, case.case_id)
    assert payment.refund == payment_rows.Refund(payment.refund.refunded_at, "RF-0001", "chief1")
    assert "已缴费，重复缴费已退费（凭证号 RF-0001，2026-09-24）" in payment_line(payment, "zh")
    assert payment_json(payment)["refund"]["reference"] == "RF-0001"
    [detail] = intake_store.db.execute(
        "SELECT json_extract(detail, '$.refund_reference'), json_extract(detail, '$.fee_cents')"
        " FROM audit_log WHERE target = ? AND action = 'case.refunded' AND actor = 'chief1'",
        (case.case_id,),
    ).fetchall()
    assert detail == ("RF-0001", 2000)


def test_a_refund_settles_a_fee_paid_for_a_withdrawn_case(intake_store, clerk, supervisor):
    case = _accepted(intake_store, clerk)
    payments.pay_at_window(intake_store, case.case_id, clerk, "POS-2", now=PAID)
    case_endings.withdraw(
        intake_store, case.case_id, clerk, "不办了", applicant_confirmed=True, now=PAID
    )
    assert REFUND_OWED in _flags(intake_store, case.case_id)
    before = day_report(intake_store, DAY).windows[0]
    assert (before.fees_refund, before.fees_refunded) == (1, 0)

    payments.record_refund(intake_store, case.case_id, supervisor, "RF-2", "已撤回", now=PAID)

    assert REFUND_OWED not in _flags(intake_store, case.case_id)
    payment = payment_rows.case_payment(intake_store, case.case_id)
    assert not payment.refund_owed
    assert "已退费（凭证号 RF-2，2026-09-24）" in payment_line(payment, "zh")
    assert "Refunded (voucher RF-2, 2026-09-24)" in payment_line(payment, "en")
    report = day_report(intake_store, DAY)
    window = report.windows[0]
    assert (window.fees_refund, window.fees_refunded, window.fees_refunded_cents) == (0, 1, 2000)
    assert report.hall.fees_refunded_cents == 2000
    assert fee_text(window, "fees_refund", "zh") == "0 件 0.00 元；当日已退 1 件 20.00 元"


def test_a_refund_counts_on_the_day_it_was_recorded(intake_store, clerk, supervisor):
    case = _paid_twice(intake_store, clerk)
    payments.record_refund(
        intake_store, case.case_id, supervisor, "RF-3", "次日退还", now=NEXT_DAY_REFUND
    )
    assert day_report(intake_store, DAY).windows[0].fees_refunded == 0
    [next_day] = day_report(intake_store, DAY + timedelta(days=1)).windows
    assert (next_day.fees_recorded, next_day.fees_refunded, next_day.fees_refunded_cents) == (
        0,
        1,
        2000,
    )


def test_refunds_refused_leave_the_case_as_it_was(intake_store, clerk, supervisor):
    owing = _paid_twice(intake_store, clerk)
    with pytest.raises(WrongRole):
        payments.record_refund(intake_store, owing.case_id, clerk, "RF-4", "窗口自行退费")
    with pytest.raises(ValidationError) as no_voucher:
        payments.record_refund(intake_store, owing.case_id, supervisor, "  ", "重复缴费")
    assert no_voucher.value.zh.startswith("请填写退费凭证号")
    with pytest.raises(ValidationError) as escaped:
        payments.record_refund(intake_store, owing.case_id, supervisor, "RF\x1b[2J", "重复缴费")
    assert escaped.value.zh == "退费凭证号含有不可见的控制字符 U+001B，请删去后再提交。"
    assert escaped.value.field == "reference"
    assert _versions(intake_store, owing.case_id) == 2

    paid_once = _accepted(intake_store, clerk)
    payments.pay_at_window(intake_store, paid_once.case_id, clerk, "POS-5", now=PAID)
    with pytest.raises(ValidationError) as nothing_owed:
        payments.record_refund(intake_store, paid_once.case_id, supervisor, "RF-5", "误操作")
    assert nothing_owed.value.zh.startswith("本办件没有应退的费用")
    assert "owed no refund" in nothing_owed.value.en
    assert _versions(intake_store, paid_once.case_id) == 2

    payments.record_refund(intake_store, owing.case_id, supervisor, "RF-4", "重复缴费", now=PAID)
    with pytest.raises(ValidationError) as again:
        payments.record_refund(intake_store, owing.case_id, supervisor, "RF-6", "再退一次")
    assert "不能重复退费" in again.value.zh and "RF-4" in again.value.zh
    assert "refunded twice" in again.value.en
    assert _versions(intake_store, owing.case_id) == 3
