"""A case's transient sync failures stay few however long the platform is down: a failure
that repeats the case's latest attempt counts on that row (with when the last one was), a
case keeps its newest ``KEPT_TRANSIENT_ROWS`` of them, the platform's answers are all kept,
each reason is kept in Chinese and English; and a store upgraded (m0039) folds the rows an
earlier outage left."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.case_history import case_history
from counter_app.store.database import Store, open_store
from counter_app.store.migrations.registry import ATTEMPTS_FOLD_MIGRATION, MIGRATIONS
from counter_app.store.sync_writes import (
    KEPT_TRANSIENT_ROWS,
    SyncOutcome,
    TransientDetail,
    TransientFailure,
    record_sync_outcomes,
    record_transient_failures,
)
from tests.sync.backlog import SeededCase, seed_cases

HALL = "310104-TRAIN"
DOWN = (
    "无法连接平台（网络中断或平台未运行），稍后重试。",
    "Cannot reach the platform; retrying later.",
)
BUSY = ("平台繁忙，稍后重试。", "The platform is busy; retrying later.")


def _at(minute: int) -> str:
    return f"2026-11-27T02:{minute:02d}:00.000000Z"


def _fail(store: Store, cases: list[SeededCase], reason: tuple[str, str], minute: int) -> None:
    """One push of ``cases`` that did not reach the platform, as sync records it."""
    outbox = dict(store.db.execute("SELECT case_id, outbox_id FROM outbox"))
    zh, en = reason
    failures = [
        TransientFailure(outbox[c.case_id], c.case_id, c.data_version, _at(minute + 1), en, zh)
        for c in cases
    ]
    with store.transaction() as db:
        record_transient_failures(db, failures, _at(minute))


def _rows(store: Store, case: SeededCase) -> list[tuple[str, str]]:
    return [(a.outcome, a.detail) for a in case_history(store, case.case_id).sync_attempts]


def test_a_failure_repeated_run_after_run_is_one_row_counting_every_attempt(store: Store) -> None:
    cases = seed_cases(store, 20, hall=HALL)
    for minute in range(30):  # 30 pushes of all 20 cases, the platform down all along
        _fail(store, cases, DOWN, minute)
    assert store.db.execute("SELECT count(*) FROM sync_attempts").fetchone()[0] == 20
    (attempt,) = case_history(store, cases[0].case_id).sync_attempts
    assert (attempt.at, attempt.outcome) == (_at(0), "transient")
    assert TransientDetail.from_json(attempt.detail) == TransientDetail(*DOWN, 30, _at(29))
    # The outbox counts the same attempts: the sync status and the backoff read them there.
    attempts = store.db.execute("SELECT DISTINCT attempts FROM outbox").fetchall()
    assert attempts == [(30,)]


def test_another_reason_or_an_answer_between_starts_a_new_row(store: Store) -> None:
    (case,) = seed_cases(store, 1, hall=HALL)
    _fail(store, [case], DOWN, 0)
    _fail(store, [case], BUSY, 1)
    _fail(store, [case], BUSY, 2)
    _fail(store, [case], DOWN, 3)
    outbox_id = store.db.execute("SELECT outbox_id FROM outbox").fetchone()[0]
    answer = SyncOutcome(outbox_id, case.case_id, 1, "stored", "REF-1", None, None, "{}")
    with store.transaction() as db:
        record_sync_outcomes(db, [answer], "sync", _at(4))
    # The same failure after an answer (a later version's, say) is a new row again.
    _fail(store, [case], DOWN, 5)
    rows = [
        (outcome, TransientDetail.from_json(detail).repeats if outcome == "transient" else 0)
        for outcome, detail in _rows(store, case)
    ]
    assert rows == [
        ("transient", 1),
        ("transient", 2),
        ("transient", 1),
        ("stored", 0),
        ("transient", 1),
    ]


def test_a_case_keeps_its_newest_transient_rows_and_every_answer(store: Store) -> None:
    (case,) = seed_cases(store, 1, hall=HALL)
    outbox_id = store.db.execute("SELECT outbox_id FROM outbox").fetchone()[0]
    conflict = SyncOutcome(outbox_id, case.case_id, 1, "conflict", None, "stale", "{}", "{}")
    with store.transaction() as db:
        record_sync_outcomes(db, [conflict], "sync", _at(0))
    # Two reasons taking turns never fold: the oldest rows go instead.
    for minute in range(1, 41):
        _fail(store, [case], DOWN if minute % 2 else BUSY, minute)
    rows = _rows(store, case)
    assert len(rows) == 1 + KEPT_TRANSIENT_ROWS
    assert rows[0] == ("conflict", "stale")
    kept = [TransientDetail.from_json(detail) for _, detail in rows[1:]]
    assert [k.last_at for k in kept] == [_at(m) for m in range(41 - KEPT_TRANSIENT_ROWS, 41)]


def test_an_upgraded_store_folds_the_rows_an_earlier_outage_left(
    home: Home, config: Config
) -> None:
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=ATTEMPTS_FOLD_MIGRATION)
    earlier = [  # (case, version, minute, outcome, detail) as the earlier program wrote them
        *(("c1", 1, m, "transient", DOWN[1]) for m in range(25)),
        ("c1", 1, 25, "stored", ""),
        *(("c1", 2, m, "transient", DOWN[1]) for m in range(26, 29)),
        *(("c2", 1, m, "transient", BUSY[1] if m % 2 else DOWN[1]) for m in range(30)),
    ]
    with db.conn:
        db.conn.executemany(
            "INSERT INTO sync_attempts (case_id, data_version, at, outcome, detail)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (case, version, _at(m), outcome, detail)
                for case, version, m, outcome, detail in earlier
            ],
        )
    db.conn.close()
    store = open_store(home, config)
    try:
        c1 = store.db.execute(
            "SELECT data_version, at, outcome, detail FROM sync_attempts WHERE case_id = 'c1'"
            " ORDER BY attempt_id"
        ).fetchall()
        c2 = store.db.execute(
            "SELECT detail FROM sync_attempts WHERE case_id = 'c2' ORDER BY attempt_id"
        ).fetchall()
    finally:
        store.close()
    assert c1 == [
        (1, _at(0), "transient", TransientDetail("", DOWN[1], 25, _at(24)).to_json()),
        (1, _at(25), "stored", ""),
        (2, _at(26), "transient", TransientDetail("", DOWN[1], 3, _at(28)).to_json()),
    ]
    assert [TransientDetail.from_json(d) for (d,) in c2] == [
        TransientDetail("", BUSY[1] if m % 2 else DOWN[1], 1, _at(m))
        for m in range(30 - KEPT_TRANSIENT_ROWS, 30)
    ]
