"""The central platform under 200 simulated devices pushing at once (SQLite and PostgreSQL).

For each store: start a real ``counter-central serve`` process on 127.0.0.1, enrol 200
simulated devices (real Ed25519 keys, real enrolment codes), then release 200 threads at
once, each pushing its batches of signed cases. Reported: throughput (cases/s over the
whole burst), request latency p50/p95/max, and outcomes (every case must come back
``stored``). Baseline from the same run: one device pushing the same batch size alone,
sequentially (so the ratio says what concurrency costs or gains). PostgreSQL runs durable
(fsync on), like SQLite's ``synchronous=FULL``.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

from central.simulator import SimulatedDevice
from central.store import devices as device_register
from central.store import open_store
from tests.central.postgres_fixture import start_postgres
from tests.central.server_fixture import RunningCentral, start_central

DEVICES = 200
SERVE_ARGS = ["--rate", "100000", "--burst", "100000", "--enroll-rate", "1000000"]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _enrol(central: RunningCentral, count: int) -> list[SimulatedDevice]:
    store = open_store(central.db, central.key_file)
    try:
        devices = []
        for index in range(count):
            device = SimulatedDevice(central.url, timeout=120)
            code, _ = device_register.create_enroll_code(
                store, f"H{index % 20:02d}", f"W{index:03d}", 60
            )
            response = device.enroll(code)
            response.raise_for_status()
            devices.append(device)
        return devices
    finally:
        store.close()


def _burst(devices: list[SimulatedDevice], batches: int, batch_size: int) -> dict[str, Any]:
    work = [
        [[device.case() for _ in range(batch_size)] for _ in range(batches)] for device in devices
    ]
    for device in devices:
        # Connections left idle since enrolment may have been closed by the server's
        # keep-alive timeout; the burst starts on fresh ones, as a waking client would.
        device.session.close()
        device.session = requests.Session()
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(devices) + 1)

    def pusher(device: SimulatedDevice, device_batches: list[list[dict[str, Any]]]) -> None:
        start.wait()
        for batch in device_batches:
            began = time.perf_counter()
            try:
                response = device.push(batch)
            except requests.RequestException as exc:
                with lock:
                    failures.append(repr(exc))
                continue
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:200]}")
                    continue
                for result in response.json()["results"]:
                    outcomes[result["status"]] = outcomes.get(result["status"], 0) + 1

    threads = [
        threading.Thread(target=pusher, args=(device, batches_of))
        for device, batches_of in zip(devices, work, strict=True)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    cases = len(devices) * batches * batch_size
    return {
        "devices": len(devices),
        "batches_per_device": batches,
        "cases_per_batch": batch_size,
        "cases": cases,
        "seconds": round(seconds, 3),
        "cases_per_second": round(cases / seconds, 1),
        "requests": len(latencies),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 1),
        "latency_ms_p95": round(_percentile(latencies, 0.95) * 1000, 1),
        "latency_ms_max": round(max(latencies) * 1000, 1),
        "outcomes": outcomes,
        "failed_requests": len(failures),
        "first_failure": failures[0] if failures else None,
    }


def _sequential(device: SimulatedDevice, batches: int, batch_size: int) -> dict[str, Any]:
    work = [[device.case() for _ in range(batch_size)] for _ in range(batches)]
    latencies = []
    began = time.perf_counter()
    for batch in work:
        t0 = time.perf_counter()
        device.push(batch).raise_for_status()
        latencies.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - began
    return {
        "cases": batches * batch_size,
        "cases_per_second": round(batches * batch_size / seconds, 1),
        "latency_ms_p95": round(_percentile(latencies, 0.95) * 1000, 1),
    }


def _measure(central: RunningCentral, quick: bool) -> dict[str, Any]:
    batches, batch_size = (1, 20) if quick else (5, 50)
    enrol_began = time.perf_counter()
    devices = _enrol(central, DEVICES)
    enrol_seconds = time.perf_counter() - enrol_began
    baseline = _sequential(devices[0], batches * 4, batch_size)
    burst = _burst(devices, batches, batch_size)
    burst["enrol_seconds_for_all"] = round(enrol_seconds, 2)
    burst["baseline_one_device_sequential"] = baseline
    burst["ratio_vs_one_device"] = round(
        burst["cases_per_second"] / baseline["cases_per_second"], 2
    )
    burst["all_stored"] = burst["outcomes"] == {"stored": burst["cases"]}
    return burst


def run(quick: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-central-") as tmp:
        central = start_central(Path(tmp) / "sqlite", serve_args=SERVE_ARGS)
        try:
            figures["sqlite"] = _measure(central, quick)
        finally:
            central.stop()
        cluster = start_postgres(durable=True)
        try:
            central = start_central(
                Path(tmp) / "postgresql", cluster.create_database(), serve_args=SERVE_ARGS
            )
            try:
                figures["postgresql"] = _measure(central, quick)
            finally:
                central.stop()
        finally:
            cluster.stop()
    return figures
