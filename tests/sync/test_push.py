"""Push against a real central platform process: per-case outcomes, resends, edits in flight,
supervisor-held cases, wrong hall, clock skew, and no personal data in logs."""

from __future__ import annotations

import json
import logging
import random
import sqlite3
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from central.store import cases as case_store
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.case_writes import version_context
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import MIGRATIONS_TABLE, Store, open_store
from counter_app.store.migrations.registry import OUTBOX_VERSION_MIGRATION
from sync.backoff import Backoff
from sync.push import OutboxPush
from sync.requeue import requeue_cases
from sync.status import read_status
from sync.transport import PlatformTransport, TransportSettings
from tests.central.server_fixture import RunningCentral
from tests.sync import fault_proxy as fp
from tests.sync.backlog import (
    SEEDED_AT,
    add_version,
    case_payload,
    id_number_for,
    seed_cases,
)
from tests.sync.conftest import (
    HALL,
    local_outbox,
    make_engine,
    platform_conflicts,
    platform_versions,
)
from tests.sync.damage import break_case_no
from tests.sync.offset_clock import OffsetClock

FAST_RETRY = {"run_backoff": Backoff(0.01, 0.05, random.Random(1))}


def test_a_lost_response_is_resent_and_counted_as_duplicate(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seeded = seed_cases(sync_store, 30, hall=HALL)
    host, port = central.url.removeprefix("http://").split(":")
    with fp.FaultProxy(host, int(port), fp.ScriptedFaults([fp.RESET_AFTER])) as proxy:
        config = _pointed_at(enrolled, proxy.url)
        engine = make_engine(home, config, sync_store, **FAST_RETRY)
        summary = engine.run_once()
    assert summary.error is None and summary.pending == 0
    # The sync details show the run that succeeded as the last attempt too.
    board = engine.board.status
    assert board.last_success_at is not None and board.last_attempt_at == board.last_success_at
    # The platform stored the first batch but its answer was lost: the resend is a duplicate.
    assert summary.duplicates == 30 and summary.pushed == 0
    held = platform_versions(central.db)
    assert held == {case.case_id: [(1, case.content_hash)] for case in seeded}
    assert set(local_outbox(sync_store).values()) == {("duplicate", c.content_hash) for c in seeded}
    states = {r[0] for r in sync_store.db.execute("SELECT sync_state FROM cases")}
    assert states == {"synced"}
    transient = sync_store.db.execute(
        "SELECT count(*) FROM sync_attempts WHERE outcome = 'transient'"
    ).fetchone()[0]
    assert transient == 30


def test_an_edit_made_while_the_send_is_in_flight_is_neither_lost_nor_overwritten(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    [case] = seed_cases(sync_store, 1, hall=HALL)
    editor = open_store(home, enrolled, role="sync")
    edited = []

    def edit_during_first_request() -> str:
        if not edited:
            # Runs on the proxy thread while the client waits for the platform's answer.
            edited.append(add_version(editor, case, note="address corrected"))
        return fp.PASS

    host, port = central.url.removeprefix("http://").split(":")
    try:
        with fp.FaultProxy(host, int(port), edit_during_first_request) as proxy:
            engine = make_engine(home, _pointed_at(enrolled, proxy.url), sync_store)
            engine.run_once()
    finally:
        editor.close()
    version2 = edited[0]
    assert local_outbox(sync_store) == {
        (case.case_id, 1): ("stored", case.content_hash),
        (case.case_id, 2): ("stored", version2.content_hash),
    }
    assert platform_versions(central.db) == {
        case.case_id: [(1, case.content_hash), (2, version2.content_hash)]
    }
    sync_state, platform_ref = sync_store.db.execute(
        "SELECT sync_state, platform_ref FROM cases WHERE case_id = ?", (case.case_id,)
    ).fetchone()
    assert sync_state == "synced" and platform_ref


def test_a_newer_version_pending_keeps_the_case_pending(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    [case] = seed_cases(sync_store, 1, hall=HALL)
    add_version(sync_store, case, note="second")
    # Send only version 1: version 2 waits out a backoff, so the case must not look synced.
    sync_store.db.execute(
        "UPDATE outbox SET next_attempt_at = '2999-01-01T00:00:00.000000Z' WHERE data_version = 2"
    )
    summary = make_engine(home, enrolled, sync_store).run_once(manual=False, push_only=True)
    assert summary.pushed == 1 and summary.pending == 1
    state = sync_store.db.execute("SELECT sync_state FROM cases").fetchone()[0]
    assert state == "pending"


def test_rejected_and_conflicting_cases_wait_for_a_supervisor_then_requeue(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    good, damaged, contested = seed_cases(sync_store, 3, hall=HALL)
    right_hash = damaged.content_hash
    sync_store.db.execute(
        "UPDATE outbox SET content_hash = ? WHERE case_id = ?", ("0" * 64, damaged.case_id)
    )
    engine = make_engine(home, enrolled, sync_store)
    first = engine.run_once()
    assert (first.pushed, first.rejected, first.pending) == (2, 1, 0)
    # The contested case comes back with other content under the same version (e.g. a
    # workstation restored from an old backup): the platform keeps it as a conflict.
    payload = case_payload(
        contested.case_id,
        contested.case_no,
        1,
        contested.id_number,
        contested.phone,
        "changed behind the platform's back",
    )
    document = payload.canonical()
    sync_store.db.execute(
        "UPDATE outbox SET state = 'pending', content_hash = ? WHERE case_id = ?",
        (payload.content_hash(), contested.case_id),
    )
    sync_store.db.execute(
        "UPDATE case_versions SET content_hash = ?, content_enc = ? WHERE case_id = ?",
        (
            payload.content_hash(),
            sync_store.pii.encrypt(document, version_context(contested.case_id, 1)),
            contested.case_id,
        ),
    )
    second = engine.run_once()
    assert (second.pushed, second.conflicts, second.rejected, second.pending) == (0, 1, 0, 0)
    states = dict(sync_store.db.execute("SELECT case_id, sync_state FROM cases").fetchall())
    assert states == {
        good.case_id: "synced",
        damaged.case_id: "rejected",
        contested.case_id: "conflict",
    }
    error = json.loads(
        sync_store.db.execute(
            "SELECT last_error FROM outbox WHERE case_id = ?", (damaged.case_id,)
        ).fetchone()[0]
    )
    assert error["reason"] == "content_hash_mismatch" and error["message_zh"]
    assert [c["case_id"] for c in platform_conflicts(central.db)] == [contested.case_id]
    # Never retried automatically.
    third = engine.run_once()
    assert (third.pushed, third.rejected, third.conflicts) == (0, 0, 0)
    # The supervisor fixes the damaged case and requeues it.
    sync_store.db.execute(
        "UPDATE outbox SET content_hash = ? WHERE case_id = ?", (right_hash, damaged.case_id)
    )
    assert requeue_cases(sync_store, [damaged.case_no], actor="supervisor1")[0].versions == 1
    fourth = engine.run_once()
    assert fourth.pushed == 1 and fourth.pending == 0
    assert platform_versions(central.db)[damaged.case_id] == [(1, right_hash)]
    audit = sync_store.db.execute(
        "SELECT actor, action, target FROM audit_log WHERE action = 'sync.requeue'"
    ).fetchall()
    assert audit == [("supervisor1", "sync.requeue", damaged.case_id)]


def test_a_case_of_another_hall_is_refused_and_the_rest_goes_through(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    own = seed_cases(sync_store, 5, hall=HALL)
    foreign = seed_cases(sync_store, 2, hall="310105-OTHER", start=100)
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert (summary.pushed, summary.rejected, summary.pending) == (5, 2, 0)
    assert set(platform_versions(central.db)) == {c.case_id for c in own}
    for case in foreign:
        state, error = sync_store.db.execute(
            "SELECT state, last_error FROM outbox WHERE case_id = ?", (case.case_id,)
        ).fetchone()
        assert state == "rejected" and json.loads(error)["reason"] == "wrong_hall"


def test_a_clock_ten_minutes_off_is_a_clear_error_and_loses_nothing(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seeded = seed_cases(sync_store, 10, hall=HALL)
    engine = make_engine(home, enrolled, sync_store, clock=OffsetClock(timedelta(minutes=10)))
    summary = engine.run_once()
    assert summary.error is not None and summary.error["code"] == "clock_skew"
    assert "本机时间与平台相差约 10 分钟" in summary.error["message"]
    assert "10 minutes ahead" in summary.error["message_en"]
    assert summary.reachable and summary.pending == 10
    status = engine.board.status
    assert status.clock_skew_seconds is not None and 590 <= status.clock_skew_seconds <= 610
    assert status.last_error_zh and "校准" in status.last_error_zh
    # The network drops before anyone sets the clock: the offset measured stays on show.
    closed = replace(enrolled, sync=replace(enrolled.sync, url="http://127.0.0.1:9"))
    offline = make_engine(home, closed, sync_store, board=engine.board, run_retries=0)
    assert offline.run_once().reachable is False
    assert engine.board.status.connectivity == "offline"
    assert engine.board.status.clock_skew_seconds == status.clock_skew_seconds
    assert platform_versions(central.db) == {}
    assert {state for state, _ in local_outbox(sync_store).values()} == {"pending"}
    fixed = make_engine(home, enrolled, sync_store).run_once()
    assert fixed.pushed == 10 and set(platform_versions(central.db)) == {c.case_id for c in seeded}


def test_logs_carry_case_ids_never_personal_data(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seeded = seed_cases(sync_store, 20, hall=HALL)
    sync_store.db.execute(
        "UPDATE outbox SET content_hash = ? WHERE case_id = ?", ("1" * 64, seeded[0].case_id)
    )
    with caplog.at_level(logging.DEBUG):
        make_engine(home, enrolled, sync_store).run_once()
    text = caplog.text
    assert seeded[0].case_id in text
    for case in seeded:
        assert case.id_number not in text and case.phone not in text
        assert case.id_number[:6] + case.id_number[6:14] not in text


@pytest.mark.parametrize(
    ("answered_by", "status"),
    [(fp.PAGE_401, "401"), (fp.PAGE_403, "403"), (fp.PAGE_404, "404"), ("platform", "404")],
    ids=["proxy-401-page", "proxy-403-page", "proxy-404-page", "platform-404-wrong-path"],
)
def test_an_answer_not_from_the_platform_fails_the_run_and_every_case_stays_pending(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    answered_by: str,
    status: str,
) -> None:
    seed_cases(sync_store, 6, hall=HALL)
    host, port = central.url.removeprefix("http://").split(":")
    with fp.FaultProxy(host, int(port), lambda: answered_by) as proxy:
        # "platform": the platform itself answers, but sync.url carries a path it does not serve.
        url = central.url + "/gateway" if answered_by == "platform" else proxy.url
        config = _pointed_at(enrolled, url, batch_max_cases=2)
        engine = make_engine(home, config, sync_store, **FAST_RETRY)
        first = engine.run_once()
        second = engine.run_once()
    for summary in (first, second):
        assert summary.error is not None and summary.error["code"] == "not_the_platform"
        assert (summary.rejected, summary.pending, summary.reachable) == (0, 6, False)
    reason = first.error or {}
    assert f"HTTP {status}" in reason["message"] and f"HTTP {status}" in reason["message_en"]
    if status == "404":
        assert "sync.url" in reason["message_en"] and "sync.url" in reason["message"]
    assert platform_versions(central.db) == {}
    rows = sync_store.db.execute(
        "SELECT state, attempts, next_attempt_at FROM outbox ORDER BY outbox_id"
    ).fetchall()
    assert {state for state, _, _ in rows} == {"pending"}
    # Each failed run counts an attempt for the oldest rows, so their backoff grows.
    assert [attempts for _, attempts, _ in rows[:2]] == [2, 2]
    assert all(next_attempt for _, attempts, next_attempt in rows if attempts)
    states = {r[0] for r in sync_store.db.execute("SELECT sync_state FROM cases")}
    assert states == {"pending"}
    # What the status bar shows: offline, six waiting, nothing for a supervisor, the reason.
    board = engine.board.status
    assert (board.connectivity, board.backlog, board.needs_supervisor) == ("offline", 6, 0)
    assert board.last_error_en == reason["message_en"]
    assert board.last_success_at is None
    # And what `sync status` and doctor read from the store.
    shown = read_status(home, config, sync_store)
    assert (shown.connectivity, shown.backlog, shown.needs_supervisor) == ("offline", 6, 0)
    assert shown.last_error_zh == reason["message"]


@pytest.mark.parametrize("batch_max_cases", [500, 1], ids=["among-others", "alone-in-its-batch"])
def test_a_case_the_platform_finds_invalid_is_rejected_and_the_rest_stored_in_the_same_run(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, batch_max_cases: int
) -> None:
    seeded = seed_cases(sync_store, 5, hall=HALL)
    bad = seeded[3]
    # A case number the platform's schema refuses (more than 80 characters): the platform
    # answers 422 for the batch, naming the entry (`loc` ["cases", 3, "case_no"]).
    break_case_no(sync_store, bad)
    config = replace(enrolled, sync=replace(enrolled.sync, batch_max_cases=batch_max_cases))
    summary = make_engine(home, config, sync_store).run_once()
    assert summary.error is None
    assert (summary.pushed, summary.rejected, summary.pending) == (4, 1, 0)
    good = [case for case in seeded if case is not bad]
    assert platform_versions(central.db) == {c.case_id: [(1, c.content_hash)] for c in good}
    state, error = sync_store.db.execute(
        "SELECT state, last_error FROM outbox WHERE case_id = ?", (bad.case_id,)
    ).fetchone()
    reason = json.loads(error)
    assert state == "rejected" and reason["reason"] == "validation_failed"
    assert "case_no" in reason["message_zh"] and "平台" in reason["message_zh"]
    assert "case_no" in reason["message_en"] and "80 characters" in reason["message_en"]
    states = dict(sync_store.db.execute("SELECT case_id, sync_state FROM cases").fetchall())
    assert states == {c.case_id: "rejected" if c is bad else "synced" for c in seeded}
    outcome = sync_store.db.execute(
        "SELECT outcome, detail FROM sync_attempts WHERE case_id = ?", (bad.case_id,)
    ).fetchall()
    assert outcome == [("rejected", "validation_failed")]


@pytest.mark.parametrize(
    ("cases", "batch_max_cases"),
    [(4, 500), (2, 2), (51, 500)],
    ids=["every-entry", "every-entry-of-the-first-batch", "every-entry-past-the-error-list"],
)
def test_a_validation_refusal_of_every_case_sent_fails_the_run_and_marks_no_case(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cases: int,
    batch_max_cases: int,
) -> None:
    # Every entry refused alike is what a platform of another version answers, not a
    # verdict on the cases. The platform lists at most 50 errors: with 51 cases the first
    # answer names 50 of them, and the one left, sent again, is refused too.
    seeded = seed_cases(sync_store, cases, hall=HALL)
    for case in seeded:
        break_case_no(sync_store, case)
    config = replace(enrolled, sync=replace(enrolled.sync, batch_max_cases=batch_max_cases))
    summary = make_engine(home, config, sync_store).run_once()
    assert summary.error is not None and summary.error["code"] == "platform_refused"
    assert "validation_failed" in summary.error["message_en"]
    assert "validation_failed" in summary.error["message"]
    assert (summary.pushed, summary.rejected, summary.pending) == (0, 0, cases)
    assert {state for state, _ in local_outbox(sync_store).values()} == {"pending"}
    states = {r[0] for r in sync_store.db.execute("SELECT sync_state FROM cases")}
    assert states == {"pending"}
    assert platform_versions(central.db) == {}


def test_a_refusal_of_the_whole_batch_naming_no_case_marks_no_case(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seed_cases(sync_store, 4, hall=HALL)
    host, port = central.url.removeprefix("http://").split(":")
    # The platform's own 422 about the request as a whole (`loc` ["cases"]), in front of it.
    with fp.FaultProxy(host, int(port), fp.ScriptedFaults([fp.PLATFORM_422_BATCH])) as proxy:
        summary = make_engine(home, _pointed_at(enrolled, proxy.url), sync_store).run_once()
    assert summary.error is not None and "validation_failed" in summary.error["message_en"]
    assert (summary.pushed, summary.rejected, summary.pending) == (0, 0, 4)
    assert {state for state, _ in local_outbox(sync_store).values()} == {"pending"}
    assert platform_versions(central.db) == {}


def test_a_redirect_is_not_followed_and_no_case_reaches_its_target(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seed_cases(sync_store, 4, hall=HALL)
    host, port = central.url.removeprefix("http://").split(":")
    # Whatever a redirect points to must never see a request: it stands for "elsewhere".
    with (
        fp.FaultProxy(host, int(port)) as target,
        fp.FaultProxy(
            host, int(port), lambda: fp.REDIRECT_307, redirect_to=target.url
        ) as redirecting,
    ):
        engine = make_engine(home, _pointed_at(enrolled, redirecting.url), sync_store)
        summary = engine.run_once()
    assert target.requests == []
    assert redirecting.requests and summary.error is not None
    assert summary.error["code"] == "not_the_platform"
    assert target.url in summary.error["message"] and target.url in summary.error["message_en"]
    assert "307" in summary.error["message_en"] and "sync.url" in summary.error["message_en"]
    assert (summary.rejected, summary.pending) == (0, 4)
    assert platform_versions(central.db) == {}
    assert {state for state, _ in local_outbox(sync_store).values()} == {"pending"}


def test_the_sending_thread_and_the_run_thread_do_not_share_an_http_session(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seed_cases(sync_store, 6, hall=HALL)
    host, port = central.url.removeprefix("http://").split(":")
    with fp.FaultProxy(host, int(port)) as proxy:
        config = _pointed_at(enrolled, proxy.url, batch_max_cases=2)
        summary = make_engine(home, config, sync_store).run_once()
    assert summary.error is None and summary.pushed == 6
    # Batches go out on the sender thread, feeds are read on the run's own thread. A shared
    # requests.Session (not thread-safe) shows as both kinds travelling on one connection.
    pushes = {conn for conn, line in proxy.requests if line.startswith("POST /v1/cases:batch")}
    pulls = {conn for conn, line in proxy.requests if line.startswith("GET /v1/feeds/")}
    assert pushes and pulls
    assert pushes.isdisjoint(pulls), proxy.requests


def _pointed_at(config: Config, url: str, **sync: Any) -> Config:
    return replace(config, sync=replace(config.sync, url=url, **sync))


def test_a_refusal_reaches_the_platform_with_where_to_apply_instead(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    clerk = Accounts(sync_store).add_user("clerk31", "correct-horse-9", "clerk")
    refused = intake.refuse(
        sync_store,
        IntakeRequest(
            service_item="11310104002425207D006001100001",  # 老年综合津贴申领
            applicant=ApplicantInput(name="王建国", id_type="111", id_number=id_number_for(1)),
        ),
        clerk,
        reason="申请人户籍不在本区",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        redirect_to="长宁区社区事务受理服务中心",
    )
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None and summary.pending == 0
    platform = open_central_store(central.db)
    try:
        (held,) = case_store.case_versions(platform, refused.case_id)
    finally:
        platform.close()
    assert held["payload"]["redirect_to"] == "长宁区社区事务受理服务中心"
    assert held["payload"]["state"] == "refused"


def _as_before_outbox_pointed_at_versions(home: Home, config: Config) -> None:
    """Put the store back as programs before m0011 left it: each outbox row with its own
    copy of the document, and the two indexes that migration drops."""
    with open_store(home, config) as store, store.transaction() as db:
        db.execute("ALTER TABLE outbox ADD COLUMN payload_enc BLOB")
        db.execute("UPDATE outbox SET payload_enc = randomblob(payload_bytes)")
        db.execute("DROP INDEX outbox_held")
        db.execute("CREATE INDEX outbox_pending ON outbox(state, next_attempt_at)")
        db.execute("CREATE INDEX cases_day_created ON cases(day, created_at)")
        db.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = ?", (OUTBOX_VERSION_MIGRATION,))


def test_queued_cases_of_an_older_store_are_sent_after_the_outbox_migration(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seeded = seed_cases(sync_store, 3, hall=HALL)
    _as_before_outbox_pointed_at_versions(home, enrolled)
    open_store(home, enrolled).close()  # migrates
    columns = {row[1] for row in sync_store.db.execute("PRAGMA table_info(outbox)")}
    assert "payload_enc" not in columns
    assert sync_store.db.execute("PRAGMA foreign_key_check(outbox)").fetchall() == []
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert (summary.error, summary.pushed, summary.pending) == (None, 3, 0)
    assert platform_versions(central.db) == {c.case_id: [(1, c.content_hash)] for c in seeded}


def test_the_next_batch_is_read_without_the_rows_of_the_batch_in_flight(store: Store) -> None:
    """While one batch is on its way the next is read: the rows in flight, and the other
    versions of their cases, stay pending but are left out by the query, so their documents
    are not read again only to be skipped; the batch is the same."""
    seeded = seed_cases(store, 6, hall=HALL)
    add_version(store, seeded[1], note="edited while version 1 is in flight")
    # Reading batches sends nothing: the transport is never used.
    transport = PlatformTransport(TransportSettings("https://platform.example.gov.cn"))
    push = OutboxPush(
        store, transport, batch_max_cases=4, batch_max_bytes=1_000_000, backoff=Backoff()
    )
    now = SEEDED_AT + timedelta(minutes=1)
    first = push.next_batch(now)
    assert [(r.case_id, r.data_version) for r in first] == [(c.case_id, 1) for c in seeded[:4]]
    fetched: list[tuple[Any, ...]] = []
    statements: list[str] = []

    def counted(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> tuple[Any, ...]:
        fetched.append(row)
        return row

    conn = store.db.conn
    conn.row_factory = counted
    conn.set_trace_callback(statements.append)
    try:
        second = push.next_batch(now, busy=first)
    finally:
        conn.row_factory = None
        conn.set_trace_callback(None)
    # Version 2 of a case in flight waits for version 1's answer.
    assert [(r.case_id, r.data_version) for r in second] == [(c.case_id, 1) for c in seeded[4:]]
    assert len(fetched) == len(second)
    [statement] = statements
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
    assert any("outbox_due" in step for step in plan)
    assert not any("TEMP B-TREE" in step for step in plan)
