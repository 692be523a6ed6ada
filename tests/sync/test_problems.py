"""Problem cases resolved from the supervisor's seat through a real platform: two enrolled
workstations of one hall; the supervisor at W01 resolves W02's conflicting case, the
instruction travels signed through the platform, W02 carries it out at its next sync (once,
however often it arrives) and W01 sees it done. And this workstation's own problem resolved
from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from central.store import cases as case_store
from central.store import open_store as open_central_store
from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.services.offline_policy import needing_supervisor
from counter_app.services.problems import resolve_once
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from sync.clock import SystemClock
from sync.credential import load_credential
from sync.device_transport import platform_transport
from sync.feeds import DEFAULT_FEEDS
from sync.instructions import HeldInstruction, carry_out
from sync.problems import compare, resolve
from sync.pull import FeedPull
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import make_engine, platform_versions
from tests.sync.damage import break_content_hash, conflicting_case

pytestmark = pytest.mark.integration

PASSWORD = "Counter-Pass-2026!"


def platform_document(db: str, case_id: str) -> dict:
    """The newest version of a case the platform holds, from its own store."""
    store = open_central_store(db)
    try:
        payload: dict = case_store.case_versions(store, case_id)[-1]["payload"]
        return payload
    finally:
        store.close()


def instructions_for_case(store: Store, case_id: str) -> list[HeldInstruction]:
    """The instructions about a case as the workstation last heard of them, oldest first."""
    rows = store.db.execute(
        "SELECT instruction_id, case_id, case_no, target_window, action, reason, issued_by,"
        " state, outcome FROM instructions WHERE case_id = ? ORDER BY sequence",
        (case_id,),
    ).fetchall()
    return [HeldInstruction(*row) for row in rows]


def replay(home: Home, store: Store) -> int:
    """Carry out the workstation's instructions again as if none had been answered (a
    replayed or re-read feed); how many it resolved."""
    store.db.execute("UPDATE instructions SET state = 'issued'")
    transport = platform_transport(home, load_config(home))
    try:
        return carry_out(store, transport, load_credential(home).identity.device_id)
    finally:
        transport.close()


def _case_row(store: Store, case_id: str) -> tuple[str, int, str]:
    row = store.db.execute(
        "SELECT state, data_version, sync_state FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    return str(row[0]), int(row[1]), str(row[2])


def _hall_problems(cli: Callable[..., CliResult]) -> list[dict]:
    listed = cli("--lang", "en", "queue", "--problems", "--hall", "--json")
    assert listed.returncode == 0, listed.stderr
    cases: list[dict] = json.loads(listed.stdout)["cases"]
    return cases


def _hall_problems_of_this_window(cli: Callable[..., CliResult]) -> list[dict]:
    listed = cli("--lang", "en", "queue", "--problems", "--json")
    cases: list[dict] = json.loads(listed.stdout)["cases"]
    return cases


def test_a_void_travels_to_the_owning_window_and_back_exactly_once(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    home_b, config_b, store_b = second_window
    theirs = conflicting_case(home_b, config_b, store_b)
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")
    chief = Accounts(sync_store).authenticate("chief1", PASSWORD)
    engine_a, engine_b = make_engine(home, enrolled, sync_store), make_engine(*second_window)
    engine_a.run_once()  # W02's case and its problem reach W01

    (problem,) = _hall_problems(cli)
    assert (problem["case_no"], problem["window_code"], problem["local"]) == (
        theirs.case_no,
        "W02",
        False,
    )
    assert problem["problem"]["reason"] == "content_differs"
    assert "different content" in problem["problem"]["message_en"]
    assert "problems resolve" in problem["problem"]["todo_en"]
    assert problem["instruction"] is None
    assert _hall_problems_of_this_window(cli) == []

    side = compare(sync_store, theirs.case_no)
    assert (side.own, side.window_code, side.platform_version) == (False, "W02", 1)
    assert (side.local_version, side.conflict_reason) == (1, "content_differs")
    differing = {row.path for row in side.rows if row.differs}
    assert differing == {"remarks"}
    shown = json.dumps([row.__dict__ for row in side.rows], ensure_ascii=False)
    assert theirs.id_number not in shown and theirs.phone not in shown
    assert theirs.id_number[:4] + "*" in shown  # masked, not left out

    issued = resolve(sync_store, chief, theirs.case_no, "void", "重复受理 duplicate intake")
    assert isinstance(issued, HeldInstruction)
    assert (issued.state, issued.target_window, issued.action) == ("issued", "W02", "void")
    assert _case_row(store_b, theirs.case_id) == ("accepted", 1, "conflict")
    human = cli("--lang", "en", "queue", "--problems", "--hall")
    assert "waiting for W02 (void)" in human.stdout, human.stdout

    summary_b = engine_b.run_once()  # W02's next sync carries it out and sends the version
    assert summary_b.instructions == 1 and summary_b.pushed == 1
    assert _case_row(store_b, theirs.case_id) == ("voided", 2, "synced")
    assert [v for v, _ in platform_versions(central.db)[theirs.case_id]] == [1, 2]
    audit = store_b.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY seq DESC LIMIT 1",
        (theirs.case_id,),
    ).fetchone()
    assert tuple(audit) == ("chief1", "case.voided")

    assert [i.state for i in instructions_for_case(sync_store, theirs.case_id)] == ["issued"]
    engine_a.run_once()
    (done,) = instructions_for_case(sync_store, theirs.case_id)
    assert done.state == "done" and "第 2 版" in done.outcome and "Version 2" in done.outcome
    hall_state = sync_store.db.execute(
        "SELECT state, data_version FROM hall_queue WHERE case_id = ?", (theirs.case_id,)
    ).fetchone()
    assert tuple(hall_state) == ("voided", 2)
    assert _hall_problems(cli) == []  # the platform holds a newer version: solved

    # Replayed: the instruction arrives again as if never answered; nothing is written.
    assert replay(home_b, store_b) == 0
    again = resolve_once(
        store_b,
        done.instruction_id,
        theirs.case_id,
        "void",
        supervisor="chief1",
        reason="重复受理 duplicate intake",
        platform_version=2,
    )
    assert (again.state, again.data_version) == ("done", 2)  # as kept the first time
    assert _case_row(store_b, theirs.case_id) == ("voided", 2, "synced")
    assert [v for v, _ in platform_versions(central.db)[theirs.case_id]] == [1, 2]


def test_a_tampered_instruction_is_refused_and_the_console_hears_why(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    home_b, config_b, store_b = second_window
    theirs = conflicting_case(home_b, config_b, store_b)
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")
    chief = Accounts(sync_store).authenticate("chief1", PASSWORD)
    engine_a, engine_b = make_engine(home, enrolled, sync_store), make_engine(*second_window)
    engine_a.run_once()
    resolve(sync_store, chief, theirs.case_no, "resend", "核对无误 checked")
    transport = engine_b.transport()
    try:  # W02 hears of it; before it acts, the instruction is altered on the way
        FeedPull(
            store_b, transport, {"instructions": DEFAULT_FEEDS["instructions"]}, SystemClock()
        ).pull_all()
    finally:
        transport.close()
    store_b.db.execute("UPDATE instructions SET action = 'void'")

    assert engine_b.run_once().instructions == 0
    assert _case_row(store_b, theirs.case_id) == ("accepted", 1, "conflict")
    engine_a.run_once()
    (refused,) = instructions_for_case(sync_store, theirs.case_id)
    assert refused.state == "refused" and "signature does not verify" in refused.outcome


def test_the_supervisor_resends_this_workstations_conflict_from_the_command_line(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    mine = conflicting_case(home, enrolled, sync_store)
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    accounts.add_user("clerk01", PASSWORD, "clerk")

    def problems(*args: str, by: str = "chief1") -> CliResult:
        return cli(
            "--lang", "en", "problems", *args, "--by", by, "--password-stdin", "--json",
            input=PASSWORD + "\n",
        )  # fmt: skip

    listed = cli("--lang", "en", "queue", "--problems", "--json")
    (problem,) = json.loads(listed.stdout)["cases"]
    assert problem["problem"]["reason"] == "content_differs"

    clerk = problems("resolve", mine.case_no, "--resend", "--reason", "checked", by="clerk01")
    assert clerk.returncode != 0 and "clerk01 is a clerk" in clerk.stderr
    unexplained = problems("resolve", mine.case_no, "--resend", "--reason", "  ")
    assert unexplained.returncode != 0 and "Enter the reason" in unexplained.stderr
    done = problems("resolve", mine.case_no, "--resend", "--reason", "checked at the counter")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert (answer["state"], answer["data_version"]) == ("done", 2)
    assert _case_row(sync_store, mine.case_id) == ("accepted", 2, "pending")
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert (summary.pushed, summary.reviews) == (1, 1)  # resent as corrected: approved
    assert _case_row(sync_store, mine.case_id) == ("accepted", 2, "synced")
    listed = json.loads(cli("--lang", "en", "queue", "--json").stdout)["cases"]
    assert [(c["case_no"], c["review"]) for c in listed] == [(mine.case_no, "approved")]
    assert [v for v, _ in platform_versions(central.db)[mine.case_id]] == [1, 2]
    assert json.loads(cli("--lang", "en", "queue", "--problems", "--json").stdout) == {"cases": []}
    # The conflict is settled: nothing waits for a supervisor, and the version the platform
    # refused can no longer be sent again over the one that settled it.
    assert needing_supervisor(sync_store) == 0
    requeued = cli(
        "--lang", "en", "sync", "requeue", mine.case_no, "--by", "chief1", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert requeued.returncode != 0 and "no rejected or conflicting version" in requeued.stderr


def test_the_owning_window_adopts_the_platforms_version_on_instruction(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    home_b, config_b, store_b = second_window
    theirs = conflicting_case(home_b, config_b, store_b)
    platform_remarks = platform_document(central.db, theirs.case_id)["remarks"]
    assert case_document(store_b, theirs.case_id)["remarks"] != platform_remarks
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")
    chief = Accounts(sync_store).authenticate("chief1", PASSWORD)
    engine_a, engine_b = make_engine(home, enrolled, sync_store), make_engine(*second_window)
    engine_a.run_once()
    # Only the owning window gets the platform's whole document (to adopt it).
    assert compare(sync_store, theirs.case_no).own is False
    resolve(sync_store, chief, theirs.case_no, "adopt", "平台版本正确 the platform's is right")

    assert engine_b.run_once().instructions == 1
    adopted = case_document(store_b, theirs.case_id)
    assert (adopted["data_version"], adopted["remarks"]) == (2, platform_remarks)
    assert adopted["applicant"]["id_number"] == theirs.id_number  # whole, not masked
    assert _case_row(store_b, theirs.case_id) == ("accepted", 2, "synced")
    engine_a.run_once()
    assert [i.state for i in instructions_for_case(sync_store, theirs.case_id)] == ["done"]
    # Replayed (as if the done news never came): adopted once, no third version.
    assert replay(home_b, store_b) == 0
    assert engine_b.run_once().pushed == 0
    assert _case_row(store_b, theirs.case_id) == ("accepted", 2, "synced")
    assert [v for v, _ in platform_versions(central.db)[theirs.case_id]] == [1, 2]


def test_another_windows_refused_new_case_is_resent_as_corrected(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    _, config_b, store_b = second_window
    (theirs,) = seed_cases(store_b, 1, hall=config_b.hall.hall_code, window="W02")
    break_content_hash(store_b, theirs)  # the platform refuses it and keeps nothing
    engine_a, engine_b = make_engine(home, enrolled, sync_store), make_engine(*second_window)
    assert engine_b.run_once().rejected == 1
    engine_a.run_once()
    (problem,) = _hall_problems(cli)
    assert (problem["case_no"], problem["state"]) == (theirs.case_no, None)
    assert problem["problem"]["reason"] == "content_hash_mismatch"
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")
    chief = Accounts(sync_store).authenticate("chief1", PASSWORD)

    side = compare(sync_store, theirs.case_no)
    assert (side.platform_version, side.window_code, side.rows) == (0, "W02", [])
    issued = resolve(sync_store, chief, theirs.case_no, "resend", "核对无误 checked")
    assert isinstance(issued, HeldInstruction) and issued.target_window == "W02"

    summary = engine_b.run_once()
    assert (summary.instructions, summary.pushed) == (1, 1)
    assert _case_row(store_b, theirs.case_id) == ("accepted", 2, "synced")
    assert [v for v, _ in platform_versions(central.db)[theirs.case_id]] == [2]
    engine_a.run_once()
    assert _hall_problems(cli) == []
