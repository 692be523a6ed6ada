"""A slot's places as the store counts them: an appointment booked off the grid before the
grid was kept (09:10, 16:59) takes a place in the slot it lies in, whether the store holds its
slot on its row or only in its sealed item; two bookings racing for a slot's last place get
it once. On SQLite and PostgreSQL; every booking is made at the first moment of its fixed day
(``now``), so nothing here depends on today."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from central.errors import OperatorError
from central.opening_hours import DEFAULT_HOURS, HallHours
from central.store import CentralStore, arrivals, open_store, publishing
from central.store.hall_hours import set_hours
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.identity.samples import gb11643
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import STORES, new_store_url
from tests.sample_items import ENDORSEMENT, NAME
from tests.waiting import DEFAULT_TIMEOUT

# A Tuesday of a year whose calendar the tests never publish: open 09:00-17:00 by default.
TUESDAY = date(2026, 12, 8)
MORNING = datetime.combine(TUESDAY, time(0), HALL_TIMEZONE)
HALL = "H1"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(TUESDAY, time(hour, minute), HALL_TIMEZONE)


def holder(serial: int) -> str:
    return gb11643(f"310104195803120{serial:02d}")


@pytest.fixture(params=STORES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new store (SQLite or PostgreSQL) with the bundled catalog and hall ``HALL`` taking
    one appointment a slot; its URL (its key file ``central.key`` in ``tmp_path``)."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    store = open_store(url, tmp_path / "central.key")
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    set_hours(store, HALL, HallHours(DEFAULT_HOURS.weekdays, slot_capacity=1), "t")
    store.close()
    yield url


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Iterator[CentralStore]:
    opened = open_store(store_url, tmp_path / "central.key")
    yield opened
    opened.close()


def book(store: CentralStore, slot: datetime, serial: int) -> dict[str, object]:
    return arrivals.create_appointment(
        store, HALL, ENDORSEMENT, id_number=holder(serial), name=NAME, at=slot, now=MORNING
    )


def full_refusal(store: CentralStore, slot: datetime, serial: int) -> OperatorError:
    with pytest.raises(OperatorError) as refused:
        book(store, slot, serial)
    assert refused.value.code == "slot_full"
    return refused.value


def insert_older_booking(
    store: CentralStore, slot: datetime, serial: int, *, slot_on_row: bool
) -> None:
    """An appointment as an older program stored it, booked at ``slot`` off the grid: its
    row (with its slot, or from before ``arrivals.slot_at``: NULL there) and its sealed item,
    revision 1."""
    arrival_id = str(uuid.uuid4())
    item: dict[str, object] = {
        "arrival_id": arrival_id,
        "kind": "appointment",
        "hall": HALL,
        "state": "booked",
        "item_code": ENDORSEMENT,
        "item_name": "older booking",
        "situation": None,
        "id_type": "111",
        "doc_kind": "resident_id",
        "id_number": holder(serial),
        "name": NAME,
        "first_day": TUESDAY.isoformat(),
        "last_day": TUESDAY.isoformat(),
        "slot_at": slot.isoformat(),
        "appointment_no": f"A1208{900 + serial}",
        "review": None,
        "review_note": "",
        "materials": [],
        "consumed_case_id": None,
        "revision": 1,
    }
    with store.transaction() as cur:
        store._exec(
            cur,
            "INSERT INTO arrivals (arrival_id, kind, hall, appointment_no, state, revision,"
            " first_day, last_day, created_at, updated_at, holder_index, slot_at)"
            " VALUES (?, 'appointment', ?, ?, 'booked', 1, ?, ?, ?, ?, ?, ?)",
            (
                arrival_id,
                HALL,
                item["appointment_no"],
                item["first_day"],
                item["last_day"],
                MORNING.isoformat(),
                MORNING.isoformat(),
                store.sealer.holder_index(holder(serial)),
                slot.isoformat() if slot_on_row else None,
            ),
        )
        store._exec(
            cur,
            "INSERT INTO arrival_feed (arrival_id, hall, revision, first_day, last_day, payload)"
            " VALUES (?, ?, 1, ?, ?, ?)",
            (
                arrival_id,
                HALL,
                item["first_day"],
                item["last_day"],
                store.sealer.seal(json.dumps(item), f"arrival:{arrival_id}:1".encode()),
            ),
        )


@pytest.mark.parametrize("slot_on_row", [True, False], ids=["slot-on-row", "slot-sealed-only"])
def test_an_older_booking_off_the_grid_takes_a_place_in_the_slot_it_lies_in(
    store: CentralStore, slot_on_row: bool
) -> None:
    insert_older_booking(store, at(9, 10), 1, slot_on_row=slot_on_row)
    insert_older_booking(store, at(16, 59), 2, slot_on_row=slot_on_row)

    morning = full_refusal(store, at(9), 3)
    evening = full_refusal(store, at(16, 30), 3)

    assert "下一个尚有空位的时段是 2026-12-08 09:30" in morning.zh
    assert "The next slot with room is 2026-12-09 09:00." in evening.en  # Tuesday is full
    assert book(store, at(9, 30), 3)["state"] == "booked"


def test_two_bookings_racing_for_the_last_place_get_it_once(store_url: str, tmp_path: Path) -> None:
    stores = [open_store(store_url, tmp_path / "central.key") for _ in range(2)]
    start = threading.Barrier(len(stores), timeout=DEFAULT_TIMEOUT)
    outcomes: list[str] = []

    def race(store: CentralStore, serial: int) -> None:
        start.wait()
        try:
            outcomes.append(str(book(store, at(10), serial)["state"]))
        except OperatorError as exc:
            outcomes.append(exc.code or "refused")

    threads = [
        threading.Thread(target=race, args=(store, serial))
        for serial, store in enumerate(stores, start=1)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(DEFAULT_TIMEOUT)
            assert not thread.is_alive()
    finally:
        for store in stores:
            store.close()

    assert sorted(outcomes) == ["booked", "slot_full"]
