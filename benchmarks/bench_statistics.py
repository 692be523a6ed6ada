"""The supervisor's statistics at 1,000,000 cases: a day's statistics (every chart, what the
statistics tab and ``counter-app stats`` show) p95 <= 500 ms; a week's, a month's and a
year's measured beside it (no target: a longer period reads what it holds).

The store is the hall queue benchmark's: the counter's own cases (``bigstore``, 20,000, their
cards read minutes before the decision, the newest 1 % not yet delivered) and 1,000,000
platform summaries of the hall's cases over seven years in ``hall_queue``, written with the
sync feed's own writer. The hall's cases live in the hall queue, not in the workstation's
own tables (which hold its window's cases only): the periods measured are days the two
overlap, so every chart reads both. Built in a temporary directory on every run.
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.bench_hall_queue import fill_hall_queue
from benchmarks.bigstore import CASES_PER_DAY, FIRST_DAY, build_store
from benchmarks.figures import summary
from counter_app.home import Home
from counter_app.services.statistics import Period, compute
from counter_app.store.database import Store, open_store

TARGET_MS = 500.0
ROUNDS = 30
LOCAL_CASES = 20_000


def _times(
    store: Store, periods: dict[str, Period]
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Milliseconds per computation, rounds interleaved so machine load hits every period
    alike; and the cases each period counted."""
    counted = {name: compute(store, period).cases for name, period in periods.items()}
    times: dict[str, list[float]] = {name: [] for name in periods}
    for _ in range(ROUNDS):
        for name, period in periods.items():
            started = time.perf_counter()
            compute(store, period)
            times[name].append((time.perf_counter() - started) * 1000)
    return times, counted


def run(quick: bool) -> dict[str, object]:
    n_cases = 20_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory(prefix="bench-statistics-") as scratch:
        started = time.perf_counter()
        big = build_store(Home(Path(scratch) / "home"), LOCAL_CASES)
        store = open_store(big.home, big.config)
        try:
            fill_hall_queue(store, n_cases, big.config.hall.hall_code, seed=20261204)
            generation = time.perf_counter() - started
            # The counter's last full day: its own cases and the hall queue's of that day.
            last = FIRST_DAY + timedelta(days=LOCAL_CASES // CASES_PER_DAY - 1)
            periods = {
                "day": Period(last, last),
                "week": Period(last - timedelta(days=6), last),
                "month": Period(last - timedelta(days=30), last),
                "year": Period(last - timedelta(days=365), last),
            }
            times, counted = _times(store, periods)
        finally:
            store.close()
    summaries = {name: summary(values) for name, values in times.items()}
    return {
        "hall_cases": n_cases,
        "local_cases": LOCAL_CASES,
        "generation_seconds": round(generation, 1),
        "periods": {
            name: {"first": p.first.isoformat(), "last": p.last.isoformat(), "cases": counted[name]}
            for name, p in periods.items()
        },
        "statistics": summaries,
        "targets": {"day_p95_le_500ms": summaries["day"]["p95_ms"] <= TARGET_MS},
    }
