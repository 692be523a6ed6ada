"""A holder books an item once a day at a hall: a second appointment for the same item,
hall and day is refused, naming the first one's 预约号, while the first stands (neither
cancelled nor a no-show), and so is a slot overlapping one at another hall; the same
``--id`` again still answers the first."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest

from central.errors import OperatorError
from central.opening_hours import HallHours, OpenSpan
from central.store import arrivals
from central.store.hall_hours import set_hours
from counter_app.domain.hall_time import FIRST_HALL_DAY, LAST_HALL_DAY, hall_today
from counter_app.identity.samples import gb11643
from tests.central.booking_times import morning_of
from tests.central.conftest import CliRun, Platform
from tests.central.open_halls import open_every_day
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME, RESIDENCE_FIRST


@pytest.fixture(autouse=True)
def open_halls(platform: Platform) -> None:
    """The halls booked open every day: the tests book for tomorrow, whatever day it is.
    The hall ``Y`` opens a minute later, so its slots (09:01, 09:31, ...) fall between the
    others' (09:00, 09:30, ...)."""
    for hall in (platform.hall, platform.hall + "X"):
        open_every_day(platform.store, hall)
    from_a_minute_past = OpenSpan.parse("00:01-24:00")
    every_day = HallHours(*[from_a_minute_past] * 4)
    set_hours(platform.store, platform.hall + "Y", every_day, "test")


def book(
    platform: Platform,
    day: date,
    *,
    at: time = time(9, 30),
    item: str = ENDORSEMENT,
    id_number: str = ID_NUMBER,
    hall: str | None = None,
) -> dict[str, object]:
    return arrivals.create_appointment(
        platform.store,
        hall or platform.hall,
        item,
        id_number=id_number,
        name=NAME,
        at=datetime.combine(day, at),
        now=morning_of(day),
    )


def booked(platform: Platform) -> list[tuple[object, object]]:
    """The hall's appointments as its arrivals feed carries them: (预约号, state)."""
    page, _ = arrivals.read_arrivals(
        platform.store, platform.hall, 0, 100, first=FIRST_HALL_DAY, until=LAST_HALL_DAY
    )
    return [(row.item["appointment_no"], row.item["state"]) for row in page]


def test_a_second_booking_of_the_item_that_day_is_refused_naming_the_first(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    tomorrow = hall_today() + timedelta(days=1)

    def create(at: str) -> CliRun:
        return run_cli(
            "appointment", "create", "--hall", platform.hall, "--item", ENDORSEMENT,
            "--id-number", ID_NUMBER, "--at", f"{tomorrow}T{at}", *platform.db, "--json",
        )  # fmt: skip

    first = create("09:30")
    assert first.returncode == 0, first.stderr
    number = f"A{tomorrow:%m%d}001"
    assert first.json()["appointment_no"] == number
    for at in ("09:30", "14:00"):  # the same slot, or another slot of the day
        refused = create(at)
        assert refused.returncode == 1, refused.stdout
        chinese, english = refused.stderr.splitlines()
        assert chinese.startswith("错误：该申请人在本大厅") and f"预约号 {number}" in chinese
        assert "请先取消该预约" in chinese and first.json()["arrival_id"] in chinese
        assert english.startswith("Error: This applicant already has") and number in english
        assert "cancel it first" in english
    assert booked(platform) == [(number, "booked")]


def test_another_item_day_holder_or_hall_is_booked(platform: Platform) -> None:
    tomorrow = hall_today() + timedelta(days=1)
    book(platform, tomorrow)
    numbers = [
        book(platform, tomorrow, item=RESIDENCE_FIRST)["appointment_no"],
        book(platform, tomorrow + timedelta(days=1))["appointment_no"],
        book(platform, tomorrow, id_number=gb11643("31010419580312002"))["appointment_no"],
    ]
    day_after = tomorrow + timedelta(days=1)
    assert numbers == [f"A{tomorrow:%m%d}002", f"A{day_after:%m%d}001", f"A{tomorrow:%m%d}003"]
    elsewhere = book(platform, tomorrow, at=time(10, 0), hall=platform.hall + "X")
    assert elsewhere["appointment_no"] == f"A{tomorrow:%m%d}001"


def test_an_overlapping_slot_at_another_hall_is_refused_naming_the_first(
    platform: Platform,
) -> None:
    """One holder cannot be at two halls at once: a slot less than ``SLOT_LENGTH`` from
    one they hold at another hall is refused, naming it; at one hall, slots close together
    are one visit for several items."""
    tomorrow, other_hall = hall_today() + timedelta(days=1), platform.hall + "X"
    first = book(platform, tomorrow)
    # The same slot at a hall on the same grid; 29 minutes before and 1 after it at a hall
    # whose slots start a minute later.
    later_grid = platform.hall + "Y"
    for hall, at in (
        (other_hall, time(9, 30)),
        (later_grid, time(9, 1)),
        (later_grid, time(9, 31)),
    ):
        with pytest.raises(OperatorError) as refused:
            book(platform, tomorrow, at=at, item=RESIDENCE_FIRST, hall=hall)
        number = first["appointment_no"]
        assert refused.value.code == "overlap"
        assert f"已在大厅 {platform.hall} 预约了" in refused.value.zh
        assert (
            f"预约号 {number}" in refused.value.zh and str(first["arrival_id"]) in refused.value.zh
        )
        assert f"at hall {platform.hall} at {tomorrow} 09:30" in refused.value.en
        assert f"appointment number {number}" in refused.value.en
    at_its_hall = book(platform, tomorrow, at=time(9, 30), item=RESIDENCE_FIRST)
    half_an_hour_later = book(platform, tomorrow, at=time(10, 0), hall=other_hall)
    assert [at_its_hall["state"], half_an_hour_later["state"]] == ["booked", "booked"]
    arrivals.end_appointment(
        platform.store, str(half_an_hour_later["arrival_id"]), "cancelled", now=morning_of(tomorrow)
    )
    arrivals.end_appointment(
        platform.store, str(first["arrival_id"]), "cancelled", now=morning_of(tomorrow)
    )
    arrivals.end_appointment(
        platform.store, str(at_its_hall["arrival_id"]), "cancelled", now=morning_of(tomorrow)
    )
    # Once cancelled, the time is free at the other hall.
    assert book(platform, tomorrow, at=time(9, 30), hall=other_hall)["state"] == "booked"


def test_a_cancelled_or_missed_appointment_does_not_hold_the_day(platform: Platform) -> None:
    tomorrow, yesterday = hall_today() + timedelta(days=1), hall_today() - timedelta(days=1)
    cancelled = book(platform, tomorrow)
    arrivals.end_appointment(platform.store, str(cancelled["arrival_id"]), "cancelled")
    again = book(platform, tomorrow, at=time(14, 0))
    missed = book(platform, yesterday)  # booked on its day: the slot has passed now
    arrivals.end_appointment(platform.store, str(missed["arrival_id"]), "no_show")
    after_missing = book(platform, yesterday, at=time(15, 0))

    assert [again["state"], after_missing["state"]] == ["booked", "booked"]
    with pytest.raises(OperatorError) as refused:
        book(platform, tomorrow, at=time(16, 0))
    assert f"预约号 {again['appointment_no']}" in refused.value.zh


def test_the_same_id_again_answers_the_first_booking(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    tomorrow, arrival_id = hall_today() + timedelta(days=1), str(uuid.uuid4())

    def create() -> CliRun:
        return run_cli(
            "appointment", "create", "--id", arrival_id, "--hall", platform.hall,
            "--item", ENDORSEMENT, "--id-number", ID_NUMBER, "--at", f"{tomorrow}T09:30",
            *platform.db, "--json",
        )  # fmt: skip

    first, again = create(), create()
    assert (first.returncode, again.returncode) == (0, 0), again.stderr
    answers = [
        (run.json()["arrival_id"], run.json()["appointment_no"], run.json()["revision"])
        for run in (first, again)
    ]
    assert answers == [(arrival_id, f"A{tomorrow:%m%d}001", 1)] * 2
    assert booked(platform) == [(f"A{tomorrow:%m%d}001", "booked")]
