"""An appointment kept: a pushed case accepted under an appointment's priority ticket makes
the appointment consumed by it, once (the first case of the visit keeps it, a later version
changes nothing); another hall's ticket, a ticket of no appointment and a case not accepted
leave it booked - on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, arrivals, publishing, tickets
from counter_app.identity.samples import gb11643
from counter_app.store.catalog import bundled_catalog
from tests.central.booking_times import later_today
from tests.central.conftest import push_ok
from tests.central.open_halls import open_every_day
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT, NAME

pytestmark = pytest.mark.integration

# The serial of the next holder booked (the module's platform holds every test's bookings).
_HOLDERS = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral, store: CentralStore) -> Iterator[None]:
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    yield


def booked_with_ticket(store: CentralStore, hall: str) -> tuple[str, str]:
    """A booked appointment of ``hall`` for today and its priority ticket's id (the hall
    open every day: today may be a Sunday), each of another holder (one holder cannot hold
    the same time at two halls)."""
    open_every_day(store, hall)
    booked = arrivals.create_appointment(
        store,
        hall,
        ENDORSEMENT,
        id_number=gb11643(f"31010419580312{next(_HOLDERS):03d}"),
        name=NAME,
        at=later_today(),
    )
    ticket = tickets.issue_ticket(store, hall, None, str(booked["arrival_id"]))
    return str(booked["arrival_id"]), str(ticket["ticket_id"])


def under_ticket(
    device: SimulatedDevice,
    ticket_id: str,
    *,
    of: dict[str, Any] | None = None,
    **changes: Any,
) -> dict[str, Any]:
    """A new case decided under ``ticket_id``, or the next version of the case ``of``."""
    if of is None:
        case = device.case()
        version = 1
    else:
        case, version = of, of["data_version"] + 1
    payload = {**case["payload"], "data_version": version, "ticket_id": ticket_id, **changes}
    return device.case(
        case_id=uuid.UUID(case["case_id"]),
        data_version=version,
        case_no=case["case_no"],
        payload=payload,
    )


def test_the_first_case_accepted_under_the_ticket_keeps_the_appointment_once(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    appointment_id, ticket_id = booked_with_ticket(store, device.hall)
    first = under_ticket(device, ticket_id)
    # Two items applied for in one visit: the first case keeps the appointment.
    results = push_ok(device, [first, under_ticket(device, ticket_id)])
    assert [r["status"] for r in results] == ["stored", "stored"]
    kept = arrivals.arrival(store, appointment_id)
    assert (kept["state"], kept["consumed_case_id"], kept["consumed_device"]) == (
        "consumed",
        first["case_id"],
        device.device_id,
    )
    assert kept["consumed_at"] is not None

    later = under_ticket(device, ticket_id, of=first, remarks="第二版")
    assert [r["status"] for r in push_ok(device, [first, later])] == ["duplicate", "stored"]
    assert arrivals.arrival(store, appointment_id) == kept


def test_another_halls_ticket_no_appointment_and_no_acceptance_leave_it_booked(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device, stranger = enrol(), enrol()
    appointment_id, ticket_id = booked_with_ticket(store, device.hall)
    plain = tickets.issue_ticket(store, device.hall, None, None)  # an A ticket
    opaque = tickets.issue_ticket(store, device.hall, None, "APPT-ELSEWHERE")
    push_ok(stranger, [under_ticket(stranger, ticket_id)])  # another hall's device
    push_ok(
        device,
        [
            under_ticket(device, str(plain["ticket_id"])),
            under_ticket(device, str(opaque["ticket_id"])),
            under_ticket(device, ticket_id, state="notified", accepted_at=None),
        ],
    )
    shown = arrivals.arrival(store, appointment_id)
    assert (shown["state"], shown["consumed_case_id"], shown["revision"]) == ("booked", None, 1)
