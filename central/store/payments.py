"""Fees on the platform (先缴费后办理): the payment platform's confirmation that a fee was paid
(``counter-central payment confirm``), whenever it comes, told to the case's hall through the
progress feed, and the rule that a case with an unpaid fee takes no back-office step.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from central.errors import OperatorError
from central.store import case_summaries
from central.store.base import CentralStore, DbCursor, iso, utc_now
from central.store.cases import case_state
from central.store.progress_events import insert_progress_event
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.fees import NO_RESULT_STATES, format_yuan
from counter_app.domain.hall_queue import PAYMENT_TWICE, REFUND_OWED
from sync.wire.feeds import PROGRESS_ITEM_STATES, PROGRESS_STATES

log = logging.getLogger("central.store")

# The back-office steps a case with an unpaid fee may not take (result_ready follows them;
# a withdrawal ends the case, paid or not).
PROCESSING_STATES = frozenset(PROGRESS_STATES) - {"result_ready", "withdrawn"}
# The states a fee is paid in: accepted and waiting for payment before processing.
PAYABLE_STATES = (CaseState.ACCEPTED, CaseState.ACCEPTED_DEFERRED)
# The states a progress item may name (``ProgressEvent.state``): a confirmation for a case
# in any other cannot reach its window.
FEEDABLE_STATES = PROGRESS_ITEM_STATES


def confirm_payment(store: CentralStore, reference: str) -> dict[str, Any]:
    """The applicant paid ``reference`` on the payment platform, which confirms it whenever
    it likes: mark it paid and tell the case's hall through the progress feed (an event
    that keeps the case's state), whatever became of the case meanwhile. A fee the window
    took by card meanwhile is paid twice: the platform's payment takes the row, as when
    the card payment's version arrives after it, the card payment standing in the case's
    versions (``payment_twice``). A case that ended without its result is owed the money
    back (``refund_owed``). ``replayed``: the platform had confirmed it already (a
    script's retry); the answer is that confirmation's, and nothing is written again.
    Refused only for a case whose state no progress item can carry to its window."""
    now = iso(utc_now())
    with store.transaction() as cur:
        store.lock_feed_table(cur, "progress_events")
        row = store._exec(
            cur,
            "SELECT p.case_id, p.hall, c.case_no, p.amount_cents, p.paid_at, p.progress_seq, "
            "p.receipt_no FROM payments p JOIN cases c ON c.case_id = p.case_id "
            "WHERE p.reference = ?",
            (reference,),
        ).fetchone()
        if row is None:
            raise OperatorError(
                f"平台上没有缴费识别码 {reference}，请核对缴费通知书上的识别码。",
                f"The platform holds no payment reference {reference}; check the one on "
                "the payment notice.",
            )
        case_id, hall, case_no, amount, paid_at, confirmed_seq, card_receipt = row
        if confirmed_seq is not None:  # set by this confirmation only, never by a window
            return _confirmation(confirmed_seq, reference, row[:5], replayed=True)
        state = case_state(store, cur, case_id)
        if state not in FEEDABLE_STATES:
            zh_state, en_state = STATE_NAMES[state]
            raise OperatorError(
                f"办件 {case_no} 状态为“{zh_state}”，进度数据无法把这笔缴费告知窗口，平台未记录；"
                "请值班长与缴费平台核实并办理退费。",
                f"Case {case_no} is '{en_state}': the progress feed cannot carry a payment of "
                "a case in that state to its window, so the platform did not record it; a "
                "supervisor should check it with the payment platform and have it refunded.",
            )
        # Paid at the window already: only a card payment, the window's claim of a payment
        # on the platform being never taken (``push._window_payments``).
        twice = paid_at is not None
        owed = [PAYMENT_TWICE] if twice else []
        if state in NO_RESULT_STATES:
            owed.append(REFUND_OWED)
        note = _note(reference, state, twice=twice)
        seq = insert_progress_event(
            store, cur, case_id=case_id, hall=hall, state=state.value, note=note, at=now
        )
        store._exec(
            cur,
            "UPDATE payments SET paid_at = ?, method = 'platform', receipt_no = NULL, "
            "progress_seq = ? WHERE reference = ?",
            (now, seq, reference),
        )
        store.lock_hall_feed(cur, "case_summaries", hall)
        latest = store._exec(cur, case_summaries.LATEST_FLAGS, (case_id,)).fetchone()
        if latest is not None:  # a case stored before the hall queue had none
            store._exec(
                cur,
                case_summaries.INSERT_REFLAGGED,
                (note, now, _paid_flags(latest[0], owed), case_id),
            )
    if twice:
        log.warning(
            "payment %s of case %s confirmed after the window took it by card at %s "
            "(receipt %s): paid twice, one payment owed back",
            reference,
            case_id,
            paid_at,
            card_receipt,
        )
    elif owed:
        log.warning(
            "payment %s of case %s confirmed after the case ended (%s): owed back",
            reference,
            case_id,
            state.value,
        )
    else:
        log.info("payment %s of case %s confirmed", reference, case_id)
    return _confirmation(seq, reference, (case_id, hall, case_no, amount, now), replayed=False)


def _note(reference: str, state: CaseState, *, twice: bool) -> str:
    """The confirmation's note on the progress event and the hall queue's summary."""
    if twice:
        return (
            f"缴费平台确认的第二笔缴费（窗口已刷卡缴费），应退一笔 / a second payment "
            f"confirmed (the fee was paid by card at the window), one owed back: {reference}"
        )
    if state in NO_RESULT_STATES:
        zh_state, en_state = STATE_NAMES[state]
        return (
            f"缴费已确认，办件{zh_state}，应退费 / payment confirmed, the case is "
            f"'{en_state}', owed back: {reference}"
        )
    return f"缴费已确认 / payment confirmed: {reference}"


def _paid_flags(flags: str, owed: list[str]) -> str:
    """A summary's flags (JSON) once the platform confirmed its fee: no longer ``unpaid``,
    with what the confirmation made owed back (``owed``)."""
    kept: list[str] = json.loads(case_summaries.without_unpaid(flags))
    return json.dumps([*kept, *(flag for flag in owed if flag not in kept)])


def _confirmation(
    seq: int, reference: str, payment: tuple[Any, ...], *, replayed: bool
) -> dict[str, Any]:
    """The answer to ``payment confirm``: the progress event that told the hall, and the
    ``payment`` (case id, hall, case number, amount in cents, when it was paid)."""
    case_id, hall, case_no, amount, paid_at = payment
    return {
        "sequence": int(seq),
        "reference": reference,
        "case_id": case_id,
        "case_no": case_no,
        "hall": hall,
        "amount_cents": int(amount),
        "paid_at": paid_at,
        "replayed": replayed,
    }


def refuse_unpaid(
    store: CentralStore, cur: DbCursor, case_id: str, case_no: str, state: str
) -> None:
    """A case with a fee is not processed before it is paid (先缴费后办理)."""
    if state not in PROCESSING_STATES:
        return
    unpaid = store._exec(
        cur,
        "SELECT reference, amount_cents FROM payments WHERE case_id = ? AND paid_at IS NULL",
        (case_id,),
    ).fetchone()
    if unpaid is not None:
        amount = format_yuan(int(unpaid[1]))
        raise OperatorError(
            f"办件 {case_no} 待缴费（{amount} 元，缴费识别码 {unpaid[0]}），缴费确认前不能办理。",
            f"Case {case_no} awaits payment ({amount} yuan, reference {unpaid[0]}); it "
            "cannot be processed before the payment is confirmed.",
        )
