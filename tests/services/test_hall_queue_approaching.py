"""The hall queue flags a case 临近超期 when its promised date is
``hall.due_soon_working_days`` working days away or fewer, and a 即办件 still open on the
day it was accepted 即办未结 that day, before it is overdue the next."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from counter_app.domain.hall_queue import DUE_SOON, OVERDUE, SAME_DAY_OPEN
from counter_app.services.hall_queue import read_queue
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from tests.store.hall_summaries import hall_summary, keep_summaries


def test_due_soon_and_same_day_flags_on_the_day(store: Store) -> None:
    accepted = "2026-11-27T01:01:00.000000Z"  # 09:01 hall time on Friday 11-27
    keep_summaries(
        store,
        replace(hall_summary(1), accepted_at=accepted, promised_date="2026-11-27"),
        replace(hall_summary(2), promised_date="2026-12-01"),  # Tuesday
        replace(hall_summary(3), promised_date="2026-12-02"),
    )

    def flags(today: date) -> dict[str, tuple[tuple[str, ...], int | None]]:
        return {
            e.case_no[-1]: (e.flags, e.days_left)
            for e in read_queue(store, QueueQuery(), today=today)
        }

    assert flags(date(2026, 11, 27)) == {
        "1": ((SAME_DAY_OPEN,), 0),
        "2": ((DUE_SOON,), 2),  # Monday, Tuesday
        "3": ((), 3),
    }
    assert flags(date(2026, 11, 30)) == {
        "1": ((OVERDUE,), -1),
        "2": ((DUE_SOON,), 1),
        "3": ((DUE_SOON,), 2),
    }
