"""Exactly once under real faults: kill -9 of the client, kill -9 of the platform, and a
fault-injecting proxy between them. After a final clean run the platform holds exactly the
accepted cases, each once, with the same content hash as the counter."""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.backoff import Backoff
from tests.central.postgres_fixture import start_postgres
from tests.central.server_fixture import RunningCentral, start_central
from tests.sync import fault_proxy as fp
from tests.sync.backlog import SeededCase, seed_cases
from tests.sync.conftest import (
    FAST_SERVE,
    HALL,
    enrol_home,
    local_outbox,
    make_engine,
    platform_conflicts,
    platform_versions,
)
from tests.waiting import wait_until

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def assert_exactly_once(
    store: Store, db: str, seeded: list[SeededCase], key_file: Path | None = None
) -> None:
    versions = platform_versions(db, key_file)
    assert versions == {case.case_id: [(1, case.content_hash)] for case in seeded}
    assert platform_conflicts(db, key_file) == []
    outbox = local_outbox(store)
    assert len(outbox) == len(seeded)
    assert {state for state, _ in outbox.values()} <= {"stored", "duplicate"}
    assert all(outbox[(c.case_id, 1)][1] == c.content_hash for c in seeded)


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


def kill_client_rounds(
    home: Home, store: Store, rounds: int, per_round: int, seed: int
) -> tuple[list[SeededCase], int]:
    """Each round: queue ``per_round`` cases, start a sync process, kill -9 it at a random moment."""
    rng = random.Random(seed)
    seeded: list[SeededCase] = []
    interrupted = 0
    env = {**os.environ, "COUNTER_APP__SYNC__BATCH_MAX_CASES": "5", "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-m", "tests.sync.push_driver", str(home.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    ) as driver:
        assert driver.stdin is not None
        lines = DriverLines(driver)
        child = 0
        window = 0.12
        try:
            for round_no in range(rounds):
                seeded += seed_cases(store, per_round, hall=HALL, start=round_no * per_round)
                driver.stdin.write("run\n")
                driver.stdin.flush()
                ready = False
                while not (child and ready):
                    word, *rest = lines.next_words()
                    child = int(rest[0]) if word == "child" else child
                    ready = ready or word == "ready"
                threading.Event().wait(rng.uniform(0.0, window))  # the random moment of the kill
                # Not reaped yet (the driver waits for "reap"), so this PID is still our child.
                os.kill(child, signal.SIGKILL)
                driver.stdin.write("reap\n")
                driver.stdin.flush()
                while lines.next_words()[0] != "done":
                    continue
                child = 0
                pending = store.db.execute(
                    "SELECT count(*) FROM outbox WHERE state = 'pending'"
                ).fetchone()[0]
                interrupted += 0 < pending < len(seeded)
                # Keep the kill window around the push's duration on this machine: widen it when
                # the kill came before anything was done, narrow it when the push had finished.
                if pending == len(seeded):
                    window = min(window * 1.5, 5.0)
                elif pending == 0:
                    window = max(window * 0.7, 0.02)
        finally:
            if child:
                os.kill(child, signal.SIGKILL)
            driver.stdin.close()
            driver.wait(timeout=30)
            lines.join()  # the reader is done with stdout before the with block closes it
    return seeded, interrupted


@pytest.mark.slow
def test_kill_9_the_client_at_random_moments_during_push(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seeded, interrupted = kill_client_rounds(home, sync_store, rounds=50, per_round=40, seed=3)
    # Most kills must land in the middle of a push, or the test proves nothing.
    assert interrupted >= 15, interrupted
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
    seeded, interrupted = kill_client_rounds(home, store, rounds=15, per_round=40, seed=5)
    assert interrupted >= 4, interrupted
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


@pytest.mark.slow
def _wait_for_requests(proxy: fp.FaultProxy, count: int, timeout: float) -> None:
    wait_until(
        lambda: sum(proxy.counts.values()) >= count,
        f"the platform to see {count} requests",
        timeout=timeout,
        interval=0.002,
    )


def test_kill_9_the_platform_mid_batch(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, tmp_path: Path
) -> None:
    rng = random.Random(11)
    seeded: list[SeededCase] = []
    host, port = central.url.removeprefix("http://").split(":")
    # The proxy keeps one address for the client while the platform restarts behind it.
    proxy = fp.FaultProxy(host, int(port)).start()
    platform = central
    config = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url, batch_max_cases=100))
    engine = make_engine(home, config, sync_store, run_backoff=Backoff(0.02, 0.1), run_retries=3)
    mid_batch = 0
    try:
        for round_no in range(5):
            seeded += seed_cases(sync_store, 600, hall=HALL, start=round_no * 600)
            before = sum(proxy.counts.values())
            runner = threading.Thread(target=engine.run_once)
            runner.start()
            # Kill once the platform is a few requests into the round's six batches, plus a
            # random few milliseconds: inside a batch or between two, never before or after
            # the round whatever the machine's speed.
            _wait_for_requests(proxy, before + rng.randint(2, 4), timeout=30)
            threading.Event().wait(rng.uniform(0, 0.02))
            platform.kill9()
            runner.join(timeout=60)
            assert not runner.is_alive()
            pending = sync_store.db.execute(
                "SELECT count(*) FROM outbox WHERE state = 'pending'"
            ).fetchone()[0]
            mid_batch += 0 < pending < len(seeded)
            platform = platform.restart()
            proxy.upstream = ("127.0.0.1", int(platform.url.rsplit(":", 1)[1]))
        assert mid_batch >= 3, mid_batch
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
