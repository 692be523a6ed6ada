"""Times an appointment can be booked at, whatever moment the tests run: the store refuses a
slot already ended and one past the hall's booking horizon (``central.opening_hours``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from central.opening_hours import SLOT_MINUTES
from counter_app.domain.hall_time import HALL_TIMEZONE


def later_today() -> datetime:
    """A slot of today in hall time that may be booked now, in a hall open all day (slots
    every 30 minutes from 00:00, ``central.opening_hours``): the next one, so that no slot
    boundary passes between choosing and booking it; in the day's last half hour the one
    running, which may be booked until midnight. Not one to cancel: it is less than 2 h
    away; a test that cancels books and cancels at moments of its own (``now=``) or a later
    day."""
    now = datetime.now(HALL_TIMEZONE).replace(second=0, microsecond=0)
    running = now - timedelta(minutes=now.minute % SLOT_MINUTES)
    following = running + timedelta(minutes=SLOT_MINUTES)
    return following if following.date() == now.date() else running


def morning_of(day: date) -> datetime:
    """The first moment of ``day`` in hall time: a booking made then may take any slot of the
    day (``create_appointment(now=...)``), past days' too."""
    return datetime.combine(day, time(0), HALL_TIMEZONE)
