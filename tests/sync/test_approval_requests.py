"""Remote approval through a real platform: a clerk at window W02 sends a 容缺 request, a
supervisor at window W01 of the same hall lists it (``counter-app approvals``) and approves
or refuses it there (``counter-app approvals approve|refuse``), and W02 applies the decision
once and completes (or drops) the waiting acceptance. Nobody approves their own request; a
request is decided once; offline the request is not sent and approval at the clerk's screen
still works."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from central.store import open_store as open_central_store
from central.store.approval_requests import OPEN_PER_WINDOW
from central.store.base import iso, utc_now
from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import Accounts, User
from counter_app.store import case_history as history_rows
from counter_app.store import cases as case_rows
from counter_app.store.approval_requests import sent_request
from counter_app.store.audit import SYSTEM_ACTOR
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from sync.approval_requests import (
    ApprovalNotSent,
    cancel_request,
    check_decision,
    pull_decisions,
    remote_approver,
    send_request,
)
from sync.device_transport import platform_transport
from sync.errors import PlatformRefused
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.services.conftest import PASSWORD
from tests.services.deferral_cases import deferred_case
from tests.services.delivery_cases import accepted_case

pytestmark = pytest.mark.integration

CLERK = User("clerk02", "窗口二", "clerk", None, False)
INTAKE_ID = "6f1c2a1e-0c41-4a59-9d1e-8a3f0e2b7c11"


def audit_actions(store: Store, prefix: str) -> list[tuple[str, str]]:
    rows = store.db.execute(
        "SELECT actor, action FROM audit_log WHERE action LIKE ? ORDER BY seq", (f"{prefix}%",)
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def approver_of(store: Store, case_id: str) -> str:
    return history_rows.case_history(store, case_id).events[0].detail["approved_by"]


def decide(
    cli: Callable[..., CliResult], action: str, request_id: str, by: str, *extra: str
) -> CliResult:
    return cli(
        "--lang", "en", "approvals", action, request_id, "--by", by, "--password-stdin", *extra,
        input=PASSWORD + "\n",
    )  # fmt: skip


def test_a_supervisor_at_another_window_approves_and_the_clerk_completes_the_case(
    cli: Callable[..., CliResult],
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    _, _, store2 = second_window
    ensure_bundled_catalog(store2)

    sent = send_request(
        store2,
        CLERK,
        "deferral",
        target=INTAKE_ID,
        summary="容缺受理：老年综合津贴申领（缺：M03）",
        reason="申请人承诺三日内补交",
    )
    assert sent.status == "pending"
    assert check_decision(store2, sent.request_id) is None  # nobody decided yet

    listed = cli("approvals", "--json")
    assert listed.returncode == 0, listed.stderr
    (pending,) = json.loads(listed.stdout)["requests"]
    assert (pending["request_id"], pending["window_code"], pending["requested_by"]) == (
        sent.request_id,
        "W02",
        "clerk02",
    )
    listed_text = cli("--lang", "en", "approvals").stdout
    assert "老年综合津贴申领" in listed_text and "open until: " in listed_text

    approved = decide(cli, "approve", sent.request_id, "chief1")
    assert approved.returncode == 0, approved.stderr
    assert "Approved the deferred acceptance request of clerk02 at W02" in approved.stdout
    assert audit_actions(sync_store, "approval_request") == [
        ("chief1", "approval_request.approved")
    ]
    twice = decide(cli, "refuse", sent.request_id, "chief1", "--reason", "改主意")
    assert twice.returncode != 0 and "already_decided" in twice.stderr
    assert json.loads(cli("approvals", "--json").stdout) == {"requests": []}

    decision = check_decision(store2, sent.request_id)
    assert decision is not None and decision.applied
    assert (decision.request.status, decision.request.decided_by) == ("approved", "chief1")
    again = check_decision(store2, sent.request_id)  # the same answer again does nothing
    assert again is not None and not again.applied
    assert audit_actions(store2, "approval_request") == [
        ("clerk02", "approval_request.sent"),
        ("chief1", "approval_request.approved"),
    ]
    case_id = deferred_case(store2, CLERK, remote_approver(decision.request))
    assert case_rows.get_case(store2, case_id).state == "accepted_deferred"
    assert approver_of(store2, case_id) == "chief1"


def test_a_refusal_reaches_the_clerk_with_its_reason(
    cli: Callable[..., CliResult],
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")
    _, _, store2 = second_window
    sent = send_request(
        store2, CLERK, "reprint", target=INTAKE_ID, summary="补打受理通知书", reason="原件污损"
    )
    unexplained = decide(cli, "refuse", sent.request_id, "chief1")  # the contract's bare form
    assert unexplained.returncode == 2 and "Refusing needs a --reason" in unexplained.stderr
    assert check_decision(store2, sent.request_id) is None  # still pending
    refused = decide(cli, "refuse", sent.request_id, "chief1", "--reason", "原件尚未收回")
    assert refused.returncode == 0, refused.stderr
    decision = check_decision(store2, sent.request_id)
    assert decision is not None and decision.applied
    assert (decision.request.status, decision.request.decision_reason) == (
        "refused",
        "原件尚未收回",
    )


def test_nobody_approves_their_own_request_and_a_clerk_approves_nothing(
    cli: Callable[..., CliResult],
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    accounts = Accounts(sync_store)
    accounts.add_user("chief2", PASSWORD, "supervisor")
    accounts.add_user("clerk01", PASSWORD, "clerk")
    _, _, store2 = second_window
    # A supervisor who took the counter asks another supervisor, not themselves.
    own = User("chief2", "值班长二", "supervisor", None, False)
    sent = send_request(
        store2, own, "void", target=INTAKE_ID, summary="作废 W02-0001", reason="录错事项"
    )
    refused = decide(cli, "approve", sent.request_id, "chief2")
    assert refused.returncode != 0
    assert "cannot approve their own case or request (four eyes)" in refused.stderr
    by_clerk = decide(cli, "approve", sent.request_id, "clerk01")
    assert by_clerk.returncode != 0 and "clerk01 is a clerk" in by_clerk.stderr
    assert check_decision(store2, sent.request_id) is None  # still pending
    cancelled = cancel_request(store2, own, sent.request_id)
    assert (cancelled.applied, cancelled.request.status) == (True, "cancelled")
    late = decide(cli, "approve", sent.request_id, "chief1")
    assert late.returncode != 0


def test_offline_the_request_is_not_sent_and_approval_at_the_screen_still_works(
    central: RunningCentral,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    _, _, store2 = second_window
    ensure_bundled_catalog(store2)
    accounts = Accounts(store2)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    central.stop()
    with pytest.raises(ApprovalNotSent) as refused:
        send_request(store2, CLERK, "deferral", target=INTAKE_ID, summary="容缺受理")
    assert "Ask a supervisor to approve at this screen" in refused.value.en
    assert store2.db.execute("SELECT COUNT(*) FROM approval_requests").fetchone()[0] == 0
    supervisor = accounts.authenticate("chief1", PASSWORD)
    case_id = deferred_case(store2, CLERK, supervisor)
    assert approver_of(store2, case_id) == "chief1"


def test_a_command_the_platform_does_not_answer_asks_to_be_run_again(
    cli: Callable[..., CliResult], enrolled: Config, tmp_path: Path
) -> None:
    """Nothing retries a command someone typed: its words ask them to, unlike the sync's."""
    closed = tmp_path / "closed-port.toml"
    closed.write_text(
        '[sync]\nurl = "http://127.0.0.1:9"\nallow_insecure_http = true\n', encoding="utf-8"
    )
    for lang, again, promised in (
        ("zh", "请稍后重试", "自动重试"),
        ("en", "try again in a moment", "retrying later"),
    ):
        listed = cli("--lang", lang, "--config", str(closed), "approvals")
        assert listed.returncode != 0 and again in listed.stderr, listed.stderr
        assert promised not in listed.stderr


def test_a_supervisor_who_made_the_case_cannot_approve_its_void_anywhere(
    cli: Callable[..., CliResult],
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    """chief1 took the counter at W02 and made the case; voiding it needs someone else, as
    the window itself would insist: refused up front, before the platform records anything."""
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    accounts.add_user("chief2", PASSWORD, "supervisor")
    _, _, store2 = second_window
    ensure_bundled_catalog(store2)
    made_by_chief1 = accepted_case(store2, User("chief1", "值班长一", "supervisor", None, False))
    sent = send_request(
        store2, CLERK, "void", target=made_by_chief1.case_id, summary="作废", reason="录错事项"
    )
    own_case = decide(cli, "approve", sent.request_id, "chief1")
    assert own_case.returncode != 0
    assert "chief1 cannot approve their own case or request (four eyes)" in own_case.stderr
    assert audit_actions(sync_store, "approval.refused") == [("chief1", "approval.refused")]
    assert check_decision(store2, sent.request_id) is None  # still pending on the platform
    approved = decide(cli, "approve", sent.request_id, "chief2")
    assert approved.returncode == 0, approved.stderr
    decision = check_decision(store2, sent.request_id)
    assert decision is not None and decision.request.decided_by == "chief2"


def test_decisions_made_while_nobody_waited_are_recorded_at_the_next_sync_run(
    cli: Callable[..., CliResult],
    central: RunningCentral,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")
    home2, config2, store2 = second_window
    approved, expired, waiting = (
        send_request(store2, CLERK, "deferral", target=INTAKE_ID, summary=f"容缺受理 {n}")
        for n in range(3)
    )
    assert decide(cli, "approve", approved.request_id, "chief1").returncode == 0
    platform = open_central_store(central.db, central.key_file)
    try:  # left by a window that crashed yesterday
        with platform.transaction() as cur:
            cur.execute(
                platform.sql("UPDATE approval_requests SET requested_at = ? WHERE request_id = ?"),
                (iso(utc_now() - timedelta(days=1)), expired.request_id),
            )
    finally:
        platform.close()
    transport = platform_transport(home2, config2)
    try:
        assert pull_decisions(store2, transport) == 2
        assert pull_decisions(store2, transport) == 0  # recorded once
    finally:
        transport.close()
    with store2.reading():
        statuses = [sent_request(store2, r.request_id).status for r in (approved, expired, waiting)]
    assert statuses == ["approved", "expired", "pending"]
    # A wait that comes back to the approved request (its case reopened) still acts on it.
    decision = check_decision(store2, approved.request_id)
    assert decision is not None and decision.applied
    assert audit_actions(store2, "approval_request.")[-2:] == [
        ("chief1", "approval_request.approved"),
        (SYSTEM_ACTOR, "approval_request.expired"),
    ]
    late = decide(cli, "approve", expired.request_id, "chief1")
    assert late.returncode != 0 and "approval_expired" in late.stderr


def test_a_window_with_too_many_open_requests_is_told_so(
    second_window: tuple[Home, Config, Store],
) -> None:
    _, _, store2 = second_window
    for n in range(OPEN_PER_WINDOW):
        send_request(store2, CLERK, "deferral", target=INTAKE_ID, summary=f"容缺受理 {n}")
    with pytest.raises(PlatformRefused) as refused:
        send_request(store2, CLERK, "deferral", target=INTAKE_ID, summary="容缺受理 又一个")
    assert refused.value.platform_code == "too_many_open_requests"
    assert "ask a supervisor to approve at this screen" in refused.value.en


def test_a_request_the_platform_does_not_hold_is_closed_here_at_the_next_sync_run(
    central: RunningCentral, second_window: tuple[Home, Config, Store]
) -> None:
    """Sent before the platform was restored from an older backup (or before a move to
    another hall): nobody can decide it, and left pending it would take a pulled place at
    every run."""
    home2, config2, store2 = second_window
    lost = send_request(store2, CLERK, "deferral", target=INTAKE_ID, summary="容缺受理")
    platform = open_central_store(central.db, central.key_file)
    try:
        with platform.transaction() as cur:
            cur.execute(
                platform.sql("DELETE FROM approval_requests WHERE request_id = ?"),
                (lost.request_id,),
            )
    finally:
        platform.close()
    transport = platform_transport(home2, config2)
    try:
        assert pull_decisions(store2, transport) == 1
        assert pull_decisions(store2, transport) == 0
    finally:
        transport.close()
    with store2.reading():
        assert sent_request(store2, lost.request_id).status == "expired"
    assert audit_actions(store2, "approval_request.")[-1] == (
        SYSTEM_ACTOR,
        "approval_request.expired",
    )
