"""A payment on the unified public payment platform recorded at the window as the applicant's
voucher shows it (``case pay --method platform``): a new version, offline, audited, the case
no longer 待缴费 at the window but marked unconfirmed; the platform's confirmation then
confirms that record instead of counting a second payment, whatever transaction number the
window typed; a refund is owed only once the platform confirmed the money."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from counter_app.cli.payment_commands import payment_json, payment_line
from counter_app.domain.fees import PaymentMethod
from counter_app.domain.hall_queue import REFUND_OWED, UNPAID
from counter_app.errors import ValidationError
from counter_app.services import case_endings, intake, payments
from counter_app.services.hall_queue import read_queue
from counter_app.store import case_plaintext
from counter_app.store import payments as payment_rows
from counter_app.store.hall_queue import QueueQuery
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
SHOWN = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)
CONFIRMED = datetime(2026, 9, 24, 5, 30, tzinfo=UTC)
TRANSACTION = "SSB-20260924-0001"


def _accepted(store, clerk):
    item = item_named(store, CARD_REPLACEMENT)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def _record(store, case_id: str, clerk, number: str = TRANSACTION) -> int:
    return payments.pay_at_window(
        store, case_id, clerk, number, method=PaymentMethod.PLATFORM, now=SHOWN
    )


def _audit(store, case_id: str, action: str) -> list[tuple[str, dict[str, object]]]:
    rows = store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE target = ? AND action = ? ORDER BY rowid",
        (case_id, action),
    ).fetchall()
    return [(row[0], json.loads(row[1])) for row in rows]


def _flags(store, case_no: str) -> tuple[str, ...]:
    [entry] = [
        e for e in read_queue(store, QueueQuery(), today=date(2026, 9, 24)) if e.case_no == case_no
    ]
    return entry.flags


def test_the_window_records_a_platform_payment_as_the_voucher_shows_it(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)

    assert _record(intake_store, accepted.case_id, clerk, f"  {TRANSACTION} ") == 2

    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["payment_method"] == "platform"
    assert document["payment_receipt_no"] == TRANSACTION
    assert document["payment_confirmed"] is False
    assert document["paid_at"].startswith("2026-09-24T03:00")
    outbox = intake_store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version",
        (accepted.case_id,),
    ).fetchall()
    assert [row[0] for row in outbox] == [1, 2]
    [(actor, detail)] = _audit(intake_store, accepted.case_id, "case.paid")
    assert actor == clerk.username
    assert {key: detail[key] for key in ("paid", "fee_cents", "transaction_no")} == {
        "paid": "platform",
        "fee_cents": 2000,
        "transaction_no": TRANSACTION,
    }
    assert detail["payment_confirmed"] is False
    assert payment_rows.unpaid_cases(intake_store, [accepted.case_id]) == set()
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and payment.paid and payment.awaiting_confirmation
    assert f"已缴费（统一支付平台，待平台确认，流水号 {TRANSACTION}）" in payment_line(
        payment, "zh"
    )
    assert "awaiting the platform's confirmation" in payment_line(payment, "en")
    shown = payment_json(payment)
    assert shown is not None
    assert (shown["method"], shown["receipt_no"], shown["confirmed"]) == (
        "platform",
        TRANSACTION,
        False,
    )
    # The platform takes the fee as paid only on its own confirmation: the supervisor's
    # queue says 待缴费, as it will once the platform summarises the version.
    assert UNPAID in _flags(intake_store, accepted.case_no)


def test_a_card_payment_carries_no_confirmation_mark(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    payments.pay_at_window(intake_store, accepted.case_id, clerk, "POS-000123", now=SHOWN)

    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert "payment_confirmed" not in document
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and payment.confirmed is None
    shown = payment_json(payment)
    assert shown is not None and "confirmed" not in shown


@pytest.mark.parametrize(
    ("number", "zh", "en"),
    [
        ("  ", "请填写缴费凭证上的缴费流水号", "transaction number on the payment platform"),
        ("X" * 41, "最多40字", "at most 40 characters"),
        ("SSB\x07", "缴费流水号含有不可见的控制字符 U+0007", "The transaction number holds"),
    ],
)
def test_a_missing_or_unprintable_transaction_number_is_refused(
    intake_store, clerk, number: str, zh: str, en: str
):
    accepted = _accepted(intake_store, clerk)
    with pytest.raises(ValidationError) as refused:
        _record(intake_store, accepted.case_id, clerk, number)
    assert zh in refused.value.zh and en in refused.value.en
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and not payment.paid


def test_the_platforms_confirmation_confirms_the_windows_record(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    _record(intake_store, accepted.case_id, clerk)
    reference = f"JF-{accepted.case_no}"

    assert payments.apply_platform_payment(
        intake_store, accepted.case_id, reference, 2000, CONFIRMED
    )

    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["data_version"] == 3
    assert document["payment_confirmed"] is True
    # The window's record stands: when it was shown, and the number the clerk typed.
    assert document["paid_at"].startswith("2026-09-24T03:00")
    assert document["payment_receipt_no"] == TRANSACTION
    assert not payment_rows.paid_twice(intake_store, accepted.case_id)
    assert _audit(intake_store, accepted.case_id, "case.paid_twice") == []
    [_, (actor, detail)] = _audit(intake_store, accepted.case_id, "case.paid")
    assert actor == "platform"
    assert detail["payment_confirmed"] is True
    assert (detail["payment_reference"], detail["transaction_no"]) == (reference, TRANSACTION)
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and payment.confirmed is True
    assert f"已缴费（统一支付平台已确认，流水号 {TRANSACTION}）" in payment_line(payment, "zh")
    assert UNPAID not in _flags(intake_store, accepted.case_no)

    # A feed repeating itself changes nothing more.
    assert not payments.apply_platform_payment(
        intake_store, accepted.case_id, reference, 2000, CONFIRMED
    )
    assert case_plaintext.case_document(intake_store, accepted.case_id)["data_version"] == 3


def test_a_confirmation_of_another_amount_leaves_the_record_unconfirmed(intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    _record(intake_store, accepted.case_id, clerk)
    with pytest.raises(ValidationError):
        payments.apply_platform_payment(
            intake_store, accepted.case_id, f"JF-{accepted.case_no}", 1000, CONFIRMED
        )
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and payment.awaiting_confirmation


def test_a_withdrawn_case_owes_a_refund_only_once_the_platform_confirmed(
    intake_store, clerk, supervisor
):
    accepted = _accepted(intake_store, clerk)
    _record(intake_store, accepted.case_id, clerk)
    case_endings.withdraw(
        intake_store, accepted.case_id, clerk, "申请人撤回", applicant_confirmed=True, now=SHOWN
    )

    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and not payment.refund_owed
    assert REFUND_OWED not in _flags(intake_store, accepted.case_no)
    with pytest.raises(ValidationError) as nothing_owed:
        payments.record_refund(intake_store, accepted.case_id, supervisor, "RF-1", "退回")
    assert "没有应退的费用" in nothing_owed.value.zh

    assert payments.apply_platform_payment(
        intake_store, accepted.case_id, f"JF-{accepted.case_no}", 2000, CONFIRMED
    )
    payment = payment_rows.case_payment(intake_store, accepted.case_id)
    assert payment is not None and payment.confirmed and payment.refund_owed
    [(actor, detail)] = _audit(intake_store, accepted.case_id, "case.paid_after_end")
    assert actor == "platform" and detail["transaction_no"] == TRANSACTION
    assert REFUND_OWED in _flags(intake_store, accepted.case_no)


def test_case_pay_with_the_platform_method_in_the_contract_form(cli, intake_store, clerk):
    accepted = _accepted(intake_store, clerk)
    done = cli(
        "case",
        "pay",
        accepted.case_no,
        "--method",
        "platform",
        "--reference",
        TRANSACTION,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["data_version"] == 2
    payment = result["payment"]
    assert (payment["method"], payment["receipt_no"], payment["confirmed"]) == (
        "platform",
        TRANSACTION,
        False,
    )
    shown = cli("case", "show", accepted.case_no)
    assert f"已缴费（统一支付平台，待平台确认，流水号 {TRANSACTION}）" in shown.stdout
    assert "待缴费" not in shown.stdout

    again = cli("case", "pay", accepted.case_no, "--method", "platform", "--reference", "X")
    assert again.returncode != 0 and "不能重复收费" in again.stderr
