"""立即同步 pressed again and again while the platform is down: each waiting case keeps one
row of its failed attempts, counting them all (as the outbox does), with the reason; not a
row per attempt."""

from __future__ import annotations

import random
from dataclasses import replace

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from counter_app.store.sync_writes import TransientDetail
from sync.backoff import Backoff
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, closed_address, make_engine

CASES, RUNS = 6, 5


def test_sync_now_while_the_platform_is_down_keeps_one_row_per_case(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, CASES, hall=HALL)
    down = replace(enrolled, sync=replace(enrolled.sync, url=closed_address()))
    engine = make_engine(home, down, sync_store, run_backoff=Backoff(0.01, 0.02, random.Random(1)))
    for _ in range(RUNS):
        summary = engine.run_once(manual=True, push_only=True)
        assert (summary.reachable, summary.pending) == (False, CASES)
    rows = sync_store.db.execute(
        "SELECT a.case_id, a.outcome, a.detail, o.attempts FROM sync_attempts a"
        " JOIN outbox o ON o.case_id = a.case_id"
    ).fetchall()
    assert len(rows) == CASES
    for _, outcome, detail, attempts in rows:
        failed = TransientDetail.from_json(detail)
        assert outcome == "transient"
        # Every run tried again within itself: each attempt is counted on the one row.
        assert failed.repeats == attempts == RUNS * (engine.run_retries + 1)
        assert failed.en.startswith("Cannot reach the platform")
        assert failed.zh.startswith("无法连接平台")
