"""A workstation clock that is certainly wrong stops new cases. A case takes its day, its case
number, its promised date and its deadlines from the clock, and the applicant carries them
away on paper; the platform refuses nothing that is already printed. A PC whose CMOS battery
has died starts in its firmware's year, and a date typed with the wrong year lands decades
off: both are refused here, before anything is written. So is a clock the platform refused
for being off its own by more than it accepts (a PC days fast would date cases days ahead):
that refusal stands until a sync run reaches the platform again, which it does as soon as
the clock is set right. ``counter-app doctor``'s clock check fails on all of them too, and on
a clock that went backwards."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.hall_time import HALL_TIMEZONE, hall_time_text
from counter_app.errors import CounterError
from counter_app.store.database import Store
from counter_app.store.platform_clock import PlatformClockReading, platform_clock_reading
from counter_app.store.timestamps import to_text

# counter-app took no case before 2026: an earlier clock is certainly wrong.
EARLIEST_DAY = date(2026, 1, 1)
# Nor is a case thirty years on plausible (a year typed 2062 for 2026).
LATEST_DAY = date(2056, 1, 1)


class ClockImplausible(CounterError):
    code = "clock_implausible"


class ClockRefusedByPlatform(CounterError):
    code = "clock_refused_by_platform"


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


def refused_skew(store: Store) -> PlatformClockReading | None:
    """The platform's last measurement of this clock while it still stands as a refusal: the
    platform refused the clock and no sync run has reached it since; None otherwise."""
    reading = platform_clock_reading(store)
    return reading if reading is not None and reading.refused else None


def skew_words(reading: PlatformClockReading) -> tuple[str, str]:
    """How far off the clock was measured and when, in Chinese and English: "比中心平台快约
    48 小时（平台时间 2026-12-07 08:15 测得）"."""
    seconds = abs(reading.offset_seconds)
    if seconds >= 2 * 3600:
        amount_zh, amount_en = f"约 {seconds / 3600:.0f} 小时", f"about {seconds / 3600:.0f} hours"
    else:
        minutes = max(1, round(seconds / 60))
        amount_zh, amount_en = f"约 {minutes} 分钟", f"about {minutes} minutes"
    ahead = reading.offset_seconds > 0
    zh = f"比中心平台{'快' if ahead else '慢'}{amount_zh}"
    en = f"{amount_en} {'ahead of' if ahead else 'behind'} the platform's"
    if reading.platform_time is None:
        return zh, en
    when = hall_time_text(to_text(reading.platform_time))[:16]
    return f"{zh}（平台时间 {when} 测得）", f"{en} (measured at {when} platform time)"


def refuse_skewed_clock(store: Store) -> None:
    """Raise ``ClockRefusedByPlatform`` while the platform's refusal of this clock stands."""
    reading = refused_skew(store)
    if reading is None:
        return
    zh, en = skew_words(reading)
    raise ClockRefusedByPlatform(
        f"本机时钟{zh}，中心平台拒收本机的同步。办件的受理时间、编号和承诺日期都取自本机时钟，"
        "所以现在不能受理：请联系信息技术人员校准本机日期和时间，然后同步一次（立即同步），"
        "同步成功即恢复受理。已填写的内容仍在。",
        f"The workstation's clock is {en}, and the platform refuses its syncs. A case's time, "
        "number and promised date come from this clock, so no case can be taken: ask IT to "
        "set the date and time, then sync once (Sync now); intake resumes when it succeeds. "
        "What is filled in is kept.",
    )
