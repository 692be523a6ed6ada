"""A case's fee and its payment (``case_payments``) as the window and the command line read
them. Written by ``counter_app.store.payment_writes``."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.case_states import TERMINAL_STATES
from counter_app.domain.fees import NO_RESULT_STATES
from counter_app.store.database import Store


@dataclass(frozen=True)
class Refund:
    """The fee paid back (退费): when it was recorded, the refund's voucher (the POS
    terminal's refund slip, or the payment platform's refund number) and the supervisor."""

    refunded_at: str
    reference: str
    by: str


@dataclass(frozen=True)
class CasePayment:
    """The fee a case owes (integer cents) and, once paid, when, how and the receipt number
    (the POS terminal's, or the payment platform's transaction number the window recorded);
    ``case_state`` is the case's state now (a case that ended without a result owes nothing,
    and what it paid is owed back)."""

    fee_cents: int
    reference: str
    paid_at: str | None
    method: str | None  # pos | platform
    receipt_no: str | None
    case_state: str
    refund: Refund | None = None
    # Of a payment on the payment platform the window recorded as the applicant's voucher
    # showed it (``receipt_no`` the platform's transaction number): whether the platform has
    # confirmed it; None for any other payment.
    confirmed: bool | None = None

    @property
    def paid(self) -> bool:
        return self.paid_at is not None

    @property
    def awaiting_confirmation(self) -> bool:
        """Recorded at the window from the applicant's voucher, not confirmed by the payment
        platform yet: paid as far as the window can tell, not for the platform's processing
        nor for a refund."""
        return self.confirmed is False

    @property
    def ended_without_result(self) -> bool:
        return self.case_state in NO_RESULT_STATES

    @property
    def refund_owed(self) -> bool:
        """Paid for a result the case will not have (withdrawn, refused, voided), and not
        paid back yet: 应退费. A payment the window recorded waits for the platform's
        confirmation first."""
        return (
            self.paid
            and not self.awaiting_confirmation
            and self.ended_without_result
            and self.refund is None
        )


# The event (``case_events e``) of a recorded refund (``services.payments.record_refund``):
# a case has one at most.
REFUND_EVENT = "json_extract(e.detail, '$.refund_reference') IS NOT NULL"
# A case (``cases c``) with no refund recorded: its second payment or a fee it paid for a
# result it will not have is still owed back.
NOT_REFUNDED = (
    "NOT EXISTS (SELECT 1 FROM case_events e"  # noqa: S608 - a constant clause
    f" WHERE e.case_id = c.case_id AND {REFUND_EVENT})"
)


# A payment (``case_payments p``) the window recorded on the payment platform from the
# applicant's voucher that the platform has not confirmed yet (``platform_confirmed`` is
# NULL for any other payment: one the platform confirmed itself, or by card). ``IS``: never
# NULL itself, so that ``NOT`` it holds for every other payment.
AWAITING_CONFIRMATION = "p.platform_confirmed IS 0"


def case_payment(store: Store, case_id: str) -> CasePayment | None:
    """The case's fee and payment, and its refund if one was recorded; None for a case that
    owes nothing."""
    row = store.db.execute(
        "SELECT p.fee_cents, p.reference, p.paid_at, p.method, p.receipt_no, c.state,"
        " p.platform_confirmed"
        " FROM case_payments p JOIN cases c ON c.case_id = p.case_id WHERE p.case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None:
        return None
    refund = store.db.execute(
        "SELECT e.at, json_extract(e.detail, '$.refund_reference'), e.actor"  # noqa: S608 - a constant clause
        f" FROM case_events e WHERE e.case_id = ? AND {REFUND_EVENT} LIMIT 1",
        (case_id,),
    ).fetchone()
    fee_cents, reference, paid_at, method, receipt_no, case_state, confirmed = row
    return CasePayment(
        fee_cents,
        reference,
        paid_at,
        method,
        receipt_no,
        case_state,
        None if refund is None else Refund(*refund),
        None if confirmed is None else bool(confirmed),
    )


def unpaid_cases(store: Store, case_ids: list[str]) -> set[str]:
    """Of ``case_ids``, those still waiting for their fee ("待缴费"); a case whose story is
    over (withdrawn, voided, terminated) waits for nothing."""
    if not case_ids:
        return set()
    marks = ",".join("?" * len(case_ids))
    ended = ",".join(f"'{state.value}'" for state in TERMINAL_STATES)
    query = (
        "SELECT p.case_id FROM case_payments p JOIN cases c ON c.case_id = p.case_id"  # noqa: S608 - marks and enum values only
        f" WHERE p.case_id IN ({marks}) AND p.paid_at IS NULL AND c.state NOT IN ({ended})"
    )
    return {row[0] for row in store.db.execute(query, case_ids).fetchall()}


def awaiting_confirmation_since(store: Store, case_ids: list[str]) -> dict[str, str]:
    """Of ``case_ids``, those whose payment the window recorded on the payment platform from
    the applicant's voucher and the platform has not confirmed yet, each with when it was
    recorded (``paid_at``)."""
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    query = (
        "SELECT p.case_id, p.paid_at FROM case_payments p"  # noqa: S608 - marks and a constant clause
        f" WHERE p.case_id IN ({marks}) AND {AWAITING_CONFIRMATION}"
    )
    return dict(store.db.execute(query, case_ids).fetchall())


# The event (``case_events e``) the window writes when the payment platform confirms a fee it
# had taken by card (``services.payments``): a second payment of the case (JSON ``detail``).
PAID_TWICE_EVENT = "e.kind = 'sync' AND json_extract(e.detail, '$.payment_twice') IS NOT NULL"


def paid_twice(store: Store, case_id: str) -> bool:
    """Whether the case's second payment (a platform confirmation of a fee paid by card) is
    recorded already."""
    row = store.db.execute(
        f"SELECT 1 FROM case_events e WHERE e.case_id = ? AND {PAID_TWICE_EVENT} LIMIT 1",  # noqa: S608 - a constant clause
        (case_id,),
    ).fetchone()
    return row is not None
