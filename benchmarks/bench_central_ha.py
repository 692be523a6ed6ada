"""The platform as one instance, as two instances on one PostgreSQL store (the devices split
between their addresses, as a load balancer would), and as one instance with two uvicorn
workers (``serve --workers 2``): 200 simulated devices pushing at once, the same burst as
``bench_central``, each layout on a fresh database of one durable PostgreSQL cluster.

Reported per layout: the burst's figures (``bench_central._burst``), and the ratios of the
two-process layouts to one instance, measured in the same run. Everything - PostgreSQL, the
platform processes and the 200 client threads - shares this machine's CPUs, so the ratios
say what a second process gains when the cores are already busy, not what a second server
would add; the sizing in docs/operations.md reads them that way.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.bench_central import DEVICES, SERVE_ARGS, _burst, _enrol
from central.simulator import SimulatedDevice
from tests.central.postgres_fixture import RunningPostgres, start_postgres
from tests.central.server_fixture import RunningCentral, start_central

POLLS_PER_DEVICE = 10
LAYOUTS = {
    "one_instance": (1, []),
    "two_instances": (2, []),
    "one_instance_two_workers": (1, ["--workers", "2"]),
}


def _database_bytes(db: str) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    assert row is not None
    return int(row[0])


def _polls(devices: list[SimulatedDevice], per_device: int) -> dict[str, Any]:
    """What an idle window costs: every device asks the notices feed (nothing new) at once,
    ``per_device`` times; signed requests with a nonce written, like each sync run's pulls."""
    failures: list[int] = []
    start = threading.Barrier(len(devices) + 1)

    def poller(device: SimulatedDevice) -> None:
        start.wait()
        for _ in range(per_device):
            status = device.feed("notices").status_code
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=poller, args=(device,)) for device in devices]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    requests_made = len(devices) * per_device
    return {
        "requests": requests_made,
        "seconds": round(seconds, 3),
        "requests_per_second": round(requests_made / seconds, 1),
        "failed_requests": len(failures),
    }


def _layout(
    cluster: RunningPostgres, directory: Path, instances: int, extra: list[str], quick: bool
) -> dict[str, Any]:
    db = cluster.create_database()
    key_file = directory / "central.key"
    started: list[RunningCentral] = []
    try:
        for number in range(instances):
            started.append(
                start_central(
                    directory / str(number),
                    db,
                    key_file=key_file,
                    serve_args=[*SERVE_ARGS, *extra],
                )
            )
        devices = _enrol(started[0], DEVICES)
        for index, device in enumerate(devices):
            device.base_url = started[index % instances].url
        batches, batch_size = (1, 20) if quick else (2, 50)
        size_before = _database_bytes(db)
        figures = _burst(devices, batches, batch_size)
        figures["store_bytes_per_case"] = round(
            (_database_bytes(db) - size_before) / figures["cases"]
        )
        figures["all_stored"] = figures["outcomes"] == {"stored": figures["cases"]}
        figures["instances"] = instances
        figures["workers_per_instance"] = 2 if extra else 1
        figures["polls"] = _polls(devices, 2 if quick else POLLS_PER_DEVICE)
        return figures
    finally:
        for running in started:
            running.stop()


def run(quick: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-central-ha-") as tmp:
        cluster = start_postgres(durable=True)
        try:
            for name, (instances, extra) in LAYOUTS.items():
                figures[name] = _layout(cluster, Path(tmp) / name, instances, extra, quick)
        finally:
            cluster.stop()
    one = figures["one_instance"]["cases_per_second"]
    figures["ratio_two_instances_vs_one"] = round(
        figures["two_instances"]["cases_per_second"] / one, 2
    )
    figures["ratio_two_workers_vs_one"] = round(
        figures["one_instance_two_workers"]["cases_per_second"] / one, 2
    )
    polls = figures["one_instance"]["polls"]["requests_per_second"]
    figures["poll_ratio_two_instances_vs_one"] = round(
        figures["two_instances"]["polls"]["requests_per_second"] / polls, 2
    )
    figures["poll_ratio_two_workers_vs_one"] = round(
        figures["one_instance_two_workers"]["polls"]["requests_per_second"] / polls, 2
    )
    return figures
