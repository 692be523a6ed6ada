"""A window restored from a backup older than cases it had synced gets them back from the
real platform at its next sync: each in the platform's newest version and state, synced
(nothing to upload), its later progress applied and its result handed over here; before
that sync, ``case show`` says to sync first instead of 「找不到」. A walk cut short by a
failure goes on where it stopped, and writes nothing twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from central.store import open_store as open_central_store
from central.store import progress
from counter_app.config import Config, load_config, update_user_config
from counter_app.home import Home
from counter_app.services import delivery, intake
from counter_app.services.auth import User
from counter_app.services.case_endings import withdraw
from counter_app.services.offline_policy import backlog
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.backup import create_backup
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store, open_store
from counter_app.store.platform_cases import last_recovery
from sync.device_transport import platform_transport
from sync.engine import SyncEngine
from sync.errors import PlatformRefused
from sync.feeds import DEFAULT_FEEDS
from sync.own_cases import META_AUDIT_READ, META_WALK, recover_own_cases
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult
from tests.services.conftest import complete_marks, item_named, request_for, resident_number
from tests.sync import fault_proxy as fp
from tests.sync.conftest import make_engine, platform_conflicts

CLERK = User("clerk1", "窗口一", "clerk", None, False)
Cli = Callable[..., CliResult]


def _accept(store: Store, seq: int) -> intake.IntakeResult:
    item = item_named(store, "老年综合津贴申领")
    number = resident_number(f"310104198001011{seq:02d}")
    return intake.accept(store, request_for(item, complete_marks(item), number=number), CLERK)


def _synced(home: Home, config: Config, store: Store, count: int) -> None:
    run = make_engine(home, config, store).run_once()
    assert (run.error, run.pushed) == (None, count)


def _restored(home: Home, store: Store, backup: Path, cli: Cli) -> Store:
    """``store`` closed, ``backup`` restored over it by ``counter-app restore`` (which says
    what the next sync fetches back), the restored store opened."""
    store.close()
    restored = cli("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines()[1] == (
        "备份之后已同步到平台的本窗口办件，将在下次同步时从平台取回（counter-app sync --once）。"
    )
    return open_store(home, load_config(home))


def _window_with_cases_after_backup(
    home: Home, config: Config, tmp_path: Path, later: int, cli: Cli
) -> tuple[Store, intake.IntakeResult, list[intake.IntakeResult]]:
    """One case accepted and synced, a backup, that case withdrawn and ``later`` more
    accepted, all synced, then the backup restored: (the restored store, the first case,
    the later ones)."""
    store = open_store(home, config)
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    early = _accept(store, 1)
    _synced(home, config, store, 1)
    backup = create_backup(store, tmp_path / "bk1.db").database
    withdraw(store, early.case_id, CLERK, "申请人撤回", applicant_confirmed=True)
    after = [_accept(store, 2 + n) for n in range(later)]
    _synced(home, config, store, 1 + later)
    return _restored(home, store, backup, cli), early, after


def test_cases_synced_after_the_backup_come_back_with_their_states(
    home: Home, enrolled: Config, central: RunningCentral, tmp_path: Path, cli: Cli
) -> None:
    store, early, (kept, ready) = _window_with_cases_after_backup(home, enrolled, tmp_path, 2, cli)
    try:
        assert store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
        platform = open_central_store(central.db)
        try:
            progress.record_progress(platform, ready.case_id, "completed_approved", "")
        finally:
            platform.close()
        # The hall queue alone (no recovery yet) names the case as this window's.
        queue_only = {"hall_queue": DEFAULT_FEEDS["hall_queue"]}
        assert SyncEngine(home, enrolled, store, queue_only).run_once().error is None
        shown = cli("case", "show", ready.case_no)
        assert shown.returncode != 0
        assert "该办件由本窗口受理，但本机数据是从较早的备份恢复的" in shown.stderr
        assert "counter-app sync --once" in shown.stderr and "找不到" not in shown.stderr

        run = make_engine(home, enrolled, store).run_once()

        assert (run.error, run.recovered_from_platform, run.pushed) == (None, 3, 0)
        states = {
            case_id: case_rows.get_case(store, case_id)
            for case_id in (early.case_id, kept.case_id, ready.case_id)
        }
        assert {k: (r.state, r.data_version, r.sync_state) for k, r in states.items()} == {
            early.case_id: ("withdrawn", 2, "synced"),
            kept.case_id: ("accepted", 1, "synced"),
            ready.case_id: ("completed_approved", 1, "synced"),
        }
        assert backlog(store) == 0
        assert store.db.execute("SELECT count(*) FROM outbox WHERE case_id IN (?, ?)", (
            kept.case_id, ready.case_id)).fetchone()[0] == 0  # fmt: skip
        status = cli("sync", "status")
        assert "从平台取回 3 件办件" in status.stdout, status.stderr
        again = cli("sync", "--once")  # nothing more to fetch: idempotent
        assert again.returncode == 0 and "从平台取回" not in again.stdout, again.stderr

        platform = open_central_store(central.db)
        try:
            progress.record_progress(platform, ready.case_id, "result_ready", "")
        finally:
            platform.close()
        assert make_engine(home, enrolled, store).run_once().error is None
        assert [r.case_no for r in delivery.ready_results(store)] == [ready.case_no]
        number = case_plaintext.case_document(store, ready.case_id)["applicant"]["id_number"]
        delivery.hand_over(store, ready.case_no, CLERK, id_number=number)
        _synced(home, enrolled, store, 1)
        assert case_rows.get_case(store, ready.case_id).state == "delivered"
        assert platform_conflicts(central.db) == []
    finally:
        store.close()


def test_a_walk_cut_short_goes_on_where_it_stopped(
    home: Home, enrolled: Config, central: RunningCentral, tmp_path: Path, cli: Cli
) -> None:
    store, early, later = _window_with_cases_after_backup(home, enrolled, tmp_path, 4, cli)
    host, port = central.url.removeprefix("http://").split(":")
    # The platform answers the first two cases' documents, then something in front of it
    # answers every further one with its own 404 page.
    answers = iter([fp.PASS, fp.PASS])
    try:
        with fp.FaultProxy(
            host, int(port), lambda: next(answers, fp.PAGE_404), only="GET /v1/hall/cases/"
        ) as proxy:
            update_user_config(home, {"sync": {"url": proxy.url}})
            cut = make_engine(home, load_config(home), store).run_once()
        assert cut.error is not None and cut.error["code"] == "not_the_platform"
        # The first case (held at v1) and the first later one were kept before the cut.
        assert store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 2
        assert case_rows.get_case(store, early.case_id).data_version == 2
        assert store.meta(META_WALK) is not None

        update_user_config(home, {"sync": {"url": central.url}})
        config = load_config(home)
        transport = platform_transport(home, config)
        try:  # a page of two cases per run: bounded, the rest waits for the next run
            # The first page holds the two cases kept before the cut: skipped.
            assert recover_own_cases(store, transport, page_size=2, pages=1) == 0
            assert store.meta(META_WALK) is not None
            assert recover_own_cases(store, transport, page_size=2, pages=5) == 3
        finally:
            transport.close()
        assert store.meta(META_WALK) is None
        assert last_recovery(store) is not None and last_recovery(store)[1] == 5  # type: ignore[index]
        held = {r[0] for r in store.db.execute("SELECT case_id FROM cases")}
        assert {case.case_id for case in later} <= held
        assert (
            store.db.execute(
                "SELECT count(*) FROM case_events WHERE detail LIKE '%recovered_from_platform%'"
            ).fetchone()[0]
            == 5
        )  # every case kept once: the two before the cut, three after
    finally:
        store.close()


def test_progress_for_an_own_case_the_store_lacks_fetches_it_back(
    home: Home, enrolled: Config, central: RunningCentral, tmp_path: Path, cli: Cli
) -> None:
    store, _, (later,) = _window_with_cases_after_backup(home, enrolled, tmp_path, 1, cli)
    try:
        # A store whose restore left no mark a walk would start from (a copy put back by
        # hand): only the progress feed tells of the case.
        seq = store.db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        store.set_meta(META_AUDIT_READ, str(seq))
        platform = open_central_store(central.db)
        try:
            progress.record_progress(platform, later.case_id, "in_process", "")
        finally:
            platform.close()

        run = make_engine(home, enrolled, store).run_once()

        assert (run.error, run.recovered_from_platform) == (None, 2)  # and the withdrawn one
        assert case_rows.get_case(store, later.case_id).state == "in_process"
    finally:
        store.close()


class _OlderPlatform:
    """A platform from before the listing: its router answers 404 to the path."""

    def request_json(self, method: str, path: str, **_: object) -> object:
        raise PlatformRefused("not_found", "未找到", "Not Found", status=404)


def test_a_platform_without_the_listing_leaves_the_walk_due_and_the_run_going(
    sync_store: Store,
) -> None:
    sync_store.set_meta(META_WALK, json.dumps({"after": "", "recovered": 0}))

    assert recover_own_cases(sync_store, _OlderPlatform()) == 0  # type: ignore[arg-type]

    assert sync_store.meta(META_WALK) is not None  # tried again once the platform has it
