"""PostgreSQL: a case's current version never moves backwards under concurrent pushes.

The race is forced, not hoped for: a lock held by the test stops the batch carrying
version 3 just before it commits, the batch carrying version 2 of the same case starts
behind it, and only when both wait on a lock does the test let them go."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import CentralStore, Device, open_store, push
from central.store import cases as case_store
from central.store import devices as device_register
from sync.wire.case_push import CaseResult, CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.postgres_fixture import RunningPostgres
from tests.waiting import wait_until

pytestmark = pytest.mark.integration

ROUNDS = 3
WAIT_SECONDS = 30.0


@pytest.fixture
def pg_store(pg_cluster: RunningPostgres, tmp_path: Path) -> Iterator[tuple[CentralStore, str]]:
    url = pg_cluster.create_database()
    store = open_store(url, tmp_path / "central.key")
    yield store, url
    store.close()


def waiting_on_locks(monitor: psycopg.Connection, count: int) -> None:
    """Return once ``count`` sessions of this database wait on a lock."""

    def waiting() -> bool:
        row = monitor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
        return row is not None and row[0] >= count

    wait_until(waiting, f"{count} sessions waiting on a lock", timeout=WAIT_SECONDS)


def test_current_version_never_moves_back(pg_store: tuple[CentralStore, str]) -> None:
    store, url = pg_store
    code, _ = device_register.create_enroll_code(store, "HRACE", "W1", 60)
    device: Device = device_register.enroll(
        store, code, public_key_b64(Ed25519PrivateKey.generate()), "race", ["RACE1"]
    )
    numbering = SimulatedDevice(
        "http://127.0.0.1:9", device.device_id, device.hall, device.window, number_device="RACE1"
    )

    def submission(case_id: uuid.UUID, version: int) -> CaseSubmission:
        return CaseSubmission.model_validate(numbering.case(case_id=case_id, data_version=version))

    with psycopg.connect(url, autocommit=True) as monitor:
        for _ in range(ROUNDS):
            case_id = uuid.uuid4()
            # Version 2 arrived damaged and was refused, so version 3 follows version 1.
            damaged = submission(case_id, 2).model_copy(update={"content_hash": "0" * 64})
            push.push_batch(store, device, new_nonce(), [submission(case_id, 1), damaged])
            answers: dict[int, list[CaseResult]] = {}

            def push_version(version: int, case_id: uuid.UUID = case_id) -> None:
                answers[version] = push.push_batch(
                    store, device, new_nonce(), [submission(case_id, version)]
                )

            pushes = [threading.Thread(target=push_version, args=(v,)) for v in (3, 2)]
            with psycopg.connect(url) as holder:
                holder.execute("LOCK TABLE case_versions IN SHARE MODE")
                pushes[0].start()
                waiting_on_locks(monitor, 1)  # version 3 read the case, waits to write
                pushes[1].start()
                waiting_on_locks(monitor, 2)  # version 2 started behind it
            for thread in pushes:
                thread.join(timeout=WAIT_SECONDS)
            assert set(answers) == {2, 3}
            assert answers[3][0].status == "stored"
            assert (answers[2][0].status, answers[2][0].reason) == ("conflict", "stale_version")
            (held,) = [
                c
                for c in case_store.chosen_cases(store, case_store.CaseChoice(hall="HRACE"))
                if c["case_id"] == str(case_id)
            ]
            assert held["data_version"] == 3
