"""A case belongs to the hall day its window took it, not the day it reached the platform, on
SQLite and PostgreSQL: a window offline in the evening syncs after midnight (or days later),
and ``counter-central cases|conflicts --day`` file its case, and what was kept of it, under
the day in its number, the day the window's end-of-day report counts it on; the listing
shows when the window took it (收件时间, ``taken_at``) beside when it arrived."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from central.cli import main as cli_main
from central.simulator import SimulatedDevice, synthetic_payload
from counter_app.domain.case_number import CaseNumber
from counter_app.domain.hall_time import hall_minute_text, hall_today
from tests.central.conftest import push_ok, unique_hall
from tests.central.server_fixture import RunningCentral
from tests.in_process import run_main

pytestmark = pytest.mark.integration

EVENING = date(2026, 11, 20)
TAKEN = "2026-11-20T15:56:00.000000Z"  # 23:56 in the hall


def _evening_case(device: SimulatedDevice, case_id: uuid.UUID, **changes: Any) -> dict[str, Any]:
    """A case the window took at 23:56 hall time on ``EVENING``, numbered on that day."""
    number = str(CaseNumber(device.hall.upper(), device.window, device.number_device, EVENING, 7))
    payload = {
        **synthetic_payload(case_id, 1, number).to_json(),
        "received_at": TAKEN,
        "accepted_at": TAKEN,
        **changes,
    }
    return device.case(case_id=case_id, case_no=number, payload=payload)


def test_an_evening_case_synced_later_is_listed_on_the_day_it_was_taken(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    device = enrol(unique_hall(), "W01")
    case_id = uuid.uuid4()
    case = _evening_case(device, case_id)
    push_ok(device, [case])
    (kept,) = push_ok(device, [_evening_case(device, case_id, remarks="edited, same version")])
    assert (kept["status"], kept["reason"]) == ("conflict", "content_differs")

    listing = ("--hall", device.hall, "--json")
    today = hall_today().isoformat()
    (row,) = central.cli("cases", *listing, "--day", EVENING.isoformat())["cases"]
    assert (row["case_no"], row["taken_at"]) == (case["case_no"], TAKEN)
    assert hall_today_of(row["received_at"]) == today  # when it reached the platform, kept
    assert central.cli("cases", *listing, "--day", today)["cases"] == []
    (conflict,) = central.cli("conflicts", *listing, "--day", EVENING.isoformat())["conflicts"]
    assert (conflict["case_no"], conflict["taken_at"]) == (case["case_no"], TAKEN)
    assert central.cli("conflicts", *listing, "--day", today)["conflicts"] == []

    text = run_main(cli_main, ["cases", "--hall", device.hall, *central.store_args()])
    heading, line = text.stdout.splitlines()
    assert heading.split("\t")[5:7] == ["收件时间", "到达平台时间"]
    assert line.split("\t")[5:7] == ["2026-11-20 23:56", hall_minute_text(row["received_at"])]


def hall_today_of(moment: str) -> str:
    """The hall day of a UTC time the platform wrote."""
    return hall_minute_text(moment)[:10]
