"""Change feeds from a real platform: applied exactly once across a crash between fetch and
apply, the cursor committed in the same transaction, through the core's own loaders."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from central.store import CentralStore, progress, publishing
from central.store import open_store as open_central_store
from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.store.calendar import bundled_calendar
from counter_app.store.catalog import bundled_catalog
from counter_app.store.database import Store
from counter_app.store.hall_notices import hall_notices, mark_read
from sync.clock import SystemClock
from sync.feeds import DEFAULT_FEEDS
from sync.pull import Feed, FeedPull, apply_notice
from sync.wire.notices import Notice
from tests.central.server_fixture import FAST_SERVE, RunningCentral, start_central
from tests.conftest import CliRunner
from tests.sync.backlog import add_version, seed_cases
from tests.sync.conftest import HALL, enrol_home, make_engine
from tests.sync.damage import break_content_hash

OTHER_HALL = "310105-OTHER"


@pytest.fixture
def platform(central: RunningCentral) -> Iterator[CentralStore]:
    store = open_central_store(central.db)
    yield store
    store.close()


class Crash(Exception):
    """Stands for the process dying after a page was fetched and applied, before its commit."""


def test_a_crash_between_fetch_and_commit_neither_skips_nor_double_applies(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, platform: CentralStore
) -> None:
    published = [
        publishing.publish_notice(platform, HALL, f"通知 {n}", f"正文 {n} 𠮷")["notice_id"]
        for n in range(7)
    ]
    publishing.publish_notice(platform, "310105-OTHER", "别的大厅", "不应出现")
    # Every application is logged in the page's own transaction: a double apply would show twice.
    sync_store.db.execute("CREATE TABLE applied_log (notice_id TEXT NOT NULL)")

    def logged_notice(store: Store, notice: Notice) -> bool:
        store.db.execute("INSERT INTO applied_log (notice_id) VALUES (?)", (str(notice.notice_id),))
        return apply_notice(store, notice)

    feeds = {"notices": Feed("notices", Notice, logged_notice)}
    engine = make_engine(home, enrolled, sync_store)
    pages: list[int] = []

    def crash_on_second_page(feed: str, items: int) -> None:
        pages.append(items)
        if len(pages) == 2:
            raise Crash

    transport = engine.transport()
    try:
        pull = FeedPull(
            sync_store,
            transport,
            feeds,
            SystemClock(),
            before_commit=crash_on_second_page,
            page_size=3,
        )
        with pytest.raises(Crash):
            pull.pull_all()
        assert _applied(sync_store) == published[:3]
        cursor_after_crash = pull.cursor("notices")
        assert cursor_after_crash
        resumed = FeedPull(sync_store, transport, feeds, SystemClock(), page_size=3).pull_all()
        assert resumed == {"notices": 4}
        assert _applied(sync_store) == published
        # Nothing new: a further pull applies nothing.
        assert FeedPull(sync_store, transport, feeds, SystemClock(), page_size=3).pull_all() == {
            "notices": 0
        }
    finally:
        transport.close()
    titles = [
        r[0] for r in sync_store.db.execute("SELECT title FROM hall_notices ORDER BY published_at")
    ]
    assert titles == [f"通知 {n}" for n in range(7)]


def _applied(store: Store) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT notice_id FROM applied_log ORDER BY rowid")]


def test_catalog_and_calendar_versions_arrive_through_the_core_loaders(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, platform: CentralStore
) -> None:
    catalog = _next_version(bundled_catalog(), 2)
    calendar = _next_version(bundled_calendar(), 2)
    publishing.publish_document(platform, "catalog", catalog, 2)
    publishing.publish_document(platform, "calendar", calendar, 2)
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None
    assert summary.pulled_by_feed["catalog"] == 1 and summary.pulled_by_feed["calendar"] == 1
    sources = dict(sync_store.db.execute("SELECT version, source FROM catalog_versions").fetchall())
    assert sources[2] == "platform:catalog:2"
    assert sync_store.db.execute("SELECT max(version) FROM calendar_versions").fetchone()[0] == 2
    cursors = {r[0] for r in sync_store.db.execute("SELECT feed FROM feed_cursors")}
    assert cursors == set(DEFAULT_FEEDS)
    again = make_engine(home, enrolled, sync_store).run_once()
    assert again.pulled == 0


def _next_version(document: dict[str, Any], version: int) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(document))
    copy["version"] = version
    return copy


def test_progress_moves_local_cases_exactly_once_across_a_crash(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, platform: CentralStore
) -> None:
    own, withdrawn_here = seed_cases(sync_store, 2, hall=HALL)
    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once().pushed == 2
    for state in ("in_process", "completed_approved", "result_ready"):
        progress.record_progress(platform, own.case_id, state, f"back office: {state}")
    # Withdrawn at the window, not uploaded yet: the platform's step must not undo that.
    add_version(sync_store, withdrawn_here, "withdrawn at the window", state="withdrawn")
    progress.record_progress(platform, withdrawn_here.case_id, "in_process", "")

    pages: list[int] = []

    def crash_on_second_page(feed: str, items: int) -> None:
        pages.append(items)
        if len(pages) == 2:
            raise Crash

    feeds = {"progress": DEFAULT_FEEDS["progress"]}
    transport = engine.transport()
    try:
        with pytest.raises(Crash):
            FeedPull(
                sync_store,
                transport,
                feeds,
                SystemClock(),
                before_commit=crash_on_second_page,
                page_size=1,
            ).pull_all()
        assert _state(sync_store, own.case_id) == "in_process"
        resumed = FeedPull(sync_store, transport, feeds, SystemClock(), page_size=1).pull_all()
    finally:
        transport.close()
    assert resumed == {"progress": 2}
    assert _state(sync_store, own.case_id) == "result_ready"
    steps = sync_store.db.execute(
        "SELECT from_state, to_state FROM case_events WHERE case_id = ? AND kind = 'progress' ORDER BY event_id",
        (own.case_id,),
    ).fetchall()
    assert steps == [
        ("accepted", "in_process"),
        ("in_process", "completed_approved"),
        ("completed_approved", "result_ready"),
    ]
    assert _state(sync_store, withdrawn_here.case_id) == "withdrawn"
    [refused] = sync_store.db.execute(
        "SELECT detail FROM case_events WHERE case_id = ? AND kind = 'sync' AND detail LIKE '%progress_not_applied%'",
        (withdrawn_here.case_id,),
    ).fetchall()
    assert json.loads(refused[0])["progress_not_applied"] == "in_process"


def _state(store: Store, case_id: str) -> str:
    return str(
        store.db.execute("SELECT state FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0]
    )


def _cursors(store: Store) -> dict[str, str]:
    return dict(store.db.execute("SELECT feed, cursor FROM feed_cursors").fetchall())


def _notice_titles(store: Store) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT title FROM hall_notices")}


def test_a_rebuilt_platform_refuses_the_old_cursors_and_the_feeds_are_pulled_from_the_start(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    platform: CentralStore,
    tmp_path: Path,
) -> None:
    publishing.publish_notice(platform, HALL, "重建前", "旧平台的通知")
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    old_cursors = _cursors(sync_store)
    assert set(old_cursors) == set(DEFAULT_FEEDS)
    # The platform's store is rebuilt from scratch (new cursor secret, no history): the
    # workstation enrols again for the same hall and keeps its cursors, which the new store
    # refuses as bad_cursor.
    rebuilt = start_central(tmp_path / "rebuilt", serve_args=FAST_SERVE)
    try:
        config = enrol_home(home, rebuilt)
        fresh = open_central_store(rebuilt.db)
        try:
            publishing.publish_notice(fresh, HALL, "重建后", "新平台的通知")
        finally:
            fresh.close()
        engine = make_engine(home, config, sync_store)
        summary = engine.run_once()
        assert summary.error is None, summary.error
        assert summary.pulled_by_feed["notices"] == 1
        assert _notice_titles(sync_store) == {"重建前", "重建后"}
        new_cursors = _cursors(sync_store)
        assert set(new_cursors) == set(DEFAULT_FEEDS)
        assert not set(new_cursors.values()) & set(old_cursors.values())
        # The new cursors are the rebuilt platform's own: the next run goes on from them.
        again = engine.run_once()
        assert again.error is None and again.pulled == 0
    finally:
        rebuilt.stop()


def test_re_enrolment_into_another_hall_drops_the_hall_scoped_cursors(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    platform: CentralStore,
    run_cli: CliRunner,
) -> None:
    publishing.publish_notice(platform, HALL, "本厅通知", "")
    publishing.publish_notice(platform, OTHER_HALL, "新大厅通知", "")
    seed_cases(sync_store, 1, hall=HALL)
    (damaged,) = seed_cases(sync_store, 1, hall=HALL, start=1)  # rejected: a hall problem
    break_content_hash(sync_store, damaged)
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    kept = _cursors(sync_store)
    assert _hall_queue_halls(sync_store) == {HALL}
    assert _count(sync_store, "hall_problems") == 1
    (notice,) = hall_notices(sync_store, "clerk1")
    mark_read(sync_store, "clerk1", notice.notice_id)  # its read state goes with it
    enrolment = run_cli(
        "enroll",
        central.url,
        central.enroll_code(OTHER_HALL, "W02"),
        "--allow-insecure-http",
        "--leave-open-cases",  # the old hall's cases stay open here
    )
    assert enrolment.returncode == 0, enrolment.stderr
    # Catalog and calendar cursors are valid in every hall; progress and notices were the
    # old hall's.
    assert _cursors(sync_store) == {feed: kept[feed] for feed in ("catalog", "calendar")}
    # ... and so were its queue and its notices: nothing of them shows in the new hall.
    assert _hall_queue_halls(sync_store) == set()
    assert _notice_titles(sync_store) == set()
    assert _count(sync_store, "hall_problems") == 0
    summary = make_engine(home, load_config(home), sync_store).run_once()
    assert summary.error is None, summary.error
    assert _notice_titles(sync_store) == {"新大厅通知"}
    assert _hall_queue_halls(sync_store) == set()


def _count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _hall_queue_halls(store: Store) -> set[str]:
    """The halls of the case numbers in the hall queue (a number starts with its hall)."""
    numbers = [row[0] for row in store.db.execute("SELECT case_no FROM hall_queue")]
    return {number.rsplit("-", 4)[0] for number in numbers}


def test_a_cursor_of_another_hall_is_dropped_and_the_feed_pulled_from_the_start(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, platform: CentralStore
) -> None:
    publishing.publish_notice(platform, OTHER_HALL, "新大厅通知", "")
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    # Enrolled into another hall by a program that left the cursors (an older version):
    # the platform refuses the old hall's cursors as wrong_hall.
    config = enrol_home(home, central, hall=OTHER_HALL)
    summary = make_engine(home, config, sync_store).run_once()
    assert summary.error is None, summary.error
    assert summary.pulled_by_feed["notices"] == 1
    assert _notice_titles(sync_store) == {"新大厅通知"}
