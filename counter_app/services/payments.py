"""Fees (缴费, the payment pillar): a case of an item with a fee owes it from acceptance on
(``fee_cents`` and ``payment_reference`` in its document) and waits for payment before the
platform processes it. The window records a card payment at its POS terminal, with the
terminal's receipt number, and a payment on the unified public payment platform as the
applicant's voucher shows it, with the platform's transaction number (缴费流水号), pending
the platform's confirmation (``payment_confirmed`` false): the case no longer waits for
payment at the window, but the platform processes it only on its own confirmation
(``counter-central payment confirm``), which arrives through the progress feed. Each is a new
data version with its outbox row, audited, offline too; amounts stay integer cents.

A case that ended without a result (withdrawn, refused, voided) owes nothing; a payment it
got is owed back (``CasePayment.refund_owed``). A platform confirmation of a payment the
window recorded from the voucher confirms that record (``payment_confirmed`` true); of a fee
the window had taken by card it is a second payment: recorded on the case and audited, never
applied. A card payment may take the place of a record from a voucher the platform has not
confirmed (one it may never confirm: a failed or false voucher), so that the case is paid
on the platform too; the voucher's confirmation, should it come after all, is then that
second payment. The money given back is a supervisor's to record (``record_refund``): once per
case, a new data version whose ``refund`` settles either.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.case_states import Authority
from counter_app.domain.fees import PaymentMethod, format_yuan
from counter_app.domain.hall_time import hall_minute_text
from counter_app.domain.text import unprintable_error
from counter_app.errors import ValidationError
from counter_app.services.approval import SUPERVISOR_ROLES, require_role
from counter_app.services.auth import User
from counter_app.services.case_changes import PLATFORM_ACTOR, checked_reason, record_change
from counter_app.store import payments as payment_rows
from counter_app.store.audit import AuditFact
from counter_app.store.case_writes import insert_audited_event
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text, to_text, utc_now

RECEIPT_NO_MAX_CHARS = 40
PAID_ACTION = "case.paid"
PAID_TWICE_ACTION = "case.paid_twice"
PAID_AFTER_END_ACTION = "case.paid_after_end"
REFUNDED_ACTION = "case.refunded"
PAYMENT_REPLACED_ACTION = "case.payment_replaced"


def pay_at_window(
    store: Store,
    case_id: str,
    clerk: User,
    reference: str,
    *,
    method: PaymentMethod = PaymentMethod.POS,
    now: datetime | None = None,
) -> int:
    """A payment recorded at the window: by card at the POS terminal, ``reference`` the
    receipt number it printed; or on the unified public payment platform as the applicant's
    voucher shows it, ``reference`` the platform's transaction number (缴费流水号), pending
    the platform's confirmation. Refused for a case that owes nothing and for one paid
    already, but for a card payment in place of a voucher's record the platform has not
    confirmed (``_replace_voucher_record``). Returns the new data version."""
    number = reference.strip()
    asked, named = _REFERENCE_NAMES[method]
    if not number or len(number) > RECEIPT_NO_MAX_CHARS:
        raise ValidationError(
            f"请填写{asked[0]}（最多{RECEIPT_NO_MAX_CHARS}字）。",
            f"Enter {asked[1]} (at most {RECEIPT_NO_MAX_CHARS} characters).",
            field="reference",
        )
    _refuse_unprintable(number, named)
    moment = now or utc_now()
    with store.transaction():
        held = payment_rows.case_payment(store, case_id)
        if method is PaymentMethod.POS and held is not None and held.awaiting_confirmation:
            return _replace_voucher_record(
                store, case_id, held, clerk=clerk.username, receipt_no=number, moment=moment
            )
        return _record_payment(
            store,
            case_id,
            clerk.username,
            method,
            number,
            paid_at=moment,
            now=moment,
            confirmed=False if method is PaymentMethod.PLATFORM else None,
        )


def _replace_voucher_record(
    store: Store,
    case_id: str,
    voucher: payment_rows.CasePayment,
    *,
    clerk: str,
    receipt_no: str,
    moment: datetime,
) -> int:
    """A card payment at the POS terminal (``receipt_no``) in place of the payment the
    window recorded from the applicant's voucher (``voucher``), which the payment platform
    has not confirmed: the case is paid by card, as a new version (``payment_method`` pos,
    its receipt number, no ``payment_confirmed``), audited ``case.payment_replaced`` with the
    voucher's transaction number."""

    def change(document: dict[str, Any]) -> dict[str, Any]:
        kept = {key: value for key, value in document.items() if key != "payment_confirmed"}
        return {
            **kept,
            "paid_at": to_text(moment),
            "payment_method": PaymentMethod.POS.value,
            "payment_receipt_no": receipt_no,
        }

    detail: dict[str, Any] = {
        "paid": PaymentMethod.POS.value,
        "fee_cents": voucher.fee_cents,
        "receipt_no": receipt_no,
        "transaction_no": voucher.receipt_no,
    }
    # Inside the caller's transaction, with the check that found the voucher unconfirmed.
    return record_change(
        store,
        case_id,
        clerk,
        Authority.COUNTER,
        None,
        change=change,
        now=moment,
        detail=detail,
        action=PAYMENT_REPLACED_ACTION,
    )


# The number a payment is recorded with, by how it was paid: as the clerk is asked for it,
# and as a message about it names it (Chinese, English).
_REFERENCE_NAMES = {
    PaymentMethod.POS: (
        ("POS机签购单上的凭条号", "the receipt number printed by the POS terminal"),
        ("凭条号", "The receipt number"),
    ),
    PaymentMethod.PLATFORM: (
        ("缴费凭证上的缴费流水号", "the transaction number on the payment platform's voucher"),
        ("缴费流水号", "The transaction number"),
    ),
}


def record_refund(
    store: Store,
    case_id: str,
    supervisor: User,
    reference: str,
    reason: str,
    *,
    now: datetime | None = None,
) -> int:
    """A supervisor records the fee paid back (退费) with the refund's voucher: the POS
    terminal's refund slip, or the payment platform's refund number. Only for a case that
    owes one (paid twice, or paid and ended without its result) and not refunded already.
    Returns the new data version."""
    require_role(store.audit, supervisor, SUPERVISOR_ROLES, action=REFUNDED_ACTION, target=case_id)
    voucher = reference.strip()
    if not voucher or len(voucher) > RECEIPT_NO_MAX_CHARS:
        raise ValidationError(
            f"请填写退费凭证号：POS机退货签购单的凭条号，或缴费平台的退款单号（最多"
            f"{RECEIPT_NO_MAX_CHARS}字）。",
            "Enter the refund's voucher: the POS terminal's refund slip number, or the payment "
            f"platform's refund number (at most {RECEIPT_NO_MAX_CHARS} characters).",
            field="reference",
        )
    _refuse_unprintable(voucher, ("退费凭证号", "The refund's voucher"))
    why = checked_reason(reason)
    moment = now or utc_now()
    # The fee refunded is the payment's, read once inside the change's transaction.
    detail: dict[str, Any] = {"refund_reference": voucher, "fee_cents": None, "reason": why}

    def change(document: dict[str, Any]) -> dict[str, Any]:
        detail["fee_cents"] = _owed_refund(store, case_id).fee_cents
        refund = {
            "refunded_at": to_text(moment),
            "reference": voucher,
            "reason": why,
            "by": supervisor.username,
        }
        return {**document, "refund": refund}

    return record_change(
        store,
        case_id,
        supervisor.username,
        Authority.COUNTER,
        None,
        change=change,
        now=moment,
        detail=detail,
        action=REFUNDED_ACTION,
        after_end=True,
    )


def _refuse_unprintable(number: str, what: tuple[str, str]) -> None:
    """Refuse a receipt or voucher number holding a control character: the case's history
    and its payment line show it."""
    problem = unprintable_error(number, what, field="reference")
    if problem is not None:
        raise problem


def _owed_refund(store: Store, case_id: str) -> payment_rows.CasePayment:
    """The case's payment when it owes a refund; refused when it does not: no fee, or
    nothing paid twice nor for a result it will not have, or one recorded already."""
    payment = payment_rows.case_payment(store, case_id)
    if payment is not None and payment.refund is not None:
        when = hall_minute_text(payment.refund.refunded_at)
        raise ValidationError(
            f"本办件已于 {when} 退费（凭证号 {payment.refund.reference}），不能重复退费。",
            f"This case's fee was refunded at {when} (voucher {payment.refund.reference}); "
            "it cannot be refunded twice.",
            field="refund",
        )
    if payment is None or not (
        payment.refund_owed or (payment.paid and payment_rows.paid_twice(store, case_id))
    ):
        raise ValidationError(
            "本办件没有应退的费用：只有重复缴费的办件，或已缴费后撤回、不予受理、作废或容缺终止"
            "的办件才能退费。",
            "This case is owed no refund: only a case paid twice, or one paid and then "
            "withdrawn, refused, voided or terminated, can be refunded.",
            field="refund",
        )
    return payment


def apply_platform_payment(
    store: Store, case_id: str, reference: str, amount_cents: int, paid_at: datetime
) -> bool:
    """The payment platform confirmed ``amount_cents`` paid under ``reference`` (progress
    feed). False when that confirmation is recorded already (a feed may repeat itself);
    refused when the reference or the amount is not this case's. A payment the window
    recorded from the applicant's voucher is confirmed by it (a new version, whatever
    transaction number the window typed: both are kept); a case paid by card at the window
    meanwhile keeps that payment and the confirmation is recorded as a second one; a case
    that ended without a result meanwhile (withdrawn offline) is marked paid all the same,
    the money being owed back: each is audited for the supervisor."""
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
    if payment.awaiting_confirmation:
        _confirm_window_record(store, case_id, payment)
        return True
    if payment.paid and payment.method == PaymentMethod.PLATFORM:
        return False
    if payment.paid:
        return _record_paid_twice(store, case_id, payment)
    _record_payment(
        store,
        case_id,
        PLATFORM_ACTOR,
        PaymentMethod.PLATFORM,
        None,
        paid_at=paid_at,
        now=None,
        after_end=payment.ended_without_result,
    )
    return True


def _confirm_window_record(store: Store, case_id: str, payment: payment_rows.CasePayment) -> None:
    """The platform confirmed the payment the window recorded from the applicant's voucher:
    not a second payment but that one, now confirmed (``payment_confirmed``), as a new
    version by the platform; the window's ``paid_at`` and transaction number stay. Audited
    as the fee paid (after the case's end: paid after it ended, the money owed back)."""
    after_end = payment.ended_without_result

    def change(document: dict[str, Any]) -> dict[str, Any]:
        return {**document, "payment_confirmed": True}

    detail: dict[str, Any] = {
        "paid": PaymentMethod.PLATFORM.value,
        "fee_cents": payment.fee_cents,
        "payment_confirmed": True,
        "payment_reference": payment.reference,
        "transaction_no": payment.receipt_no,
    }
    record_change(
        store,
        case_id,
        PLATFORM_ACTOR,
        Authority.COUNTER,
        None,
        change=change,
        now=None,
        detail=detail,
        action=PAID_AFTER_END_ACTION if after_end else PAID_ACTION,
        event_kind="sync",
        after_end=after_end,
    )


def _record_paid_twice(store: Store, case_id: str, card: payment_rows.CasePayment) -> bool:
    """The platform confirmed a fee the window took by card: the case keeps the card
    payment; the second one is an event on the case (its history and the day's figures) and
    an audit entry, once however often the feed repeats it."""
    if payment_rows.paid_twice(store, case_id):
        return False
    when = hall_minute_text(card.paid_at)
    detail: dict[str, Any] = {
        "payment_twice": card.reference,
        "fee_cents": card.fee_cents,
        "receipt_no": card.receipt_no,
        "reason": {
            "zh": f"本办件已于 {when} 在窗口刷卡缴费（凭条号 {card.receipt_no}），缴费平台"
            "又确认了一笔缴费：申请人重复缴费，请值班长核实并退还一笔。",
            "en": f"This case was paid by card at the window at {when} (receipt "
            f"{card.receipt_no}) and the payment platform confirmed a payment as well: a "
            "double payment; a supervisor should check it and have one refunded.",
        },
    }
    fact = AuditFact(
        PLATFORM_ACTOR,
        PAID_TWICE_ACTION,
        {key: detail[key] for key in ("payment_twice", "fee_cents", "receipt_no")},
    )
    with store.transaction() as db:
        insert_audited_event(
            db, store.audit, fact, case_id=case_id, at=now_text(), kind="sync", detail=detail
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
    after_end: bool = False,
    confirmed: bool | None = None,
) -> int:
    """The fee paid as a new version; ``confirmed`` False for a payment on the payment
    platform the window recorded from the applicant's voucher (``receipt_no`` the
    platform's transaction number), None for any other."""

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
        if confirmed is not None:
            paid["payment_confirmed"] = confirmed
        return {**document, **paid}

    fee = payment_rows.case_payment(store, case_id)
    detail: dict[str, Any] = {"paid": method.value, "fee_cents": fee.fee_cents if fee else None}
    if confirmed is not None:
        detail["transaction_no"] = receipt_no
        detail["payment_confirmed"] = confirmed
    elif receipt_no is not None:
        detail["receipt_no"] = receipt_no
    return record_change(
        store,
        case_id,
        actor,
        Authority.COUNTER,
        None,
        change=change,
        now=now,
        detail=detail,
        action=PAID_AFTER_END_ACTION if after_end else PAID_ACTION,
        after_end=after_end,
    )
