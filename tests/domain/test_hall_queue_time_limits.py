"""The promised date's time limit counted in the hall's working days: what is left of it,
when a case is 临近超期 and when a 即办件 is still open on its own day."""

from __future__ import annotations

from datetime import date, timedelta

from counter_app.domain.calendar import CalendarException, DayKind, WorkingCalendar
from counter_app.domain.hall_queue import (
    DUE_SOON,
    SAME_DAY_OPEN,
    approaching_flags,
    due_soon_until,
    working_days_left,
)

# 国庆 2026: 10-01 to 10-07 off, Sunday 09-20 and Saturday 10-10 worked.
NATIONAL_DAY = WorkingCalendar(
    {
        **{
            date(2026, 10, d): CalendarException(date(2026, 10, d), DayKind.HOLIDAY, "国庆节")
            for d in range(1, 8)
        },
        date(2026, 9, 20): CalendarException(date(2026, 9, 20), DayKind.WORKDAY),
        date(2026, 10, 10): CalendarException(date(2026, 10, 10), DayKind.WORKDAY),
    },
    frozenset({2026}),
)


def test_days_left_are_working_days_across_a_holiday() -> None:
    today = date(2026, 9, 22)
    # 16 calendar days, of which 09-23..25, 28..30 and 10-08 are worked.
    assert (date(2026, 10, 8) - today).days == 16
    assert working_days_left("accepted", "2026-10-08", today, NATIONAL_DAY) == 7
    assert working_days_left("accepted", "2026-09-22", today, NATIONAL_DAY) == 0
    # Overdue: minus the working days since (Sunday 09-20 worked, 09-21, 09-22), at least
    # one over a weekend.
    assert working_days_left("in_process", "2026-09-18", today, NATIONAL_DAY) == -3
    assert working_days_left("accepted", "2026-09-25", date(2026, 9, 26), NATIONAL_DAY) == -1
    # No clock running: nothing left to count.
    assert working_days_left("suspended", "2026-10-08", today, NATIONAL_DAY) is None
    assert working_days_left("accepted", None, today, NATIONAL_DAY) is None


def test_due_soon_within_the_working_days_set() -> None:
    today = date(2026, 9, 29)  # Tuesday before the holiday
    # Two working days left or fewer: 09-29, 09-30 and the holiday days up to 10-08.
    assert due_soon_until(today, NATIONAL_DAY, 2) == date(2026, 10, 9)
    flags = {
        promised.isoformat(): approaching_flags(
            "accepted",
            promised.isoformat(),
            date(2026, 9, 1),
            today,
            calendar=NATIONAL_DAY,
            due_soon_days=2,
        )
        for promised in (today + timedelta(days=n) for n in range(11))
    }
    assert [day for day, shown in flags.items() if shown == (DUE_SOON,)] == [
        f"2026-{d}" for d in ("09-29", "09-30", *(f"10-0{n}" for n in range(1, 9)))
    ]
    assert flags["2026-10-09"] == ()
    # Once passed it is overdue (queue_flags), not due soon.
    assert (
        approaching_flags(
            "accepted", "2026-09-28", None, today, calendar=NATIONAL_DAY, due_soon_days=2
        )
        == ()
    )


def test_a_same_day_case_still_open_is_flagged_on_its_day() -> None:
    today = date(2026, 9, 22)
    assert approaching_flags(
        "accepted", "2026-09-22", today, today, calendar=NATIONAL_DAY, due_soon_days=0
    ) == (SAME_DAY_OPEN,)  # said once: not also 临近超期
    # Done, or promised on its day but accepted earlier: not a 即办件 still open.
    assert (
        approaching_flags(
            "completed_approved", "2026-09-22", today, today, calendar=NATIONAL_DAY, due_soon_days=0
        )
        == ()
    )
    assert approaching_flags(
        "accepted", "2026-09-22", date(2026, 9, 21), today, calendar=NATIONAL_DAY, due_soon_days=0
    ) == (DUE_SOON,)
