"""缴费 commands: ``case pay`` records a card payment taken at the window's POS terminal
(``--method pos``, the terminal's receipt number). A payment on the unified public payment
platform is not the window's to record (``--method platform`` is refused, saying so): the
platform's own confirmation (``counter-central payment confirm``) arrives with the next sync.
Without ``--by`` the command acts as the OS user (``cli:<user>``), like ``import``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from counter_app.cli.actor import actor_or_os_user, add_actor_options
from counter_app.cli.context import cli_context
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.fees import (
    ENDED_PAYMENT_STATES,
    PAYMENT_METHOD_NAMES,
    PAYMENT_STATES,
    PaymentMethod,
    format_yuan,
)
from counter_app.services.auth import Role
from counter_app.store.payments import CasePayment

_CLERK_ROLES: tuple[Role, ...] = ("clerk", "supervisor")


def register_case_actions(case_commands: argparse._SubParsersAction) -> None:
    """``case pay`` under ``counter-app case``."""
    pay = case_commands.add_parser(
        "pay", help="窗口POS刷卡缴费 / record a card payment at the window's POS terminal"
    )
    pay.add_argument("case", help="case UUID or case number")
    pay.add_argument(
        "--method",
        required=True,
        choices=[method.value for method in PaymentMethod],
        help="pos: card at the window's POS terminal (platform: refused, the payment "
        "platform confirms its payments itself and the next sync brings them)",
    )
    pay.add_argument(
        "--reference", required=True, metavar="NO", help="the POS terminal's receipt number"
    )
    add_actor_options(pay, "the window clerk who took the payment", required=False)
    pay.add_argument("--json", action="store_true")
    pay.set_defaults(func=_pay)


def payment_json(payment: CasePayment | None) -> dict[str, Any] | None:
    """A case's fee and payment as JSON (integer cents), None when it owes nothing (the
    case's state is the case's own field)."""
    if payment is None:
        return None
    fields = asdict(payment)
    del fields["case_state"]
    return fields


def payment_line(payment: CasePayment, lang: str) -> str:
    """``20.00 元  待缴费  JF-…`` for people; a case that ended without a result owes
    nothing (``无需缴费（已撤回）``) and is owed back what it paid (应退费)."""
    pick = 1 if lang == "en" else 0
    state = PAYMENT_STATES[payment.paid][pick]
    if payment.ended_without_result:
        case_state = STATE_NAMES[CaseState(payment.case_state)][pick]
        state = ENDED_PAYMENT_STATES[payment.paid][pick].format(state=case_state)
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
    from counter_app.store.payments import case_payment

    context = cli_context(args)
    store = context.open_store()
    with store:
        record = find_case(store, args.case)
        clerk = actor_or_os_user(
            args, context, store, roles=_CLERK_ROLES, action="case.pay", target=record.case_id
        )
        version = pay_at_window(
            store, record.case_id, clerk, args.reference, method=PaymentMethod(args.method)
        )
        payment = case_payment(store, record.case_id)
    if args.json:
        sys.stdout.write(
            json.dumps(
                {
                    "case_id": record.case_id,
                    "case_no": record.case_no,
                    "state": record.state,
                    "data_version": version,
                    "payment": payment_json(payment),
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    elif payment is not None:
        print(
            f"{record.case_no}  {payment_line(payment, context.lang)}  "
            f"{method_name(payment.method, context.lang)} {payment.receipt_no}  v{version}"
        )
    return 0
