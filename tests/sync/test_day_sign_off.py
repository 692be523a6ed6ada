"""End-of-day sign-offs reach a real platform at the next sync, exactly once: the platform
keeps the day's figures for the device's hall and window, flagged windows and
unacknowledged cases included; a sign-off sent again after a lost answer is a duplicate."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import date

import pytest

from central.store import day_sign_offs
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.services.end_of_day import checked_day_report
from counter_app.store import payment_writes
from counter_app.store.database import Store
from counter_app.store.end_of_day import sign_offs_of
from printing.day_report import sign_off_and_archive
from tests.central.server_fixture import RunningCentral
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 27)  # the seeded cases' day


def platform_sign_offs(central: RunningCentral) -> list[dict]:
    store = open_central_store(central.db)
    try:
        return day_sign_offs.day_sign_offs(store, HALL)
    finally:
        store.close()


def sign_off(home: Home, store: Store) -> str:
    accounts = Accounts(store)
    accounts.add_user("super01", "correct-horse-9", "supervisor")
    supervisor = accounts.authenticate("super01", "correct-horse-9")
    signed, _ = sign_off_and_archive(store, home, checked_day_report(store, DAY), supervisor, "zh")
    return signed.sign_off_id


def test_sign_off_is_delivered_at_the_next_sync_exactly_once(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    cases = seed_cases(sync_store, 2, hall=HALL)
    with sync_store.transaction() as db:  # one owes a fee of 20.00 yuan
        payment_writes.record_payment_due(
            db, case_id=cases[0].case_id, fee_cents=2000, reference=f"JF-{cases[0].case_no}"
        )
    # Signed off offline, before the day's cases went out: flagged, unreconciled.
    sign_off_id = sign_off(home, sync_store)
    assert platform_sign_offs(central) == []
    # Still offline at the next run (nothing listens there): the sign-off stays queued.
    offline = replace(enrolled, sync=replace(enrolled.sync, url=dead_address()))
    summary = make_engine(home, offline, sync_store, run_retries=0).run_once()
    assert (summary.reachable, summary.day_sign_offs) == (False, 0)
    ((_, delivered_at),) = sign_offs_of(sync_store, DAY)
    assert delivered_at is None

    summary = make_engine(home, enrolled, sync_store).run_once()
    assert (summary.pushed, summary.day_sign_offs) == (2, 1)
    (kept,) = platform_sign_offs(central)
    assert (kept["sign_off_id"], kept["hall"], kept["window"], kept["day"]) == (
        sign_off_id,
        HALL,
        "W01",
        "2026-11-27",
    )
    assert (kept["signed_by"], kept["reconciled"]) == ("super01", False)
    assert kept["flagged_windows"] == ["W01"]
    assert sorted(kept["unacknowledged"]) == sorted(c.case_no for c in cases)
    (w01,) = kept["windows"]
    assert (w01["window_code"], w01["accepted"], w01["unsynced"]) == ("W01", 2, 2)
    assert (w01["fees_recorded"], w01["fees_unpaid_cents"], w01["fees_paid"]) == (1, 2000, 0)
    ((_, delivered_at),) = sign_offs_of(sync_store, DAY)
    assert delivered_at is not None

    # Nothing more to deliver on the next run.
    assert make_engine(home, enrolled, sync_store).run_once().day_sign_offs == 0
    # The answer lost after the platform stored it (the row never marked delivered): sent
    # again with the same id, kept once.
    with sync_store.transaction() as db:
        db.execute("UPDATE day_sign_offs SET delivered_at = NULL")
    assert make_engine(home, enrolled, sync_store).run_once().day_sign_offs == 1
    assert [s["sign_off_id"] for s in platform_sign_offs(central)] == [sign_off_id]

    # Signed off again once the backlog went through: reconciled, a second sign-off kept.
    second = sign_off_again(home, sync_store)
    make_engine(home, enrolled, sync_store).run_once()
    kept_now = {s["sign_off_id"]: s for s in platform_sign_offs(central)}
    assert set(kept_now) == {sign_off_id, second}
    assert (kept_now[second]["reconciled"], kept_now[second]["unacknowledged"]) == (True, [])
    assert kept_now[second]["flagged_windows"] == []


def dead_address() -> str:
    """An address of this machine where nothing listens (a port just freed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def sign_off_again(home: Home, store: Store) -> str:
    supervisor = Accounts(store).authenticate("super01", "correct-horse-9")
    signed, _ = sign_off_and_archive(store, home, checked_day_report(store, DAY), supervisor, "zh")
    return signed.sign_off_id
