"""The progress feed's rows (``progress_events``): each back-office step, payment, postal
delivery, online rating and appeal decision a window learns of, numbered in the order the
platform wrote them (the feed's cursor)."""

from __future__ import annotations

from central.store.base import CentralStore, DbCursor


def insert_progress_event(
    store: CentralStore, cur: DbCursor, *, case_id: str, hall: str, state: str, note: str, at: str
) -> int:
    """Add one progress event of ``case_id`` (the case's ``state`` after it) for ``hall``'s
    windows; its sequence number."""
    return int(
        store._exec(
            cur,
            "INSERT INTO progress_events (case_id, hall, state, note, at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING seq",
            (case_id, hall, state, note, at),
        ).fetchone()[0]
    )
