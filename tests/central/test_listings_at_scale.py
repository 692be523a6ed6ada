"""The operator's listings on a store of a whole city: ``counter-central cases`` and
``routed`` choose and limit their rows in SQL and open (decrypt) only the cases they list,
one page per transaction; ``conflicts`` reads when the window took only its own cases.
Asserted on the decryptions, transactions and statements the store runs, not on time."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import CentralStore, Device, case_days, push
from central.store import cases as case_store
from central.store import devices as device_register
from central.store import progress as case_progress
from counter_app.domain.case_states import CaseState
from counter_app.domain.hall_time import hall_today
from sync.wire.case_push import CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import CliRun, Platform, tracked_case


@dataclass
class StoreWork:
    """What a store did: payloads opened, read transactions begun, statements run."""

    opened: int = 0
    snapshots: int = 0
    statements: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)


@pytest.fixture
def work(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> StoreWork:
    store, counted = platform.store, StoreWork()
    sealer_open, snapshot, execute = store.sealer.open, store.snapshot, store._exec

    def opening(sealed: bytes, context: bytes) -> str:
        counted.opened += 1
        return sealer_open(sealed, context)

    def beginning() -> Any:
        counted.snapshots += 1
        return snapshot()

    def running(cur: Any, statement: str, params: Any = ()) -> Any:
        counted.statements.append((statement, tuple(params)))
        return execute(cur, statement, params)

    monkeypatch.setattr(store.sealer, "open", opening)
    monkeypatch.setattr(store, "snapshot", beginning)
    monkeypatch.setattr(store, "_exec", running)
    return counted


def _window(store: CentralStore, hall: str) -> tuple[Device, SimulatedDevice]:
    code, _ = device_register.create_enroll_code(store, hall, "W05", 60)
    device = device_register.enroll(
        store, code, public_key_b64(Ed25519PrivateKey.generate()), "scale", ["S1"]
    )
    numbering = SimulatedDevice(
        "http://127.0.0.1:9", device.device_id, device.hall, device.window, number_device="S1"
    )
    return device, numbering


def _pushed(store: CentralStore, device: Device, submissions: list[dict[str, Any]]) -> None:
    for submission in submissions:
        case = CaseSubmission.model_validate(submission)
        push.push_batch(store, device, new_nonce(), [case])


def _cases(platform: Platform, count: int) -> list[str]:
    """``count`` cases pushed one by one by a window of the platform's hall: their numbers."""
    device, numbering = _window(platform.store, platform.hall)
    submissions = [numbering.case(case_id=uuid.uuid4()) for _ in range(count)]
    _pushed(platform.store, device, submissions)
    return [s["case_no"] for s in submissions]


def test_a_limited_listing_opens_only_the_cases_it_lists(
    platform: Platform, work: StoreWork
) -> None:
    numbers = _cases(platform, 7)
    work.opened = 0

    chosen = case_store.chosen_cases(
        platform.store, case_store.CaseChoice(hall=platform.hall, limit=2)
    )
    listed = list(chosen)

    assert [row["case_no"] for row in listed] == numbers[-2:]  # the newest, oldest first
    assert chosen.left_off == 5
    assert work.opened == 2  # one decryption per case listed, none for the five left off
    assert {row["state"] for row in listed} == {CaseState.ACCEPTED.value}


def test_every_case_is_read_a_bounded_page_per_transaction(
    platform: Platform, work: StoreWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = _cases(platform, 5)
    monkeypatch.setattr(case_store, "PAGE_SIZE", 2)
    work.snapshots = work.opened = 0

    listed = list(case_store.chosen_cases(platform.store, case_store.CaseChoice(platform.hall)))

    assert [row["case_no"] for row in listed] == numbers
    assert work.snapshots == 3  # pages of 2, 2 and 1, each its own transaction
    assert work.opened == 5


def test_day_and_bundle_are_chosen_in_the_store(platform: Platform, work: StoreWork) -> None:
    numbers = _cases(platform, 3)
    taken = {
        row["case_no"]: hall_today(datetime.fromisoformat(row["taken_at"]))
        for row in case_store.chosen_cases(
            platform.store, case_store.CaseChoice(hall=platform.hall)
        )
    }
    day = taken[numbers[-1]]
    work.opened = 0

    on_day = list(
        case_store.chosen_cases(platform.store, case_store.CaseChoice(platform.hall, day=day))
    )
    assert [row["case_no"] for row in on_day] == [n for n in numbers if taken[n] == day]
    assert work.opened == len(on_day)
    unknown = case_store.CaseChoice(platform.hall, bundle=str(uuid.uuid4()))
    assert list(case_store.chosen_cases(platform.store, unknown)) == []


def test_the_cases_command_prints_the_newest_rows_it_was_asked_for(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    numbers = _cases(platform, 4)
    text = run_cli("cases", "--hall", platform.hall, *platform.db, "--limit", "3")
    heading, *lines = text.stdout.splitlines()
    assert heading.startswith("办件编号")
    assert [line.split("\t")[0] for line in lines] == numbers[1:]
    assert "另有更早的 1 行未列出" in text.stderr


def test_conflicts_read_when_only_their_own_cases_were_taken(
    platform: Platform, work: StoreWork
) -> None:
    _cases(platform, 4)
    (one, *_others) = list(
        case_store.chosen_cases(platform.store, case_store.CaseChoice(hall=platform.hall))
    )
    work.statements.clear()

    (row,) = case_days.with_taken_at(platform.store, [dict(one)])

    assert row["taken_at"] == one["taken_at"]
    summaries = [p for s, p in work.statements if "case_summaries" in s]
    assert summaries == [(one["case_id"],)]  # the listed case's, not the hall's nor the city's


@pytest.fixture
def routed(platform: Platform) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Four cases routed to a department, one of them since taken in process by it."""
    department = f"D-{platform.hall}"
    device, numbering = _window(platform.store, platform.hall)
    submissions = [tracked_case(numbering, department=department)[0] for _ in range(4)]
    _pushed(platform.store, device, submissions)
    case_progress.record_progress(
        platform.store, submissions[1]["case_no"], "in_process", "", department=department
    )
    yield department, submissions


def test_routed_chooses_state_day_and_limit_in_the_store(
    platform: Platform, work: StoreWork, routed: tuple[str, list[dict[str, Any]]]
) -> None:
    department, submissions = routed
    numbers = [s["case_no"] for s in submissions]
    work.opened = 0

    rows, left_off = case_progress.routed_cases(
        platform.store, case_progress.RoutedChoice(department, limit=2)
    )
    assert ([r["case_no"] for r in rows], left_off) == (numbers[2:], 2)
    assert work.opened == 2

    rows, left_off = case_progress.routed_cases(
        platform.store, case_progress.RoutedChoice(department, state=CaseState.IN_PROCESS)
    )
    assert ([(r["case_no"], r["state"]) for r in rows], left_off) == (
        [(numbers[1], "in_process")],
        0,
    )
    everything, _ = case_progress.routed_cases(
        platform.store, case_progress.RoutedChoice(department)
    )
    days = {r["case_no"]: hall_today(datetime.fromisoformat(r["routed_at"])) for r in everything}
    last = days[numbers[-1]]
    for choice in (
        case_progress.RoutedChoice(department, day=last),
        case_progress.RoutedChoice(department, since=last),
    ):
        rows, _ = case_progress.routed_cases(platform.store, choice)
        assert [r["case_no"] for r in rows] == [n for n in numbers if days[n] >= last]
    after = case_progress.RoutedChoice(department, since=last + timedelta(days=1))
    assert case_progress.routed_cases(platform.store, after) == ([], 0)


def test_routed_says_how_many_more_there_are(
    platform: Platform,
    run_cli: Callable[..., CliRun],
    routed: tuple[str, list[dict[str, Any]]],
) -> None:
    department, submissions = routed
    listing = ("routed", "--department", department, *platform.db)

    limited = run_cli(*listing, "--limit", "3", "--json").json()
    assert [r["case_no"] for r in limited["cases"]] == [s["case_no"] for s in submissions[1:]]
    assert limited["left_off"] == 1
    text = run_cli(*listing, "--limit", "1", "--state", "accepted")
    assert len(text.stdout.splitlines()) == 2  # the heading and the newest accepted case
    assert "另有更早的 2 件未列出（--limit 1）" in text.stderr


def test_routed_json_lists_every_case_unless_asked_for_fewer(
    platform: Platform,
    run_cli: Callable[..., CliRun],
    routed: tuple[str, list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A person reads the newest ``ROUTED_LIMIT`` (made 2 here); a department's script
    reading ``--json`` still gets every case, as before the limit."""
    department, submissions = routed
    monkeypatch.setattr(case_progress, "ROUTED_LIMIT", 2)
    listing = ("routed", "--department", department, *platform.db)

    every = run_cli(*listing, "--json").json()
    assert [r["case_no"] for r in every["cases"]] == [s["case_no"] for s in submissions]
    assert every["left_off"] == 0
    text = run_cli(*listing)
    assert len(text.stdout.splitlines()) == 3  # the heading and the newest two
    assert "另有更早的 2 件未列出（--limit 2）" in text.stderr
