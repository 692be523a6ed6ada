"""The hall's queue tickets (叫号) on a real platform, SQLite and PostgreSQL: tickets issued
with ``counter-central ticket issue``; a window calls the appointment holder's priority
ticket first, re-calls, marks a no-show, starts and closes with every step timed, redirects
to another window that alone calls it next; a call sent again with the same request id
calls no second ticket; windows calling at once never get the same ticket; another hall's
device never sees nor touches the hall's tickets."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.identity.samples import gb11643
from sync.wire.tickets import AppointmentTicket, HallTickets, TicketAnswer
from tests.central.booking_times import later_today
from tests.central.conftest import error_of, unique_hall
from tests.central.open_halls import open_every_day_command
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT

pytestmark = pytest.mark.integration

ACTIONS = "/v1/hall/tickets/actions"
APPOINTMENT = "/v1/hall/tickets/appointment"


def step(device: SimulatedDevice, action: str, **fields: Any) -> requests.Response:
    body = {"request_id": str(uuid.uuid4()), "action": action, **fields}
    return device.request("POST", ACTIONS, json.dumps(body).encode("utf-8"))


def done(device: SimulatedDevice, action: str, **fields: Any) -> dict[str, Any]:
    response = step(device, action, **fields)
    assert response.status_code == 200, response.text
    answer = TicketAnswer.model_validate(response.json())
    assert answer.status == "done", answer
    ticket: dict[str, Any] = response.json()["ticket"]
    return ticket


def issue(central: RunningCentral, hall: str, *extra: str) -> dict[str, Any]:
    ticket: dict[str, Any] = central.cli("ticket", "issue", "--hall", hall, *extra, "--json")
    return ticket


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral) -> None:
    """A ticket's item, and an appointment's, is one of the published catalog's."""
    central.publish_bundled_catalog()


def test_priority_first_then_recall_noshow_start_close_with_times(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    w01 = enrol(hall, "W01")
    walk_in = issue(central, hall, "--item", ENDORSEMENT)
    booked = issue(central, hall, "--item", ENDORSEMENT, "--appointment", "APPT-1")
    second = issue(central, hall)
    assert (walk_in["number"], booked["number"], second["number"]) == ("A001", "Y001", "A002")
    assert (booked["priority"], booked["appointment_id"]) == (True, "APPT-1")

    called = done(w01, "call")
    assert (called["number"], called["state"], called["window"]) == ("Y001", "called", "W01")
    recalled = done(w01, "recall", ticket_id=called["ticket_id"])
    assert recalled["visits"][-1]["recalls"] == 1
    started = done(w01, "start", ticket_id=called["ticket_id"])
    assert started["state"] == "serving"
    assert started["visits"][-1]["walk_seconds"] is not None
    closed = done(w01, "close", ticket_id=called["ticket_id"])
    visit = closed["visits"][-1]
    assert (closed["state"], visit["outcome"], visit["item_code"]) == (
        "closed",
        "served",
        ENDORSEMENT,
    )
    for step_at in ("queued_at", "called_at", "started_at", "closed_at"):
        assert visit[step_at] is not None
    assert all(visit[t] >= 0 for t in ("wait_seconds", "walk_seconds", "service_seconds"))

    # Then in order of issue; closing a ticket not yet started is refused, a no-show is not.
    nxt = done(w01, "call")
    assert nxt["number"] == "A001"
    refused = step(w01, "close", ticket_id=nxt["ticket_id"])
    assert refused.status_code == 409 and error_of(refused)["code"] == "ticket_state"
    no_show = done(w01, "noshow", ticket_id=nxt["ticket_id"])
    assert (no_show["state"], no_show["visits"][-1]["outcome"]) == ("no_show", "no_show")

    listed = central.cli("tickets", "--hall", hall, "--json")["visits"]
    assert [(v["number"], v["window"], v["outcome"]) for v in listed] == [
        ("A001", "W01", "no_show"),
        ("Y001", "W01", "served"),
        ("A002", None, None),
    ]
    assert listed[1]["service_seconds"] is not None


def test_a_window_calls_no_second_ticket_while_one_is_open(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    w01 = enrol(hall, "W01")
    issue(central, hall)
    issue(central, hall)
    done(w01, "call")
    refused = step(w01, "call")
    assert refused.status_code == 409
    error = error_of(refused)
    assert (error["code"], error["details"]["number"]) == ("ticket_in_progress", "A001")


def test_a_repeated_call_with_the_same_request_id_calls_no_second_ticket(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    w01 = enrol(hall, "W01")
    issue(central, hall)
    issue(central, hall)
    body = json.dumps({"request_id": str(uuid.uuid4()), "action": "call"}).encode("utf-8")
    first = w01.request("POST", ACTIONS, body)
    again = w01.request("POST", ACTIONS, body)  # the answer was lost: sent again, new nonce
    assert first.status_code == again.status_code == 200, again.text
    assert (first.json()["status"], again.json()["status"]) == ("done", "repeated")
    assert first.json()["ticket"] == again.json()["ticket"]
    queue = HallTickets.model_validate(w01.request("GET", "/v1/hall/tickets").json())
    assert queue.current is not None and queue.current.number == "A001"
    assert [t.number for t in queue.waiting] == ["A002"]  # still waiting: not called


def test_redirect_to_w02_which_alone_calls_it(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    w01, w02, w03 = enrol(hall, "W01"), enrol(hall, "W02"), enrol(hall, "W03")
    issue(central, hall, "--item", ENDORSEMENT)
    ticket = done(w01, "call")
    done(w01, "start", ticket_id=ticket["ticket_id"])
    moved = done(w01, "redirect", ticket_id=ticket["ticket_id"], to_window="W02")
    assert (moved["state"], moved["window"]) == ("waiting", "W02")
    assert moved["visits"][0]["outcome"] == "redirected"

    assert done_or_none(w03) is None  # waits for W02 only
    at_w02 = done(w02, "call")
    assert (at_w02["ticket_id"], at_w02["number"]) == (ticket["ticket_id"], "A001")
    assert [v["window"] for v in at_w02["visits"]] == ["W01", "W02"]
    assert at_w02["visits"][1]["item_code"] == ENDORSEMENT


def done_or_none(device: SimulatedDevice) -> dict[str, Any] | None:
    response = step(device, "call")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert answer["status"] in {"done", "none_waiting"}
    return answer["ticket"]


def test_another_halls_device_neither_sees_nor_acts_on_the_tickets(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    w01, stranger = enrol(hall, "W01"), enrol()
    issue(central, hall)
    assert done_or_none(stranger) is None
    ticket = done(w01, "call")
    refused = step(stranger, "noshow", ticket_id=ticket["ticket_id"])
    assert refused.status_code == 404 and error_of(refused)["code"] == "unknown_ticket"
    listed = stranger.request("GET", "/v1/hall/tickets").json()
    assert (listed["current"], listed["waiting"]) == (None, [])


def test_two_windows_calling_at_once_get_different_tickets(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    windows = [enrol(hall, f"W{n:02d}") for n in range(1, 5)]
    for _ in windows:
        issue(central, hall)
    start = threading.Barrier(len(windows))

    def call(device: SimulatedDevice) -> str:
        start.wait()
        return str(done(device, "call")["number"])

    with ThreadPoolExecutor(len(windows)) as pool:
        numbers = list(pool.map(call, windows))
    assert sorted(numbers) == ["A001", "A002", "A003", "A004"]


def test_an_appointment_gets_one_priority_ticket_of_its_own_hall_only(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], tmp_path: Path
) -> None:
    hall = unique_hall()
    w01, elsewhere = enrol(hall, "W01"), enrol(unique_hall(), "W01")
    central.cli(*open_every_day_command(hall))  # today may be a Sunday

    def book(first17: str, at: datetime) -> str:  # one holder each: an item once a day
        booked = central.cli(
            "appointment", "create", "--hall", hall, "--item", ENDORSEMENT,
            "--id-number", gb11643(first17), "--name", "王建国",
            "--at", at.isoformat(), "--json",
        )  # fmt: skip
        return str(booked["arrival_id"])

    def ask(device: SimulatedDevice, appointment_id: str) -> requests.Response:
        body = json.dumps({"appointment_id": appointment_id}).encode("utf-8")
        return device.request("POST", APPOINTMENT, body)

    appointment = book("31010419580312001", later_today())
    first = ask(w01, appointment)
    assert first.status_code == 200, first.text
    issued = AppointmentTicket.model_validate(first.json())
    assert issued.status == "done" and issued.ticket.number == "Y001"
    assert (issued.ticket.priority, issued.ticket.item_code) == (True, ENDORSEMENT)
    again = AppointmentTicket.model_validate(ask(w01, appointment).json())
    assert again.status == "repeated" and again.ticket.ticket_id == issued.ticket.ticket_id
    machine = issue(central, hall, "--appointment", appointment)  # the hall's ticket machine
    assert machine["ticket_id"] == str(issued.ticket.ticket_id)

    # Another hall's appointment, or an unknown one: a code of its own, since `not_found`
    # means "no such endpoint" (a wrong sync.url) to a client.
    for refused in (ask(elsewhere, appointment), ask(w01, str(uuid.uuid4()))):
        assert refused.status_code == 404 and error_of(refused)["code"] == "unknown_appointment"
    wrong_path = w01.request("POST", APPOINTMENT + "s", b"{}")
    assert wrong_path.status_code == 404 and error_of(wrong_path)["code"] == "not_found"
    # Cancelled in time, whatever the hour: tomorrow's (the state is asked before the day).
    tomorrow = datetime.combine(hall_today() + timedelta(days=1), time(9, 30), HALL_TIMEZONE)
    cancelled = book("31010419580312002", tomorrow)
    central.cli("appointment", "cancel", cancelled, "--json")
    refused = ask(w01, cancelled)
    assert refused.status_code == 409 and error_of(refused)["code"] == "ticket_state"
    assert error_of(refused)["details"] == {"appointment_id": cancelled, "state": "cancelled"}
    assert [t["number"] for t in central.cli("tickets", "--hall", hall, "--json")["visits"]] == [
        "Y001"
    ]


def test_a_redirect_keeps_the_place_and_a_no_show_goes_back_in_the_queue(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    hall = unique_hall()
    w01, w02 = enrol(hall, "W01"), enrol(hall, "W02")
    issued = [issue(central, hall, "--item", ENDORSEMENT) for _ in range(3)]
    day = issued[1]["day"]  # A002's, the ticket put back in the queue below
    first = done(w01, "call")
    done(w01, "redirect", ticket_id=first["ticket_id"], to_window="W02")
    at_w02 = done(w02, "call")
    assert at_w02["number"] == "A001"  # before A002, who came later
    assert at_w02["visits"][1]["wait_seconds"] is None  # no second wait
    missed = done(w01, "call")
    done(w01, "noshow", ticket_id=missed["ticket_id"])
    back = done(w01, "requeue", number=missed["number"])
    assert (back["number"], back["state"], back["day"]) == ("A002", "waiting", day)
    done(w02, "start", ticket_id=at_w02["ticket_id"])
    done(w02, "close", ticket_id=at_w02["ticket_id"])
    refused = step(w02, "requeue", number="A001")
    assert refused.status_code == 409 and error_of(refused)["code"] == "ticket_state"
    unknown = step(w02, "requeue", number="A999")
    assert unknown.status_code == 404 and error_of(unknown)["code"] == "unknown_ticket"

    summary = central.cli("tickets", "--hall", hall, "--date", day, "--summary", "--json")
    assert summary["day"] == day
    windows = {w["window"]: w for w in summary["windows"]}
    assert (windows["W01"]["visits"], windows["W01"]["no_shows"]) == (2, 1)
    assert (windows["W02"]["visits"], windows["W02"]["served"]) == (1, 1)
    assert windows["W02"]["average_wait_minutes"] is None  # its one visit was a redirect's
