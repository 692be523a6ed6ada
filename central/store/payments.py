"""Fees on the platform (先缴费后办理): the payment platform's confirmation that a fee was paid
(``counter-central payment confirm``), told to the case's hall through the progress feed,
and the rule that a case with an unpaid fee takes no back-office step.
"""

from __future__ import annotations

import logging
from typing import Any

from central.errors import OperatorError
from central.store import case_summaries
from central.store.base import CentralStore, DbCursor, iso, utc_now
from central.store.cases import case_state
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.fees import format_yuan
from counter_app.domain.hall_time import hall_minute_text
from sync.wire.feeds import PROGRESS_STATES

log = logging.getLogger("central.store")

# The back-office steps a case with an unpaid fee may not take (result_ready follows them;
# a withdrawal ends the case, paid or not).
PROCESSING_STATES = frozenset(PROGRESS_STATES) - {"result_ready", "withdrawn"}
# The states a fee is paid in: accepted and waiting for payment before processing.
PAYABLE_STATES = (CaseState.ACCEPTED, CaseState.ACCEPTED_DEFERRED)


def confirm_payment(store: CentralStore, reference: str) -> dict[str, Any]:
    """The applicant paid ``reference`` on the payment platform: mark it paid and tell
    the case's hall through the progress feed (an event that keeps the case's state).
    ``replayed``: the platform had confirmed it already (a script's retry); the answer is
    that confirmation's, and nothing is written again. A fee paid at the window is refused."""
    now = iso(utc_now())
    with store.transaction() as cur:
        store.lock_feed_table(cur, "progress_events")
        row = store._exec(
            cur,
            "SELECT p.case_id, p.hall, c.case_no, p.amount_cents, p.paid_at, p.progress_seq "
            "FROM payments p JOIN cases c ON c.case_id = p.case_id WHERE p.reference = ?",
            (reference,),
        ).fetchone()
        if row is None:
            raise OperatorError(
                f"平台上没有缴费识别码 {reference}，请核对缴费通知书上的识别码。",
                f"The platform holds no payment reference {reference}; check the one on "
                "the payment notice.",
            )
        case_id, hall, case_no, amount, paid_at, confirmed_seq = row
        if confirmed_seq is not None:  # set by this confirmation only, never by a window
            return _confirmation(confirmed_seq, reference, row[:5], replayed=True)
        if paid_at is not None:
            when = hall_minute_text(paid_at)
            raise OperatorError(
                f"缴费识别码 {reference}（办件 {case_no}）已缴费（{when}），不能重复确认。",
                f"Payment reference {reference} (case {case_no}) was paid at {when}; it "
                "cannot be confirmed twice.",
            )
        state = case_state(store, cur, case_id)
        if state not in PAYABLE_STATES:
            zh_state, en_state = STATE_NAMES[state]
            raise OperatorError(
                f"办件 {case_no} 状态为“{zh_state}”，不再收取费用。",
                f"Case {case_no} is '{en_state}'; it takes no payment any more.",
            )
        note = f"缴费已确认 / payment confirmed: {reference}"
        seq = store._exec(
            cur,
            "INSERT INTO progress_events (case_id, hall, state, note, at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING seq",
            (case_id, hall, state.value, note, now),
        ).fetchone()[0]
        store._exec(
            cur,
            "UPDATE payments SET paid_at = ?, method = 'platform', progress_seq = ? "
            "WHERE reference = ?",
            (now, seq, reference),
        )
        store.lock_hall_feed(cur, "case_summaries", hall)
        latest = store._exec(cur, case_summaries.LATEST_FLAGS, (case_id,)).fetchone()
        if latest is not None:  # a case stored before the hall queue had none
            store._exec(
                cur,
                case_summaries.INSERT_REFLAGGED,
                (note, now, case_summaries.without_unpaid(latest[0]), case_id),
            )
    log.info("payment %s of case %s confirmed", reference, case_id)
    return _confirmation(seq, reference, (case_id, hall, case_no, amount, now), replayed=False)


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
