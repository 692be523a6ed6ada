"""Queue tickets belong to their hall day, on a platform store whose clock the test moves
by hand: yesterday's open tickets end ``expired`` the first time the hall's queue is used
today (never called today, never blocking a window, not served nor no-shows); numbers
restart and the listing shows the day, ``--date`` picks one, ``--summary`` gives the figures
per window and item. Ending them reads the hall's open visits only, by their index, never
every ticket the hall issued, and a listing writes only when it finds one to end. A no-show of today goes back in the queue (``requeue``, priority kept,
waiting from then), a served one does not; the ticket machine puts a missed appointment
ticket back instead of handing out the dead one. A redirected visit is called next by its
window and is no second wait. A pre-application's id gets no priority ticket."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from central.errors import OperatorError, UnknownInHall
from central.store import CentralStore, arrivals, tickets
from central.store.base import Device, iso
from counter_app.domain.hall_time import HALL_TIMEZONE
from sync.wire.tickets import TicketAction
from tests.central.conftest import CliRun, Platform
from tests.central.enrolled import enrol_window
from tests.central.open_halls import open_every_day
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME

pytestmark = pytest.mark.integration

DAY_ONE = date(2026, 12, 7)


@dataclass
class Clock:
    """The ticket service's clock, moved by the test."""

    now: datetime

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock(datetime.combine(DAY_ONE, time(9, 0), HALL_TIMEZONE).astimezone(UTC))
    monkeypatch.setattr("central.store.tickets.utc_now", lambda: moved.now)
    return moved


def act(store: CentralStore, device: Device, action: str, **fields: Any) -> dict[str, Any]:
    step = TicketAction(request_id=uuid.uuid4(), action=action, **fields)  # type: ignore[arg-type]
    answer = tickets.act(store, device, uuid.uuid4().hex, step)
    ticket: dict[str, Any] = answer["ticket"]
    return ticket


def outcomes(store: CentralStore, hall: str, day: date) -> list[tuple[str, str | None]]:
    return [(v["number"], v["outcome"]) for v in tickets.ticket_visits(store, hall, day)]


@contextmanager
def statements_run(store: CentralStore) -> Iterator[list[str]]:
    """Every statement the SQLite ``store`` runs meanwhile, on its writer and its reader
    connection, with its values."""
    connections = []
    for opened in (store.transaction, store.snapshot):
        with opened() as cur:
            assert isinstance(cur, sqlite3.Cursor)
            connections.append(cur.connection)
    run: list[str] = []
    for connection in connections:
        connection.set_trace_callback(run.append)
    try:
        yield run
    finally:
        for connection in connections:
            connection.set_trace_callback(None)


def reads_beyond_keys(store: CentralStore, statements: list[str]) -> list[str]:
    """The steps of ``statements`` on the queue tables (``EXPLAIN QUERY PLAN``) that read
    more than the rows they name by key: a whole table (SCAN), or a range of one (``day<?``:
    every ticket of the hall's earlier days)."""
    with store.snapshot() as cur:
        return [
            f"{step}: {statement}"
            for statement in statements
            if "ticket" in statement and statement.startswith(("SELECT", "UPDATE", "INSERT"))
            for *_, step in cur.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
            if str(step).startswith("SCAN") or "<" in str(step) or ">" in str(step)
        ]


def test_yesterdays_open_tickets_expire_and_neither_block_nor_get_called_today(
    platform: Platform, clock: Clock, run_cli: Callable[..., CliRun]
) -> None:
    store, hall = platform.store, platform.hall
    w2 = enrol_window(store, hall, "W2")
    for _ in range(3):
        tickets.issue_ticket(store, hall, ENDORSEMENT, None)
    serving = act(store, w2, "call")
    act(store, w2, "start", ticket_id=serving["ticket_id"])  # left open at closing time

    clock.advance(days=1)
    today = tickets.issue_ticket(store, hall, None, None)
    assert (today["number"], today["day"]) == ("A001", (DAY_ONE + timedelta(days=1)).isoformat())
    called = act(store, w2, "call")  # yesterday's A001 no longer blocks W2
    assert called["ticket_id"] == today["ticket_id"]  # nor is yesterday's A002 called

    assert outcomes(store, hall, DAY_ONE) == [
        ("A001", "expired"),
        ("A002", "expired"),
        ("A003", "expired"),
    ]
    expired = tickets.ticket_visits(store, hall, DAY_ONE)
    assert [v["service_seconds"] for v in expired] == [None, None, None]  # no end time known
    assert outcomes(store, hall, DAY_ONE + timedelta(days=1)) == [("A001", None)]

    listed = run_cli("tickets", "--hall", hall, "--date", str(DAY_ONE), *platform.db)
    assert listed.returncode == 0, listed.stderr
    heading, *rows = listed.stdout.splitlines()
    assert heading.startswith("日期\t大厅\t号码\t取号\t窗口")
    assert [row.split("\t")[:3] for row in rows] == [
        [str(DAY_ONE), hall, f"A00{n}"] for n in (1, 2, 3)
    ]
    assert all(row.endswith("已过期（当天未办结）") for row in rows)
    assert rows[0].split("\t")[3] == "09:00"  # issued, hall time
    every_day = run_cli("tickets", "--hall", hall, "--json", *platform.db).json()["visits"]
    assert [(v["day"], v["number"]) for v in every_day] == [
        *((str(DAY_ONE), f"A00{n}") for n in (1, 2, 3)),
        (today["day"], "A001"),
    ]

    summary = run_cli(
        "tickets", "--hall", hall, "--date", str(DAY_ONE), "--summary", "--json", *platform.db
    ).json()
    assert summary["day"] == str(DAY_ONE)
    assert [(w["window"], w["visits"], w["served"], w["expired"]) for w in summary["windows"]] == [
        ("W2", 1, 0, 1),
        (None, 2, 0, 2),
    ]
    (item,) = summary["items"]
    assert (item["item_code"], item["visits"], item["no_shows"], item["expired"]) == (
        ENDORSEMENT,
        3,
        0,
        3,
    )


def test_listing_the_queue_on_a_later_day_ends_yesterdays_tickets(
    platform: Platform, clock: Clock
) -> None:
    store, hall = platform.store, platform.hall
    w2 = enrol_window(store, hall, "W2")
    tickets.issue_ticket(store, hall, None, None)
    act(store, w2, "call")
    clock.advance(days=1)
    queue = tickets.hall_tickets(store, w2, uuid.uuid4().hex)
    assert (queue["current"], queue["waiting"]) == (None, [])
    assert outcomes(store, hall, DAY_ONE) == [("A001", "expired")]


def test_the_queue_on_a_later_day_reads_the_open_visits_only_never_every_old_ticket(
    platform: Platform, clock: Clock
) -> None:
    store, hall = platform.store, platform.hall
    w2 = enrol_window(store, hall, "W2")
    for _ in range(5):
        served = tickets.issue_ticket(store, hall, None, None)
        act(store, w2, "call")
        act(store, w2, "start", ticket_id=served["ticket_id"])
        act(store, w2, "close", ticket_id=served["ticket_id"])
    tickets.issue_ticket(store, hall, None, None)  # still waiting at closing time
    clock.advance(days=1)

    with statements_run(store) as run:
        tickets.hall_tickets(store, w2, uuid.uuid4().hex)
        tickets.issue_ticket(store, hall, None, None)
        act(store, w2, "call")
    expiring = [s for s in run if s.startswith("UPDATE ticket_visits SET outcome = 'expired'")]
    assert len(expiring) == 3  # the poll, the issue and the call each end what is left
    assert reads_beyond_keys(store, run) == []
    assert outcomes(store, hall, DAY_ONE)[-1] == ("A006", "expired")


def test_a_listing_writes_only_to_end_a_listed_visit_of_an_earlier_day(
    platform: Platform, clock: Clock
) -> None:
    store, hall = platform.store, platform.hall
    tickets.issue_ticket(store, hall, None, None)
    with statements_run(store) as run:
        assert [v["outcome"] for v in tickets.ticket_visits(store, hall)] == [None]
    assert "BEGIN IMMEDIATE" not in run  # open today: nothing to end, only read

    clock.advance(days=1)
    with statements_run(store) as run:
        assert [v["outcome"] for v in tickets.ticket_visits(store)] == ["expired"]
    assert run.count("BEGIN IMMEDIATE") == 1
    assert reads_beyond_keys(store, [s for s in run if s.startswith("UPDATE")]) == []
    with statements_run(store) as run:
        tickets.ticket_visits(store, hall)
    assert "BEGIN IMMEDIATE" not in run


def test_a_no_show_of_today_goes_back_in_the_queue_with_its_priority_a_served_one_not(
    platform: Platform, clock: Clock
) -> None:
    store, hall = platform.store, platform.hall
    w2 = enrol_window(store, hall, "W2")
    booked = tickets.issue_ticket(store, hall, None, "APPT-7")  # Y001
    walk_in = tickets.issue_ticket(store, hall, None, None)  # A001
    missed = act(store, w2, "call")
    assert missed["number"] == "Y001"
    act(store, w2, "noshow", ticket_id=missed["ticket_id"])
    served = act(store, w2, "call")
    act(store, w2, "start", ticket_id=served["ticket_id"])
    act(store, w2, "close", ticket_id=served["ticket_id"])
    later = tickets.issue_ticket(store, hall, None, None)  # A002, issued before the requeue

    clock.advance(minutes=20)
    back = act(store, w2, "requeue", number="Y001")
    assert (back["ticket_id"], back["state"], back["priority"]) == (
        booked["ticket_id"],
        "waiting",
        True,
    )
    assert [v["outcome"] for v in back["visits"]] == ["no_show", None]
    assert back["visits"][1]["queued_at"] == iso(clock.now)  # the wait counts from now
    assert act(store, w2, "call")["number"] == "Y001"  # priority kept: before A002

    for number, refusal in (("A001", "已办结"), ("Y001", "还在排队或办理中")):
        with pytest.raises(tickets.TicketStateConflict) as refused:
            act(store, w2, "requeue", number=number)
        assert refusal in refused.value.zh and "only a no-show" in refused.value.en
    assert walk_in["number"] == "A001" and later["number"] == "A002"

    act(store, w2, "noshow", ticket_id=booked["ticket_id"])
    clock.advance(days=1)
    with pytest.raises(UnknownInHall) as unknown:  # yesterday's no-show: today's queue only
        act(store, w2, "requeue", number="Y001")
    assert "当天" in unknown.value.zh and "own day only" in unknown.value.en


def test_the_machine_puts_a_missed_appointment_ticket_back_and_refuses_a_served_one(
    platform: Platform, clock: Clock
) -> None:
    store, hall = platform.store, platform.hall
    open_every_day(store, hall)
    w2 = enrol_window(store, hall, "W2")
    appointment = arrivals.create_appointment(
        store,
        hall,
        ENDORSEMENT,
        id_number=ID_NUMBER,
        name=NAME,
        at=datetime.combine(DAY_ONE, time(9, 30)),
        now=clock.now,
    )["arrival_id"]
    first = tickets.issue_ticket(store, hall, None, appointment)
    act(store, w2, "noshow", ticket_id=act(store, w2, "call")["ticket_id"])
    card_read = tickets.issue_for_appointment(store, w2, uuid.uuid4().hex, appointment)
    assert (card_read["status"], card_read["ticket"]["state"]) == ("repeated", "no_show")

    again = tickets.issue_ticket(store, hall, None, appointment)
    assert (again["ticket_id"], again["number"], again["state"]) == (
        first["ticket_id"],
        "Y001",
        "waiting",
    )
    ticket_id = act(store, w2, "call")["ticket_id"]
    act(store, w2, "start", ticket_id=ticket_id)
    act(store, w2, "close", ticket_id=ticket_id)
    with pytest.raises(OperatorError) as refused:
        tickets.issue_ticket(store, hall, None, appointment)
    assert "Y001 已办结" in refused.value.zh and "normal ticket" in refused.value.en


def test_a_redirected_visit_keeps_its_place_and_is_no_second_wait(
    platform: Platform, clock: Clock
) -> None:
    store, hall = platform.store, platform.hall
    w2, w3 = enrol_window(store, hall, "W2"), enrol_window(store, hall, "W3")
    for _ in range(3):
        tickets.issue_ticket(store, hall, None, None)
    clock.advance(minutes=5)
    first = act(store, w2, "call")
    clock.advance(minutes=1)
    act(store, w2, "start", ticket_id=first["ticket_id"])
    clock.advance(minutes=4)
    act(store, w2, "redirect", ticket_id=first["ticket_id"], to_window="W3")
    clock.advance(minutes=3)
    at_w3 = act(store, w3, "call")
    assert at_w3["number"] == "A001"  # called next at W3, before A002 and A003
    assert [v["wait_seconds"] for v in at_w3["visits"]] == [300, None]
    visits = tickets.ticket_visits(store, hall, DAY_ONE)
    assert [(v["window"], v["wait_seconds"]) for v in visits if v["number"] == "A001"] == [
        ("W2", 300),
        ("W3", None),
    ]


def test_a_pre_application_gets_no_priority_ticket(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    created = run_cli(
        "preapp", "create", "--hall", platform.hall, "--item", ENDORSEMENT,
        "--id-number", ID_NUMBER, "--name", NAME, *platform.db, "--json",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    preapp_id = created.json()["arrival_id"]
    refused = run_cli(
        "ticket", "issue", "--hall", platform.hall, "--appointment", preapp_id, *platform.db
    )
    assert refused.returncode != 0
    assert "网上预申报，不是预约" in refused.stderr and "普通号" in refused.stderr
    assert "issue the applicant a normal ticket" in refused.stderr.lower()
    listed = run_cli("tickets", "--hall", platform.hall, "--json", *platform.db).json()
    assert listed["visits"] == []
