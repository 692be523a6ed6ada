"""The counter by keyboard alone: each test drives the window with keys sent to whatever has
the focus, as a clerk who never touches the mouse would, and checks what they would see
(a dialog finished, a value stored, where the focus is, the saved language)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, activate, login
from tests.ui.intake_steps import (
    accept_from_card,
    fill_from_card_and_choose_item,
    set_receipt_and_rating_aside,
)
from ui.approval import SupervisorApprovalDialog
from ui.intake.agent_switch import ExpiredDocument
from ui.intake.dialogs import EligibilityDialog, ExpiredDocumentDialog, MrzDialog, RefusalDialog
from ui.return_visit import ReturnVisitDialog

Key = Qt.Key


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    """Typed into the focused widget: Latin keys one by one, Chinese as the input method
    commits it."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def shown(qtbot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)


def test_supervisor_approval_is_finished_from_the_keyboard(qtbot) -> None:
    dialog = SupervisorApprovalDialog("补打", "回执 A-001", need_reason=True)
    shown(qtbot, dialog)
    asked: list[tuple[object, str]] = []
    dialog.approval_requested.connect(lambda approval, reason: asked.append((approval, reason)))
    type_text(qtbot, SUPERVISOR)
    press(qtbot, Key.Key_Tab)
    type_text(qtbot, PASSWORD)
    press(qtbot, Key.Key_Tab)
    assert focused() is dialog.reason
    type_text(qtbot, "客户遗失回执")
    press(qtbot, Key.Key_Return)
    ((approval, reason),) = asked
    assert (approval.username, approval.password, reason) == (SUPERVISOR, PASSWORD, "客户遗失回执")


def test_reason_dialogs_let_tab_move_on_and_return_submit(qtbot) -> None:
    refusal = RefusalDialog("《居住证暂行条例》第九条")
    shown(qtbot, refusal)
    type_text(qtbot, "户籍不在本区")
    press(qtbot, Key.Key_Tab)
    assert focused() is refusal.basis
    press(qtbot, Key.Key_Tab)
    assert focused() is refusal.redirect
    type_text(qtbot, "长宁区社区事务受理服务中心")
    press(qtbot, Key.Key_Return)  # 下一步, the default button
    assert refusal.result() == QDialog.DialogCode.Accepted
    assert refusal.values() == (
        "户籍不在本区",
        "《居住证暂行条例》第九条",
        "长宁区社区事务受理服务中心",
    )

    for dialog in (
        ExpiredDocumentDialog(ExpiredDocument(date(2025, 1, 1), "申请人")),
        EligibilityDialog(["户籍地为本市"]),
    ):
        shown(qtbot, dialog)
        type_text(qtbot, "已核验临时身份证明")
        press(qtbot, Key.Key_Return)
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.reason() == "已核验临时身份证明"

    visit = ReturnVisitDialog("A-001", [])
    shown(qtbot, visit)
    asked: list[str] = []
    visit.acceptance_requested.connect(lambda _codes, reason: asked.append(reason))
    visit.ask_reason()
    type_text(qtbot, "已核验户口簿")
    press(qtbot, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["已核验户口簿"]

    # The MRZ's lines are separated by Return (a scanner sends them so); Ctrl+Return parses.
    mrz = MrzDialog()
    shown(qtbot, mrz)
    parsed: list[list[str]] = []
    mrz.buttons.accepted.connect(lambda: parsed.append(mrz.lines()))
    type_text(qtbot, "P<CHNWANG<<JIANGUO")
    press(qtbot, Key.Key_Return)
    type_text(qtbot, "E12345678")
    press(qtbot, Key.Key_Tab)
    assert focused() is not mrz.text
    mrz.text.setFocus()
    press(qtbot, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert parsed == [["P<CHNWANG<<JIANGUO", "E12345678"]]


def test_enter_after_printing_finishes_the_preview_not_a_reprint(
    qtbot, running, monkeypatch
) -> None:
    accept_from_card(qtbot, running, monkeypatch)
    preview = running.window.intake.preview
    activate(qtbot, preview)
    press(qtbot, Key.Key_F9)
    qtbot.waitUntil(lambda: preview.printed_once, timeout=30_000)
    press(qtbot, Key.Key_Return)
    assert preview.reprint_approval is None
    assert preview.result() == QDialog.DialogCode.Accepted and not preview.isVisible()


def test_keys_typed_while_signing_in_never_change_the_language(qtbot, running) -> None:
    window = running.window
    activate(qtbot, window)
    chosen: list[str] = []
    window.login.language_chosen.connect(chosen.append)
    window.login.username.setFocus()
    type_text(qtbot, CLERK)
    press(qtbot, Key.Key_Return)
    type_text(qtbot, PASSWORD)
    with qtbot.waitSignal(window.signed_in, timeout=20_000):
        press(qtbot, Key.Key_Return)
        qtbot.keyClick(QApplication.focusWidget() or window, Key.Key_Down)  # typed ahead
    assert chosen == []
    assert window.login.language.currentData() == "zh"
    config = running.session.home.config_path
    assert not config.exists() or "en" not in config.read_text(encoding="utf-8")


def test_tab_leaves_the_checklist_and_its_keys_are_shown(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    checklist = intake.checklist
    activate(qtbot, running.window)
    checklist.table.setFocus()
    press(qtbot, Key.Key_Tab)
    assert not checklist.isAncestorOf(focused())
    # What the hint says ticks the first material.
    checklist.table.setFocus()
    for key in (Key.Key_Right, Key.Key_Space, Key.Key_Down, Key.Key_Return):
        press(qtbot, key)
    assert checklist.rows[0].status.currentData() == "received"
    for key in ("→", "空格", "↓", "Enter"):
        assert key in checklist.title()


def test_return_or_down_in_the_case_search_goes_to_the_first_result(
    qtbot, running, monkeypatch
) -> None:
    accept_from_card(qtbot, running, monkeypatch)
    set_receipt_and_rating_aside(qtbot, running.window.intake)
    activate(qtbot, running.window)
    cases = running.window.cases
    press(qtbot, Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(cases.isVisible)
    cases.query.setFocus()
    type_text(qtbot, "王建国")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cases.table, timeout=20_000)
    assert cases.table.currentIndex().row() == 0

    cases.query.setFocus()
    cases.query.clear()
    type_text(qtbot, "王建国")
    press(qtbot, Key.Key_Down)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cases.table, timeout=20_000)
    assert cases.table.currentIndex().row() == 0


def test_a_card_read_finishing_leaves_the_item_search_alone(qtbot, running) -> None:
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    activate(qtbot, running.window)
    press(qtbot, Key.Key_F3)
    type_text(qtbot, "jz")
    running.reader.place("resident")  # the read finishes while the clerk is searching
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    type_text(qtbot, "z")
    assert focused() is intake.search.query
    assert intake.search.query.text() == "jzz"
    assert intake.identity.phone.text() == ""

    # From the identity panel, a read still goes on to the phone.
    running.reader.remove()
    intake.identity.name.setFocus()
    intake.identity.name.clear()
    running.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    assert focused() is intake.identity.phone


def test_leaving_a_document_unprinted_has_an_accelerator(qtbot, running, monkeypatch) -> None:
    accept_from_card(qtbot, running, monkeypatch)
    preview = running.window.intake.preview
    activate(qtbot, preview)
    press(qtbot, Key.Key_Escape)
    question = preview.unprinted_question
    assert question is not None
    activate(qtbot, question)
    assert "(&L)" in question.button(QMessageBox.StandardButton.Yes).text()
    press(qtbot, Key.Key_L)
    # The preview closes (and is deleted) and the applicant's rating comes next.
    qtbot.waitUntil(lambda: running.window.intake.evaluation is not None, timeout=10_000)
    assert preview.unprinted_question is None
