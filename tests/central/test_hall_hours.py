"""A hall's opening hours: set and shown by the operator (``counter-central hall-hours``),
and an appointment booked only within them, on the days the published calendar opens the
hall: a holiday refused by its name, a weekend refused unless the hall has hours for it, a
make-up working day open, and every refusal naming the next time the hall opens. The days
booked are fixed, each booked on its own day (straight into the store): nothing here depends
on today. A year without a published calendar closes on its fixed-date holidays."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from central.errors import OperatorError
from central.opening_hours import HallHours, OpenSpan
from central.store import CentralStore, arrivals, hall_hours, open_store, publishing
from counter_app.domain.hall_time import HALL_TIMEZONE
from tests.central.conftest import STORES, CliRun, Platform, new_store_url
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME

# Far ahead, so the command books it whatever day the tests run on.
NATIONAL_DAY = {
    "version": 1,
    "published_at": "2099-01-01T00:00:00Z",
    "years": [2099],
    "periods": [
        {"kind": "holiday", "name": "国庆节", "from": "2099-10-01", "to": "2099-10-07"},
        {"kind": "workday", "name": "国庆节调休上班", "from": "2099-10-10"},  # a Saturday
    ],
}


def publish_calendar(platform: Platform, document: dict[str, Any]) -> None:
    publishing.publish_document(platform.store, "calendar", document, document["version"])


def book(platform: Platform, at: datetime, arrival_id: str | None = None) -> dict[str, Any]:
    """Book ``at`` as at the first moment of its day: within the booking window whatever
    day the tests run on, so only the hours decide."""
    return arrivals.create_appointment(
        platform.store,
        platform.hall,
        ENDORSEMENT,
        id_number=ID_NUMBER,
        name=NAME,
        at=at,
        arrival_id=arrival_id,
        now=datetime.combine(at.date(), time(0), HALL_TIMEZONE),
    )


def refusal(platform: Platform, at: datetime) -> OperatorError:
    with pytest.raises(OperatorError) as refused:
        book(platform, at)
    return refused.value


def set_hours(run_cli: Callable[..., CliRun], platform: Platform, *spans: str) -> CliRun:
    done = run_cli("hall-hours", "set", "--hall", platform.hall, *spans, *platform.db, "--json")
    assert done.returncode == 0, done.stderr
    return done


def test_a_published_holiday_is_refused_by_its_name_with_the_next_open_day(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    publish_calendar(platform, NATIONAL_DAY)
    refused = refusal(platform, datetime(2099, 10, 1, 10))
    chinese, english = refused.zh, refused.en
    assert chinese.startswith(f"大厅 {platform.hall} 在预约时段 2099-10-01 10:00")
    assert "2099-10-01 是国庆节假期" in chinese
    assert "下一个开放日是 2099-10-08（星期四），开放时间 09:00-17:00" in chinese
    assert "public holiday (国庆节)" in english
    assert "It next opens on 2099-10-08 (Thursday), 09:00-17:00" in english
    # Holiday hours do not open it either: only hours for holidays do.
    set_hours(run_cli, platform, "--weekdays", "09:00-17:00", "--saturday", "09:00-12:00")
    assert "国庆节" in refusal(platform, datetime(2099, 10, 3, 10)).zh  # a Saturday
    set_hours(run_cli, platform, "--weekdays", "09:00-17:00", "--holidays", "10:00-12:00")
    assert book(platform, datetime(2099, 10, 3, 10))["state"] == "booked"


def test_a_sunday_is_refused_by_default_and_a_saturday_opens_with_its_hours(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    sunday = refusal(platform, datetime(2026, 12, 13, 10))
    assert "2026-12-13 是星期日，大厅这天不开放" in sunday.zh
    assert "下一个开放日是 2026-12-14（星期一），开放时间 09:00-17:00" in sunday.zh
    assert "2026-12-13 is a Sunday" in sunday.en
    assert "星期六" in refusal(platform, datetime(2026, 12, 12, 10)).zh

    set_hours(run_cli, platform, "--weekdays", "09:00-17:00", "--saturday", "09:00-12:00")
    # Its last slot, 11:30-12:00, ends as it closes.
    assert book(platform, datetime(2026, 12, 12, 11, 30))["slot_at"] == (
        "2026-12-12T11:30:00+08:00"
    )
    closing = refusal(platform, datetime(2026, 12, 5, 12))  # the slot starts as it closes
    assert "晚于当天关门时间（09:00-12:00）" in closing.zh
    assert "下一个开放日是 2026-12-07（星期一）" in closing.zh
    assert "星期日" in refusal(platform, datetime(2026, 12, 13, 10)).zh


def test_a_make_up_working_day_opens_with_the_weekday_hours(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    publish_calendar(platform, NATIONAL_DAY)
    set_hours(run_cli, platform, "--weekdays", "08:30-16:00")
    assert book(platform, datetime(2099, 10, 10, 8, 30))["state"] == "booked"
    assert "星期日" in refusal(platform, datetime(2099, 10, 11, 10)).zh  # the day after


def test_outside_the_hours_is_refused_before_opening_and_after_closing(
    platform: Platform,
) -> None:
    early = refusal(platform, datetime(2026, 12, 8, 8, 59))
    assert "早于当天开门时间（09:00-17:00）" in early.zh
    assert "下一个开放日是 2026-12-08（星期二），开放时间 09:00-17:00" in early.zh
    assert "before the hall opens that day (09:00-17:00)" in early.en
    late = refusal(platform, datetime(2026, 12, 11, 17))  # a Friday, as it closes
    assert "晚于当天关门时间（09:00-17:00）" in late.zh
    assert "下一个开放日是 2026-12-14（星期一）" in late.zh  # the weekend passed over
    assert "after the hall closes that day" in late.en
    assert book(platform, datetime(2026, 12, 8, 16, 30))["state"] == "booked"  # the last slot


def test_a_later_release_replaces_its_years_holidays(platform: Platform) -> None:
    """Releases apply in version order, as a window loads them: a newer one for 2099 that
    shortens the holiday opens the days it no longer lists."""
    publish_calendar(platform, NATIONAL_DAY)
    shorter = {
        **NATIONAL_DAY,
        "version": 2,
        "periods": [
            {"kind": "holiday", "name": "国庆节", "from": "2099-10-01", "to": "2099-10-02"}
        ],
    }
    publish_calendar(platform, shorter)
    assert "下一个开放日是 2099-10-05（星期一）" in refusal(platform, datetime(2099, 10, 1, 10)).zh
    assert book(platform, datetime(2099, 10, 6, 10))["state"] == "booked"
    assert "星期六" in refusal(platform, datetime(2099, 10, 10, 10)).zh  # no longer a workday


def test_an_appointment_booked_stands_when_the_hours_change(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    set_hours(run_cli, platform, "--weekdays", "09:00-17:00", "--saturday", "09:00-12:00")
    arrival_id = str(uuid.uuid4())
    booked = book(platform, datetime(2026, 12, 12, 10), arrival_id)
    set_hours(run_cli, platform, "--weekdays", "09:00-17:00")  # Saturdays closed from now
    again = book(platform, datetime(2026, 12, 12, 10), arrival_id)  # a script run again
    assert (again["appointment_no"], again["state"]) == (booked["appointment_no"], "booked")
    assert arrivals.arrival(platform.store, arrival_id)["state"] == "booked"
    assert "星期六" in refusal(platform, datetime(2026, 12, 19, 10)).zh


def test_the_operator_sets_and_shows_the_hours(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    shown = run_cli("hall-hours", "show", "--hall", platform.hall, *platform.db, "--json")
    assert shown.returncode == 0, shown.stderr
    (default,) = shown.json()["halls"]
    assert (default["weekdays"], default["saturday"], default["default"]) == (
        "09:00-17:00",
        None,
        True,
    )
    first = set_hours(run_cli, platform, "--weekdays", "08:30-17:30", "--sunday", "10:00-14:00")
    (hours,) = first.json()["halls"]
    assert (hours["weekdays"], hours["saturday"], hours["sunday"], hours["holidays"]) == (
        "08:30-17:30",
        None,
        "10:00-14:00",
        None,
    )
    assert hours["set_by"].startswith("operator:") and hours["default"] is False
    again = set_hours(run_cli, platform, "--weekdays", "08:30-17:30", "--sunday", "10:00-14:00")
    assert again.json()["halls"][0]["set_at"] == hours["set_at"]  # the same: nothing set

    listing = run_cli("hall-hours", "show", *platform.db)
    assert listing.returncode == 0, listing.stderr
    assert f"{platform.hall}  (" in listing.stdout and "08:30-17:30" in listing.stdout
    assert "周六 / Saturdays: 不开放 / closed" in listing.stdout
    assert "未设置开放时间的大厅按默认：工作日（含调休上班日）09:00-17:00" in listing.stdout
    assert json.loads(run_cli("hall-hours", "show", *platform.db, "--json").stdout)["default"] == {
        "weekdays": "09:00-17:00",
        "saturday": None,
        "sunday": None,
        "holidays": None,
    }

    for wrong in ("8:30-17:00", "17:00-09:00", "09:00-24:30", "09:60-17:00"):
        refused = run_cli(
            "hall-hours", "set", "--hall", platform.hall, "--weekdays", wrong, *platform.db
        )
        assert refused.returncode == 2, refused.stdout
        assert "开放时间" in refused.stderr and "opening hours" in refused.stderr
    assert (
        run_cli("hall-hours", "show", "--hall", platform.hall, *platform.db, "--json").json()[
            "halls"
        ][0]["weekdays"]
        == "08:30-17:30"
    )


@pytest.fixture(params=STORES)
def older_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CentralStore]:
    """A store made before ``hall_hours``: the table dropped, as it never was there."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    store = open_store(url, tmp_path / "central.key")
    with store.transaction() as cur:
        store._exec(cur, "DROP TABLE hall_hours")
    yield store
    store.close()


@pytest.mark.integration
def test_an_older_store_gets_the_hours_table_and_keeps_the_default(
    older_store: CentralStore,
) -> None:
    older_store.create_schema()  # as the program does on opening a store
    older_store.create_schema()  # and again: nothing is made twice
    (hours,) = hall_hours.shown_hours(older_store, "H1")
    assert (hours["weekdays"], hours["default"]) == ("09:00-17:00", True)
    saturdays = HallHours(OpenSpan.parse("09:00-17:00"), OpenSpan.parse("09:00-12:00"))
    hall_hours.set_hours(older_store, "H1", saturdays, "operator:test")
    (hours,) = hall_hours.shown_hours(older_store, "H1")
    assert (hours["saturday"], hours["set_by"]) == ("09:00-12:00", "operator:test")
