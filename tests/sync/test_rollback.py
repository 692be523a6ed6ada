"""A store put back to an older copy by copying a backup file over the database (not
``counter-app restore``): the platform holds a higher audit head than the local log reaches.
The next sync run treats it as the restore it was not told of: the case numbers move past
the highest the platform holds before any accept can take one again, the walk fetches the
cases synced since the copy back, ``sync --once`` says so, and doctor fails until the walk
has ended."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.config import Config
from counter_app.domain.case_number import parse_case_number
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store import cases as case_rows
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store, open_store
from sync.credential import load_identity
from sync.engine import SyncEngine
from sync.rollback import chain_fork_check, store_behind_check
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult
from tests.services.conftest import complete_marks, item_named, request_for, resident_number
from tests.sync.conftest import HALL, make_engine

CLERK = User("clerk1", "窗口一", "clerk", None, False)
Cli = Callable[..., CliResult]


def _accept(store: Store, seq: int) -> intake.IntakeResult:
    item = item_named(store, "老年综合津贴申领")
    number = resident_number(f"310104198001011{seq:02d}")
    return intake.accept(store, request_for(item, complete_marks(item), number=number), CLERK)


def _copied_back_over(home: Home, config: Config, tmp_path: Path) -> tuple[Store, list[str]]:
    """A window with one case synced, a backup file, two more cases synced, and then the
    backup file copied over its database while it was closed: the store opened on it, and
    the numbers of the two cases it lost."""
    store = open_store(home, config)
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    _accept(store, 1)
    assert make_engine(home, config, store).run_once().error is None
    backup = create_backup(store, tmp_path / "old.db").database
    later = [_accept(store, 2 + n).case_no for n in range(2)]
    assert make_engine(home, config, store).run_once().pushed == 2
    store.close()
    for suffix in ("-wal", "-shm"):
        home.db_path.with_name(home.db_path.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, home.db_path)
    return open_store(home, config), later


def test_a_store_copied_back_issues_no_number_the_platform_holds(
    home: Home, enrolled: Config, central: RunningCentral, tmp_path: Path
) -> None:
    store, lost = _copied_back_over(home, enrolled, tmp_path)
    try:
        assert store_behind_check(store, en=True) == []  # nothing can tell yet, offline
        # A run without the feeds: the audit head alone, no walk yet.
        run = SyncEngine(home, enrolled, store, {}).run_once()

        behind = run.store_behind_platform
        assert run.error is None and behind is not None
        assert (behind["recovery_started"], behind["told"]) == (True, False)
        assert behind["last_case_no"] == max(lost)
        highest = parse_case_number(max(lost))
        assert behind["case_sequences_advanced"] == {highest.day.isoformat(): highest.seq}
        assert "counter-app restore" in behind["message_en"]
        assert "数据库被旧副本覆盖" in behind["message"]
        (check,) = store_behind_check(store, en=True)
        assert (check.name, check.status) == ("store_behind_platform", "fail")
        # The chain forks from the head held since the copy: expected, and who accepts it.
        (fork,) = chain_fork_check(store, en=True)
        assert "expected after a restore" in fork.detail
        assert f"accept-fork {_device_id(store)}" in fork.detail

        # Before the walk brought anything back, the next accept takes a fresh number.
        fresh = parse_case_number(_accept(store, 9).case_no)
        assert fresh.seq == highest.seq + 1

        recovered = make_engine(home, enrolled, store).run_once()
        assert (recovered.error, recovered.recovered_from_platform) == (None, 2)
        assert recovered.store_behind_platform is None  # found once, not at every run
        assert {case_rows.get_case_by_no(store, no).sync_state for no in lost} == {"synced"}
        assert store_behind_check(store, en=True) == []
    finally:
        store.close()


def test_sync_once_says_the_store_was_behind_and_recovery_started(
    home: Home, enrolled: Config, central: RunningCentral, tmp_path: Path, cli: Cli
) -> None:
    store, lost = _copied_back_over(home, enrolled, tmp_path)
    store.close()

    done = cli("sync", "--once", "--json")

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["store_behind_platform"]["recovery_started"] is True
    assert summary["store_behind_platform"]["last_case_no"] == max(lost)
    assert summary["recovered_from_platform"] == 2
    with open_store(home, enrolled) as reopened:
        actions = [entry["action"] for entry in reopened.audit.entries(limit=10_000)]
    assert "sync.store_behind_platform" in actions


ADMIN_PASSWORD = "Platform-2026-ok"


def _device_id(store: Store) -> str:
    identity = load_identity(store.home)
    assert identity is not None
    return identity.device_id


def _audit_head_row(central: RunningCentral) -> dict[str, Any]:
    (row,) = central.cli("audit-heads", "--hall", HALL, "--json")["audit_heads"]
    return dict(row)


def _record(store: Store, count: int) -> None:
    for n in range(count):
        store.audit.record("clerk1", "login.success", "clerk1", {"n": n})


def test_after_a_restore_the_platform_takes_the_forked_chain_once_an_administrator_accepts(
    home: Home, enrolled: Config, central: RunningCentral, tmp_path: Path, cli: Cli
) -> None:
    """``counter-app restore`` of a backup older than the head the platform holds: every
    report is refused, in words that say it is expected and name the platform command with
    this device's id; once a platform administrator ran it, the next sync sets the new base
    and the refusals end."""
    store = open_store(home, enrolled)
    try:
        ensure_bundled_catalog(store)
        ensure_bundled_calendar(store)
        _accept(store, 1)
        assert make_engine(home, enrolled, store).run_once().error is None
        backup = create_backup(store, tmp_path / "old.db").database
        _record(store, 5)
        assert make_engine(home, enrolled, store).run_once().error is None
    finally:
        store.close()
    held = _audit_head_row(central)
    restore_backup(home, enrolled, backup)

    with open_store(home, enrolled) as store:
        device = _device_id(store)
        # Behind the head held, then past it: refused either way, as expected.
        for more in (0, held["seq"]):
            _record(store, more)
            assert SyncEngine(home, enrolled, store, {}).run_once().error is None
            (fork,) = chain_fork_check(store, en=True)
            assert (fork.name, fork.status) == ("audit_chain_refused", "fail")
            assert "expected after a restore" in fork.detail
            assert f"counter-central audit-heads accept-fork {device} --by" in fork.detail
    refused = _audit_head_row(central)
    assert (refused["seq"], refused["last_refused"], refused["anomalies"]) == (held["seq"], True, 2)
    online = cli("--lang", "en", "audit", "verify", "--online")
    assert online.returncode == 1 and f"accept-fork {device}" in online.stderr

    _accepted_fork(central, device)

    with open_store(home, enrolled) as store:
        reported = store.audit.head()
        assert SyncEngine(home, enrolled, store, {}).run_once().error is None
        assert chain_fork_check(store, en=True) == []
        (taken,) = store.audit.entries(after_seq=reported.seq)
        assert taken["action"] == "sync.audit_chain_taken"
        # The next report proves it continues the new base.
        assert SyncEngine(home, enrolled, store, {}).run_once().error is None
        local = store.audit.head()
    based = _audit_head_row(central)
    assert (based["seq"], based["head"], based["anomalies"]) == (local.seq, local.hash, 2)
    (fork_kept,) = based["forks"]
    assert (fork_kept["replaced"]["seq"], fork_kept["base"]["seq"]) == (held["seq"], reported.seq)
    assert cli("audit", "verify", "--online").returncode == 0


def _accepted_fork(central: RunningCentral, device: str) -> None:
    admin = f"ops-{uuid.uuid4().hex[:8]}"
    central.cli(
        *("staff", "add", "--hall", "platform-ops", "--name", admin, "--role", "admin"),
        "--password-stdin",
        input=ADMIN_PASSWORD + "\n",
    )
    central.cli(
        *("audit-heads", "accept-fork", device, "--by", admin, "--password-stdin", "--json"),
        input=ADMIN_PASSWORD + "\n",
    )


def test_a_fork_accepted_before_the_copy_synced_still_moves_the_numbers_past_the_platforms(
    home: Home, enrolled: Config, central: RunningCentral, tmp_path: Path
) -> None:
    store, lost = _copied_back_over(home, enrolled, tmp_path)
    try:
        _accepted_fork(central, _device_id(store))
        run = SyncEngine(home, enrolled, store, {}).run_once()

        assert run.error is None and run.store_behind_platform is not None
        assert run.store_behind_platform["last_case_no"] == max(lost)
        highest = parse_case_number(max(lost))
        assert parse_case_number(_accept(store, 9).case_no).seq == highest.seq + 1
    finally:
        store.close()
