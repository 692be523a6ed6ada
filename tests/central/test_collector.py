"""The platform process's garbage collector is set for batches (central.collector): a full
batch is parsed and stored without one collection walking its objects."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from central.collector import tune_for_batches
from central.request_bodies import parsed
from central.simulator import SimulatedDevice
from central.store import devices as device_register
from central.store import open_store, push
from sync.wire.case_push import CaseBatch

BATCH_CASES = 500  # the platform's default max_batch_cases


@pytest.fixture
def process_collector() -> Iterator[None]:
    """The test process's collector as it was, afterwards."""
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_a_full_batch_is_stored_without_a_garbage_collection(
    tmp_path: Path, process_collector: None
) -> None:
    store = open_store(str(tmp_path / "central.sqlite3"))
    try:
        code, _ = device_register.create_enroll_code(store, "HGC", "W1", 60)
        device = device_register.enroll(
            store, code, "c20gcHVibGljIGtleSBmb3IgdGhlIHRlc3Q=", "test", ["GC1"]
        )
        simulated = SimulatedDevice(
            "http://unused", device.device_id, device.hall, device.window, number_device="GC1"
        )
        body = json.dumps({"cases": [simulated.case() for _ in range(BATCH_CASES)]}).encode()
        tune_for_batches()
        collections: list[int] = []

        def count(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collections.append(info["generation"])

        gc.callbacks.append(count)
        try:
            results = push.push_batch(store, device, "n1", parsed(CaseBatch, body).cases)
        finally:
            gc.callbacks.remove(count)
    finally:
        store.close()
    assert [r.status for r in results] == ["stored"] * BATCH_CASES
    assert collections == []
