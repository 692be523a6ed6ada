"""A workstation clock that is certainly wrong stops new cases. A case takes its day, its case
number, its promised date and its deadlines from the clock, and the applicant carries them
away on paper; the platform refuses nothing that is already printed. A PC whose CMOS battery
has died starts in its firmware's year, and a date typed with the wrong year lands decades
off: both are refused here, before anything is written. So is a clock the platform refused
for being off its own by more than it accepts (a PC days fast would date cases days ahead):
that refusal stands until a sync run reaches the platform again, which it does as soon as
the clock is set right. ``counter-app doctor``'s clock check fails on all of them too, and on
a clock that went backwards.

A clock set back behind the window's newest case (by more than
:data:`BEHIND_TOLERANCE`) is refused until it is set right or the platform confirms it: a
case taken then would be numbered and dated before cases already taken, perhaps into a day
already signed off. A clock moved ahead while the platform cannot be reached is refused too
(:func:`clock_doubt`):
within one boot, beyond what the OS counted since the platform last measured the clock;
across a reboot, more than :data:`OFFLINE_JUMP_BOUND` past the latest the platform measured
or the store wrote. A 容缺 case's deadline ends it for good (终止受理), so that waits for a
clock the platform confirmed (:func:`clock_confirmed`): a day late harms no one, a year
early does. A training hall, and a window with no platform to confirm anything, are spared
both."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from counter_app.config import Config
from counter_app.domain.clock_advice import PLATFORM_CLOCK_WRONG
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_time_text
from counter_app.domain.text import amount_of_time
from counter_app.errors import CounterError
from counter_app.store.case_order import newest_case_taken_at
from counter_app.store.database import Store
from counter_app.store.once_a_day import once_a_hall_day
from counter_app.store.platform_clock import (
    BootReading,
    ClockNow,
    PlatformClockReading,
    newest_written_at,
    platform_clock_reading,
)
from counter_app.store.timestamps import to_text

log = logging.getLogger(__name__)
T = TypeVar("T")

# counter-app took no case before 2026: an earlier clock is certainly wrong.
EARLIEST_DAY = date(2026, 1, 1)
# Nor is a case thirty years on plausible (a year typed 2062 for 2026).
LATEST_DAY = date(2056, 1, 1)
# How far the wall clock may move from what the boot clock counted within one boot: the
# platform accepts a clock five minutes off, and network time may then set it right.
JUMP_TOLERANCE = timedelta(minutes=10)
# How far past the latest moment the store knows of a clock may read after a reboot with no
# platform to confirm it: the longest closure of a hall (the Spring Festival's eight or nine
# days with the weekends around them) fits; a CMOS year, or months, do not.
OFFLINE_JUMP_BOUND = timedelta(days=14)
# How far the clock may read behind the newest case taken before it counts as set back:
# network time steps a clock by seconds, a clock set back by hand by an hour or a day.
BEHIND_TOLERANCE = timedelta(minutes=5)
# Linux names each boot; elsewhere a reboot is told by the boot clock alone.
_BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


class ClockImplausible(CounterError):
    code = "clock_implausible"


class ClockRefusedByPlatform(CounterError):
    code = "clock_refused_by_platform"


class ClockUnconfirmed(CounterError):
    code = "clock_unconfirmed"


@functools.cache
def _boot_id() -> str | None:
    """This boot's name, read once: a process never outlives the boot it started in, and
    every accept asks (a file read each time)."""
    try:
        return _BOOT_ID_FILE.read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def this_boot() -> BootReading:
    """This computer's boot clock now: CLOCK_BOOTTIME (sleep counted) where there is one."""
    boot_clock = getattr(time, "CLOCK_BOOTTIME", None)
    seconds = time.monotonic() if boot_clock is None else time.clock_gettime(boot_clock)
    return BootReading(_boot_id(), seconds)


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


def _hall_minute(moment: datetime) -> str:
    return hall_time_text(to_text(moment))[:16]


def skew_words(reading: PlatformClockReading, now: ClockNow | None = None) -> tuple[str, str]:
    """How far off the clock is, in Chinese and English: with ``now``, as it reads now when
    the boot clock can tell what it did since the measurement ("比中心平台快约 8760 小时": a
    clock measured a year slow and set a year fast since is fast); otherwise as measured,
    and when: "比中心平台快约 48 小时（平台时间 2026-12-07 08:15 测得）"."""
    drift = None if now is None else reading.drift(now)
    offset = reading.offset_seconds + (0.0 if drift is None else drift.total_seconds())
    amount_zh, amount_en = amount_of_time(abs(offset))
    ahead = offset > 0
    zh = f"比中心平台{'快' if ahead else '慢'}{amount_zh}"
    en = f"{amount_en} {'ahead of' if ahead else 'behind'} the platform's"
    if reading.platform_time is None or drift is not None:
        return zh, en
    when = _hall_minute(reading.platform_time)
    return f"{zh}（平台时间 {when} 测得）", f"{en} (measured at {when} platform time)"


def _platform_vouches(config: Config) -> bool:
    """Whether a platform can confirm this clock: a production window with one configured."""
    return bool(config.sync.url) and not config.is_training


def clock_confirmed(store: Store, now: ClockNow) -> bool:
    """Whether the platform confirmed this clock (its last measurement, not a refusal) and
    the boot clock vouches for every second the wall clock counted since; always so where
    no platform can confirm it (a training hall, a window with none)."""
    if not _platform_vouches(store.config):
        return True
    reading = platform_clock_reading(store)
    if reading is None or reading.refused:
        return False
    drift = reading.drift(now)
    return drift is not None and abs(drift) <= JUMP_TOLERANCE


def once_a_confirmed_hall_day(
    store: Store, key: str, now: ClockNow, job: Callable[[], T], *, what: str
) -> T | None:
    """``once_a_hall_day`` for a job that cannot be undone (a purge): only on a clock the
    platform confirmed (``clock_confirmed``: a clock set ahead would run it early), else
    logged as waiting (``what`` names it) and None."""
    if not clock_confirmed(store, now):
        log.info("%s waits for the platform to confirm this clock", what)
        return None
    return once_a_hall_day(store, key, now.wall, job)


def clock_doubt(
    store: Store, now: ClockNow, *, offline_bound: timedelta = OFFLINE_JUMP_BOUND
) -> tuple[str, str] | None:
    """Why the clock reading ``now`` cannot be taken without the platform (Chinese,
    English), or None: it reads more than :data:`BEHIND_TOLERANCE` before the newest case
    taken here; within the boot of the platform's last measurement, it moved more
    than :data:`JUMP_TOLERANCE` ahead of the time the boot clock counted since; otherwise
    (rebooted since, or no boot clock to tell), it reads more than ``offline_bound`` past
    the latest of that measurement and the store's newest entry."""
    if not _platform_vouches(store.config):
        return None
    reading = platform_clock_reading(store)
    drift = None if reading is None else reading.drift(now)
    if drift is not None and abs(drift) <= JUMP_TOLERANCE:
        return None
    shown = _hall_minute(now.wall)
    taken = newest_case_taken_at(store)
    if taken is not None and taken - now.wall > BEHIND_TOLERANCE:
        latest = _hall_minute(taken)
        return (
            f"本机时钟显示 {shown}，早于本机最晚受理的办件（{latest}）：时钟被往回调过，"
            "此时受理的办件会排在已有办件之前，甚至记进已经日结的日子。",
            f"The workstation's clock says {shown}, before the latest case taken on this "
            f"workstation ({latest}): the clock was set back, and a case taken now would be "
            "dated before cases already taken, even into a day already closed.",
        )
    # A boot id says the drift is a jump; without one it may be a reboot.
    since = None if reading is None else reading.local_time
    if since is not None and drift is not None and drift > JUMP_TOLERANCE and now.boot.boot_id:
        zh, en = amount_of_time(drift.total_seconds(), days=True)
        checked = _hall_minute(since)
        return (
            f"本机时钟显示 {shown}，比中心平台上次核实时间（本机时间 {checked}）以来实际"
            f"经过的时间多出{zh}：时钟在此期间被往前调过。",
            f"The workstation's clock says {shown}, {en} more than has really passed "
            f"since the platform last checked it ({checked} by this clock): the clock was "
            "moved ahead since.",
        )
    known = [t for t in (since, newest_written_at(store)) if t is not None]
    if not known or now.wall - max(known) <= offline_bound:
        return None
    latest = _hall_minute(max(known))
    zh, en = amount_of_time((now.wall - max(known)).total_seconds(), days=True)
    return (
        f"本机时钟显示 {shown}，比本机记下的最晚时间（{latest}）晚{zh}，而这期间中心平台"
        "没有核实过本机时间：时钟可能被改动或出错（如主板电池没电）。",
        f"The workstation's clock says {shown}, {en} past the latest time this "
        f"workstation wrote down ({latest}), and the platform has not checked its time "
        "since: the clock may have been changed or gone wrong (a flat CMOS battery).",
    )


def refuse_skewed_clock(store: Store, now: ClockNow | None = None) -> None:
    """Raise ``ClockRefusedByPlatform`` while the platform's refusal of this clock stands,
    saying how far off the clock is ``now`` when given (:func:`skew_words`)."""
    reading = refused_skew(store)
    if reading is None:
        return
    zh, en = skew_words(reading, now)
    raise ClockRefusedByPlatform(
        f"本机时钟{zh}，中心平台拒收本机的同步。办件的受理时间、编号和承诺日期都取自本机时钟，"
        "所以现在不能受理。请对照手机或另一只钟核对本机日期和时间：有误的，请联系信息技术人员"
        "校准本机日期和时间，然后同步一次（立即同步），同步成功即恢复受理；"
        f"{PLATFORM_CLOCK_WRONG[0]}已填写的内容仍在。",
        f"The workstation's clock is {en}, and the platform refuses its syncs. A case's time, "
        "number and promised date come from this clock, so no case can be taken. Check the "
        "date and time against a phone or another clock: if wrong, ask IT to set the date and "
        "time, then sync once (Sync now); intake resumes when it succeeds. "
        f"{PLATFORM_CLOCK_WRONG[1]} What is filled in is kept.",
    )


def refuse_unconfirmed_clock(
    store: Store, moment: datetime, boot: BootReading | None = None
) -> None:
    """Raise ``ClockRefusedByPlatform`` while the platform's refusal stands, and
    ``ClockUnconfirmed`` for a clock set back or moved ahead unconfirmed (:func:`clock_doubt`);
    ``moment`` is the wall clock's now, ``boot`` the boot clock read with it (default: now)."""
    now = ClockNow(moment, boot or this_boot())
    refuse_skewed_clock(store, now)
    doubt = clock_doubt(store, now)
    if doubt is None:
        return
    raise ClockUnconfirmed(
        f"{doubt[0]}办件的受理时间、编号和承诺日期都取自本机时钟，所以现在不能受理，容缺到期"
        "终止也暂缓执行。请对照手机核对本机日期和时间：有误的，请信息技术人员校准；无误的，"
        "联网同步一次（立即同步），中心平台核实时间后即恢复受理。已填写的内容仍在。",
        f"{doubt[1]} A case's time, number and promised date come from this clock, so no "
        "case can be taken, and 容缺 deadlines wait too. Check the date and time against a "
        "phone: if they are wrong, ask IT to set them; if right, sync once with the network "
        "up (Sync now): intake resumes once the platform has checked the time. What is "
        "filled in is kept.",
    )
