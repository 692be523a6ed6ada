"""A workstation clock that is certainly wrong stops new cases. A case takes its day, its case
number, its promised date and its deadlines from the clock, and the applicant carries them
away on paper; the platform refuses nothing that is already printed. A PC whose CMOS battery
has died starts in its firmware's year, and a date typed with the wrong year lands decades
off: both are refused here, before anything is written. ``counter-app doctor``'s clock check
fails on them too, and on a clock that went backwards."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.errors import CounterError

# counter-app took no case before 2026: an earlier clock is certainly wrong.
EARLIEST_DAY = date(2026, 1, 1)
# Nor is a case thirty years on plausible (a year typed 2062 for 2026).
LATEST_DAY = date(2056, 1, 1)


class ClockImplausible(CounterError):
    code = "clock_implausible"


def refuse_implausible_clock(moment: datetime) -> None:
    """Raise ``ClockImplausible`` when ``moment`` (the clock's now) cannot be right."""
    local = moment.astimezone(HALL_TIMEZONE)
    if EARLIEST_DAY <= local.date() < LATEST_DAY:
        return
    shown = local.strftime("%Y-%m-%d %H:%M")
    raise ClockImplausible(
        f"本机时钟显示 {shown}，这不可能是现在的时间。办件的受理时间、编号和承诺日期都取自本机时钟，"
        "所以现在不能受理：请联系信息技术人员校准本机日期和时间后再试。已填写的内容仍在。",
        f"The workstation's clock says {shown}, which cannot be the time now. A case's time, "
        "number and promised date come from this clock, so no case can be taken: ask IT to set "
        "the date and time, then try again. What is filled in is kept.",
    )
