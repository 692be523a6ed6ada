"""What the platform's store holds of a case's payment and hall-queue flags, for the tests of
payments on the payment platform (a window's claim, a window's record of a voucher)."""

from __future__ import annotations

import json
from typing import Any

from central.store import CentralStore


def payment_row(store: CentralStore, case_id: str) -> tuple[Any, ...]:
    """``(paid_at, method, receipt_no)`` of the case's payment."""
    with store.transaction() as cur:
        row = store._exec(
            cur, "SELECT paid_at, method, receipt_no FROM payments WHERE case_id = ?", (case_id,)
        ).fetchone()
    return tuple(row)


def latest_flags(store: CentralStore, case_id: str) -> list[str]:
    """The hall-queue flags of the case's newest summary."""
    with store.transaction() as cur:
        row = store._exec(
            cur,
            "SELECT flags FROM case_summaries WHERE case_id = ? ORDER BY seq DESC LIMIT 1",
            (case_id,),
        ).fetchone()
    flags: list[str] = json.loads(row[0])
    return flags
