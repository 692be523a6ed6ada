"""A hall's ticket machine (``counter-central ticket issue``) given an appointment another hall
booked on this platform refuses it, naming that hall, on SQLite and PostgreSQL: no priority
ticket here, and the booked hall still issues its one ticket."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from central.cli import main as cli_main
from central.simulator import SimulatedDevice
from counter_app.identity.samples import gb11643
from tests.central.booking_times import later_today
from tests.central.conftest import unique_hall
from tests.central.open_halls import open_every_day_command
from tests.central.server_fixture import RunningCentral
from tests.in_process import run_main
from tests.sample_items import ENDORSEMENT

pytestmark = pytest.mark.integration


def test_another_halls_appointment_gets_no_ticket_here(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    central.publish_bundled_catalog()
    here, booked_at = unique_hall(), unique_hall()
    enrol(here, "W01")
    enrol(booked_at, "W01")
    central.cli(*open_every_day_command(booked_at))  # today may be a Sunday
    booked = central.cli(
        "appointment", "create", "--hall", booked_at, "--item", ENDORSEMENT,
        "--id-number", gb11643("31011519560301123"), "--name", "王建国",
        "--at", later_today().isoformat(), "--json",
    )  # fmt: skip
    appointment = str(booked["arrival_id"])

    refused = run_main(
        cli_main,
        ["ticket", "issue", "--hall", here, "--appointment", appointment, *central.store_args()],
    )
    assert refused.returncode == 1 and refused.stdout == ""
    zh, en = refused.stderr.splitlines()
    assert zh.startswith(f"错误：预约 {booked['appointment_no']} 是大厅 {booked_at} 的预约")
    assert f"hall {booked_at}" in en
    assert central.cli("tickets", "--hall", here, "--json")["visits"] == []

    ticket = central.cli(
        "ticket", "issue", "--hall", booked_at, "--appointment", appointment, "--json"
    )
    assert (ticket["number"], ticket["priority"], ticket["item_code"]) == (
        "Y001",
        True,
        ENDORSEMENT,
    )
