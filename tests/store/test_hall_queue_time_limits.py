"""The queue's overdue and 临近超期 cases chosen in SQL, oldest promised date first, and the
one count of them the statistics and the end-of-day report both give."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counter_app.services.end_of_day import day_report
from counter_app.services.statistics import Period, compute
from counter_app.store.database import Store
from counter_app.store.hall_queue import (
    QueueQuery,
    TimeLimitCounts,
    due_soon_on,
    overdue_on,
    queue_page,
    time_limit_counts,
)
from tests.store.hall_summaries import hall_summary, keep_summaries

DAY = date(2026, 12, 2)  # a Wednesday


@pytest.fixture
def promised(store: Store) -> Store:
    """Cases of the hall by promised date: two overdue, two due within two working days
    (today, Friday), one three working days away (Monday), and two past their promised date
    whose clock does not run (voided, suspended)."""
    for index, state, day in (
        (1, "accepted", "2026-11-30"),
        (2, "in_process", "2026-11-25"),
        (3, "accepted", "2026-12-02"),
        (4, "accepted_deferred", "2026-12-04"),
        (5, "accepted", "2026-12-07"),
        (6, "voided", "2026-11-20"),
        (7, "suspended", "2026-11-20"),
    ):
        keep_summaries(store, replace(hall_summary(index, state=state), promised_date=day))
    return store


def endings(cases: list) -> list[str]:
    return [case.case_no[-1] for case in cases]


def test_overdue_and_due_soon_pages_oldest_promised_first(promised: Store) -> None:
    overdue = QueueQuery(promised=overdue_on(DAY))
    assert endings(queue_page(promised, overdue, limit=10)) == ["2", "1"]
    assert endings(queue_page(promised, overdue, limit=1, offset=1)) == ["1"]
    due_soon = QueueQuery(promised=due_soon_on(promised, DAY))
    assert endings(queue_page(promised, due_soon, limit=10)) == ["3", "4"]
    # With the other filters, and a search (its own path through the queue).
    assert endings(queue_page(promised, replace(overdue, state="accepted"), limit=10)) == ["1"]
    assert endings(queue_page(promised, replace(overdue, text="W01"), limit=10)) == ["2", "1"]
    # Without: newest first, as before.
    assert endings(queue_page(promised, QueueQuery(), limit=10)) == list("7654321")


def test_statistics_and_end_of_day_count_the_same_cases(promised: Store) -> None:
    assert time_limit_counts(promised, DAY) == TimeLimitCounts(overdue=2, due_soon=2)
    stats = compute(promised, Period.of(DAY, DAY)).to_json()
    report = day_report(promised, DAY).to_dict()
    for figures in (stats, report):
        assert (figures["overdue"], figures["due_soon"]) == (2, 2)
    # A day later Monday's case is due soon too, and today's overdue.
    assert time_limit_counts(promised, date(2026, 12, 3)) == TimeLimitCounts(3, 2)
