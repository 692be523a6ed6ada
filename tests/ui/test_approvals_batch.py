"""The approvals inbox decides several requests with one password: Ctrl+A (or Shift/Ctrl
with a click) chooses them, Enter approves and Ctrl+R refuses them with one reason; each
request is decided in turn and says how it went, one decided meanwhile failing alone. Each
row says how long it has waited; the supervisor's own requests are marked and never chosen.
A refusal without its reason keeps the password typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app.services.auth import Accounts, User
from counter_app.store.approval_requests import SentRequest
from counter_app.store.database import Store
from sync.approval_requests import check_decision, decide_request, send_request
from tests.ui.approval_windows import CHIEF_PASSWORD, OTHER_WINDOW_CLERK
from tests.ui.conftest import PASSWORD, SUPERVISOR, activate, login
from ui.app import RunningApp
from ui.approvals_inbox import ApprovalsInboxScreen

pytestmark = pytest.mark.integration

OWN = User(SUPERVISOR, "值班长", "supervisor", None, False)


def requests_of_w02(store: Store) -> list[SentRequest]:
    """Three of W02's clerk and, last, one of the signed-in supervisor's own."""
    return [
        send_request(store, who, "reprint", target=f"case-{n}", summary=f"补打 W02-000{n}",
                     reason="遗失回执")
        for n, who in enumerate((OTHER_WINDOW_CLERK, OTHER_WINDOW_CLERK, OTHER_WINDOW_CLERK, OWN), start=1)
    ]  # fmt: skip


def inbox_of(qtbot, running: RunningApp, rows: int) -> ApprovalsInboxScreen:
    login(qtbot, running, SUPERVISOR)
    window = running.window
    inbox = window.approvals
    assert inbox is not None
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: inbox.table.rowCount() == rows, timeout=20_000)
    return inbox


def test_one_password_approves_the_chosen_requests_each_saying_how_it_went(
    qtbot, enrolled_window: RunningApp, other_window: Store
) -> None:
    first, second, third, own = requests_of_w02(other_window)
    inbox = inbox_of(qtbot, enrolled_window, 4)
    assert inbox.table.item(3, 2).text() == f"{SUPERVISOR}（本人）"
    assert inbox.table.item(3, 2).flags() == Qt.ItemFlag.NoItemFlags  # never chosen
    assert [inbox.table.item(row, 6).text() for row in range(4)] == ["0 分钟"] * 4
    inbox.table.setFocus()
    qtbot.keyClick(inbox.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert [r.request_id for r in inbox.selected()] == [
        first.request_id,
        second.request_id,
        third.request_id,
    ]
    # Meanwhile a supervisor at W02 decides the second.
    chief = Accounts(other_window).authenticate("chief1", CHIEF_PASSWORD)
    decide_request(other_window, chief, second.request_id, "approved")
    qtbot.keyClick(inbox.table, Qt.Key.Key_Return)
    dialog = inbox.dialog
    assert dialog is not None
    assert "批准所选的 3 条请求" in dialog.findChild(QLabel, "dialogHeading").text()
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignals([inbox.decided, inbox.decided], timeout=30_000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: inbox.table.rowCount() == 1, timeout=20_000)  # her own waits
    said = inbox.status.text().splitlines()
    assert said[0] == "已批准 2 条，受理员的窗口将在数秒内收到。"
    assert said[1].startswith("✓ W02 clerk02 补打：补打 W02-0001")
    assert said[2].startswith("✗ W02 clerk02 补打：补打 W02-0002：未能处理，")
    assert said[3].startswith("✓ W02 clerk02 补打：补打 W02-0003")
    for request, by in ((first, SUPERVISOR), (second, "chief1"), (third, SUPERVISOR)):
        decision = check_decision(other_window, request.request_id)
        assert decision is not None
        assert (decision.request.status, decision.request.decided_by) == ("approved", by)
    assert check_decision(other_window, own.request_id) is None


def test_one_reason_refuses_the_chosen_and_a_missing_one_keeps_the_password(
    qtbot, enrolled_window: RunningApp, other_window: Store
) -> None:
    first, second, third, _own = requests_of_w02(other_window)
    inbox = inbox_of(qtbot, enrolled_window, 4)
    inbox.table.clearSelection()
    inbox.table.selectRow(0)
    qtbot.mouseClick(
        inbox.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        inbox.table.visualItemRect(inbox.table.item(2, 0)).center(),
    )
    assert [r.request_id for r in inbox.selected()] == [first.request_id, third.request_id]
    dialog = inbox.ask("refused")
    assert dialog is not None and dialog.need_reason
    dialog.password.setText(PASSWORD)
    dialog.buttons.accepted.emit()  # no reason yet
    assert dialog.error.text() == "请填写原因。"
    assert dialog.password.text() == PASSWORD  # kept
    dialog.reason.setPlainText("请当面补充材料")
    with qtbot.waitSignals([inbox.decided, inbox.decided], timeout=30_000):
        dialog.buttons.accepted.emit()
    for request in (first, third):
        decision = check_decision(other_window, request.request_id)
        assert decision is not None
        assert (decision.request.status, decision.request.decision_reason) == (
            "refused",
            "请当面补充材料",
        )
    assert check_decision(other_window, second.request_id) is None


def test_the_supervisors_own_request_alone_cannot_be_chosen(
    qtbot, enrolled_window: RunningApp, other_window: Store
) -> None:
    send_request(
        other_window,
        OWN,
        "void",
        target="case-w02",
        summary="作废 W02-0007",
        reason="录错",
    )
    inbox = inbox_of(qtbot, enrolled_window, 1)
    inbox.table.selectRow(0)
    assert inbox.selected() == []
    qtbot.keyClick(inbox.table, Qt.Key.Key_Return)
    assert inbox.dialog is None
    assert "本人提出的请求不能由本人审批" in inbox.error.text()
