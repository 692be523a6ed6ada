"""A year without a published calendar still has the public holidays the law fixes on a date
(《全国年节及纪念日放假办法》 as amended in 2024: 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3
October), and the note beside a date counted into it says so; a published year's own
calendar decides its days, fixed-date ones included."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

from counter_app.domain.calendar import (
    WorkingCalendar,
    parse_calendar_release,
    unpublished_year_note,
)


def bundled() -> WorkingCalendar:
    """The calendar shipped with the program: 2025 and 2026 published."""
    document = json.loads(
        files("counter_app.data").joinpath("calendar/cn-2025-2026.json").read_text("utf-8")
    )
    return parse_calendar_release(document).calendar()


def test_new_years_day_of_an_unpublished_year_is_not_counted() -> None:
    """The probe: accepted on 31 December 2026 with 10 working days, the case was promised
    for Thursday 14 January 2027, counting Friday 1 January as a working day."""
    calendar = bundled()
    assert not calendar.is_working_day(date(2027, 1, 1))  # a Friday
    assert calendar.add_working_days(date(2026, 12, 31), 10) == date(2027, 1, 15)


def test_labour_day_and_national_day_of_an_unpublished_year() -> None:
    calendar = WorkingCalendar()  # nothing published at all
    weekdays_off = (date(2028, 5, 1), date(2028, 5, 2), date(2028, 10, 2), date(2028, 10, 3))
    assert [calendar.is_working_day(day) for day in weekdays_off] == [False] * 4
    assert calendar.is_working_day(date(2028, 5, 3)) and calendar.is_working_day(date(2028, 10, 4))
    # Friday 29 September 2028 + 1: Monday 2 and Tuesday 3 October are holidays.
    assert calendar.add_working_days(date(2028, 9, 29), 1) == date(2028, 10, 4)


def test_a_published_year_decides_its_own_fixed_date_days() -> None:
    """A published calendar names every holiday of its years: what it does not list is a
    working day (Monday to Friday), 1 October too."""
    release = parse_calendar_release(
        {
            "version": 5,
            "published_at": "2026-11-01T00:00:00Z",
            "years": [2027],
            "periods": [{"kind": "holiday", "name": "元旦", "from": "2027-01-01"}],
        }
    )
    calendar = release.calendar()
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert calendar.is_working_day(date(2027, 10, 1))  # a Friday the release left working
    assert calendar.is_working_day(date(2028, 1, 3))  # Monday 3 January 2028
    assert not calendar.is_working_day(date(2028, 5, 1))  # 2028 is not published


def test_the_note_says_which_holidays_were_counted() -> None:
    assert unpublished_year_note(date(2027, 1, 15), frozenset({2025, 2026})) == (
        "2027年节假日安排尚未公布，按周一至周五计算，已扣除元旦、劳动节、国庆节",
        "counted Monday to Friday less New Year’s Day, Labour Day and National Day: the 2027 "
        "public holidays are not announced yet",
    )
    assert unpublished_year_note(date(2026, 12, 31), frozenset({2025, 2026})) is None
