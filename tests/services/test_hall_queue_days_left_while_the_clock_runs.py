"""The hall queue counts the days left to a case's promised date only while its clock runs
(accepted, accepted with materials deferred, in process): a case decided or ended (voided,
refused, withdrawn, delivered, …) owes nothing by that date, and under 特别程序 or 补正 the
clock stands still; none of them shows days left or is flagged overdue."""

from __future__ import annotations

from datetime import date

from counter_app.domain.case_states import CaseState
from counter_app.domain.hall_queue import OVERDUE
from counter_app.services.hall_queue import read_queue
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from tests.store.hall_summaries import PROMISED, hall_summary, keep_summaries

RUNNING = {CaseState.ACCEPTED, CaseState.ACCEPTED_DEFERRED, CaseState.IN_PROCESS}


def days_and_overdue(store: Store, today: date) -> dict[str, tuple[int | None, bool]]:
    keep_summaries(
        store, *(hall_summary(n, state=state.value) for n, state in enumerate(CaseState, 1))
    )
    return {
        entry.state: (entry.days_left, OVERDUE in entry.flags)
        for entry in read_queue(store, QueueQuery(), today=today)
    }


def test_only_a_running_clock_has_days_left(store: Store) -> None:
    shown = days_and_overdue(store, date(2026, 11, 24))
    assert shown == {
        # Working days: 11-25 to 12-08, two weekends out of fourteen days.
        state.value: ((10, False) if state in RUNNING else (None, False))
        for state in CaseState
    }
    (voided,) = read_queue(store, QueueQuery(state="voided"), today=date(2026, 11, 24))
    assert voided.promised_date == PROMISED  # what the receipt promised stays on record


def test_only_a_running_clock_is_overdue(store: Store) -> None:
    shown = days_and_overdue(store, date(2026, 12, 12))
    assert shown == {
        # A Saturday: the working days since 12-08 (12-09, 12-10, 12-11).
        state.value: ((-3, True) if state in RUNNING else (None, False))
        for state in CaseState
    }
