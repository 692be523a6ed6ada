"""The hall's clock: Shanghai time, whatever zone the workstation is set to.

A case's day, its promised date and every date on screen or paper are the hall's, so
"today" is never ``date.today()`` (the PC's zone: UTC on many installed systems).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

HALL_TIMEZONE = ZoneInfo("Asia/Shanghai")


def hall_today(now: datetime | None = None) -> date:
    """The hall-local date of ``now`` (default: this moment)."""
    return (now or datetime.now(HALL_TIMEZONE)).astimezone(HALL_TIMEZONE).date()
