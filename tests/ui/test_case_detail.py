"""Case detail: reprint and void need a supervisor on the clerk's screen, and show in history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import PASSWORD, SUPERVISOR, login
from tests.ui.intake_steps import (
    accept_from_card,
    confirm_automatically,
    fill_from_card_and_choose_item,
    leave_preview_unprinted,
    set_receipt_and_rating_aside,
)
from ui.return_visit import ReturnVisitDialog


def approve(qtbot, detail, action, reason: str) -> None:
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        action()
        dialog = detail.approval
        dialog.username.setText(SUPERVISOR)
        dialog.password.setText(PASSWORD)
        dialog.reason.setPlainText(reason)
        dialog.buttons.accepted.emit()


def test_reprint_then_void_with_supervisor_approval(qtbot, running, monkeypatch) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    set_receipt_and_rating_aside(qtbot, intake)
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    assert len(detail.detail.documents) == 1

    # A clerk's own credentials do not approve.
    detail.reprint()
    dialog = detail.approval
    dialog.username.setText("clerk01")
    dialog.password.setText(PASSWORD)
    dialog.reason.setPlainText("原件污损")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=20_000)
    dialog.reject()

    approve(qtbot, detail, detail.reprint, "申请人遗失回执")
    reprints = [d for d in detail.detail.documents if d.reprint_no]
    assert len(reprints) == 1 and reprints[0].print_status == "printed"
    # The history says what happened in plain words, never raw JSON.
    history = [detail.events.item(row, 4).text() for row in range(detail.events.rowCount())]
    assert any("受理回执" in text and "第1次补打" in text for text in history), history
    assert not any("{" in text for text in history), history

    approve(qtbot, detail, detail.void, "证件号码录入错误")
    assert detail.detail.state == "voided"
    detail.close()


def test_withdraw_from_case_detail_with_the_applicants_confirmation(
    qtbot, running, monkeypatch
) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    set_receipt_and_rating_aside(qtbot, intake)
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    assert detail.withdraw_button.isEnabled()
    # The steps an accepted case does not allow yet say why they are greyed.
    assert not detail.handover_button.isEnabled()
    assert detail.handover_button.toolTip() == "办件尚未办结，结果还不能领取"
    assert detail.supply_button.toolTip() == "本件没有待补交的容缺材料"
    assert detail.continue_button.toolTip() == "只有一次性告知的办件才能补齐后受理"

    # Keyboard only: Alt+W opens it, the reason is typed, Space confirms, Enter submits.
    detail.activateWindow()
    qtbot.keyClick(detail, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: detail.withdrawal is not None, timeout=10_000)
    dialog = detail.withdrawal
    dialog.reason.setPlainText("申请人不再需要办理")  # Chinese comes from the IME, not key events
    assert not dialog.ok_button().isEnabled()  # not without the applicant's confirmation
    dialog.confirmed.setFocus()
    qtbot.keyClick(dialog.confirmed, Qt.Key.Key_Space)
    assert dialog.ok_button().isEnabled()
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        qtbot.keyClick(dialog.confirmed, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(
            d.kind == "withdrawal" and d.print_status == "printed" for d in detail.detail.documents
        ),
        timeout=30_000,
    )
    assert detail.detail.state == "withdrawn"
    assert not detail.withdraw_button.isEnabled()
    history = [detail.events.item(row, 3).text() for row in range(detail.events.rowCount())]
    assert any("已撤回" in text for text in history), history
    detail.close()


def test_returning_applicant_continues_the_notified_case(qtbot, running, monkeypatch) -> None:
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("notify")
    qtbot.waitUntil(lambda: intake.preview is not None, timeout=30_000)
    set_receipt_and_rating_aside(qtbot, intake)
    notified = intake.last_case
    assert notified is not None
    # The applicant comes back: reading their card shows the open notice; Ctrl+O opens it.
    intake.next_applicant(confirm=False)
    running.reader.place("resident")
    qtbot.waitUntil(lambda: not intake.notice_button.isHidden(), timeout=20_000)
    running.reader.remove()
    assert notified.case_no in intake.notice_label.text()
    assert not intake.notice_label.isHidden()
    # The case number and item, wrapped, leave the applicant's column the wider one.
    QApplication.sendPostedEvents()
    assert intake.identity.width() > intake.search.width()
    cases = running.window.cases
    cases.detail = None
    running.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is running.window, timeout=10_000)
    intake.notice_button.setFocus()
    qtbot.keyClick(intake.notice_button, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: cases.detail is not None and cases.detail.detail is not None, timeout=20_000
    )
    detail = cases.detail
    assert detail.detail.case_id == str(stored.args[0])
    assert detail.detail.state == "notified"

    # Alt+A: the materials the notice listed, each ticked as the applicant hands it over.
    detail.activateWindow()
    qtbot.keyClick(detail, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: detail.findChild(ReturnVisitDialog) is not None, timeout=10_000)
    dialog = detail.findChild(ReturnVisitDialog)
    assert len(dialog.boxes) >= 2
    dialog.boxes[0].setFocus()
    qtbot.keyClick(dialog.boxes[0], Qt.Key.Key_Space)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=20_000)
    assert "缺少" in dialog.error.text()
    for box in dialog.boxes[1:]:
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        qtbot.keyClick(dialog.boxes[-1], Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(
            d.kind == "receipt" and d.print_status == "printed" for d in detail.detail.documents
        ),
        timeout=30_000,
    )
    assert detail.detail.case_id == str(stored.args[0])  # the same case, continued
    assert detail.detail.state == "accepted"
    assert detail.detail.promised_date
    detail.close()


def test_case_search_finds_the_applicant_by_exact_name_and_says_when_nothing_is_found(
    qtbot, running, monkeypatch
) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    leave_preview_unprinted(running.window.intake)
    cases = running.window.cases
    cases.query.setText("王建国")
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    assert [row.case_id for row in cases.model.rows] == [case_id]
    cases.query.setText("王建")
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    assert cases.model.rows == []
    assert "未找到" in cases.count.text() and "王建" in cases.count.text()


def test_only_the_newest_refresh_of_the_case_list_is_shown(qtbot, running) -> None:
    login(qtbot, running)
    cases = running.window.cases
    qtbot.waitUntil(lambda: running.session.worker.pending == 0, timeout=20_000)
    shown: list[int] = []
    cases.loaded.connect(shown.append)
    cases.query.setText("没有这个人")
    cases.refresh()  # still queued when the clerk clears the box and searches again
    cases.query.setText("")
    with qtbot.waitSignal(running.session.worker.idle, timeout=20_000):
        cases.refresh()
    assert len(shown) == 1  # the first answer was dropped, not shown and then replaced
    assert "未找到" not in cases.count.text()
