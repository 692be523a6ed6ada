"""Exactly once under real faults: kill -9 of the client, kill -9 of the platform, and a
fault-injecting proxy between them. After a final clean run the platform holds exactly the
accepted cases, each once, with the same content hash as the counter."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from central.fault_injection import ENV_PAUSE_BATCH, PAUSED
from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.backoff import Backoff
from sync.push import PUSH_PATH
from tests.central.postgres_fixture import start_postgres
from tests.central.server_fixture import FAST_SERVE, RunningCentral, start_central
from tests.sync import fault_proxy as fp
from tests.sync.backlog import SeededCase, seed_cases
from tests.sync.conftest import (
    HALL,
    assert_exactly_once,
    enrol_home,
    make_engine,
    platform_versions,
)
from tests.waiting import wait_until

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


class DriverLines:
    """The sync driver's stdout, line by line, read on a thread (no buffering surprises)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self._lines.put(line)

    def join(self, timeout: float = 30.0) -> None:
        """Wait for the reader to reach the end of the driver's output."""
        self._reader.join(timeout)

    def next_words(self, timeout: float = 30.0) -> list[str]:
        return self._lines.get(timeout=timeout).split()


# Where each round's kill lands, deterministically varied over the rounds: the held request's
# stage at the proxy (before the platform saw it, at the platform with its answer unread,
# answered with the answer kept from the client) crossed with which batch of the run it is
# (the first: nothing of this run committed yet; a later one: the batches before it
# committed by the client, so the kill lands between two batches).
STAGES = (fp.HOLD_REQUEST, fp.HOLD_AT_PLATFORM, fp.HOLD_ANSWER)
BATCH = 5
LAST_BATCH_HELD = 4


def kill_point(round_no: int) -> tuple[str, int]:
    """(stage, batch number) of a round; 12 rounds give each of the 3 x 4 combinations once."""
    return STAGES[round_no % len(STAGES)], round_no % LAST_BATCH_HELD + 1


def pending_ids(store: Store) -> list[str]:
    rows = store.db.execute(
        "SELECT case_id FROM outbox WHERE state = 'pending' ORDER BY outbox_id"
    ).fetchall()
    return [row[0] for row in rows]


def kill_client_rounds(
    home: Home, store: Store, platform: RunningCentral, rounds: int, per_round: int
) -> list[SeededCase]:
    """Each round: queue ``per_round`` cases, start a sync process through a fault proxy
    that holds one batch at the round's :func:`kill_point`, and kill -9 the process there,
    once the client committed every batch before the held one. After each kill the client
    still has exactly the cases from the held batch on pending, and the platform holds
    exactly the ones it was sent, each once."""
    host, port = platform.url.removeprefix("http://").split(":")
    proxy = fp.FaultProxy(host, int(port), only=f"POST {PUSH_PATH} ").start()
    seeded: list[SeededCase] = []
    pending: list[SeededCase] = []  # what the client must still send, in sending order
    on_platform: set[str] = set()
    env = {
        **os.environ,
        "COUNTER_APP__SYNC__BATCH_MAX_CASES": str(BATCH),
        "COUNTER_APP__SYNC__URL": proxy.url,
        "PYTHONPATH": str(ROOT),
    }
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.push_driver", str(home.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert driver.stdin is not None
    lines = DriverLines(driver)
    child = 0
    try:
        for round_no in range(rounds):
            stage, held_batch = kill_point(round_no)
            queued = seed_cases(store, per_round, hall=HALL, start=round_no * per_round)
            seeded += queued
            pending += queued
            proxy.plan = fp.ScriptedFaults([fp.PASS] * (held_batch - 1) + [stage])
            driver.stdin.write("run\n")
            driver.stdin.flush()
            word, *rest = lines.next_words()
            assert word == "child", (word, rest)
            child = int(rest[0])
            committed = pending[: BATCH * (held_batch - 1)]
            in_held_batch = pending[len(committed) : len(committed) + BATCH]
            wait_until(proxy.held.is_set, f"the proxy to hold batch {held_batch} at {stage}")
            # At most this many left: fewer is a lost case, which the check after the kill names.
            wait_until(
                lambda: len(pending_ids(store)) <= len(pending) - len(committed),
                f"the client to commit the {held_batch - 1} batches before the held one",
            )
            # Not reaped yet (the driver waits for "reap"), so this PID is still our child.
            os.kill(child, signal.SIGKILL)
            proxy.release()
            driver.stdin.write("reap\n")
            driver.stdin.flush()
            word, _, status = lines.next_words()
            assert (word, int(status)) == ("done", signal.SIGKILL), (word, status)
            child = 0
            # Over once the platform's answer, if it has one, was read: its commit is done.
            wait_until(proxy.hold_over.is_set, "the proxy to finish the held request")
            proxy.rearm()

            on_platform |= {case.case_id for case in committed}
            if stage != fp.HOLD_REQUEST:
                on_platform |= {case.case_id for case in in_held_batch}
            pending = pending[len(committed) :]
            assert pending_ids(store) == [case.case_id for case in pending], (round_no, stage)
            assert platform_versions(platform.db, platform.key_file) == {
                case.case_id: [(1, case.content_hash)]
                for case in seeded
                if case.case_id in on_platform
            }, (round_no, stage)
    finally:
        if child:
            os.kill(child, signal.SIGKILL)
        proxy.stop()
        driver.stdin.close()
        driver.wait(timeout=30)
        lines.join()  # the reader is done with stdout before it is closed
        driver.stdout.close()  # type: ignore[union-attr]
    return seeded


@pytest.mark.slow
def test_kill_9_the_client_at_every_point_of_its_push(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seeded = kill_client_rounds(home, sync_store, central, rounds=12, per_round=40)
    final = make_engine(home, enrolled, sync_store).run_once()
    assert final.error is None and final.pending == 0
    assert_exactly_once(sync_store, central.db, seeded)


@pytest.fixture
def postgres_central(tmp_path: Path) -> Iterator[RunningCentral]:
    cluster = start_postgres()
    try:
        running = start_central(
            tmp_path / "central-pg", cluster.create_database(), serve_args=FAST_SERVE
        )
        try:
            yield running
        finally:
            running.stop()
    finally:
        cluster.stop()


@pytest.mark.slow
def test_kill_9_the_client_with_a_postgresql_platform(
    home: Home, sync_store_pg: tuple[Config, Store], postgres_central: RunningCentral
) -> None:
    config, store = sync_store_pg
    # Each stage once at the first batch of a run and once between two batches.
    seeded = kill_client_rounds(home, store, postgres_central, rounds=6, per_round=40)
    final = make_engine(home, config, store).run_once()
    assert final.error is None and final.pending == 0
    assert_exactly_once(store, postgres_central.db, seeded, postgres_central.key_file)


@pytest.fixture
def sync_store_pg(home: Home, postgres_central: RunningCentral) -> Iterator[tuple[Config, Store]]:
    from counter_app.store.database import open_store

    config = enrol_home(home, postgres_central)
    store = open_store(home, config)
    yield config, store
    store.close()


# The batch of its run (100 cases each) that the platform pauses in each round, before commit.
PAUSED_BATCHES = (1, 3, 6, 2, 5)
PLATFORM_BATCH = 100


@pytest.mark.slow
def test_kill_9_the_platform_mid_batch(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    """Each round the platform pauses the round's batch written but not committed (its
    fault injection, ``central.fault_injection``) and is killed there; the client gives up
    the run. The batches before it are stored on both sides, the paused one on neither."""
    seeded: list[SeededCase] = []
    pending: list[SeededCase] = []  # what the client must still send, in sending order
    host, port = central.url.removeprefix("http://").split(":")
    # The proxy keeps one address for the client while the platform restarts behind it.
    proxy = fp.FaultProxy(host, int(port)).start()
    platform = central
    config = replace(
        enrolled, sync=replace(enrolled.sync, url=proxy.url, batch_max_cases=PLATFORM_BATCH)
    )
    engine = make_engine(home, config, sync_store, run_backoff=Backoff(0.02, 0.1), run_retries=3)
    try:
        for round_no, paused in enumerate(PAUSED_BATCHES):
            platform.stop()
            platform = start_central(
                platform.log_path.parent,
                platform.db,
                serve_args=platform.serve_args,
                env={ENV_PAUSE_BATCH: str(paused)},
            )
            proxy.upstream = ("127.0.0.1", int(platform.url.rsplit(":", 1)[1]))
            queued = seed_cases(sync_store, 600, hall=HALL, start=round_no * 600)
            seeded += queued
            pending += queued
            runner = threading.Thread(target=engine.run_once)
            runner.start()
            log = platform.log_path
            held = PAUSED % (paused, PLATFORM_BATCH)
            wait_until(lambda: held in log.read_text(errors="replace"), held)
            platform.kill9()
            runner.join(timeout=60)
            assert not runner.is_alive()
            pending = pending[PLATFORM_BATCH * (paused - 1) :]
            assert pending_ids(sync_store) == [case.case_id for case in pending], round_no
            on_platform = {case.case_id for case in seeded} - {case.case_id for case in pending}
            assert platform_versions(platform.db) == {
                case.case_id: [(1, case.content_hash)]
                for case in seeded
                if case.case_id in on_platform
            }, round_no
        platform = platform.restart()
        proxy.upstream = ("127.0.0.1", int(platform.url.rsplit(":", 1)[1]))
        final = engine.run_once()
        assert final.error is None and final.pending == 0
        assert_exactly_once(sync_store, platform.db, seeded)
    finally:
        proxy.stop()
        if platform.process.poll() is None:
            platform.stop()


def test_fault_injecting_proxy_resets_delays_truncations_503_and_429(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seeded = seed_cases(sync_store, 400, hall=HALL)
    host, port = central.url.removeprefix("http://").split(":")
    plan = fp.RandomFaults(rate=0.4, max_faults=40, seed=21)
    with fp.FaultProxy(host, int(port), plan, delay_seconds=0.2, retry_after_seconds=0) as proxy:
        config = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url, batch_max_cases=10))
        engine = make_engine(
            home, config, sync_store, run_backoff=Backoff(0.01, 0.05), run_retries=4
        )
        for _ in range(20):
            summary = engine.run_once()
            if summary.error is None and summary.pending == 0:
                break
    assert summary.error is None and summary.pending == 0
    assert set(proxy.counts) >= {fp.PASS, *fp.ALL_FAULTS}, proxy.counts
    assert_exactly_once(sync_store, central.db, seeded)
    # Lost answers (reset after forwarding, truncated) were resent and answered "duplicate".
    duplicates = sync_store.db.execute(
        "SELECT count(*) FROM outbox WHERE state = 'duplicate'"
    ).fetchone()[0]
    assert duplicates > 0
