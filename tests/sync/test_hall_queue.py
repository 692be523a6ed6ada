"""The hall queue through a real platform: the cases a second window of the same hall synced
arrive in this workstation's queue with the feeds, merged with its own unsynced cases; and
``counter-app queue`` shows them (``--hall``), or only the platform's refusals with what to
do (``--problems``)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration


def queue(cli: Callable[..., CliResult], *args: str) -> list[dict]:
    result = cli("--lang", "en", "queue", *args, "--json")
    assert result.returncode == 0, result.stderr
    cases: list[dict] = json.loads(result.stdout)["cases"]
    return cases


def test_another_windows_cases_arrive_in_the_queue_with_the_feeds(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    home2, config2, store2 = second_window
    theirs = seed_cases(store2, 2, hall=HALL, window="W02")
    assert make_engine(home2, config2, store2).run_once().pushed == 2
    synced = seed_cases(sync_store, 1, hall=HALL)
    make_engine(home, enrolled, sync_store).run_once()
    waiting = seed_cases(sync_store, 1, hall=HALL, start=1)  # taken after the sync: pending

    hall = {case["case_no"]: case for case in queue(cli, "--hall")}
    assert set(hall) == {c.case_no for c in [*theirs, *synced, *waiting]}
    for case in theirs:
        assert hall[case.case_no] | {"received_at": None} == {
            "case_id": case.case_id,
            "case_no": case.case_no,
            "window_code": "W02",
            "clerk": "clerk1",  # as in the version the platform holds
            "item_code": "310101-HJ-001",
            "item_name": "模拟事项",
            "state": "accepted",
            "sync_state": "synced",
            "received_at": None,
            "accepted_at": "2026-11-27T02:00:00.000000Z",  # backlog.SEEDED_AT
            "promised_date": "2026-12-08",
            "days_left": hall[case.case_no]["days_left"],
            "flags": hall[case.case_no]["flags"],
            "local": False,
            "problem": None,
            "review": "received",
            "review_refused": None,  # no review the platform refused for good
            "bundle_id": None,  # decided alone, not in a 一件事
            "bundle_name": None,
        }
    assert hall[synced[0].case_no]["sync_state"] == "synced"
    assert hall[synced[0].case_no]["local"] is True
    mine = hall[waiting[0].case_no]
    assert (mine["sync_state"], mine["window_code"], mine["clerk"]) == ("pending", "W01", "clerk1")
    text = json.dumps(hall, ensure_ascii=False)
    assert "𠮷祥" not in text and waiting[0].id_number not in text

    # Without --hall: this window's cases only.
    assert {c["case_no"] for c in queue(cli)} == {synced[0].case_no, waiting[0].case_no}
    # Searches and filters.
    assert [c["case_no"] for c in queue(cli, "--hall", "--search", theirs[0].case_no)] == [
        theirs[0].case_no
    ]
    assert {c["case_no"] for c in queue(cli, "--window", "W02")} == {c.case_no for c in theirs}


def test_problems_lists_the_platforms_refusals_with_what_to_do(
    cli: Callable[..., CliResult], home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 1, hall=HALL)
    # The platform refuses cases of a hall this workstation is not enrolled for.
    (foreign,) = seed_cases(sync_store, 1, hall="310105-OTHER", start=50)
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert (summary.pushed, summary.rejected) == (1, 1)

    (problem,) = queue(cli, "--problems", "--window", "W01")
    assert (problem["case_no"], problem["sync_state"]) == (foreign.case_no, "rejected")
    assert problem["problem"]["status"] == "rejected"
    assert problem["problem"]["reason"] == "wrong_hall"
    assert "not from this device's hall" in problem["problem"]["message_en"]
    assert "ask IT" in problem["problem"]["todo_en"]
    assert "sync requeue" in problem["problem"]["todo_en"]

    human = cli("--lang", "en", "queue", "--problems", "--hall")
    assert human.returncode == 0, human.stderr
    assert foreign.case_no in human.stdout and "ask IT" in human.stdout
    line = next(x for x in human.stdout.splitlines() if x.startswith(foreign.case_no))
    assert "Rejected, to resolve" in line  # the sync state in words, as the window says it
