"""Times an appointment can be booked at, whatever moment the tests run: the store refuses a
slot already begun and one past the hall's booking horizon (``central.opening_hours``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from counter_app.domain.hall_time import HALL_TIMEZONE


def later_today() -> datetime:
    """A slot of today in hall time that may be booked now: the next minute, or in the
    day's last minute that one (a slot of the current minute still stands). Not one to
    cancel: it is less than 2 h away, and in the day's last minute it has begun; a test
    that cancels books and cancels at moments of its own (``now=``) or a later day."""
    now = datetime.now(HALL_TIMEZONE).replace(second=0, microsecond=0)
    return min(
        now + timedelta(minutes=1), datetime.combine(now.date(), time(23, 59), HALL_TIMEZONE)
    )


def morning_of(day: date) -> datetime:
    """The first moment of ``day`` in hall time: a booking made then may take any slot of the
    day (``create_appointment(now=...)``), past days' too."""
    return datetime.combine(day, time(0), HALL_TIMEZONE)
