"""A hall's slots as appointments take them: half-hourly from opening, each ending by
closing, each holding at most the hall's slot capacity (a full slot refused naming the next
one with room, freed again by a cancellation); a request id reused for another booking
refused without a word of the first; every refusal with its code. Each booking is made at
the first moment of its fixed day (``now``), so nothing here depends on today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from central.errors import OperatorError
from central.opening_hours import DEFAULT_HOURS, DEFAULT_SLOT_CAPACITY, HallHours, OpenSpan
from central.store import CentralStore, arrivals, open_store, publishing
from central.store.hall_hours import set_hours, shown_hours
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.identity.samples import gb11643
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import STORES, Platform, new_store_url
from tests.sample_items import ENDORSEMENT, NAME, RESIDENCE_FIRST

# A Tuesday of a year whose calendar the tests never publish: open 09:00-17:00 by default.
TUESDAY = date(2026, 12, 8)
MORNING = datetime.combine(TUESDAY, time(0), HALL_TIMEZONE)


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(TUESDAY, time(hour, minute, second), HALL_TIMEZONE)


def holder(serial: int) -> str:
    return gb11643(f"310104195803120{serial:02d}")


def book(
    platform: Platform,
    slot: datetime,
    serial: int = 1,
    *,
    item: str = ENDORSEMENT,
    arrival_id: str | None = None,
) -> dict[str, Any]:
    return arrivals.create_appointment(
        platform.store,
        platform.hall,
        item,
        id_number=holder(serial),
        name=NAME,
        at=slot,
        arrival_id=arrival_id,
        now=MORNING,
    )


def refusal(platform: Platform, slot: datetime, serial: int = 1, **more: Any) -> OperatorError:
    with pytest.raises(OperatorError) as refused:
        book(platform, slot, serial, **more)
    return refused.value


def test_a_full_slot_is_refused_naming_the_next_slot_with_room(platform: Platform) -> None:
    set_hours(
        platform.store, platform.hall, HallHours(DEFAULT_HOURS.weekdays, slot_capacity=2), "t"
    )
    first, _ = book(platform, at(9), 1), book(platform, at(9), 2)
    book(platform, at(9, 30), 3)
    book(platform, at(9, 30), 4)
    full = refusal(platform, at(9), 5)
    assert full.code == "slot_full"
    assert "2026-12-08 09:00（大厅时间）已约满（每个时段可约 2 人）" in full.zh
    assert "下一个尚有空位的时段是 2026-12-08 10:00" in full.zh  # 09:30 is full too
    assert "The next slot with room is 2026-12-08 10:00." in full.en
    arrivals.end_appointment(platform.store, first["arrival_id"], "cancelled", now=MORNING)
    assert book(platform, at(9), 5)["state"] == "booked"  # the cancellation freed a place


def test_the_last_place_of_the_day_names_the_next_open_day(platform: Platform) -> None:
    late = HallHours(OpenSpan.parse("16:00-17:00"), slot_capacity=1)
    set_hours(platform.store, platform.hall, late, "t")
    book(platform, at(16), 1)
    book(platform, at(16, 30), 2)
    full = refusal(platform, at(16), 3)
    assert full.code == "slot_full" and "2026-12-09 16:00" in full.zh  # Wednesday


def test_a_hall_takes_the_default_capacity_until_the_operator_sets_one(
    platform: Platform,
) -> None:
    for serial in range(1, DEFAULT_SLOT_CAPACITY + 1):
        book(platform, at(11), serial)
    assert refusal(platform, at(11), DEFAULT_SLOT_CAPACITY + 1).code == "slot_full"
    assert shown_hours(platform.store, platform.hall)[0]["slot_capacity"] == DEFAULT_SLOT_CAPACITY


def test_a_time_off_the_grid_or_a_slot_past_closing_is_refused(platform: Platform) -> None:
    for off in (at(9, 7), at(16, 59), at(16, 45), at(10, 0, 30)):
        refused = refusal(platform, off)
        assert refused.code == "off_grid", off
    assert "请预约其中之一，如 09:00 / 09:30" in refusal(platform, at(9, 7)).zh
    assert "e.g. 16:30." in refusal(platform, at(16, 59)).en
    set_hours(platform.store, platform.hall, HallHours(OpenSpan.parse("08:45-17:15")), "t")
    assert book(platform, at(16, 45))["state"] == "booked"  # ends at 17:15: the last one
    ends_late = refusal(platform, at(17, 15), 2)  # from closing on
    assert ends_late.code == "outside_hours"
    set_hours(platform.store, platform.hall, HallHours(OpenSpan.parse("08:45-17:00")), "t")
    past_closing = refusal(platform, at(16, 45), 3)  # on the grid, but ends at 17:15
    assert past_closing.code == "outside_hours"
    assert "当天最后一个时段是 16:15" in past_closing.zh
    set_hours(platform.store, platform.hall, HallHours(OpenSpan.parse("08:45-17:15")), "t")
    assert refusal(platform, at(9), 2).code == "off_grid"  # the grid starts at opening
    assert book(platform, at(9, 15), 2)["state"] == "booked"


def test_each_booking_refusal_has_its_code(platform: Platform) -> None:
    assert refusal(platform, datetime(2026, 12, 13, 10, tzinfo=HALL_TIMEZONE)).code == (
        "closed_day"  # a Sunday
    )
    assert refusal(platform, at(8, 30)).code == "outside_hours"
    assert refusal(platform, at(17)).code == "outside_hours"
    too_far = datetime(2026, 12, 16, 10, tzinfo=HALL_TIMEZONE)  # the 6th working day
    assert refusal(platform, too_far).code == "too_far_ahead"
    with pytest.raises(OperatorError) as past:
        arrivals.create_appointment(
            platform.store, platform.hall, ENDORSEMENT, id_number=holder(1), name=NAME,
            at=at(9), now=at(10),
        )  # fmt: skip
    assert past.value.code == "slot_past"
    book(platform, at(10))
    assert refusal(platform, at(14)).code == "duplicate"
    other_hall = platform.hall + "X"
    with pytest.raises(OperatorError) as overlap:
        arrivals.create_appointment(
            platform.store, other_hall, RESIDENCE_FIRST, id_number=holder(1), name=NAME,
            at=at(10), now=MORNING,
        )  # fmt: skip
    assert overlap.value.code == "overlap"
    for refused in (refusal(platform, at(14)), overlap.value):  # the holder's number unsaid
        assert holder(1) not in refused.zh + refused.en


def test_a_request_id_reused_for_another_booking_reveals_nothing_of_the_first(
    platform: Platform,
) -> None:
    first = book(platform, at(10), 1, arrival_id="9b2f0c9e-3c54-4a47-9d1d-9a3f6f1c2b11")
    again = book(platform, at(10), 1, arrival_id=first["arrival_id"])  # a retry
    assert again["appointment_no"] == first["appointment_no"]
    for serial, slot, item in ((2, at(10), ENDORSEMENT), (1, at(11), ENDORSEMENT),
                               (1, at(10), RESIDENCE_FIRST)):  # fmt: skip
        refused = refusal(platform, slot, serial, item=item, arrival_id=first["arrival_id"])
        assert refused.code == "request_id_reused"
        text = refused.zh + refused.en
        assert holder(1) not in text and first["appointment_no"] not in text
    with pytest.raises(OperatorError) as preapp:
        arrivals.create_preapp(
            platform.store, platform.hall, RESIDENCE_FIRST, None, id_number=holder(2),
            name=NAME, files=[], arrival_id=first["arrival_id"],
        )  # fmt: skip
    assert preapp.value.code == "request_id_reused"
    assert len(arrivals.hall_day_appointments(platform.store, platform.hall, TUESDAY)) == 1


def test_a_state_already_ended_is_named_in_chinese(platform: Platform) -> None:
    booked = book(platform, at(10))
    arrivals.end_appointment(platform.store, booked["arrival_id"], "cancelled", now=MORNING)
    with pytest.raises(OperatorError) as refused:
        arrivals.end_appointment(
            platform.store, booked["arrival_id"], "no_show", now=at(23, 59).replace(day=9)
        )
    assert f"预约 {booked['appointment_no']} 的状态已是“已取消”，不能再改。" == refused.value.zh
    assert "is cancelled already" in refused.value.en


@pytest.fixture(params=STORES)
def older_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CentralStore]:
    """A store whose appointments were booked before ``arrivals.slot_at`` and whose hours
    were set before ``hall_hours.slot_capacity``: both columns dropped, opened again."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    store = open_store(url, tmp_path / "central.key")
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    set_hours(store, "H1", HallHours(DEFAULT_HOURS.weekdays), "t")
    for serial in (1, 2):
        arrivals.create_appointment(
            store, "H1", ENDORSEMENT, id_number=holder(serial), name=NAME, at=at(9), now=MORNING
        )
    with store.transaction() as cur:
        store._exec(cur, "ALTER TABLE arrivals DROP COLUMN slot_at")
        store._exec(cur, "ALTER TABLE hall_hours DROP COLUMN slot_capacity")
    store.close()
    store = open_store(url, tmp_path / "central.key")
    yield store
    store.close()


def test_older_bookings_count_against_a_capacity_set_later(older_store: CentralStore) -> None:
    assert shown_hours(older_store, "H1")[0]["slot_capacity"] == DEFAULT_SLOT_CAPACITY
    set_hours(older_store, "H1", HallHours(DEFAULT_HOURS.weekdays, slot_capacity=2), "t")
    with pytest.raises(OperatorError) as full:
        arrivals.create_appointment(
            older_store, "H1", ENDORSEMENT, id_number=holder(3), name=NAME, at=at(9), now=MORNING
        )
    assert full.value.code == "slot_full" and "2026-12-08 09:30" in full.value.zh
