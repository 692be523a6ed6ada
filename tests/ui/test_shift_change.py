"""Who is signed in at a window, through a shift: an account disabled on the platform
mid-shift ends its session at the window's next sync status (the core refusing its work
before), the draft kept; the lock and 退出登录（换人）, which leaves the next member an empty
username, are audited, and so is a plain sign-out, which keeps it; a sign-out withdraws the
容缺 request the form waits on, which does not wait again at the clerk's return."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from counter_app.domain.staff import hash_password
from counter_app.services.auth import Accounts, AccountWithdrawn
from counter_app.store.database import open_store
from sync.status import SyncStatus
from tests.ui.conftest import CLERK, PASSWORD, login
from tests.ui.intake_steps import send_deferral_from_the_form
from tests.ui.stored_cases import accept_case
from ui.app import RunningApp


def _on_worker(qtbot, app: RunningApp, job: Any) -> list[Any]:
    """``job``'s result or error, once the store worker ran it."""
    done: list[Any] = []
    app.session.worker.submit(job, done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    return done


def _audited(app: RunningApp, action: str) -> list[tuple[str, str | None]]:
    with open_store(app.session.home, app.session.config) as store:
        rows = store.db.execute(
            "SELECT actor, detail FROM audit_log WHERE action = ? AND target = ? ORDER BY seq",
            (action, CLERK),
        ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_an_account_disabled_on_the_platform_is_signed_out_at_the_next_sync(
    qtbot, running: RunningApp
) -> None:
    window = running.window
    login(qtbot, running)
    window.intake.identity.name.setText("李四")  # the applicant at the counter, half typed
    with open_store(running.session.home, running.session.config) as store:
        shown = Accounts(store).get(CLERK)
        Accounts(store).apply_platform_account(
            CLERK,
            shown.display_name,
            shown.role,
            disabled=True,
            verifier=hash_password(PASSWORD),
        )
    # Before the window hears of it, the core already refuses the clerk's work.
    refused = _on_worker(qtbot, running, lambda ws: accept_case(ws, CLERK))
    assert isinstance(refused[0], AccountWithdrawn)

    with qtbot.waitSignal(window.stack.currentChanged, timeout=20_000):
        window.sync_bridge.publish(SyncStatus(connectivity="online", enrolled=True))
    assert window.stack.currentWidget() is window.login and window.session.user is None
    assert window.login.error.text() == "该账号已被平台停用，已退出登录。"
    assert window.login.username.text() == ""  # the next person types their own name
    # The refusals of the refreshes this status started went with the session.
    assert not [d for d in window.findChildren(QDialog) if d.isVisible()]
    drafts = _on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK))
    assert drafts[0]["identity"]["name"] == "李四"
    assert _on_worker(qtbot, running, lambda ws: ws.user) == [None]
    assert [
        (actor, json.loads(detail or "{}")) for actor, detail in _audited(running, "login.sign_out")
    ] == [("system", {"reason": "account_withdrawn"})]


def test_switching_the_member_empties_the_username_and_is_audited(
    qtbot, running: RunningApp
) -> None:
    window = running.window
    login(qtbot, running)
    window.lock_screen()
    window.lock.sign_out.click()  # 退出登录（换人）
    assert window.stack.currentWidget() is window.login
    assert window.login.username.text() == ""
    assert window.login.username.hasFocus() or not window.isActiveWindow()
    login(qtbot, running)
    window.sign_out()  # the same member is expected back
    assert window.login.username.text() == CLERK
    _on_worker(qtbot, running, lambda ws: ws.user)  # the core's sign-outs ran before
    assert [actor for actor, _ in _audited(running, "login.locked")] == [CLERK]
    assert [actor for actor, _ in _audited(running, "login.switch")] == [CLERK]
    assert [actor for actor, _ in _audited(running, "login.sign_out")] == [CLERK]


@pytest.mark.integration
def test_a_sign_out_withdraws_the_waiting_deferral_which_does_not_wait_again(
    qtbot, enrolled_window: RunningApp, monkeypatch
) -> None:
    send_deferral_from_the_form(qtbot, enrolled_window, monkeypatch)
    window = enrolled_window.window
    wait = window.intake.approval_wait
    assert wait is not None
    session = enrolled_window.session
    window.sign_out()

    def withdrawn() -> bool:
        with open_store(session.home, session.config) as store:
            row = store.db.execute(
                "SELECT status FROM approval_requests WHERE request_id = ?", (wait.request_id,)
            ).fetchone()
        return row is not None and row[0] == "cancelled"

    qtbot.waitUntil(withdrawn, timeout=20_000)
    login(qtbot, enrolled_window)
    intake = window.intake
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    # The draft's restore asked for the requests still waiting; their answer came before this.
    _on_worker(qtbot, enrolled_window, lambda ws: ws.user)
    assert intake.approval_wait is None and not intake.waiting.isVisible()
