"""A hall's opening hours and the days it opens: what an appointment is booked within.

The days come from the working calendar the platform published (``platform_calendar``): a
published holiday closes the hall unless it has holiday hours, a make-up working day (调休)
on a weekend opens it with its weekday hours, a Saturday or Sunday opens only with hours of
its own. A year no published calendar covers knows only the fixed-date holidays (元旦, 劳动节,
国庆节: ``counter_app.domain.calendar``): Monday to Friday less those.
A hall nobody set hours for keeps ``DEFAULT_HOURS``: working days 09:00-17:00.

An applicant books from now (a slot that has ended is refused; the one running may still be
booked) up to the hall's ``booking_horizon``-th working day after today (DOMAIN §7: 1-5
working days ahead).

Slots are ``SLOT_MINUTES`` long, on a grid from the hall's opening that day (09:00, 09:30 ...),
and end by its closing; each takes the hall's ``slot_capacity`` appointments. Every refusal
carries a code (``OperatorError.code``) a channel's app acts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from central.errors import OperatorError
from counter_app.domain.calendar import DayKind, WorkingCalendar
from counter_app.domain.hall_time import HALL_TIMEZONE

_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_MINUTES_A_DAY = 24 * 60
# Far enough to pass the longest holiday: a hall open on working days opens within it.
_LOOK_AHEAD_DAYS = 60
WEEKDAY_NAMES = (
    ("星期一", "Monday"),
    ("星期二", "Tuesday"),
    ("星期三", "Wednesday"),
    ("星期四", "Thursday"),
    ("星期五", "Friday"),
    ("星期六", "Saturday"),
    ("星期日", "Sunday"),
)
# The fixed-date holidays by month, named as a year without a published calendar knows them.
# Working days ahead an applicant may book by default (DOMAIN §7: 1-5).
BOOKING_HORIZON_DAYS = 5
# A slot's length: a hall books its slots half-hourly from its opening (09:00, 09:30, ...).
SLOT_MINUTES = 30
# Appointments a slot takes where the operator set none: a small community centre's
# windows, each serving about one appointment in half an hour.
DEFAULT_SLOT_CAPACITY = 6
# The most a slot may be set to take: beyond any hall's windows, a mistyped figure.
MAX_SLOT_CAPACITY = 500


@dataclass(frozen=True)
class OpenSpan:
    """From ``opens`` to ``closes``, minutes after midnight in hall time; a slot starting
    at ``closes`` is outside it. ``closes`` may be 24:00 (open until midnight)."""

    opens: int
    closes: int

    @classmethod
    def parse(cls, text: str) -> OpenSpan:
        """``HH:MM-HH:MM``; ``OperatorError`` naming the mistake."""
        found = _SPAN.match(text.strip())
        if found is None:
            raise OperatorError(
                f"开放时间应写成 时:分-时:分（如 09:00-17:00），收到“{text}”",
                f"opening hours take HH:MM-HH:MM (e.g. 09:00-17:00), got '{text}'",
            )
        oh, om, ch, cm = (int(part) for part in found.groups())
        opens, closes = oh * 60 + om, ch * 60 + cm
        if oh > 23 or om > 59 or cm > 59 or closes > _MINUTES_A_DAY or opens >= closes:
            raise OperatorError(
                f"开放时间“{text}”不合理：开门时间须早于关门时间，且都在 00:00 至 24:00 之间",
                f"the opening hours '{text}' are not possible: opening must come before "
                "closing, both from 00:00 to 24:00",
            )
        return cls(opens, closes)

    def __str__(self) -> str:
        return f"{_clock(self.opens)}-{_clock(self.closes)}"

    def holds(self, minute: int) -> bool:
        return self.opens <= minute < self.closes


@dataclass(frozen=True)
class HallHours:
    """When a hall opens: ``weekdays`` on working days (make-up working days too), the
    others on their days; None: closed then. ``booking_horizon``: how many working days
    after today an applicant may book ahead (1: up to the next working day).
    ``slot_capacity``: how many appointments one slot takes."""

    weekdays: OpenSpan
    saturday: OpenSpan | None = None
    sunday: OpenSpan | None = None
    holidays: OpenSpan | None = None
    booking_horizon: int = BOOKING_HORIZON_DAYS
    slot_capacity: int = DEFAULT_SLOT_CAPACITY

    def on(self, calendar: WorkingCalendar, day: date) -> OpenSpan | None:
        """The hall's hours on ``day``; None: closed all day."""
        exception = calendar.exceptions.get(day)
        if exception is not None:
            return self.weekdays if exception.kind == DayKind.WORKDAY else self.holidays
        if calendar.fixed_holiday(day) is not None:
            return self.holidays
        return (self.weekdays, self.weekdays, self.weekdays, self.weekdays, self.weekdays,
                self.saturday, self.sunday)[day.weekday()]  # fmt: skip


DEFAULT_HOURS = HallHours(OpenSpan(9 * 60, 17 * 60))


def slots_on(calendar: WorkingCalendar, hours: HallHours, day: date) -> list[datetime]:
    """The slots of ``day`` in hall time, first to last: every ``SLOT_MINUTES`` from the
    hall's opening, each ending by its closing; none on a day it is closed."""
    span = hours.on(calendar, day)
    if span is None:
        return []
    midnight = datetime.combine(day, datetime.min.time(), HALL_TIMEZONE)
    starts = range(span.opens, span.closes - SLOT_MINUTES + 1, SLOT_MINUTES)
    return [midnight + timedelta(minutes=minute) for minute in starts]


def slot_holding(calendar: WorkingCalendar, hours: HallHours, at: datetime) -> datetime:
    """The slot of the grid from the hall's opening on ``at``'s day (hall time) that ``at``
    lies in: opening + k·``SLOT_MINUTES``. An appointment booked off the grid before the grid
    was kept (09:10, 16:59) holds the slot it lies in; on a day the hall is closed now, ``at``
    itself (no slot there is booked)."""
    at = at.astimezone(HALL_TIMEZONE)
    span = hours.on(calendar, at.date())
    if span is None:
        return at
    since_opening = at.hour * 60 + at.minute - span.opens
    midnight = datetime.combine(at.date(), datetime.min.time(), HALL_TIMEZONE)
    start = span.opens + since_opening // SLOT_MINUTES * SLOT_MINUTES
    return midnight + timedelta(minutes=start)


def refuse_closed_slot(
    calendar: WorkingCalendar, hours: HallHours, hall: str, slot: datetime
) -> None:
    """``OperatorError`` when ``hall`` is closed at ``slot`` (hall time): why (the holiday's
    name, the weekend, before opening, after closing) and the next time it opens."""
    day, minute = slot.date(), slot.hour * 60 + slot.minute
    span = hours.on(calendar, day)
    if span is not None and span.holds(minute):
        return
    zh, en = _why_closed(calendar, day, minute, span)
    when = f"{slot:%Y-%m-%d %H:%M}"
    next_zh, next_en = _next_opening_text(calendar, hours, day, minute)
    raise OperatorError(
        f"大厅 {hall} 在预约时段 {when}（大厅时间）不开放：{zh}。{next_zh}"
        f"请预约开放时间内的时段（counter-central hall-hours show --hall {hall}）。",
        f"Hall {hall} is closed at the slot {when} (hall time): {en}.{next_en} Book a slot "
        f"within its opening hours (counter-central hall-hours show --hall {hall}).",
        code="closed_day" if span is None else "outside_hours",
    )


def refuse_off_grid(calendar: WorkingCalendar, hours: HallHours, hall: str, slot: datetime) -> None:
    """``OperatorError`` when ``slot`` (hall time, within the hall's hours that day) is not
    one of the day's slots (``slots_on``): off the grid from opening (``off_grid``), or on it
    but ending after closing (``outside_hours``); naming the slots nearest it."""
    slots = slots_on(calendar, hours, slot.date())
    if slot in slots:
        return
    span = hours.on(calendar, slot.date())
    assert span is not None  # refuse_closed_slot came first
    when = f"{slot:%Y-%m-%d %H:%M}" + (f":{slot:%S}" if slot.second or slot.microsecond else "")
    nearest = [s for s in slots if s < slot][-1:] + [s for s in slots if s > slot][:1]
    offered = " / ".join(f"{s:%H:%M}" for s in nearest) or "—"
    if (
        (slot.hour * 60 + slot.minute - span.opens) % SLOT_MINUTES
        or slot.second
        or slot.microsecond
    ):
        raise OperatorError(
            f"预约时段 {when}（大厅时间）不是大厅 {hall} 的时段：时段从开门（{span}）起每 "
            f"{SLOT_MINUTES} 分钟一个。请预约其中之一，如 {offered}。",
            f"{when} (hall time) is no slot of hall {hall}: slots start every {SLOT_MINUTES} "
            f"minutes from opening ({span}). Book one of them, e.g. {offered}.",
            code="off_grid",
        )
    raise OperatorError(
        f"预约时段 {when}（大厅时间）在关门（{span}）前结束不了：每个时段 {SLOT_MINUTES} "
        f"分钟，当天最后一个时段是 {offered}。",
        f"The slot {when} (hall time) would end after the hall closes ({span}): slots are "
        f"{SLOT_MINUTES} minutes, and the day's last one is {offered}.",
        code="outside_hours",
    )


def refuse_outside_booking_window(
    calendar: WorkingCalendar, hours: HallHours, hall: str, slot: datetime, now: datetime
) -> None:
    """``OperatorError`` when ``slot`` (hall time) cannot be booked at ``now``: it has
    ended (naming when the hall is open next; the slot running may still be booked, for
    someone on their way), or it lies after the hall's ``booking_horizon``-th working day
    after today (naming that last bookable day)."""
    now = now.astimezone(HALL_TIMEZONE)
    when, at = f"{slot:%Y-%m-%d %H:%M}", f"{now:%Y-%m-%d %H:%M}"
    if slot + timedelta(minutes=SLOT_MINUTES) <= now.replace(second=0, microsecond=0):
        minute = now.hour * 60 + now.minute
        span = hours.on(calendar, now.date())
        if span is not None and span.holds(minute):
            next_zh = f"大厅今天开放至 {_clock(span.closes)}，可预约此后的时段。"
            next_en = f" The hall is open today until {_clock(span.closes)}: book a later slot."
        else:
            next_zh, next_en = _next_opening_text(calendar, hours, now.date(), minute)
        raise OperatorError(
            f"预约时段 {when}（大厅时间）已经过去（大厅现在是 {at}），不能预约。{next_zh}",
            f"The slot {when} (hall time) has already passed (it is {at} at the hall); it "
            f"cannot be booked.{next_en}",
            code="slot_past",
        )
    last = calendar.add_working_days(now.date(), hours.booking_horizon)
    if slot.date() > last:
        name_zh, name_en = WEEKDAY_NAMES[last.weekday()]
        days = hours.booking_horizon
        raise OperatorError(
            f"预约时段 {when}（大厅时间）太远：大厅 {hall} 只接受 {days} 个工作日内的预约，"
            f"最后可预约日是 {last}（{name_zh}）。请到时再预约。",
            f"The slot {when} (hall time) is too far ahead: hall {hall} takes appointments up "
            f"to {days} working days ahead; the last day bookable now is {last} ({name_en}). "
            "Book it later.",
            code="too_far_ahead",
        )


def _next_opening_text(
    calendar: WorkingCalendar, hours: HallHours, day: date, minute: int
) -> tuple[str, str]:
    """The sentence naming ``_next_opening``, in Chinese and English (the English with its
    leading space); empty when nothing opens within the look-ahead."""
    opening = _next_opening(calendar, hours, day, minute)
    if opening is None:  # holiday after holiday without holiday hours: nothing to offer
        return "", ""
    next_day, next_span = opening
    name_zh, name_en = WEEKDAY_NAMES[next_day.weekday()]
    return (
        f"下一个开放日是 {next_day}（{name_zh}），开放时间 {next_span}。",
        f" It next opens on {next_day} ({name_en}), {next_span}.",
    )


def _why_closed(
    calendar: WorkingCalendar, day: date, minute: int, span: OpenSpan | None
) -> tuple[str, str]:
    if span is not None:
        if minute < span.opens:
            return (
                f"早于当天开门时间（{span}）",
                f"it is before the hall opens that day ({span})",
            )
        return f"晚于当天关门时间（{span}）", f"it is after the hall closes that day ({span})"
    exception = calendar.exceptions.get(day)
    if exception is not None and exception.kind == DayKind.HOLIDAY:
        holiday: str | None = exception.name or "法定节假日"
    else:
        holiday = calendar.fixed_holiday(day)
    if holiday is not None:
        return f"{day} 是{holiday}假期", f"{day} is a public holiday ({holiday})"
    name_zh, name_en = WEEKDAY_NAMES[day.weekday()]
    return f"{day} 是{name_zh}，大厅这天不开放", f"{day} is a {name_en}, when the hall is closed"


def _next_opening(
    calendar: WorkingCalendar, hours: HallHours, day: date, minute: int
) -> tuple[date, OpenSpan] | None:
    """The first day from ``day`` the hall opens after ``minute`` of it, with its hours."""
    for offset in range(_LOOK_AHEAD_DAYS):
        candidate = day + timedelta(days=offset)
        span = hours.on(calendar, candidate)
        if span is not None and (offset > 0 or minute < span.opens):
            return candidate, span
    return None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
