"""``counter-central evaluations`` on a store of a whole city: the hall, the day of an online
rating and ``--limit`` are chosen in SQL, and only the cases behind the rows printed are
opened (decrypted); a hall rating keeps its time sealed, so ``--day`` opens the cases the
store cannot rule out: those taken by the day's end and stored again since it began. The
rows are the ones the whole listing filtered would give. On SQLite and PostgreSQL; asserted
on the decryptions the store runs, not on time."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, tracking
from central.store.evaluations import EvaluationChoice, chosen_evaluations
from counter_app.domain.hall_time import hall_time_text
from counter_app.domain.tracking import token_digest
from tests.central.conftest import push_ok, tracked_case, unique_hall
from tests.central.evaluation_rows import every_evaluation
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

LONG_AGO = date(2026, 11, 20)  # the day the first case was taken and rated
NEVER = date(2030, 1, 1)  # no rating that day


def _hall_rating(level: int, at: str) -> dict[str, Any]:
    return {
        "channel": "hall_evaluator",
        "level": level,
        "declined": False,
        "reason_code": "other" if level <= 2 else None,
        "reason": None,
        "window": "W1",
        "clerk": "sim",
        "at": at,
    }


def _followup(at: str) -> dict[str, Any]:
    """A follow-up opened at ``at`` whose limits all passed long ago, nothing recorded."""
    return {
        "opened_at": at,
        "due_contact": "2026-11-21",
        "due_settle": "2026-11-27",
        "due_rectify": "2026-12-01",
        "steps": [],
    }


@pytest.fixture
def rated(enrol: Callable[..., SimulatedDevice], store: CentralStore) -> tuple[str, dict[str, str]]:
    """A hall's cases (their numbers by name): ``old_bad`` taken and rated 1 at the hall on
    ``LONG_AGO`` (overdue), ``good`` rated 5 at the hall, ``online`` rated 2 on its progress
    page only, ``both`` rated 4 at the hall and 2 online, ``unrated``; and a case of another
    hall, rated."""
    hall = unique_hall()
    device, stranger = enrol(hall, "W1"), enrol()
    old_at = "2026-11-20T02:00:00.000000Z"
    numbers: dict[str, str] = {}
    for name, changes in (
        (
            "old_bad",
            {
                "received_at": "2026-11-20T01:00:00.000000Z",
                "accepted_at": "2026-11-20T01:00:00.000000Z",
                "evaluation": _hall_rating(1, old_at),
                "evaluation_followup": _followup(old_at),
            },
        ),
        ("good", {"evaluation": _hall_rating(5, "2026-11-27T09:10:00.000000Z")}),
        ("online", {}),
        ("both", {"evaluation": _hall_rating(4, "2026-11-27T09:20:00.000000Z")}),
        ("unrated", {}),
    ):
        submission, token = tracked_case(device, **changes)
        push_ok(device, [submission])
        if name in ("online", "both"):
            assert tracking.record_online_evaluation(store, token_digest(token), 2, "waiting")
        numbers[name] = submission["case_no"]
    case_id = uuid.uuid4()
    theirs = synthetic_payload(case_id, 1, stranger.case_number(case_id)).to_json()
    theirs["evaluation"] = _hall_rating(5, "2026-11-27T09:10:00.000000Z") | {"window": "W1"}
    push_ok(stranger, [stranger.case(case_id=case_id, payload=theirs)])
    return hall, numbers


@pytest.fixture
def opened(store: CentralStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many sealed payloads the store opened since (one counter, reset by the test)."""
    counted = [0]
    sealer_open = store.sealer.open

    def opening(sealed: bytes, context: bytes) -> str:
        counted[0] += 1
        return sealer_open(sealed, context)

    monkeypatch.setattr(store.sealer, "open", opening)
    return counted


def _rows(store: CentralStore, choice: EvaluationChoice) -> tuple[list[tuple[str, str]], int]:
    chosen = chosen_evaluations(store, choice)
    return [(row["case_no"], row["channel"]) for row in chosen.rows], chosen.left_off


def test_a_limited_listing_opens_only_the_cases_it_prints(
    store: CentralStore, rated: tuple[str, dict[str, str]], opened: list[int]
) -> None:
    hall, numbers = rated
    opened[0] = 0
    rows, left_off = _rows(store, EvaluationChoice(hall, limit=2))
    both = numbers["both"]
    assert (rows, left_off) == ([(both, "hall_evaluator"), (both, "online")], 3)
    assert opened[0] == 1  # the case behind both rows, once; none of the three left off


def test_a_day_without_ratings_opens_nothing(
    store: CentralStore, rated: tuple[str, dict[str, str]], opened: list[int]
) -> None:
    hall, _ = rated
    opened[0] = 0
    assert _rows(store, EvaluationChoice(hall, day=NEVER, limit=5)) == ([], 0)
    assert _rows(store, EvaluationChoice(day=NEVER)) == ([], 0)  # every hall
    assert opened[0] == 0


def test_a_past_day_opens_only_the_cases_taken_by_its_end(
    store: CentralStore, rated: tuple[str, dict[str, str]], opened: list[int]
) -> None:
    hall, numbers = rated
    opened[0] = 0
    assert _rows(store, EvaluationChoice(hall, day=LONG_AGO, limit=5)) == (
        [(numbers["old_bad"], "hall_evaluator")],
        0,
    )
    assert opened[0] == 1


def test_online_ratings_of_the_day_beyond_the_limit_are_counted_unopened(
    store: CentralStore, rated: tuple[str, dict[str, str]], opened: list[int]
) -> None:
    hall, numbers = rated
    (rating,) = [r for r in every_evaluation(store, hall) if r["case_no"] == numbers["online"]]
    today = date.fromisoformat(hall_time_text(rating["at"])[:10])
    opened[0] = 0
    rows, left_off = _rows(store, EvaluationChoice(hall, day=today, limit=1))
    assert (rows, left_off) == ([(numbers["both"], "online")], 1)
    # both (listed), then good and old_bad: taken by the day's end and stored since it began,
    # their hall ratings might be of the day; never online's, whose rating SQL counted.
    assert opened[0] == 3


def test_overdue_opens_only_the_bad_ratings(
    store: CentralStore, rated: tuple[str, dict[str, str]], opened: list[int]
) -> None:
    hall, numbers = rated
    opened[0] = 0
    rows, _ = _rows(store, EvaluationChoice(hall, overdue=True))
    assert rows == [(numbers["old_bad"], "hall_evaluator")]  # the online ones: no follow-up
    assert opened[0] == 3  # old_bad, and the online bad ratings of online and both


@pytest.mark.parametrize("limit", [None, 1, 2, 10])
@pytest.mark.parametrize("overdue", [False, True])
def test_the_rows_chosen_are_those_of_the_whole_listing(
    store: CentralStore, rated: tuple[str, dict[str, str]], limit: int | None, overdue: bool
) -> None:
    hall, _ = rated
    every = every_evaluation(store, hall)
    today = hall_time_text(next(r["at"] for r in every if r["channel"] == "online"))[:10]
    for day in (None, LONG_AGO, date.fromisoformat(today), NEVER):
        wanted = [
            (row["case_no"], row["channel"])
            for row in every
            if (day is None or hall_time_text(row["at"])[:10] == day.isoformat())
            and (not overdue or (row["followup"] and row["followup"]["overdue"]))
        ]
        left_off = max(0, len(wanted) - limit) if limit is not None else 0
        choice = EvaluationChoice(hall, day, overdue, limit)
        assert _rows(store, choice) == (wanted[left_off:], left_off), choice


def test_the_command_prints_the_newest_ratings_of_the_day_asked_for(
    central: RunningCentral, rated: tuple[str, dict[str, str]]
) -> None:
    hall, numbers = rated
    listed = central.cli("evaluations", "--hall", hall, "--limit", "1", "--json")
    assert [(r["case_no"], r["channel"]) for r in listed["evaluations"]] == [
        (numbers["both"], "online")
    ]
    assert listed["left_off"] == 4
    day = ("--day", LONG_AGO.isoformat(), "--limit", "3", "--json")
    on_day = central.cli("evaluations", "--hall", hall, *day)
    assert ([r["case_no"] for r in on_day["evaluations"]], on_day["left_off"]) == (
        [numbers["old_bad"]],
        0,
    )
