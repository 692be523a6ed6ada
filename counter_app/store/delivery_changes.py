"""A posting undone when the parcel came back to the hall (``case_deliveries``). The writes
at intake, a changed choice, posting and hand-over are in
``counter_app.store.delivery_writes``."""

from __future__ import annotations

from sqlite_utils import Database


def record_posting_returned(db: Database, *, case_id: str) -> None:
    """The parcel came back: the result is at the hall again, with no waybill, to be handed
    over or posted anew (the case's history keeps the returned waybill)."""
    db.execute(
        "UPDATE case_deliveries SET waybill = NULL, postal_status = NULL, posted_at = NULL"
        " WHERE case_id = ?",
        (case_id,),
    )
