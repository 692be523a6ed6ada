"""好差评 in the window: the applicant's step takes no keys (digits, Enter, Escape are
ignored) and is answered by a tap; on a single screen it covers the clerk's window until
answered, with a second screen it goes there; a bad rating shows up in the supervisor's
follow-up tab, where the next step is recorded from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import SUPERVISOR, login
from tests.ui.intake_steps import accept_from_card, leave_preview_unprinted
from ui.evaluation import EvaluationDialog, applicant_screen


def test_the_applicant_step_ignores_the_keyboard_and_answers_by_tap(qtbot) -> None:
    dialog = EvaluationDialog("CASE-1")
    qtbot.addWidget(dialog)
    dialog.show()
    rated: list[tuple[int | None, str, str]] = []
    dialog.rated.connect(lambda *answer: rated.append(answer))
    for key in (Qt.Key.Key_1, Qt.Key.Key_5, Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Escape):
        qtbot.keyClick(dialog, key)
    assert rated == [] and dialog.isVisible() and dialog.levels.checkedId() == -1
    qtbot.mouseClick(dialog.levels.button(2), Qt.MouseButton.LeftButton)
    assert rated == [] and dialog.reason_panel.isVisible() and not dialog.submit.isEnabled()
    qtbot.mouseClick(dialog.reasons.button(1), Qt.MouseButton.LeftButton)
    dialog.reason.setPlainText("等太久")  # QTest types ASCII only
    qtbot.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    assert rated == [(2, "waiting", "等太久")] and not dialog.isVisible()


def test_declining_is_one_tap(qtbot) -> None:
    dialog = EvaluationDialog("CASE-2")
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rated) as answered:
        qtbot.mouseClick(dialog.decline, Qt.MouseButton.LeftButton)
    assert answered.args == [None, "", ""]


def test_the_applicants_screen_is_the_one_that_is_not_the_clerks() -> None:
    assert applicant_screen(["main"], "main") is None
    assert applicant_screen(["main", "evaluator"], "main") == "evaluator"
    assert applicant_screen(["evaluator", "main"], "main") == "evaluator"
    assert applicant_screen(["a", "b", "c"], "b") == "a"


def test_a_bad_rating_reaches_the_supervisors_follow_up_tab(qtbot, running, monkeypatch) -> None:
    accept_from_card(qtbot, running, monkeypatch)
    window = running.window
    assert window.followups is None  # a clerk has no follow-up tab
    intake = window.intake
    case_no = intake.last_case.case_no
    leave_preview_unprinted(intake)
    qtbot.waitUntil(
        lambda: intake.evaluation is not None and intake.evaluation.isVisible(), timeout=10_000
    )
    step = intake.evaluation
    # One screen (offscreen has one): the step covers the clerk's window until answered.
    assert step.isFullScreen() and step.windowModality() == Qt.WindowModality.WindowModal
    assert intake.evaluator is None
    qtbot.keyClick(step, Qt.Key.Key_1)
    qtbot.keyClick(window, Qt.Key.Key_5)
    assert step.isVisible() and step.levels.checkedId() == -1
    qtbot.mouseClick(step.levels.button(1), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(step.reasons.button(0), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(intake.flow_finished, timeout=20_000):
        qtbot.mouseClick(step.submit, Qt.MouseButton.LeftButton)
    # The case's history shows the rating as an event of its own, not as a state change.
    detail = window.cases.open_case(intake.last_case.case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    events = detail.events
    rated = [row for row in range(events.rowCount()) if events.item(row, 2).text() == "评价"]
    assert rated and events.item(rated[0], 3).text() == ""
    detail.close()

    window.sign_out()
    login(qtbot, running, SUPERVISOR)
    qtbot.waitUntil(
        lambda: window.followups is not None and window.followups.table.rowCount() == 1,
        timeout=20_000,
    )
    followups = window.followups
    with qtbot.waitSignal(followups.loaded, timeout=20_000):
        window.show_followups()  # Ctrl+E: the tab, read afresh
    assert window.work.currentWidget() is followups
    table = followups.table
    assert table.item(0, 0).text() == case_no
    assert table.item(0, 4).text() == "1 非常不满意" and "服务态度差" in table.item(0, 5).text()
    assert not followups.empty.isVisibleTo(followups)
    assert table.item(0, 9).text() == "待联系" and table.item(0, 10).text() == ""

    followups.note.setText("已电话联系申请人")  # QTest types ASCII only
    with (
        qtbot.waitSignal(followups.loaded, timeout=20_000),
        qtbot.waitSignal(followups.recorded, timeout=20_000),
    ):
        qtbot.keyClick(followups.note, Qt.Key.Key_Return)
    assert table.item(0, 9).text() == "已联系" and table.item(0, 11).text() == "已电话联系申请人"
    followups.step.setCurrentIndex(3)  # 整改完成 before a finding: refused beside the form
    qtbot.keyClicks(followups.note, "x")
    qtbot.keyClick(followups.note, Qt.Key.Key_Return)
    qtbot.waitUntil(followups.error.isVisible, timeout=20_000)
    assert "核实" in followups.error.text()


def test_an_empty_follow_up_tab_says_what_comes_there(qtbot, running) -> None:
    login(qtbot, running, SUPERVISOR)
    followups = running.window.followups
    assert followups is not None
    with qtbot.waitSignal(followups.loaded, timeout=20_000):
        followups.refresh()
    assert followups.followups == []
    assert followups.empty.isVisibleTo(followups)
    assert "不满意" in followups.empty.text()


def test_with_a_second_screen_the_clerk_goes_on_at_once(qtbot, running, monkeypatch) -> None:
    # Offscreen Qt has one screen: the lookup is made to answer with it as the applicant's,
    # the rest (placement, modality, the flow going on, the rating recorded) is the real one.
    screen = running.window.screen()
    monkeypatch.setattr(
        "ui.intake.print_and_evaluate.applicant_screen", lambda _screens, _clerk: screen
    )
    accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    with qtbot.waitSignal(intake.flow_finished, timeout=20_000):
        leave_preview_unprinted(intake)
    step = intake.evaluator
    assert step is not None and intake.evaluation is None
    assert step.isVisible() and step.isFullScreen()
    assert step.windowModality() == Qt.WindowModality.NonModal
    assert QApplication.activeModalWidget() is None  # the clerk's window takes input
    assert intake.identity.name.text() == ""  # ready for the next applicant
    with qtbot.waitSignal(step.finished, timeout=10_000):
        qtbot.mouseClick(step.levels.button(5), Qt.MouseButton.LeftButton)
    assert intake.evaluator is None
