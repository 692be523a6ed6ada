"""The hall's clock: Shanghai time, whatever zone the workstation is set to.

A case's day, its promised date and every date on screen or paper are the hall's, so
"today" is never ``date.today()`` (the PC's zone: UTC on many installed systems).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HALL_TIMEZONE = ZoneInfo("Asia/Shanghai")
# The hall days anyone may ask about (reports, statistics, the audit log): far beyond any
# case's, and clear of the calendar's ends, where a day's bounds in UTC would not exist.
FIRST_HALL_DAY = date(2000, 1, 1)
LAST_HALL_DAY = date(2099, 12, 31)


def hall_today(now: datetime | None = None) -> date:
    """The hall-local date of ``now`` (default: this moment)."""
    return (now or datetime.now(HALL_TIMEZONE)).astimezone(HALL_TIMEZONE).date()


def hall_day_span(day: date) -> tuple[datetime, datetime]:
    """The hall day ``day``, 00:00 to 24:00 hall time, as its [start, end) moments; each
    store writes them in its own time form."""
    start = datetime.combine(day, time(), HALL_TIMEZONE)
    return start, start + timedelta(days=1)


def hall_time_text(iso: str | None) -> str:
    """An ISO 8601 timestamp as the hall's wall-clock time, for people (``—`` when there is
    none; a string that is no timestamp as it is)."""
    if not iso:
        return "—"
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")


def hall_minute_text(iso: str | None) -> str:
    """``hall_time_text`` to the minute (``2026-12-06 09:01``): lists and one-line notes."""
    return hall_time_text(iso)[:16]
