"""When a window took each case (``taken_at``): the case document's ``received_at`` as the
hall queue's summaries keep it in plain text, not when the case reached the platform (the
listings' ``received_at``). A window offline at 23:56 syncs after midnight; its case is
still the day its number carries, the day the window's end-of-day report counts it on."""

from __future__ import annotations

from typing import Any

from central.store.base import CentralStore

Row = dict[str, Any]


def with_taken_at(store: CentralStore, hall: str | None, rows: list[Row]) -> list[Row]:
    """``rows`` (each with its ``case_id``, of ``hall`` or every hall) with ``taken_at``
    added: when the window took the case (UTC); the platform's ``received_at`` for a case
    without a summary."""
    taken = _taken_times(store, hall)
    for row in rows:
        row["taken_at"] = taken.get(row["case_id"], row["received_at"])
    return rows


def _taken_times(store: CentralStore, hall: str | None) -> dict[str, str]:
    """``case_id`` → the window's ``received_at``, from each case's first summary (every
    summary of a case repeats it); one read of the hall's summaries by its index."""
    select = "SELECT min(seq) FROM case_summaries"
    params: tuple[str, ...] = ()
    if hall is not None:
        select += " WHERE hall = ?"
        params = (hall,)
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT case_id, received_at FROM case_summaries"  # noqa: S608 - constant text
            f" WHERE seq IN ({select} GROUP BY case_id)",
            params,
        ).fetchall()
    return {str(case_id): str(received_at) for case_id, received_at in rows}
