"""The window's list of the day: within a slot, its appointments by 预约号 (the order they
were booked in), whatever their ids; a serial past three digits after the shorter ones."""

from __future__ import annotations

import uuid
from dataclasses import replace

from counter_app.store.arrivals import arrivals_on, store_arrival
from counter_app.store.database import Store
from tests.sample_items import APPOINTMENT, DAY


def test_a_slots_appointments_are_listed_by_number(store: Store) -> None:
    numbers = ["A1204003", "A12041000", "A1204001", "A1204002"]
    ids = sorted(str(uuid.uuid4()) for _ in numbers)  # ids in an order other than numbers'
    later = replace(
        APPOINTMENT,
        arrival_id=str(uuid.uuid4()),
        appointment_no="A1204004",
        slot_at=APPOINTMENT.slot_at.replace(hour=10) if APPOINTMENT.slot_at else None,
    )
    with store.transaction():
        store_arrival(store, later)
        for arrival_id, number in zip(ids, numbers, strict=True):
            store_arrival(store, replace(APPOINTMENT, arrival_id=arrival_id, appointment_no=number))
    listed = [arrival.appointment_no for arrival in arrivals_on(store, DAY)]
    assert listed == ["A1204001", "A1204002", "A1204003", "A12041000", "A1204004"]
