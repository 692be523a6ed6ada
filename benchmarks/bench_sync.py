"""Drain a case backlog to the central platform on 127.0.0.1, end to end (decrypt, sign,
HTTP, platform store commit, local commit of the per-case results).

Figures: cases/s batched with the SQLite platform store and with PostgreSQL, and the ratio
to a one-request-per-case baseline (the same client with batches of one) measured in the
same run. Targets: >= 1,000 cases/s (SQLite) and >= 20x the baseline.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from sync.engine import SyncEngine
from sync.enrolment import enroll, numbering_devices
from tests.central.postgres_fixture import start_postgres
from tests.central.server_fixture import start_central
from tests.sync.backlog import seed_cases

HALL = "310104-TRAIN"
# The platform's per-device rate limit is not what is measured here.
SERVE = ["--rate", "1000000", "--burst", "1000000"]
MAX_RUNS = 20


def _drain(workdir: Path, db_url: str | None, cases: int, batch: int) -> dict[str, Any]:
    central = start_central(workdir / "central", db_url, serve_args=SERVE)
    try:
        home = Home(workdir / "home").ensure()
        enroll(
            home,
            central.url,
            central.enroll_code(HALL, "W01"),
            number_devices=numbering_devices(load_config(home).hall.device_id),
            allow_insecure_http=True,
        )
        config = load_config(home)
        config = replace(config, sync=replace(config.sync, batch_max_cases=batch))
        store = open_store(home, config)
        try:
            seed_cases(store, cases, hall=HALL)
            engine = SyncEngine(home, config, store, {})
            pushed, runs = 0, 0
            started = time.perf_counter()
            # As the scheduler would: run again while anything is left (a transient failure
            # on a loaded machine ends a run; the time it cost stays in the figure).
            while runs < MAX_RUNS:
                summary = engine.run_once(push_only=True)
                pushed += summary.pushed + summary.duplicates
                runs += 1
                if summary.pending == 0:
                    break
            seconds = time.perf_counter() - started
            transient = store.db.execute(
                "SELECT coalesce(sum(json_extract(detail, '$.repeats')), 0) FROM sync_attempts"
                " WHERE outcome = 'transient'"  # failures are folded: their attempts counted
            ).fetchone()[0]
        finally:
            store.close()
    finally:
        central.stop()
    assert summary.pending == 0 and pushed == cases, summary
    return {
        "cases": cases,
        "batch_max_cases": batch,
        "seconds": round(seconds, 3),
        "cases_per_s": round(cases / seconds, 1),
        "runs": runs,
        "transient_failures": transient,
    }


def run(quick: bool) -> dict[str, Any]:
    # The figures depend on what else the machine runs; record it next to them.
    load_before = os.getloadavg()[0]
    backlog = 1_000 if quick else 10_000
    baseline_cases = 200 if quick else 500
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        batched = _drain(root / "sqlite-batched", None, backlog, 500)
        baseline = _drain(root / "sqlite-one-per-request", None, baseline_cases, 1)
        cluster = start_postgres()
        try:
            postgres = _drain(root / "pg-batched", cluster.create_database(), backlog, 500)
            postgres_baseline = _drain(
                root / "pg-one-per-request", cluster.create_database(), baseline_cases, 1
            )
        finally:
            cluster.stop()
    ratio = batched["cases_per_s"] / baseline["cases_per_s"]
    pg_ratio = postgres["cases_per_s"] / postgres_baseline["cases_per_s"]
    return {
        "sqlite_batched": batched,
        "sqlite_one_request_per_case": baseline,
        "sqlite_ratio_vs_baseline": round(ratio, 1),
        "postgresql_batched": postgres,
        "postgresql_one_request_per_case": postgres_baseline,
        "postgresql_ratio_vs_baseline": round(pg_ratio, 1),
        "load_average_1m": {"before": round(load_before, 1), "after": round(os.getloadavg()[0], 1)},
        "cpu_count": os.cpu_count(),
        "targets": {
            "sqlite_cases_per_s_min": 1000,
            "sqlite_cases_per_s_met": batched["cases_per_s"] >= 1000,
            "ratio_min": 20,
            "ratio_met": ratio >= 20,
        },
    }
