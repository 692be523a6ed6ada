"""When a real-name appointment may be booked, cancelled and recorded as missed (DOMAIN §7):
not on a fixed-date holiday of a year without a published calendar, not for a slot already
ended (the one running still may be), not beyond the hall's booking horizon (5 working
days); not overlapping the holder's slot at another hall; cancelled only before the holder
got a ticket and up to 2 h before the slot (later only as the hall's decision, until the
slot begins); a no-show when the holder got no ticket or their ticket's last visit was
marked a no-show. Each booking and cancellation is made at a fixed moment (``now``), or one
relative to the clock's, so nothing here depends on the day nor the time of day."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from central.errors import OperatorError
from central.opening_hours import DEFAULT_HOURS, HallHours, OpenSpan, refuse_outside_booking_window
from central.store import arrivals, tickets
from central.store.hall_hours import set_hours
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.identity.samples import gb11643
from sync.wire.tickets import TicketAction
from tests.central.booking_times import later_today
from tests.central.conftest import CliRun, Platform
from tests.central.enrolled import enrol_window
from tests.central.open_halls import open_every_day
from tests.sample_items import ENDORSEMENT, NAME

# A Tuesday of a year whose calendar the tests never publish.
TUESDAY = date(2026, 12, 8)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), HALL_TIMEZONE)


def holder(serial: int) -> str:
    return gb11643(f"310104195803120{serial:02d}")


def book(
    platform: Platform,
    slot: datetime,
    now: datetime,
    *,
    serial: int = 1,
    hall: str | None = None,
) -> dict[str, Any]:
    return arrivals.create_appointment(
        platform.store,
        hall or platform.hall,
        ENDORSEMENT,
        id_number=holder(serial),
        name=NAME,
        at=slot,
        now=now,
    )


def refusal(platform: Platform, slot: datetime, now: datetime) -> OperatorError:
    with pytest.raises(OperatorError) as refused:
        book(platform, slot, now)
    return refused.value


def test_new_years_day_of_a_year_without_a_calendar_is_closed_and_never_suggested(
    platform: Platform,
) -> None:
    monday = date(2026, 12, 28)
    new_year = refusal(platform, at(date(2027, 1, 1), 10), at(monday, 9))
    assert "2027-01-01 是元旦假期" in new_year.zh
    assert "下一个开放日是 2027-01-04（星期一）" in new_year.zh
    assert "public holiday (元旦)" in new_year.en
    # The day before, after closing: the next opening passes over 1 January.
    eve = refusal(platform, at(date(2026, 12, 31), 17), at(monday, 9))
    assert "下一个开放日是 2027-01-04（星期一）" in eve.zh
    # The horizon counts working days without it: 29, 30, 31 Dec, 4 and 5 Jan.
    assert book(platform, at(date(2027, 1, 5), 16), at(monday, 9))["state"] == "booked"
    far = refusal(platform, at(date(2027, 1, 6), 9), at(monday, 9))
    assert "最后可预约日是 2027-01-05（星期二）" in far.zh


def test_a_fixed_date_holiday_opens_only_with_holiday_hours(platform: Platform) -> None:
    labour_day = date(2027, 5, 1)  # a Saturday
    saturdays = HallHours(DEFAULT_HOURS.weekdays, saturday=DEFAULT_HOURS.weekdays)
    holidays = HallHours(DEFAULT_HOURS.weekdays, holidays=DEFAULT_HOURS.weekdays)
    calendar = WorkingCalendar()
    assert saturdays.on(calendar, labour_day) is None
    assert saturdays.on(calendar, date(2027, 5, 8)) == DEFAULT_HOURS.weekdays
    assert holidays.on(calendar, labour_day) == DEFAULT_HOURS.weekdays
    assert holidays.on(calendar, date(2027, 10, 1)) == DEFAULT_HOURS.weekdays
    # A year with a published calendar has its holidays there, fixed dates or not.
    published = WorkingCalendar(covered_years=frozenset({2027}))
    assert DEFAULT_HOURS.on(published, date(2027, 10, 1)) == DEFAULT_HOURS.weekdays


def test_a_slot_already_ended_today_is_refused_naming_when_to_book(platform: Platform) -> None:
    during = refusal(platform, at(TUESDAY, 9, 30), at(TUESDAY, 10, 5))
    assert during.code == "slot_past"
    assert (
        "预约时段 2026-12-08 09:30（大厅时间）已经过去（大厅现在是 2026-12-08 10:05）" in during.zh
    )
    assert "大厅今天开放至 17:00，可预约此后的时段" in during.zh
    assert "has already passed" in during.en and "open today until 17:00" in during.en
    # The slot 09:30-10:00 has ended as 10:00 begins.
    assert refusal(platform, at(TUESDAY, 9, 30), at(TUESDAY, 10)).code == "slot_past"
    after_closing = refusal(platform, at(TUESDAY, 9, 30), at(TUESDAY, 18))
    assert "下一个开放日是 2026-12-09（星期三），开放时间 09:00-17:00" in after_closing.zh
    assert "It next opens on 2026-12-09 (Wednesday), 09:00-17:00" in after_closing.en
    # The slot running (10:00-10:30: 10:29:30 is still in it) and later ones today stand.
    now = at(TUESDAY, 10, 29) + timedelta(seconds=30)
    assert book(platform, at(TUESDAY, 10), now)["state"] == "booked"
    assert book(platform, at(TUESDAY, 16, 30), now, serial=2)["state"] == "booked"


def test_a_slot_beyond_the_booking_horizon_is_refused_naming_the_last_day(
    platform: Platform,
) -> None:
    now = at(TUESDAY, 10)
    assert book(platform, at(date(2026, 12, 15), 16), now)["state"] == "booked"
    far = refusal(platform, at(date(2026, 12, 16), 9), now)
    assert "只接受 5 个工作日内的预约，最后可预约日是 2026-12-15（星期二）" in far.zh
    assert "up to 5 working days ahead; the last day bookable now is 2026-12-15" in far.en
    # A hall with a shorter horizon: tomorrow at the latest.
    tomorrow_only = HallHours(DEFAULT_HOURS.weekdays, booking_horizon=1)
    with pytest.raises(OperatorError) as refused:
        refuse_outside_booking_window(
            WorkingCalendar(), tomorrow_only, "H1", at(date(2026, 12, 10), 9), now
        )
    assert "最后可预约日是 2026-12-09（星期三）" in refused.value.zh


def test_one_holder_cannot_hold_overlapping_slots_at_two_halls(platform: Platform) -> None:
    # The other hall opens at 08:45: its slots (10:15, 10:45, ...) fall between the first
    # hall's (09:00-17:00: 10:00, 10:30, ...).
    other, same_grid = platform.hall + "X", platform.hall + "Y"
    set_hours(platform.store, other, HallHours(OpenSpan.parse("08:45-17:00")), "test")
    now = at(TUESDAY, 8)
    first = book(platform, at(TUESDAY, 10), now)
    for slot in (at(TUESDAY, 9, 45), at(TUESDAY, 10, 15)):
        with pytest.raises(OperatorError) as refused:
            book(platform, slot, now, hall=other)
        assert refused.value.code == "overlap"
        assert f"已在大厅 {platform.hall} 预约了" in refused.value.zh
        assert f"预约号 {first['appointment_no']}" in refused.value.zh
        assert f"at hall {platform.hall} at 2026-12-08 10:00" in refused.value.en
    # Half an hour after the first slot does not overlap it; another holder takes 10:15.
    assert book(platform, at(TUESDAY, 10, 30), now, hall=same_grid)["state"] == "booked"
    assert book(platform, at(TUESDAY, 10, 15), now, serial=2, hall=other)["state"] == "booked"


def test_a_cancellation_is_refused_once_the_slot_began_or_the_holder_got_a_ticket(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_every_day(platform.store, platform.hall)
    slot = at(TUESDAY, 10)
    begun = str(book(platform, slot, at(TUESDAY, 8))["arrival_id"])
    came = str(book(platform, at(TUESDAY, 15), at(TUESDAY, 8), serial=2)["arrival_id"])
    monkeypatch.setattr("central.store.tickets.hall_today", lambda now=None: TUESDAY)
    ticket = tickets.issue_ticket(platform.store, platform.hall, None, came)
    for hall_closing in (False, True):  # not even as the hall's decision
        with pytest.raises(OperatorError) as refused:
            arrivals.end_appointment(
                platform.store, begun, "cancelled", now=slot, hall_closing=hall_closing
            )
        assert "时段 2026-12-08 10:00（大厅时间）已经开始，不能再取消" in refused.value.zh
        assert "its slot 2026-12-08 10:00 (hall time) has begun" in refused.value.en
        with pytest.raises(OperatorError) as refused:
            arrivals.end_appointment(
                platform.store, came, "cancelled", now=at(TUESDAY, 9), hall_closing=hall_closing
            )
        assert f"已到厅并取得优先号 {ticket['number']}，不能取消" in refused.value.zh
        assert f"got priority ticket {ticket['number']}" in refused.value.en
    assert [arrivals.arrival(platform.store, a)["state"] for a in (begun, came)] == [
        "booked",
        "booked",
    ]


def test_a_cancellation_less_than_two_hours_before_is_the_halls_decision_only(
    platform: Platform, caplog: pytest.LogCaptureFixture
) -> None:
    open_every_day(platform.store, platform.hall)
    slot = at(TUESDAY, 14)
    early, late = (
        str(book(platform, slot, at(TUESDAY, 8), serial=n)["arrival_id"]) for n in (1, 2)
    )
    in_time = arrivals.end_appointment(platform.store, early, "cancelled", now=at(TUESDAY, 12))
    assert (in_time["state"], in_time["by_hall"], in_time["late_cancellation"]) == (
        "cancelled",
        False,
        False,
    )
    with pytest.raises(OperatorError) as refused:
        arrivals.end_appointment(platform.store, late, "cancelled", now=at(TUESDAY, 12, 1))
    assert "时段 2026-12-08 14:00（大厅时间）距现在已不足 2 小时，不能再取消" in refused.value.zh
    assert "须在时段开始 2 小时前取消" in refused.value.zh and "--hall-closing" in refused.value.zh
    assert "its slot 2026-12-08 14:00 (hall time) is less than 2 hours away" in refused.value.en
    assert arrivals.arrival(platform.store, late)["state"] == "booked"

    with caplog.at_level(logging.INFO, logger="central.store"):
        closing = arrivals.end_appointment(
            platform.store, late, "cancelled", now=at(TUESDAY, 12, 1), hall_closing=True
        )
    assert (closing["state"], closing["by_hall"], closing["late_cancellation"]) == (
        "cancelled",
        True,
        True,
    )
    number = closing["appointment_no"]
    assert [r.getMessage() for r in caplog.records if number in r.getMessage()] == [
        f"appointment {number} (hall {platform.hall}, slot 2026-12-08 14:00) cancelled as "
        "the hall's decision (closing, or the like), less than 2 h before its slot"
    ]


def test_the_cancel_command_refuses_late_unless_the_hall_closes(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    # The command cancels at the clock's time: the slot an hour after the one running, from
    # 30 to 60 minutes away whatever the hour.
    open_every_day(platform.store, platform.hall)
    soon_at = later_today() + timedelta(hours=1)
    soon = book(platform, soon_at, datetime.now(HALL_TIMEZONE))
    number, slot = soon["appointment_no"], f"{soon_at:%Y-%m-%d %H:%M}"

    def cancel(*more: str) -> CliRun:
        return run_cli("appointment", "cancel", str(soon["arrival_id"]), *platform.db, *more)

    refused = cancel()
    assert refused.returncode == 1, refused.stdout
    chinese, english = refused.stderr.splitlines()
    assert f"预约 {number} 的时段 {slot}（大厅时间）距现在已不足 2 小时" in chinese
    assert f"its slot {slot} (hall time) is less than 2 hours away" in english
    assert arrivals.arrival(platform.store, str(soon["arrival_id"]))["state"] == "booked"

    done = cancel("--hall-closing", "--json")
    assert done.returncode == 0, done.stderr
    answer = done.json()
    assert (answer["state"], answer["by_hall"], answer["late_cancellation"]) == (
        "cancelled",
        True,
        True,
    )
    assert f"注意：预约 {number}（时段 {slot}）已按大厅的决定（闭厅等）取消" in done.stderr
    assert "距时段已不足 2 小时" in done.stderr and "申请人并未取消" in done.stderr
    assert "cancelled as the hall's decision" in done.stderr and "tell them" in done.stderr


def test_a_ticket_marked_a_no_show_and_never_served_makes_the_appointment_a_no_show(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, hall = platform.store, platform.hall
    open_every_day(store, hall)
    window = enrol_window(store, hall, "W2")
    booked = [
        str(book(platform, at(TUESDAY, 10), at(TUESDAY, 8), serial=n)["arrival_id"])
        for n in range(1, 7)
    ]
    missed, served, back_and_served, waiting, back_and_waiting, never_came = booked

    def step(action: str, ticket: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
        ticket_id = None if ticket is None else uuid.UUID(ticket["ticket_id"])
        answer = tickets.act(
            store,
            window,
            uuid.uuid4().hex,
            TicketAction(request_id=uuid.uuid4(), action=action, ticket_id=ticket_id, **more),
        )
        assert answer["ticket"] is not None, answer
        return dict(answer["ticket"])

    with monkeypatch.context() as then:  # the ticket machine and the window on the day
        then.setattr("central.store.tickets.hall_today", lambda now=None: TUESDAY)
        for appointment in (missed, served, back_and_served):
            tickets.issue_ticket(store, hall, None, appointment)
        step("noshow", step("call"))
        step("close", step("start", step("call")))
        gone = step("noshow", step("call"))
        step("requeue", number=gone["number"])
        step("close", step("start", step("call")))
        tickets.issue_ticket(store, hall, None, back_and_waiting)
        called_away = step("noshow", step("call"))
        step("requeue", number=called_away["number"])  # back in the queue, never called again
        tickets.issue_ticket(store, hall, None, waiting)  # both still waiting as the day ends

    marked = arrivals.record_no_shows(store, TUESDAY + timedelta(days=1))

    assert sorted(item["arrival_id"] for item in marked) == sorted([missed, never_came])
    states = [arrivals.arrival(store, a)["state"] for a in booked]
    assert states == ["no_show", "booked", "booked", "booked", "booked", "no_show"]
    for kept in (served, back_and_waiting):
        with pytest.raises(OperatorError) as refused:
            arrivals.end_appointment(store, kept, "no_show", now=at(TUESDAY + timedelta(days=1), 9))
        assert "was kept" in refused.value.en
