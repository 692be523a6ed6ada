"""A calendar lists only years it gives the holidays of: a year listed without any would
have its Spring Festival counted as working days by every window that loads it."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.calendar import parse_calendar_release
from counter_app.errors import ValidationError

NATIONAL_DAY = {"kind": "holiday", "name": "国庆节", "from": "2026-10-01", "to": "2026-10-07"}
NEW_YEAR_2027 = {"kind": "holiday", "name": "元旦", "from": "2027-01-01"}
MAKE_UP_2027 = {"kind": "workday", "name": "春节调休", "from": "2027-02-07"}


def document(years: list[int], *periods: dict[str, str]) -> dict[str, object]:
    return {
        "version": 5,
        "published_at": "2026-11-01T00:00:00Z",
        "years": years,
        "periods": list(periods),
    }


@pytest.mark.parametrize(
    "periods",
    [(NATIONAL_DAY,), (NATIONAL_DAY, MAKE_UP_2027)],  # a make-up working day is no holiday
)
def test_a_listed_year_without_holidays_is_refused_naming_it(periods):
    with pytest.raises(ValidationError) as caught:
        parse_calendar_release(document([2026, 2027], *periods))
    assert caught.value.field == "years"
    assert caught.value.zh.startswith("日历数据有误：2027年列为覆盖年份，却没有任何法定节假日")
    assert "2027 listed in 'years' but without any holiday period" in caught.value.en


def test_every_year_with_its_holidays_is_taken():
    release = parse_calendar_release(document([2026, 2027], NATIONAL_DAY, NEW_YEAR_2027))
    assert release.years == frozenset({2026, 2027})
    assert not release.calendar().is_working_day(date(2027, 1, 1))
