"""爽约: once an appointment's hall day is over, the platform records it as ``no_show``
unless its holder got a ticket (kept) or cancelled it - by ``record_no_shows`` and the
command, on SQLite and PostgreSQL, and by the serving platform itself at start. The hall
scripts' names of an arrival (``appointment_id``, ``number``, ``preapp_id``,
CONTRACTS.md) come with every arrival the commands print."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from central.errors import OperatorError
from central.store import CentralStore, arrivals, open_store, publishing, tickets
from counter_app.domain.hall_time import hall_today
from counter_app.identity.samples import gb11643
from counter_app.store.catalog import bundled_catalog
from tests.central.booking_times import morning_of
from tests.central.conftest import STORES, CliRun, new_store_url, unique_hall
from tests.central.enrolled import enrol_window
from tests.central.open_halls import open_every_day
from tests.central.server_fixture import start_central
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME, RESIDENCE_FIRST
from tests.waiting import wait_until

pytestmark = pytest.mark.integration


@dataclass
class QuietStore:
    """A platform store no serving platform sweeps meanwhile, with the bundled catalog."""

    store: CentralStore
    args: list[str]  # the commands' --db and --key-file


@pytest.fixture(params=STORES)
def quiet(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[QuietStore]:
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    key = tmp_path / "central.key"
    store = open_store(url, key)
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    yield QuietStore(store, ["--db", url, "--key-file", str(key)])
    store.close()


def open_hall(store: CentralStore) -> str:
    """A new hall, open every day: the tests book days around today, whatever day it is."""
    hall = unique_hall()
    open_every_day(store, hall)
    return hall


def holder(serial: int) -> str:
    """The ID number of another holder (``holder(1)`` is the tray's card): a holder books
    an item once a day at a hall."""
    return gb11643(f"310104195803120{serial:02d}")


def book(store: CentralStore, hall: str, day: date, id_number: str = ID_NUMBER) -> str:
    booked = arrivals.create_appointment(
        store,
        hall,
        ENDORSEMENT,
        id_number=id_number,
        name=NAME,
        at=datetime.combine(day, time(9, 30)),
        now=morning_of(day),
    )
    return str(booked["arrival_id"])


def state_of(store: CentralStore, arrival_id: str) -> str:
    return str(arrivals.arrival(store, arrival_id)["state"])


def on_its_day(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """The ticket machine runs on ``day``: an appointment gets its priority ticket only on
    its own day."""
    monkeypatch.setattr("central.store.tickets.hall_today", lambda now=None: day)


def test_an_appointment_nobody_came_for_is_a_no_show_once_its_day_is_over(
    quiet: QuietStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_store = quiet.store
    hall, today = open_hall(quiet_store), date(2026, 12, 7)
    yesterday = today - timedelta(days=1)
    missed, earlier = (
        book(quiet_store, hall, yesterday),
        book(quiet_store, hall, yesterday - timedelta(days=3)),
    )
    kept = book(quiet_store, hall, yesterday, holder(2))
    cancelled = book(quiet_store, hall, yesterday, holder(3))
    expected = book(quiet_store, hall, today)
    with monkeypatch.context() as then:
        on_its_day(then, yesterday)
        tickets.issue_ticket(quiet_store, hall, None, kept)
    arrivals.end_appointment(quiet_store, cancelled, "cancelled", now=morning_of(yesterday))

    marked = arrivals.record_no_shows(quiet_store, today)

    assert [(item["arrival_id"], item["state"], item["revision"]) for item in marked] == [
        (earlier, "no_show", 2),
        (missed, "no_show", 2),
    ]
    assert [state_of(quiet_store, a) for a in (kept, cancelled, expected)] == [
        "booked",
        "cancelled",
        "booked",
    ]
    assert arrivals.record_no_shows(quiet_store, today) == []  # marked once
    page, _ = arrivals.read_arrivals(quiet_store, hall, 0, 100, first=yesterday, until=yesterday)
    assert [
        (row.item["arrival_id"], row.item["state"])
        for row in page
        if row.item["state"] == "no_show"
    ] == [(missed, "no_show")]


def test_the_command_records_no_shows_and_names_arrivals_as_hall_scripts_do(
    quiet: QuietStore, run_cli: Callable[..., CliRun]
) -> None:
    hall, yesterday = open_hall(quiet.store), hall_today() - timedelta(days=1)
    tomorrow = hall_today() + timedelta(days=1)
    enrol_window(quiet.store, hall)
    missed = book(quiet.store, hall, yesterday)  # booked on its day: the slot has passed now
    db = quiet.args
    created = run_cli(
        "appointment", "create", "--hall", hall, "--item", ENDORSEMENT, "--id-number", ID_NUMBER,
        "--at", f"{tomorrow}T10:00", *db, "--json",
    ).json()  # fmt: skip
    assert created["appointment_id"] == created["arrival_id"]
    assert created["number"] == created["appointment_no"] == f"A{tomorrow:%m%d}001"
    preapp = run_cli(
        "preapp", "create", "--hall", hall, "--item", RESIDENCE_FIRST, "--id-number", ID_NUMBER,
        "--name", NAME, *db, "--json",
    ).json()  # fmt: skip
    assert preapp["preapp_id"] == preapp["arrival_id"] and "appointment_id" not in preapp

    recorded = run_cli("appointment", "no-shows", *db, "--json")
    assert recorded.returncode == 0, recorded.stderr
    (no_show,) = recorded.json()["no_shows"]
    assert (no_show["appointment_id"], no_show["state"]) == (missed, "no_show")
    shown = run_cli("appointment", "show", missed, *db, "--json").json()
    assert (shown["number"], shown["state"]) == (f"A{yesterday:%m%d}001", "no_show")
    again = run_cli("appointment", "no-shows", *db)
    assert again.returncode == 0 and "0 marked no_show" in again.stdout


def test_the_serving_platform_records_no_shows_itself(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "central.sqlite3"))
    try:
        document = bundled_catalog()
        publishing.publish_document(store, "catalog", document, int(document["version"]))
        missed = book(store, open_hall(store), hall_today() - timedelta(days=1))
        central = start_central(tmp_path)
        try:
            wait_until(lambda: state_of(store, missed) == "no_show", "the platform's sweep")
            wait_until(
                lambda: "1 appointment(s) marked no_show" in central.log_path.read_text("utf-8"),
                "the sweep's log line",
            )
        finally:
            central.stop()
    finally:
        store.close()


def test_the_same_day_of_a_later_year_gets_the_next_number(quiet: QuietStore) -> None:
    hall = open_hall(quiet.store)
    numbers = [
        arrivals.create_appointment(
            quiet.store,
            hall,
            ENDORSEMENT,
            id_number=holder(serial),
            name=NAME,
            at=datetime(year, 12, 20, 10),
            now=morning_of(date(year, 12, 20)),
        )["appointment_no"]
        for year, serial in ((2026, 1), (2027, 1), (2027, 2))
    ]
    assert numbers == ["A1220001", "A1220002", "A1220003"]


def test_a_no_show_is_refused_before_its_day_is_over_or_once_its_holder_got_a_ticket(
    quiet: QuietStore, run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's no-show follows the sweeper's rule: a holder may still come today, and
    one who got a ticket came; a past day's appointment nobody came for is a no-show."""
    hall, today = open_hall(quiet.store), hall_today()
    enrol_window(quiet.store, hall)
    yesterday = today - timedelta(days=1)
    kept, missed = book(quiet.store, hall, yesterday), book(quiet.store, hall, yesterday, holder(2))
    expected = book(quiet.store, hall, today)
    with monkeypatch.context() as then:
        on_its_day(then, yesterday)
        ticket = tickets.issue_ticket(quiet.store, hall, None, kept)

    early = run_cli("appointment", "no-show", expected, *quiet.args)
    assert early.returncode == 1
    assert "还没有过去" in early.stderr and "not over yet" in early.stderr
    came = run_cli("appointment", "no-show", kept, *quiet.args)
    assert came.returncode == 1
    assert ticket["number"] in came.stderr and "was kept" in came.stderr
    assert [state_of(quiet.store, a) for a in (kept, expected)] == ["booked", "booked"]

    marked = run_cli("appointment", "no-show", missed, *quiet.args, "--json")
    assert marked.returncode == 0, marked.stderr
    assert marked.json()["state"] == state_of(quiet.store, missed) == "no_show"


def test_an_appointment_holders_ticket_is_for_the_booked_item(quiet: QuietStore) -> None:
    """The ticket machine given an appointment issues it for the appointment's item, so the
    per-item waits count its holder; another item for it is refused."""
    hall = open_hall(quiet.store)
    booked = book(quiet.store, hall, hall_today())
    with pytest.raises(OperatorError) as refused:
        tickets.issue_ticket(quiet.store, hall, RESIDENCE_FIRST, booked)
    assert ENDORSEMENT in refused.value.zh and RESIDENCE_FIRST in refused.value.en
    ticket = tickets.issue_ticket(quiet.store, hall, None, booked)
    assert (ticket["priority"], ticket["item_code"]) == (True, ENDORSEMENT)
    (visit,) = tickets.ticket_visits(quiet.store, hall)
    assert (visit["number"], visit["item_code"]) == ("Y001", ENDORSEMENT)
