"""Working days: Monday to Friday, except the State Council's holidays, plus its make-up
working days (调休) on weekends. The exceptions are data (bundled, then updated by the
central platform's calendar feed), never code. A year no published calendar covers still
has the holidays the law fixes on a calendar date (``FIXED_DATE_HOLIDAYS``); those that
follow the lunar calendar or a solar term, the make-up days and the substitute days come
with its published calendar only.

Counting convention (承诺时限): the day of acceptance is not counted. Day 1 is the first
working day after the acceptance day, and N working days after acceptance is the N-th
such day, whether or not the hall accepted the case on a working day. N = 0 (即办件) is
the acceptance day itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from counter_app.domain.catalog import LAST_VERSION, checked_published_at, is_feed_version
from counter_app.domain.text import first_unprintable
from counter_app.errors import ValidationError


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # a weekday (or weekend) that is a public holiday
    WORKDAY = "workday"  # a weekend day that is a make-up working day


# 《全国年节及纪念日放假办法》 as amended in 2024 (in force from 2025): the public holidays on
# fixed Gregorian dates, (month, day) and name: 元旦, 劳动节 (2 days), 国庆节 (3 days). 春节 (4 days
# from 除夕), 清明, 端午 and 中秋 move with the lunar calendar or a solar term: never computed
# here. Neither is 补假 (a holiday on a weekend gives a weekday off): the notice names the day.
FIXED_DATE_HOLIDAYS = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}


@dataclass(frozen=True)
class CalendarException:
    day: date
    kind: DayKind
    name: str = ""


@dataclass(frozen=True)
class WorkingCalendar:
    """The exceptions and the years they were published for (``covered_years``): outside
    those years only Monday to Friday less ``FIXED_DATE_HOLIDAYS`` is known, which
    ``covers`` makes visible."""

    exceptions: Mapping[date, CalendarException] = field(default_factory=dict)
    covered_years: frozenset[int] = frozenset()
    # add_working_days' answers: every accept asks for two dates a few weeks ahead (promised,
    # statutory), each a walk of up to a month of days, and the same ones all day long.
    _added: dict[tuple[date, int], date] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def covers(self, day: date) -> bool:
        return day.year in self.covered_years

    def is_working_day(self, day: date) -> bool:
        exception = self.exceptions.get(day)
        if exception is not None:
            return exception.kind == DayKind.WORKDAY
        if self.fixed_holiday(day) is not None:
            return False
        return day.weekday() < 5

    def fixed_holiday(self, day: date) -> str | None:
        """The name of the fixed-date holiday ``day`` is in a year no published calendar
        covers (a covered year's holidays are its exceptions); None for any other day."""
        if self.covers(day):
            return None
        return FIXED_DATE_HOLIDAYS.get((day.month, day.day))

    def add_working_days(self, start: date, n: int) -> date:
        """The N-th working day after ``start`` (see the module's counting convention)."""
        if n < 0:
            raise ValueError("working days must be >= 0")
        known = self._added.get((start, n))
        if known is not None:
            return known
        day = start
        remaining = n
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        self._added[start, n] = day
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The working days after ``start`` up to and including ``end`` (0 when ``end`` is
        not after ``start``): what a clock stopped on ``start`` and restarted on ``end`` lost."""
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )

    def extend_for_pause(self, due: date, paused_on: date, resumed_on: date) -> date:
        """特别程序 and 补正 do not count against a time limit: ``due`` moves on by the
        working days the case waited between ``paused_on`` and ``resumed_on``."""
        return self.add_working_days(due, self.working_days_between(paused_on, resumed_on))


def unpublished_year_note(
    day: date, published_years: frozenset[int] | None
) -> tuple[str, str] | None:
    """The note beside ``day``, a date counted in working days, when its year is not among
    ``published_years`` (None: not known, nothing noted), in Chinese and English, for the
    paper and the progress page: only Monday to Friday less the fixed-date holidays was known
    when it was counted. The date stays what was counted (what binds the applicant and the
    department, and what the deferral expiry and the overdue lists go by); the note says how
    it was counted."""
    if published_years is None or day.year in published_years:
        return None
    return (
        f"{day.year}年节假日安排尚未公布，按周一至周五计算，已扣除元旦、劳动节、国庆节",
        f"counted Monday to Friday less New Year’s Day, Labour Day and National Day: the "
        f"{day.year} public holidays are not announced yet",
    )


@dataclass(frozen=True)
class CalendarRelease:
    """One published calendar (bundled file or platform feed)."""

    version: int
    published_at: str
    years: frozenset[int]
    exceptions: tuple[CalendarException, ...]

    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar({e.day: e for e in self.exceptions}, self.years)


def published_calendar(releases: Iterable[CalendarRelease]) -> WorkingCalendar:
    """The calendar ``releases`` make together, applied in version order as a window loads
    them (``counter_app.store.calendar``): each replaces the exceptions of its years, and
    every release's years count as covered. No release: no year covered (Monday to Friday
    less ``FIXED_DATE_HOLIDAYS``)."""
    exceptions: dict[date, CalendarException] = {}
    years: set[int] = set()
    for release in sorted(releases, key=lambda r: r.version):
        exceptions = {d: e for d, e in exceptions.items() if d.year not in release.years}
        exceptions.update((e.day, e) for e in release.exceptions)
        years |= release.years
    return WorkingCalendar(exceptions, frozenset(years))


# A period's name (春节, 春节调休) as a window lists it.
NAME_MAX_CHARS = 50


def parse_calendar_release(payload: Mapping[str, Any]) -> CalendarRelease:
    """Validate a calendar document::

        {"version": 3, "published_at": "2025-11-04T00:00:00Z", "years": [2025, 2026],
         "periods": [{"kind": "holiday", "name": "春节", "from": "2026-02-15", "to": "2026-02-23"},
                     {"kind": "workday", "name": "春节调休", "from": "2026-02-14"}]}

    ``to`` defaults to ``from``. Every day of a period must lie in one of ``years``; a day
    may appear once only; every year listed has holidays (法定节假日: a real year always
    has some), else its Spring Festival would count as working days. Raises
    ``ValidationError`` naming the field at fault.
    """
    version = payload.get("version")
    if not is_feed_version(version):
        raise _bad(
            "version",
            f"日历版本号应为 1 至 {LAST_VERSION} 之间的整数。",
            f"'version' must be an integer from 1 to {LAST_VERSION}.",
        )
    published_at = checked_published_at(payload.get("published_at"))
    years_raw = payload.get("years")
    if (
        not isinstance(years_raw, list)
        or not years_raw
        or not all(isinstance(y, int) and 1900 < y < 2200 for y in years_raw)
    ):
        raise _bad("years", "日历应列出所覆盖的年份。", "'years' must list the covered years.")
    years = frozenset(years_raw)
    periods = payload.get("periods")
    if not isinstance(periods, list):
        raise _bad("periods", "日历缺少节假日列表。", "'periods' must be a list.")
    seen: dict[date, CalendarException] = {}
    for index, period in enumerate(periods):
        where = f"periods[{index}]"
        if not isinstance(period, Mapping):
            raise _bad(where, "节假日条目格式错误。", f"{where} must be an object.")
        try:
            kind = DayKind(str(period.get("kind")))
            first = date.fromisoformat(str(period["from"]))
            last = date.fromisoformat(str(period.get("to", period["from"])))
        except (KeyError, ValueError):
            raise _bad(
                where,
                "节假日条目应有 kind（holiday/workday）和 from/to 日期（YYYY-MM-DD）。",
                f"{where} needs 'kind' (holiday|workday) and 'from'/'to' dates (YYYY-MM-DD).",
            ) from None
        if last < first or (last - first).days > 31:
            raise _bad(
                where, "节假日起止日期不合理。", f"{where}: 'to' must be 0-31 days after 'from'."
            )
        name = str(period.get("name", ""))
        if len(name) > NAME_MAX_CHARS or first_unprintable(name) is not None:
            raise _bad(
                where,
                f"节假日名称应不超过 {NAME_MAX_CHARS} 个字，不含控制字符。",
                f"{where}: 'name' takes at most {NAME_MAX_CHARS} characters, no control "
                "characters.",
            )
        for day in _days(first, last):
            if day.year not in years:
                raise _bad(where, f"{day}不在所列年份内。", f"{where}: {day} is outside 'years'.")
            if day in seen:
                raise _bad(where, f"{day}重复出现。", f"{where}: {day} appears twice.")
            seen[day] = CalendarException(day, kind, name)
    with_holidays = {day.year for day, e in seen.items() if e.kind == DayKind.HOLIDAY}
    bare = sorted(years - with_holidays)
    if bare:
        raise _bad(
            "years",
            f"{'、'.join(f'{y}年' for y in bare)}列为覆盖年份，却没有任何法定节假日：请补齐该年的"
            "节假日安排，或从 years 中去掉该年。",
            f"{', '.join(map(str, bare))} listed in 'years' but without any holiday period: "
            "add that year's public holidays, or leave it out of 'years'.",
        )
    return CalendarRelease(
        version, published_at, years, tuple(sorted(seen.values(), key=lambda e: e.day))
    )


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _bad(field_name: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"日历数据有误：{zh}", f"Bad calendar data: {en}", field=field_name)
