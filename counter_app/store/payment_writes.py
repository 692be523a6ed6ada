"""A case's fee (``case_payments``): owed from its acceptance on, then paid."""

from __future__ import annotations

from sqlite_utils import Database


def record_payment_due(db: Database, *, case_id: str, fee_cents: int, reference: str) -> None:
    """The case owes ``fee_cents`` from its acceptance on, payable with ``reference``."""
    db.execute(
        "INSERT INTO case_payments (case_id, fee_cents, reference) VALUES (?, ?, ?)",
        (case_id, fee_cents, reference),
    )


def record_payment(
    db: Database, *, case_id: str, paid_at: str, method: str, receipt_no: str | None
) -> None:
    """The fee was paid (at the window's POS terminal, or on the payment platform)."""
    db.execute(
        "UPDATE case_payments SET paid_at = ?, method = ?, receipt_no = ? WHERE case_id = ?",
        (paid_at, method, receipt_no, case_id),
    )
