"""The 日结 tab says what became of this window's requests to the hall's supervisors that day
(by whom, what, approved or refused) and which still wait; the sign-off warns of those
waiting and is signed all the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from counter_app.identity.simulator import SimulatedReader
from counter_app.store.approval_requests import SentRequest, record_decision, record_sent
from counter_app.store.database import open_store
from counter_app.store.timestamps import now_text
from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, login, training_home, window_on
from ui.app import RunningApp


@pytest.fixture
def day_with_requests(qtbot, tmp_path: Path) -> Iterator[RunningApp]:
    """The real window on a training home whose clerk sent two requests today: one approved
    by chief1 at another window, one still waiting."""
    home, config = training_home(tmp_path / "home")
    store = open_store(home, config)
    try:
        for request_id, kind, summary in (
            ("10000000-0000-4000-8000-000000000000", "void", "作废 W01-0007"),
            ("20000000-0000-4000-8000-000000000000", "reprint", "补打 W01-0009 受理回执"),
        ):
            record_sent(
                store,
                SentRequest(
                    request_id, kind, "case", summary, "录错", CLERK, now_text(), "pending",
                    None, None, None,
                ),
            )  # fmt: skip
        record_decision(
            store, "10000000-0000-4000-8000-000000000000", status="approved",
            decided_by="chief1", reason="", decided_at=now_text(),
        )  # fmt: skip
    finally:
        store.close()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        yield app


def test_the_tab_lists_the_days_decisions_and_warns_of_those_waiting_at_sign_off(
    qtbot, day_with_requests: RunningApp
) -> None:
    app = day_with_requests
    window = app.window
    login(qtbot, app, SUPERVISOR)
    screen = window.end_of_day
    assert screen is not None
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        window.work.setCurrentWidget(screen)
    lines = screen.approvals.text().splitlines()
    assert not screen.approvals.isHidden()
    assert lines[0] == "本窗口请求值班长审批的事项：当日已决定 1 项"
    assert "作废：作废 W01-0007 → 批准 chief1" in lines[1]
    assert lines[2] == "仍待审批 1 项（不影响日结签署）"
    assert "补打：补打 W01-0009 受理回执" in lines[3] and "→" not in lines[3]
    dialog = screen.ask_sign_off()
    facts = dialog.findChildren(QLabel)
    assert any("本窗口尚有 1 项审批请求待值班长决定" in label.text() for label in facts)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(screen.signed, timeout=20_000):
        dialog.buttons.accepted.emit()
