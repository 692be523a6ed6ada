import json
from datetime import date
from importlib.resources import files

import pytest

from counter_app.domain.calendar import WorkingCalendar, parse_calendar_release
from counter_app.errors import ValidationError


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    document = json.loads(
        files("counter_app.data").joinpath("calendar/cn-2025-2026.json").read_text("utf-8")
    )
    return parse_calendar_release(document).calendar()


def test_2026_spring_festival(calendar):
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday, make-up working day
    for day in range(15, 24):
        assert not calendar.is_working_day(date(2026, 2, day))
    assert calendar.is_working_day(date(2026, 2, 24))
    assert calendar.is_working_day(date(2026, 2, 28))  # Saturday, make-up
    # Accepted Friday 13 Feb: day 1 is Saturday 14 (make-up), day 2 jumps the holiday.
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert calendar.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert calendar.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)
    # Accepted on a holiday (a hall open for a campaign): counting starts after it.
    assert calendar.add_working_days(date(2026, 2, 16), 1) == date(2026, 2, 24)


def test_2026_national_day_and_mid_autumn(calendar):
    assert calendar.is_working_day(date(2026, 9, 20))  # Sunday make-up
    for day in (25, 26, 27):
        assert not calendar.is_working_day(date(2026, 9, day))
    for day in range(1, 8):
        assert not calendar.is_working_day(date(2026, 10, day))
    assert calendar.is_working_day(date(2026, 10, 10))  # Saturday make-up
    assert not calendar.is_working_day(date(2026, 10, 11))
    # Thursday 24 Sep + 3 working days: 28, 29, 30 Sep.
    assert calendar.add_working_days(date(2026, 9, 24), 3) == date(2026, 9, 30)
    # 30 Sep + 1: the whole Golden Week is skipped; Thursday 8 Oct.
    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_2025_schedule(calendar):
    for make_up in (
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    ):
        assert calendar.is_working_day(make_up)
    for holiday in (
        date(2025, 1, 1),
        date(2025, 1, 28),
        date(2025, 2, 4),
        date(2025, 4, 4),
        date(2025, 5, 5),
        date(2025, 6, 2),
        date(2025, 10, 8),
    ):
        assert not calendar.is_working_day(holiday)


def test_immediate_cases_and_coverage(calendar):
    assert calendar.add_working_days(date(2026, 11, 27), 0) == date(2026, 11, 27)
    assert calendar.covers(date(2026, 12, 31)) and not calendar.covers(date(2027, 1, 4))
    # Outside the published years only Monday-Friday is known.
    assert calendar.add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"published_at": "2026-11-01T00:00:00Z", "years": [2026], "periods": []}, "version"),
        (
            {"version": 2, "published_at": "2026-11-01T00:00:00Z", "years": [], "periods": []},
            "years",
        ),
        (
            {
                "version": 2,
                "published_at": "2026-11-01T00:00:00Z",
                "years": [2026],
                "periods": [{"kind": "party", "from": "2026-01-01"}],
            },
            "periods[0]",
        ),
        (
            {
                "version": 2,
                "published_at": "2026-11-01T00:00:00Z",
                "years": [2026],
                "periods": [{"kind": "holiday", "from": "2027-01-01"}],
            },
            "periods[0]",
        ),
        (
            {
                "version": 2,
                "published_at": "2026-11-01T00:00:00Z",
                "years": [2026],
                "periods": [
                    {"kind": "holiday", "from": "2026-01-01"},
                    {"kind": "workday", "from": "2026-01-01"},
                ],
            },
            "periods[1]",
        ),
        (
            {
                "version": 10**30,
                "published_at": "2026-11-01T00:00:00Z",
                "years": [2026],
                "periods": [],
            },
            "version",
        ),
        (
            {
                "version": 2,
                "published_at": "2026-11-01T00:00:00Z",
                "years": [2026],
                "periods": [{"kind": "holiday", "name": "春节\ud800", "from": "2026-02-15"}],
            },
            "periods[0]",
        ),
    ],
)
def test_bad_calendar_documents_name_the_field(document, field):
    with pytest.raises(ValidationError) as caught:
        parse_calendar_release(document)
    assert caught.value.field == field


def test_time_waiting_for_a_correction_moves_the_promised_date(calendar):
    """特别程序 / 补正: the working days a case waits for the applicant's correction do not
    count against its time limit, so the promised date moves on by exactly those days."""
    promised = date(2026, 9, 30)  # a case accepted Thursday 24 Sep with 3 working days
    # Asked and corrected the same day: nothing waited.
    assert calendar.working_days_between(date(2026, 9, 28), date(2026, 9, 28)) == 0
    assert calendar.extend_for_pause(promised, date(2026, 9, 28), date(2026, 9, 28)) == promised
    # Asked Monday 28 Sep, corrected Tuesday 29 Sep: one working day waited, and the next
    # working day after 30 Sep is Thursday 8 Oct (Golden Week).
    assert calendar.working_days_between(date(2026, 9, 28), date(2026, 9, 29)) == 1
    assert calendar.extend_for_pause(promised, date(2026, 9, 28), date(2026, 9, 29)) == date(
        2026, 10, 8
    )
    # Asked Wednesday 30 Sep, corrected Friday 9 Oct: the holiday and the weekend are not
    # working days; 8 and 9 Oct are.
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2
    # A correction dated before its request (a clock set wrong) waited nothing.
    assert calendar.working_days_between(date(2026, 10, 9), date(2026, 9, 30)) == 0


@pytest.mark.parametrize("published_at", ["x", "2026-11-01T00:00:00", "2026-13-01T00:00:00Z"])
def test_a_publication_time_that_is_no_moment_is_refused(published_at):
    """The window keeps it with the version it loads, as when the calendar was published."""
    document = {"version": 2, "published_at": published_at, "years": [2026], "periods": []}
    with pytest.raises(ValidationError) as caught:
        parse_calendar_release(document)
    assert caught.value.field == "published_at" and published_at in caught.value.zh
