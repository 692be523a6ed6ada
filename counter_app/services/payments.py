"""Fees (缴费, the payment pillar): a case of an item with a fee owes it from acceptance on
(``fee_cents`` and ``payment_reference`` in its document) and waits for payment before the
platform processes it. It is paid by card at the window's POS terminal (recorded here with
the terminal's receipt number, offline too) or on the unified public payment platform
(confirmed there, arriving through the progress feed). Either is a new data version with its
outbox row, audited; amounts stay integer cents.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.case_states import Authority
from counter_app.domain.fees import PaymentMethod, format_yuan
from counter_app.domain.hall_time import hall_minute_text
from counter_app.errors import ValidationError
from counter_app.services.auth import User
from counter_app.services.case_changes import PLATFORM_ACTOR, record_change
from counter_app.store import payments as payment_rows
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now

RECEIPT_NO_MAX_CHARS = 40


def pay_at_window(
    store: Store,
    case_id: str,
    clerk: User,
    receipt_no: str,
    *,
    method: PaymentMethod = PaymentMethod.POS,
    now: datetime | None = None,
) -> int:
    """A payment recorded at the window: by card at the POS terminal with the receipt number
    it printed, or (``PaymentMethod.PLATFORM``) one the applicant made on the payment
    platform, with its voucher number. Refused for a case that owes nothing or has paid.
    Returns the new data version."""
    number = receipt_no.strip()
    if not number or len(number) > RECEIPT_NO_MAX_CHARS:
        raise ValidationError(
            f"请填写POS机签购单上的凭条号或缴费平台的缴款凭证号（最多{RECEIPT_NO_MAX_CHARS}字）。",
            f"Enter the receipt number printed by the POS terminal, or the payment platform's "
            f"voucher number (at most {RECEIPT_NO_MAX_CHARS} characters).",
            field="reference",
        )
    moment = now or utc_now()
    return _record_payment(
        store, case_id, clerk.username, method, number, paid_at=moment, now=moment
    )


def apply_platform_payment(
    store: Store, case_id: str, reference: str, amount_cents: int, paid_at: datetime
) -> bool:
    """The payment platform confirmed ``amount_cents`` paid under ``reference`` (progress
    feed). False when that confirmation is recorded already (a feed may repeat itself);
    refused when the reference or the amount is not this case's, or when the applicant paid
    by card at the window meanwhile (a double payment to look into)."""
    payment = payment_rows.case_payment(store, case_id)
    if payment is None or payment.reference != reference:
        raise ValidationError(
            f"缴费识别码 {reference} 不属于本办件。",
            f"Payment reference {reference} does not belong to this case.",
            field="payment_reference",
        )
    if amount_cents != payment.fee_cents:
        raise ValidationError(
            f"缴费平台确认的金额 {format_yuan(amount_cents)} 元与应缴 "
            f"{format_yuan(payment.fee_cents)} 元不符，请值班长核对。",
            f"The payment platform confirmed {format_yuan(amount_cents)} yuan, but the fee is "
            f"{format_yuan(payment.fee_cents)} yuan; a supervisor should check it.",
            field="amount_cents",
        )
    if payment.paid and payment.method == PaymentMethod.PLATFORM:
        return False
    if payment.paid:
        when = hall_minute_text(payment.paid_at)
        raise ValidationError(
            f"本办件已于 {when} 在窗口刷卡缴费（凭条号 {payment.receipt_no}），缴费平台"
            "又确认了一笔缴费：请值班长核对是否重复缴费。",
            f"This case was paid by card at the window at {when} (receipt "
            f"{payment.receipt_no}) and the payment platform confirmed a payment as well: a "
            "supervisor should check for a double payment.",
            field="payment_reference",
        )
    _record_payment(
        store, case_id, PLATFORM_ACTOR, PaymentMethod.PLATFORM, None, paid_at=paid_at, now=None
    )
    return True


def _record_payment(
    store: Store,
    case_id: str,
    actor: str,
    method: PaymentMethod,
    receipt_no: str | None,
    *,
    paid_at: datetime,
    now: datetime | None,
) -> int:
    def change(document: dict[str, Any]) -> dict[str, Any]:
        fee = document.get("fee_cents")
        if fee is None:
            raise ValidationError(
                "本办件无需缴费。", "This case has no fee to pay.", field="fee_cents"
            )
        if document.get("paid_at"):
            when = hall_minute_text(document["paid_at"])
            raise ValidationError(
                f"本办件已缴费（{format_yuan(fee)} 元，{when}），不能重复收费。",
                f"This case's fee ({format_yuan(fee)} yuan) was paid at {when}; "
                "it cannot be charged twice.",
                field="paid_at",
            )
        paid: dict[str, Any] = {"paid_at": to_text(paid_at), "payment_method": method.value}
        if receipt_no is not None:
            paid["payment_receipt_no"] = receipt_no
        return {**document, **paid}

    fee = payment_rows.case_payment(store, case_id)
    return record_change(
        store,
        case_id,
        actor,
        Authority.COUNTER,
        None,
        change=change,
        now=now,
        detail={"paid": method.value, "fee_cents": fee.fee_cents if fee else None},
        action="case.paid",
    )
