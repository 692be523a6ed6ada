"""An appointment kept, with the real window and the real platform: its holder's priority
ticket is called and served at the window, the case accepted meanwhile carries the ticket,
and once the case is pushed the platform shows the appointment consumed by it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.booking_times import later_today
from tests.central.open_halls import open_every_day_command
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

ALLOWANCE = "老年综合津贴申领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)


def test_the_case_accepted_under_the_priority_ticket_keeps_the_appointment(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    central.publish_bundled_catalog()
    central.cli(*open_every_day_command(HALL))  # today may be a Sunday
    booked = central.cli(
        "appointment", "create", "--hall", HALL, "--item", ENDORSEMENT,
        "--id-number", ID_NUMBER, "--name", NAME, "--at", later_today().isoformat(), "--json",
    )  # fmt: skip
    appointment_id = booked["arrival_id"]
    ticket = central.cli(
        "ticket", "issue", "--hall", HALL, "--appointment", appointment_id, "--json"
    )
    for step in ("call", "start"):
        done = cli("ticket", step, "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["ticket"]["ticket_id"] == ticket["ticket_id"]

    ensure_bundled_catalog(sync_store)
    item = item_named(sync_store, ALLOWANCE)  # the window serves what the holder asks for
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    assert case_document(sync_store, case.case_id)["ticket_id"] == ticket["ticket_id"]
    assert central.cli("appointment", "show", appointment_id, "--json")["state"] == "booked"

    assert make_engine(home, enrolled, sync_store).run_once().error is None
    shown = central.cli("appointment", "show", appointment_id, "--json")
    assert (shown["state"], shown["consumed_case_id"]) == ("consumed", case.case_id)
    [device] = central.cli("devices", "--hall", HALL, "--json")["devices"]
    assert (shown["consumed_device"], shown["consumed_at"] is not None) == (
        device["device_id"],
        True,
    )
