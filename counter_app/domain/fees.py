"""Fees (缴费): amounts are integer cents everywhere (catalog, case document, wire, store);
yuan appear only as text for people. A case's payment reference is made at the window from
its case number, so it exists offline and is unique wherever the case number is."""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.case_states import CaseState

# What a 缴费通知书 and the window call the two sides of a payment.
PAYMENT_STATES = {False: ("待缴费", "Payment due"), True: ("已缴费", "Paid")}
# Where a case that ended without a result stands with its fee: nothing is owed any more,
# and money paid is owed back (退费). ``{state}`` is the case state's name.
ENDED_PAYMENT_STATES = {
    False: ("无需缴费（{state}）", "Nothing to pay ({state})"),
    True: ("已缴费，应退费（{state}）", "Paid, refund owed ({state})"),
}
# A fee paid back (退费), with the refund's voucher and the hall day it was recorded: of a
# case that ended without a result (True), or the second payment of one paid twice (False).
REFUNDED_PAYMENT_STATES = {
    True: ("已退费（凭证号 {voucher}，{day}）", "Refunded (voucher {voucher}, {day})"),
    False: (
        "已缴费，重复缴费已退费（凭证号 {voucher}，{day}）",
        "Paid; the second payment refunded (voucher {voucher}, {day})",
    ),
}
# A payment on the payment platform the window recorded as the applicant's voucher showed
# it, with the platform's transaction number (缴费流水号): awaiting the platform's
# confirmation (False), then confirmed by it (True).
WINDOW_RECORDED_PAYMENT_STATES = {
    False: (
        "已缴费（统一支付平台，待平台确认，流水号 {number}）",
        "Paid (unified public payment platform, awaiting the platform's confirmation, "
        "transaction {number})",
    ),
    True: (
        "已缴费（统一支付平台已确认，流水号 {number}）",
        "Paid (confirmed by the unified public payment platform, transaction {number})",
    ),
}
# The states a case ends in without the result its fee paid for: a fee not paid is owed no
# more, one paid is owed back.
NO_RESULT_STATES = frozenset(
    {CaseState.WITHDRAWN, CaseState.REFUSED, CaseState.VOIDED, CaseState.DEFERRED_TERMINATED}
)
# The same as an SQL list of the state codes, for a query's ``state IN (…)``.
NO_RESULT_SQL = ",".join(f"'{state.value}'" for state in sorted(NO_RESULT_STATES))


class PaymentMethod(StrEnum):
    POS = "pos"  # card payment at the window's POS terminal, with its receipt number
    PLATFORM = "platform"  # paid through the unified public payment platform (统一公共支付平台)


# How a fee was paid, in people's words (the command line's; the window's Linguist strings
# say the same, tested against this table).
PAYMENT_METHOD_NAMES = {
    PaymentMethod.POS: ("窗口POS刷卡", "card at the window's POS terminal"),
    PaymentMethod.PLATFORM: ("统一公共支付平台", "unified public payment platform"),
}


def format_yuan(cents: int) -> str:
    """``2000`` → ``"20.00"``: exact, from integer cents (a float is refused, never rounded)."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError(f"fees are integer cents, not {type(cents).__name__}")
    sign = "-" if cents < 0 else ""
    yuan, fen = divmod(abs(cents), 100)
    return f"{sign}{yuan}.{fen:02d}"


def payment_reference(case_no: str) -> str:
    """The reference the applicant pays with (缴费识别码): ``JF-`` and the case number."""
    return f"JF-{case_no}"


def fee_facts(fee_cents: int, case_no: str) -> dict[str, int | str]:
    """The case document's fee fields for an accepted case of an item charging
    ``fee_cents``; nothing for a free item."""
    if fee_cents <= 0:
        return {}
    return {"fee_cents": fee_cents, "payment_reference": payment_reference(case_no)}
