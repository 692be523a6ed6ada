"""kill -9 of the platform in the middle of batches: after a restart each batch is in the
store completely or not at all, and resending gives the right per-case results.

The kill comes when the platform says it holds a batch written but not committed (its
fault-injection pause, ``central.fault_injection``), so every round kills a batch in flight
whatever the machine's speed; the round pauses the 1st, 2nd or 3rd batch it writes, so
batches before the paused one commit (SQLite) or race it (PostgreSQL)."""

from __future__ import annotations

import os
import random
import subprocess
import threading
from pathlib import Path

import pytest
import requests

from central.fault_injection import ENV_PAUSE_BATCH
from central.simulator import SimulatedDevice
from central.store import cases as case_store
from central.store import open_store
from tests.central.conftest import STORES, new_store_url
from tests.central.server_fixture import CENTRAL, LOCAL_PORT_0, RunningCentral, start_central
from tests.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROUNDS = 3
BATCHES_PER_ROUND = 3
CASES_PER_BATCH = 200
PAUSED = "fault injection: batch"


def push_in_background(device: SimulatedDevice, batch: list[dict], answers: dict, key: int):
    def run() -> None:
        try:
            answers[key] = device.push(batch)
        except requests.RequestException as exc:  # the platform died mid-request
            answers[key] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("kind", STORES)
def test_kill9_mid_batch_is_all_or_nothing(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    rng = random.Random(20261127)
    central: RunningCentral = start_central(tmp_path, new_store_url(kind, tmp_path, request))
    try:
        device = SimulatedDevice(central.url, timeout=60)
        assert device.enroll(central.enroll_code("HK", "W1")).status_code == 200
        central.stop()
        sent: list[list[dict]] = []
        rounds_in_flight = 0
        for round_no in range(ROUNDS):
            pause_at = round_no % BATCHES_PER_ROUND + 1
            central = start_central(
                tmp_path,
                central.db,
                key_file=central.key_file,
                env={ENV_PAUSE_BATCH: str(pause_at)},
            )
            device.base_url = central.url
            device.session = requests.Session()
            batches = [
                [device.case() for _ in range(CASES_PER_BATCH)] for _ in range(BATCHES_PER_ROUND)
            ]
            answers: dict[int, object] = {}
            threads = [push_in_background(device, b, answers, i) for i, b in enumerate(batches)]
            log = central.log_path
            wait_until(lambda: PAUSED in log.read_text(errors="replace"), "a batch paused")
            central.kill9()
            for thread in threads:
                thread.join(timeout=60)
            central = start_central(tmp_path, central.db, key_file=central.key_file)
            device.base_url = central.url
            device.session = requests.Session()

            with_store = open_store(central.db, central.key_file)
            try:
                held = {
                    c["case_id"]
                    for c in case_store.chosen_cases(with_store, case_store.CaseChoice(hall="HK"))
                }
            finally:
                with_store.close()
            absent = 0
            for i, batch in enumerate(batches):
                present = sum(c["case_id"] in held for c in batch)
                assert present in (0, len(batch)), f"batch {i}: {present} of {len(batch)} stored"
                absent += present == 0
                answer = answers.get(i)
                if isinstance(answer, requests.Response) and answer.status_code == 200:
                    assert present == len(batch)  # answered means committed
            # The paused batch was written in full, never committed, never answered.
            unanswered = sum(not isinstance(a, requests.Response) for a in answers.values())
            rounds_in_flight += absent >= 1 and unanswered >= 1
            if kind == "sqlite":  # one writer: the batches before the paused one committed
                assert BATCHES_PER_ROUND - absent == pause_at - 1, (pause_at, absent)
            sent += batches

            # The client resends everything it has no answer for (here: everything).
            for i, batch in enumerate(batches):
                results = device.push(batch).json()["results"]
                statuses = {r["status"] for r in results}
                assert statuses <= {"stored", "duplicate"}, statuses
                was_held = batch[0]["case_id"] in held
                assert statuses == ({"duplicate"} if was_held else {"stored"}), (i, statuses)
            central.stop()

        assert rounds_in_flight == ROUNDS, f"{rounds_in_flight} of {ROUNDS} kills hit a batch"
        check = open_store(central.db, central.key_file)
        try:
            held_cases = list(case_store.chosen_cases(check, case_store.CaseChoice(hall="HK")))
            assert sorted(c["case_id"] for c in held_cases) == sorted(
                c["case_id"] for batch in sent for c in batch
            )  # every case exactly once
            sample = rng.sample([c for batch in sent for c in batch], 20)
            for case in sample:
                (version,) = case_store.case_versions(check, case["case_id"])
                assert version["payload"] == case["payload"]
        finally:
            check.close()
    finally:
        central.stop()


def test_a_bad_pause_setting_stops_the_platform_before_it_listens(tmp_path: Path) -> None:
    started = subprocess.run(
        [*CENTRAL, "serve", "--db", str(tmp_path / "central.sqlite3"), *LOCAL_PORT_0],
        env={**os.environ, ENV_PAUSE_BATCH: "0"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.returncode == 1 and started.stdout == "", started.stderr
    assert "1 或更大" in started.stderr and "1 or more" in started.stderr
    assert not (tmp_path / "central.sqlite3").exists()
