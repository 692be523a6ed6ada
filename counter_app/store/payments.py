"""A case's fee and its payment (``case_payments``) as the window and the command line read
them. Written by ``counter_app.store.payment_writes``."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.case_states import TERMINAL_STATES
from counter_app.store.database import Store


@dataclass(frozen=True)
class CasePayment:
    """The fee a case owes (integer cents) and, once paid, when, how and the receipt number."""

    fee_cents: int
    reference: str
    paid_at: str | None
    method: str | None  # pos | platform
    receipt_no: str | None

    @property
    def paid(self) -> bool:
        return self.paid_at is not None


def case_payment(store: Store, case_id: str) -> CasePayment | None:
    """The case's fee and payment; None for a case that owes nothing."""
    row = store.db.execute(
        "SELECT fee_cents, reference, paid_at, method, receipt_no FROM case_payments"
        " WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    return None if row is None else CasePayment(*row)


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
