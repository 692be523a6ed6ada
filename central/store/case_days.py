"""When a window took each case (``taken_at``): the case document's ``received_at`` as the
hall queue's summaries keep it in plain text, not when the case reached the platform (the
listings' ``received_at``). A window offline at 23:56 syncs after midnight; its case is
still the day its number carries, the day the window's end-of-day report counts it on."""

from __future__ import annotations

from typing import Any

from central.store.base import CentralStore, chunks

Row = dict[str, Any]


def with_taken_at(store: CentralStore, rows: list[Row]) -> list[Row]:
    """``rows`` (each with its ``case_id``) with ``taken_at`` added: when the window took
    the case (UTC); the platform's ``received_at`` for a case without a summary."""
    taken = _taken_times(store, [row["case_id"] for row in rows])
    for row in rows:
        row["taken_at"] = taken.get(row["case_id"], row["received_at"])
    return rows


def _taken_times(store: CentralStore, case_ids: list[str]) -> dict[str, str]:
    """``case_id`` → the window's ``received_at``, from the first summary of each of these
    cases (every summary of a case repeats it), by the summaries' index on their case: the
    listing reads as many as it lists, however many cases the store holds."""
    taken: dict[str, str] = {}
    with store.snapshot() as cur:
        for chunk in chunks(sorted(set(case_ids))):
            marks = ",".join("?" * len(chunk))
            rows = store._exec(
                cur,
                "SELECT case_id, received_at FROM case_summaries WHERE seq IN"  # noqa: S608
                f" (SELECT min(seq) FROM case_summaries WHERE case_id IN ({marks})"
                " GROUP BY case_id)",
                chunk,
            ).fetchall()
            taken.update((str(case_id), str(received_at)) for case_id, received_at in rows)
    return taken
