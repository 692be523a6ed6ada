"""A hall's opening hours and the days it opens: what an appointment is booked within.

The days come from the working calendar the platform published (``platform_calendar``): a
published holiday closes the hall unless it has holiday hours, a make-up working day (调休)
on a weekend opens it with its weekday hours, a Saturday or Sunday opens only with hours of
its own. A year no published calendar covers knows only the fixed-date holidays (元旦, 劳动节,
国庆节: ``counter_app.domain.calendar``): Monday to Friday less those.
A hall nobody set hours for keeps ``DEFAULT_HOURS``: working days 09:00-17:00.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from central.errors import OperatorError
from counter_app.domain.calendar import DayKind, WorkingCalendar

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
    others on their days; None: closed then."""

    weekdays: OpenSpan
    saturday: OpenSpan | None = None
    sunday: OpenSpan | None = None
    holidays: OpenSpan | None = None

    def on(self, calendar: WorkingCalendar, day: date) -> OpenSpan | None:
        """The hall's hours on ``day``; None: closed all day."""
        exception = calendar.exceptions.get(day)
        if exception is not None:
            return self.weekdays if exception.kind == DayKind.WORKDAY else self.holidays
        return (self.weekdays, self.weekdays, self.weekdays, self.weekdays, self.weekdays,
                self.saturday, self.sunday)[day.weekday()]  # fmt: skip


DEFAULT_HOURS = HallHours(OpenSpan(9 * 60, 17 * 60))


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
    opening = _next_opening(calendar, hours, day, minute)
    if opening is None:  # holiday after holiday without holiday hours: nothing to offer
        next_zh = next_en = ""
    else:
        next_day, next_span = opening
        name_zh, name_en = WEEKDAY_NAMES[next_day.weekday()]
        next_zh = f"下一个开放日是 {next_day}（{name_zh}），开放时间 {next_span}。"
        next_en = f" It next opens on {next_day} ({name_en}), {next_span}."
    raise OperatorError(
        f"大厅 {hall} 在预约时段 {when}（大厅时间）不开放：{zh}。{next_zh}"
        f"请预约开放时间内的时段（counter-central hall-hours show --hall {hall}）。",
        f"Hall {hall} is closed at the slot {when} (hall time): {en}.{next_en} Book a slot "
        f"within its opening hours (counter-central hall-hours show --hall {hall}).",
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
        name = exception.name or "法定节假日"
        return f"{day} 是{name}假期", f"{day} is a public holiday ({name})"
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
