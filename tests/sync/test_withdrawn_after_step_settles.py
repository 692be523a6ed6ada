"""A window withdrew a case offline while the department took it into processing: the
platform keeps the withdrawal in conflict (``withdrawn_after_step``). With the real window
and the real platform, both ways out end the problem: the supervisor adopts the platform's
version (the case is in process again) and the platform withdraws it, or the platform
withdraws it first and its step, agreeing with the window, settles the conflict."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.services.case_endings import withdraw
from counter_app.services.offline_policy import needing_supervisor
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from sync.engine import SyncEngine
from sync.problems import resolve
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine, platform_conflicts, platform_versions

pytestmark = pytest.mark.integration

ALLOWANCE = "老年综合津贴申领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)
PASSWORD = "Counter-Pass-2026!"
REASON = "申请人不再办理"


def _withdrawn_in_conflict(
    home: Home, enrolled: Config, store: Store, central: RunningCentral
) -> tuple[str, str, SyncEngine]:
    """A case synced, taken into processing by the platform, withdrawn at the window before
    it pulled that step, and sent: ``(case_id, case_no, engine)``."""
    ensure_bundled_catalog(store)
    item = item_named(store, ALLOWANCE)
    case = intake.accept(store, request_for(item, complete_marks(item)), CLERK)
    engine = make_engine(home, enrolled, store)
    assert engine.run_once().pushed == 1
    central.cli("progress", case.case_no, "--to", "in_process")
    withdraw(store, case.case_id, CLERK, REASON, applicant_confirmed=True)
    assert engine.run_once().conflicts == 1
    assert _case_row(store, case.case_id) == ("withdrawn", 2, "conflict")
    (kept,) = platform_conflicts(central.db)
    assert (kept["case_id"], kept["reason"]) == (case.case_id, "withdrawn_after_step")
    return case.case_id, case.case_no, engine


def _case_row(store: Store, case_id: str) -> tuple[str, int, str]:
    row = store.db.execute(
        "SELECT state, data_version, sync_state FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    return str(row[0]), int(row[1]), str(row[2])


def _events(store: Store, case_id: str) -> list[tuple[str, str, str | None, str | None, dict]]:
    rows = store.db.execute(
        "SELECT actor, kind, from_state, to_state, detail FROM case_events WHERE case_id = ?"
        " ORDER BY event_id",
        (case_id,),
    ).fetchall()
    return [(r[0], r[1], r[2], r[3], json.loads(r[4] or "{}")) for r in rows]


def test_the_supervisor_adopts_the_platforms_version_and_the_platform_withdraws_it(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    case_id, case_no, engine = _withdrawn_in_conflict(home, enrolled, sync_store, central)
    accounts = Accounts(sync_store)
    accounts.add_user("super1", PASSWORD, "supervisor")
    chief = accounts.authenticate("super1", PASSWORD)

    adopted = resolve(sync_store, chief, case_no, "adopt", "部门已接件办理")
    assert (adopted.state, adopted.data_version) == ("done", 3), adopted
    # The platform's state, not only its newest version's: the department has the case.
    assert _case_row(sync_store, case_id) == ("in_process", 3, "pending")
    actor, kind, from_state, to_state, detail = _events(sync_store, case_id)[-1]
    assert (actor, kind, from_state, to_state) == (
        "super1",
        "transition",
        "withdrawn",
        "in_process",
    )
    assert (detail["resolution"], detail["approved_by"]) == ("adopt", "super1")
    audit = sync_store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY seq DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    assert tuple(audit) == ("super1", "case.adopt_platform_version")

    assert engine.run_once().pushed == 1  # stored: the platform takes the adopted version
    assert _case_row(sync_store, case_id) == ("in_process", 3, "synced")
    assert json.loads(cli("queue", "--problems", "--json").stdout) == {"cases": []}
    central.cli("progress", case_no, "--to", "withdrawn", "--note", REASON)
    engine.run_once()
    assert _case_row(sync_store, case_id) == ("withdrawn", 3, "synced")
    assert needing_supervisor(sync_store) == 0
    assert [v for v, _ in platform_versions(central.db)[case_id]] == [1, 3]


def test_the_platforms_withdrawal_settles_the_windows_withdrawal_in_conflict(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    case_id, case_no, engine = _withdrawn_in_conflict(home, enrolled, sync_store, central)
    central.cli("progress", case_no, "--to", "withdrawn", "--note", REASON)

    summary = engine.run_once()
    assert summary.error is None and summary.pushed == 0
    assert _case_row(sync_store, case_id) == ("withdrawn", 2, "synced")
    assert json.loads(cli("queue", "--problems", "--json").stdout) == {"cases": []}
    assert needing_supervisor(sync_store) == 0
    step, settled = _events(sync_store, case_id)[-2:]
    assert step[:4] == ("platform", "progress", "withdrawn", "withdrawn")
    assert step[4]["note"] == REASON
    assert settled[:4] == ("platform", "sync", None, None)
    assert (settled[4]["data_version"], settled[4]["outcome"]) == (2, "settled")
    # Nothing is left to send that the platform would keep in conflict again.
    Accounts(sync_store).add_user("super1", PASSWORD, "supervisor")
    requeued = cli(
        "--lang", "en", "sync", "requeue", case_no, "--by", "super1", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert requeued.returncode != 0 and "no rejected or conflicting version" in requeued.stderr
    again = engine.run_once()
    assert (again.pushed, again.conflicts) == (0, 0)
    assert _case_row(sync_store, case_id) == ("withdrawn", 2, "synced")
    assert [v for v, _ in platform_versions(central.db)[case_id]] == [1]
