"""缴费 commands: ``case pay`` records a payment at the window: a card payment taken at its
POS terminal (``--method pos``, the terminal's receipt number), or a payment on the unified
public payment platform as the applicant's voucher shows it (``--method platform``, the
platform's transaction number 缴费流水号), pending the platform's own confirmation
(``counter-central payment confirm``), which arrives with a later sync. A card payment may
replace a voucher's record the platform has not confirmed (a failed or false voucher).
Without ``--by`` the command acts as the OS user (``cli:<user>``), like ``import``.
``case refund`` is a supervisor's (``--by``): the fee paid back, with the refund's voucher."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from counter_app.cli.actor import actor, actor_or_os_user, add_actor_options
from counter_app.cli.context import CliContext, cli_context
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.fees import (
    ENDED_PAYMENT_STATES,
    PAYMENT_METHOD_NAMES,
    PAYMENT_STATES,
    REFUNDED_PAYMENT_STATES,
    WINDOW_RECORDED_PAYMENT_STATES,
    PaymentMethod,
    format_yuan,
)
from counter_app.domain.hall_time import hall_time_text
from counter_app.services.auth import Role
from counter_app.store.payments import CasePayment

if TYPE_CHECKING:
    from counter_app.store.cases import CaseRecord

_CLERK_ROLES: tuple[Role, ...] = ("clerk", "supervisor")
# After a card payment that replaced a voucher's record the platform had not confirmed.
_REPLACED = (
    "（替代待平台确认的平台缴费，流水号 {number}）",
    " (replacing the unconfirmed platform payment, transaction {number})",
)
# A fee paid by card at the window that the payment platform confirmed as well (the case's
# ``payment_twice`` event): one of the two payments is owed back until the refund is recorded.
_PAID_TWICE = (
    "已缴费（另有平台确认的第二笔，应退费）",
    "Paid (a second payment confirmed by the payment platform, refund owed)",
)


def register_case_actions(case_commands: argparse._SubParsersAction) -> None:
    """``case pay`` and ``case refund`` under ``counter-app case``."""
    pay = case_commands.add_parser(
        "pay",
        help="登记缴费（POS刷卡，或凭统一支付平台缴费凭证） / record a payment: by card at the "
        "window's POS terminal, or on the payment platform as the applicant's voucher shows it",
    )
    pay.add_argument("case", help="case UUID or case number")
    pay.add_argument(
        "--method",
        required=True,
        choices=[method.value for method in PaymentMethod],
        help="pos: card at the window's POS terminal (it replaces a platform payment recorded "
        "from a voucher that the platform has not confirmed); platform: paid on the unified "
        "public payment platform, recorded as the voucher shows it, pending the platform's "
        "confirmation (a later sync brings it)",
    )
    pay.add_argument(
        "--reference",
        required=True,
        metavar="NO",
        help="pos: the POS terminal's receipt number; platform: the transaction number "
        "(缴费流水号) on the applicant's voucher",
    )
    add_actor_options(pay, "the window clerk who took the payment", required=False)
    pay.add_argument("--json", action="store_true")
    pay.set_defaults(func=_pay)
    refund = case_commands.add_parser(
        "refund",
        help="登记退费（值班长） / record a fee paid back (supervisor): a case paid twice, or "
        "paid and ended without its result",
    )
    refund.add_argument("case", help="case UUID or case number")
    refund.add_argument(
        "--reference",
        required=True,
        metavar="NO",
        help="the POS terminal's refund slip number, or the payment platform's refund number",
    )
    refund.add_argument("--reason", required=True, help="why, in the supervisor's words")
    add_actor_options(refund, "the supervisor who records the refund")
    refund.add_argument("--json", action="store_true")
    refund.set_defaults(func=_refund)


def payment_json(payment: CasePayment | None, *, paid_twice: bool = False) -> dict[str, Any] | None:
    """A case's fee and payment as JSON (integer cents), None when it owes nothing (the
    case's state is the case's own field); ``paid_twice`` whether the payment platform
    confirmed as well a fee paid by card at the window (refunded or not: ``refund``);
    ``refund`` only once one was recorded; ``confirmed`` only for a payment on the payment
    platform the window recorded from the applicant's voucher (``receipt_no`` its
    transaction number): false until the platform confirms it."""
    if payment is None:
        return None
    fields = asdict(payment)
    del fields["case_state"]
    for optional in ("refund", "confirmed"):
        if fields[optional] is None:
            del fields[optional]
    fields["paid_twice"] = paid_twice
    return fields


def payment_line(payment: CasePayment, lang: str, *, paid_twice: bool = False) -> str:
    """``20.00 元  待缴费  JF-…`` for people; a payment on the payment platform the window
    recorded from the voucher says whether the platform confirmed it, with its transaction
    number (``已缴费（统一支付平台，待平台确认，流水号 …）``); a case that ended without a
    result owes nothing (``无需缴费（已撤回）``) and is owed back what it paid (应退费), once
    the platform confirmed it; a case ``paid_twice`` (by card, and confirmed by the payment
    platform as well) says so (``已缴费（另有平台确认的第二笔，应退费）``); either until the
    refund is recorded (``已退费（凭证号 …，日期）``)."""
    pick = 1 if lang == "en" else 0
    state = PAYMENT_STATES[payment.paid][pick]
    if payment.confirmed is not None:
        state = WINDOW_RECORDED_PAYMENT_STATES[payment.confirmed][pick].format(
            number=payment.receipt_no
        )
    if payment.ended_without_result and not payment.awaiting_confirmation:
        case_state = STATE_NAMES[CaseState(payment.case_state)][pick]
        state = ENDED_PAYMENT_STATES[payment.paid][pick].format(state=case_state)
    if paid_twice:
        state = _PAID_TWICE[pick]
    if payment.refund is not None:
        state = REFUNDED_PAYMENT_STATES[payment.ended_without_result][pick].format(
            voucher=payment.refund.reference, day=hall_time_text(payment.refund.refunded_at)[:10]
        )
    unit = "yuan" if lang == "en" else "元"
    return f"{format_yuan(payment.fee_cents)} {unit}  {state}  {payment.reference}"


def method_name(method: str | None, lang: str) -> str:
    """How a fee was paid in people's words (a code this version does not know: as it is)."""
    if method not in PAYMENT_METHOD_NAMES:
        return method or ""
    return PAYMENT_METHOD_NAMES[PaymentMethod(method)][1 if lang == "en" else 0]


def _pay(args: argparse.Namespace) -> int:
    from counter_app.services.payments import pay_at_window
    from counter_app.store.cases import find_case
    from counter_app.store.payments import case_payment, paid_twice

    context = cli_context(args)
    store = context.open_store()
    with store:
        record = find_case(store, args.case)
        clerk = actor_or_os_user(
            args, context, store, roles=_CLERK_ROLES, action="case.pay", target=record.case_id
        )
        before = case_payment(store, record.case_id)
        version = pay_at_window(
            store, record.case_id, clerk, args.reference, method=PaymentMethod(args.method)
        )
        payment = case_payment(store, record.case_id)
        twice = paid_twice(store, record.case_id)
    detail = None  # a payment on the platform names itself and its number in its state
    if payment is not None and payment.confirmed is None:
        detail = f"{method_name(payment.method, context.lang)} {payment.receipt_no}"
        if before is not None and before.awaiting_confirmation:
            replaced = _REPLACED[1 if context.lang == "en" else 0]
            detail += replaced.format(number=before.receipt_no)
    _show(args, context, record, version, payment, paid_twice=twice, detail=detail)
    return 0


def _refund(args: argparse.Namespace) -> int:
    from counter_app.services.approval import SUPERVISOR_ROLES
    from counter_app.services.payments import REFUNDED_ACTION, record_refund
    from counter_app.store.cases import find_case
    from counter_app.store.payments import case_payment, paid_twice

    context = cli_context(args)
    store = context.open_store()
    with store:
        record = find_case(store, args.case)
        supervisor = actor(
            args,
            context,
            store,
            roles=SUPERVISOR_ROLES,
            action=REFUNDED_ACTION,
            target=record.case_id,
        )
        version = record_refund(store, record.case_id, supervisor, args.reference, args.reason)
        payment = case_payment(store, record.case_id)
        twice = paid_twice(store, record.case_id)
    _show(args, context, record, version, payment, paid_twice=twice, detail=None)
    return 0


def _show(
    args: argparse.Namespace,
    context: CliContext,
    record: CaseRecord,
    version: int,
    payment: CasePayment | None,
    *,
    paid_twice: bool,
    detail: str | None,
) -> None:
    """The case's payment after a command changed it, as JSON (``--json``) or one line,
    with ``detail`` (how it was paid) before the new data version; ``paid_twice`` as
    ``payment_json`` takes it."""
    if args.json:
        result = {
            "case_id": record.case_id,
            "case_no": record.case_no,
            "state": record.state,
            "data_version": version,
            "payment": payment_json(payment, paid_twice=paid_twice),
        }
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    elif payment is not None:
        line = payment_line(payment, context.lang, paid_twice=paid_twice)
        parts = [record.case_no, line, detail, f"v{version}"]
        print("  ".join(part for part in parts if part))
