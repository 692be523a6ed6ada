"""A window's withdrawal the platform kept in conflict (``withdrawn_after_step``), settled by
the platform's own withdrawal, with the real windows and the real platform: a second window
of the hall stops listing the problem (problems list, hall queue's sync column), and a
supervisor's instruction that reaches the owning window after the settle writes nothing and
is answered done, saying so, whichever the resolution."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.services.case_endings import withdraw
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from sync.instructions import HeldInstruction
from sync.problems import resolve
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine, platform_versions

pytestmark = pytest.mark.integration

CLERK = User("clerk2", "窗口二", "clerk", None, False)
PASSWORD = "Counter-Pass-2026!"
REASON = "申请人不再办理"


def _withdrawal_in_conflict(
    owner: tuple[Home, Config, Store], central: RunningCentral
) -> tuple[str, str]:
    """At the ``owner`` window: a case synced, taken into processing by the platform and
    withdrawn here before this window pulled that step, then sent: ``(case_id, case_no)``."""
    home, config, store = owner
    ensure_bundled_catalog(store)
    item = item_named(store, "老年综合津贴申领")
    case = intake.accept(store, request_for(item, complete_marks(item)), CLERK)
    engine = make_engine(home, config, store)
    assert engine.run_once().pushed == 1
    central.cli("progress", case.case_no, "--to", "in_process")
    withdraw(store, case.case_id, CLERK, REASON, applicant_confirmed=True)
    assert engine.run_once().conflicts == 1
    return case.case_id, case.case_no


def _case_row(store: Store, case_id: str) -> tuple[str, int, str]:
    row = store.db.execute(
        "SELECT state, data_version, sync_state FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    return str(row[0]), int(row[1]), str(row[2])


def _listed(cli: Callable[..., CliResult], *args: str) -> list[dict]:
    """The hall's cases of ``counter-app queue --hall ARGS --json`` at this window."""
    listed = cli("--lang", "en", "queue", "--hall", *args, "--json")
    assert listed.returncode == 0, listed.stderr
    cases: list[dict] = json.loads(listed.stdout)["cases"]
    return cases


def test_another_window_stops_listing_the_problem_once_the_platform_withdraws(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    case_id, case_no = _withdrawal_in_conflict(second_window, central)
    console = make_engine(home, enrolled, sync_store)
    console.run_once()
    (problem,) = _listed(cli, "--problems")
    assert (problem["case_no"], problem["window_code"]) == (case_no, "W02")
    assert problem["problem"]["reason"] == "withdrawn_after_step"
    (queued,) = _listed(cli)
    assert (queued["case_no"], queued["sync_state"]) == (case_no, "conflict")

    central.cli("progress", case_no, "--to", "withdrawn", "--note", REASON)
    make_engine(*second_window).run_once()
    assert _case_row(second_window[2], case_id) == ("withdrawn", 2, "synced")
    console.run_once()

    assert _listed(cli, "--problems") == []
    (queued,) = _listed(cli)
    assert (queued["case_no"], queued["state"], queued["sync_state"]) == (
        case_no,
        "withdrawn",
        "synced",
    )
    kept = sync_store.db.execute(
        "SELECT status, data_version, reason FROM hall_problems WHERE case_id = ?", (case_id,)
    ).fetchone()
    assert tuple(kept) == ("settled", 2, "withdrawn_after_step")


@pytest.mark.parametrize("action", ["resend", "adopt", "void"])
def test_an_instruction_arriving_after_the_settle_writes_nothing_and_is_answered(
    action: str,
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    case_id, case_no = _withdrawal_in_conflict(second_window, central)
    owner_store = second_window[2]
    console = make_engine(home, enrolled, sync_store)
    console.run_once()
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    issued = resolve(sync_store, accounts.authenticate("chief1", PASSWORD), case_no, action, "核对")
    assert isinstance(issued, HeldInstruction) and issued.state == "issued"
    central.cli("progress", case_no, "--to", "withdrawn", "--note", REASON)
    events_before = owner_store.db.execute(
        "SELECT count(*) FROM case_events WHERE case_id = ?", (case_id,)
    ).fetchone()[0]

    # One run: the withdrawal step settles the conflict, then the instruction comes.
    summary = make_engine(*second_window).run_once()
    assert summary.error is None
    assert (summary.instructions, summary.pushed, summary.conflicts) == (0, 0, 0)
    assert _case_row(owner_store, case_id) == ("withdrawn", 2, "synced")
    events = owner_store.db.execute(
        "SELECT actor, kind FROM case_events WHERE case_id = ? ORDER BY event_id", (case_id,)
    ).fetchall()
    assert [tuple(e) for e in events[events_before:]] == [
        ("platform", "progress"),
        ("platform", "sync"),
    ]  # the settle only: nothing of the instruction
    answer = owner_store.db.execute(
        "SELECT state, answered_at IS NOT NULL FROM case_resolutions WHERE resolution_id = ?",
        (issued.instruction_id,),
    ).fetchone()
    assert tuple(answer) == ("done", 1)
    assert [v for v, _ in platform_versions(central.db)[case_id]] == [1]

    console.run_once()
    (done,) = sync_store.db.execute(
        "SELECT state, outcome FROM instructions WHERE instruction_id = ?",
        (issued.instruction_id,),
    ).fetchall()
    assert done[0] == "done" and "already settled" in done[1] and "问题已了结" in done[1]
    assert _listed(cli, "--problems") == []
