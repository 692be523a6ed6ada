"""The idle lock and sign-out close every window that shows case data (case detail, sync
details, print preview), on the real window with a 1.2 s idle lock from its configuration."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import CLERK, PASSWORD, login
from tests.ui.stored_cases import accept_case
from ui.facade_types import DecisionResult


def _open_case_windows(window: Any, case: DecisionResult) -> list[Any]:
    """Case detail, sync details and the receipt's print preview, opened at once (before the
    event loop runs again, so before the idle lock can engage)."""
    detail = window.cases.open_case(case.case_id)
    window.show_sync_details()
    window.intake.last_case = case
    window.intake.preview_last()
    opened = [detail, window.sync_dialog, window.intake.preview]
    assert all(w is not None and w.isVisible() for w in opened)
    return opened


def test_idle_lock_and_sign_out_close_the_windows_showing_case_data(qtbot, quickly_locking) -> None:
    window = quickly_locking.window
    stored: list[DecisionResult] = []
    window.session.worker.submit(
        lambda ws: accept_case(ws, CLERK), stored.append, window.session.report_error
    )
    qtbot.waitUntil(lambda: bool(stored), timeout=30_000)
    case = stored[0]

    login(qtbot, quickly_locking)
    opened = _open_case_windows(window, case)
    with qtbot.waitSignal(window.idle.idle, timeout=60_000):
        pass  # nobody touches the counter
    assert window.stack.currentWidget() is window.lock
    assert not any(w.isVisible() for w in opened)
    # Closed by the lock, the preview does not go on to the applicant's evaluation.
    assert window.intake.evaluation is None

    window.lock.password.setText(PASSWORD)
    with qtbot.waitSignal(window.stack.currentChanged, timeout=20_000):
        window.lock.button.click()
    assert window.stack.currentWidget() is window.work
    opened = _open_case_windows(window, case)
    window.intake.identity.name.setText("李四")  # the next applicant, half typed
    window.sign_out()
    assert window.stack.currentWidget() is window.login
    assert not any(w.isVisible() for w in opened)
    # Nothing of it waits for the next person to sign in; it is the clerk's draft instead.
    assert window.intake.identity.name.text() == "" and window.intake.last_case is None
    drafts: list[Any] = []
    window.session.worker.submit(lambda ws: ws.load_draft(CLERK), drafts.append)
    qtbot.waitUntil(lambda: bool(drafts), timeout=20_000)
    assert drafts[0]["identity"]["name"] == "李四"
    # The core forgot the clerk too: its role checks see nobody signed in.
    after: list[Any] = []
    window.session.worker.submit(lambda ws: ws.user, after.append, window.session.report_error)
    qtbot.waitUntil(lambda: len(after) == 1, timeout=20_000)
    assert after == [None]
