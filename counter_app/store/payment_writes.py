"""A case's fee (``case_payments``): owed from its acceptance on, then paid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database


def record_payment_due(db: Database, *, case_id: str, fee_cents: int, reference: str) -> None:
    """The case owes ``fee_cents`` from its acceptance on, payable with ``reference``."""
    db.execute(
        "INSERT INTO case_payments (case_id, fee_cents, reference) VALUES (?, ?, ?)",
        (case_id, fee_cents, reference),
    )


def record_payment(
    db: Database,
    *,
    case_id: str,
    paid_at: str,
    method: str,
    receipt_no: str | None,
    platform_confirmed: bool | None = None,
) -> None:
    """The fee was paid: at the window's POS terminal (``receipt_no`` its receipt number), or
    on the payment platform, confirmed by it (no ``receipt_no``) or recorded at the window as
    the applicant's voucher showed it (``receipt_no`` the platform's transaction number,
    ``platform_confirmed`` whether the platform has confirmed it; None for any other)."""
    db.execute(
        "UPDATE case_payments SET paid_at = ?, method = ?, receipt_no = ?, platform_confirmed = ?"
        " WHERE case_id = ?",
        (paid_at, method, receipt_no, platform_confirmed, case_id),
    )


def mirror_payment(db: Database, case_id: str, document: Mapping[str, Any]) -> None:
    """Keep the case's payment row (what the case list marks 待缴费 from) as a version of its
    document (``CaseDocument`` fields) states it: a fee due from acceptance on, then its
    payment. A payment recorded already stays as it is (a platform version stating another
    keeps the card payment taken here), but for one the window recorded from the
    applicant's voucher that the platform has not confirmed: a later version states what
    became of it (the platform's confirmation, or a card payment in its place)."""
    if document.get("fee_cents") is None:
        return
    row = db.execute(
        "SELECT paid_at, platform_confirmed FROM case_payments WHERE case_id = ?", (case_id,)
    ).fetchone()
    if row is None:
        record_payment_due(
            db,
            case_id=case_id,
            fee_cents=document["fee_cents"],
            reference=document["payment_reference"],
        )
    awaiting = row is not None and row[1] == 0
    if document.get("paid_at") and (row is None or row[0] is None or awaiting):
        record_payment(
            db,
            case_id=case_id,
            paid_at=document["paid_at"],
            method=document["payment_method"],
            receipt_no=document.get("payment_receipt_no"),
            platform_confirmed=document.get("payment_confirmed"),
        )
