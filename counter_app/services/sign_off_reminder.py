"""Whether this window's previous working day (the hall's calendar) was signed off: nobody is
otherwise told that yesterday's 日结 was never signed, and the platform then never gets it.
A window that took no case on that day (closed, its clerk's day off, enrolled since) has no
day to sign off and is not asked."""

from __future__ import annotations

from datetime import date, timedelta

from counter_app.domain.hall_time import hall_minute_text
from counter_app.store.calendar import working_calendar
from counter_app.store.database import Store
from counter_app.store.end_of_day import sign_offs_of

# How far back a previous working day is looked for: the Spring Festival's closure fits.
_LONGEST_CLOSURE = 30


def previous_working_day(store: Store, today: date) -> date | None:
    """The hall's last working day before ``today``; None past the longest closure."""
    calendar = working_calendar(store)
    for back in range(1, _LONGEST_CLOSURE + 1):
        day = today - timedelta(days=back)
        if calendar.is_working_day(day):
            return day
    return None


def sign_off_words(store: Store, today: date) -> tuple[bool, str, str] | None:
    """Whether the previous working day was signed off at this window, with what to say
    (Chinese, English); None when there is no such day or the window took no case on it."""
    day = previous_working_day(store, today)
    if day is None:
        return None
    window = store.config.hall.window_code
    working = store.db.execute(
        "SELECT 1 FROM cases WHERE day = ? AND window_code = ? LIMIT 1",
        (day.isoformat(), window),
    ).fetchone()
    if working is None:
        return None
    signed = [row for row, _delivered in sign_offs_of(store, day) if row.window_code == window]
    if signed:
        last = signed[-1]
        at = hall_minute_text(last.signed_at)
        return (
            True,
            f"上一个工作日 {day} 的日结已由 {last.signed_by} 于 {at} 签署",
            f"the previous working day, {day}, was signed off by {last.signed_by} at {at}",
        )
    command = f"counter-app eod --date {day} --sign-off --by 用户名 --password-stdin"
    return (
        False,
        f"上一个工作日 {day} 的日结尚未在本窗口（{window}）签署，平台也就收不到该日的日结。"
        f"请值班长（主管）在本窗口的“日结”中选 {day} 签署日结，或运行 {command}",
        f"the previous working day, {day}, was not signed off at this window ({window}), so "
        f"the platform has no sign-off of it. A supervisor signs it in the window's end of "
        f"day (date {day}, Sign off…) or runs "
        f"counter-app eod --date {day} --sign-off --by USER --password-stdin",
    )
