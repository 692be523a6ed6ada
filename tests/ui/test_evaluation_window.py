"""好差评 in the window: the applicant's step answers no single key (digits, Enter, Space,
Escape are ignored while no choice is framed) and is answered by a tap, or from a keyboard by
moving a visible frame to a choice (Tab, arrows) and pressing it, each choice named for a
screen reader; on a single screen it covers the clerk's window until answered, with a second
screen it goes there; a bad rating shows up in the supervisor's follow-up tab, where the
next step is recorded from the keyboard, beside whom to call (the phone masked), under the
hall's own follow-up limits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from counter_app.identity.simulator import SimulatedReader
from tests.ui.conftest import SUPERVISOR, login, training_home, window_on, without_sync_process
from tests.ui.intake_steps import accept_from_card, leave_preview_unprinted
from ui.evaluation import EvaluationDialog, applicant_screen, level_names, reason_names


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


def _shown(qtbot, case_no: str) -> tuple[EvaluationDialog, list[tuple[int | None, str, str]]]:
    dialog = EvaluationDialog(case_no)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    rated: list[tuple[int | None, str, str]] = []
    dialog.rated.connect(lambda *answer: rated.append(answer))
    return dialog, rated


def _key(qtbot, dialog: EvaluationDialog, key: Qt.Key) -> None:
    """``key`` as the keyboard sends it: to whatever holds the focus."""
    qtbot.keyClick(QApplication.focusWidget() or dialog, key)


def test_a_bad_rating_from_the_keyboard_alone(qtbot) -> None:
    dialog, rated = _shown(qtbot, "CASE-3")
    assert dialog.focusWidget() is dialog  # nothing framed: no stray key answers
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_2):
        _key(qtbot, dialog, key)
    assert rated == [] and dialog.levels.checkedId() == -1

    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.levels.button(5)
    for _ in range(3):
        _key(qtbot, dialog, Qt.Key.Key_Right)
    assert dialog.focusWidget() is dialog.levels.button(2)
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert rated == [] and dialog.levels.checkedId() == 2 and dialog.reason_panel.isVisible()

    _key(qtbot, dialog, Qt.Key.Key_Tab)  # past 拒绝评价 to the reasons
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.reasons.button(0)
    _key(qtbot, dialog, Qt.Key.Key_Right)
    _key(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.reasons.checkedId() == 1 and dialog.submit.isEnabled()
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.reason
    qtbot.keyClicks(dialog.reason, "slow")
    _key(qtbot, dialog, Qt.Key.Key_Tab)  # the words' box lets Tab go on
    assert dialog.focusWidget() is dialog.submit
    _key(qtbot, dialog, Qt.Key.Key_Enter)
    assert rated == [(2, "waiting", "slow")] and not dialog.isVisible()


def test_a_good_rating_or_declining_from_the_keyboard(qtbot) -> None:
    good, rated = _shown(qtbot, "CASE-4")
    _key(qtbot, good, Qt.Key.Key_Down)  # an arrow frames the first choice too
    _key(qtbot, good, Qt.Key.Key_Right)
    _key(qtbot, good, Qt.Key.Key_Space)
    assert rated == [(4, "", "")]

    declined, answers = _shown(qtbot, "CASE-5")
    _key(qtbot, declined, Qt.Key.Key_Tab)
    _key(qtbot, declined, Qt.Key.Key_Tab)
    assert declined.focusWidget() is declined.decline
    _key(qtbot, declined, Qt.Key.Key_Return)
    assert answers == [(None, "", "")]


def test_a_tap_frames_nothing_and_the_keyboards_frame_shows(qtbot) -> None:
    dialog, rated = _shown(qtbot, "CASE-6")
    qtbot.mouseClick(dialog.levels.button(1), Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is dialog
    _key(qtbot, dialog, Qt.Key.Key_Space)
    assert rated == [] and dialog.reasons.checkedId() == -1

    unframed = dialog.decline.grab().toImage()
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.decline.hasFocus()
    assert dialog.decline.grab().toImage() != unframed


def test_every_choice_is_named_for_a_screen_reader(qtbot) -> None:
    dialog, _rated = _shown(qtbot, "CASE-7")
    levels = level_names()
    assert [dialog.levels.button(n).accessibleName() for n in (5, 4, 3, 2, 1)] == [
        levels[n] for n in (5, 4, 3, 2, 1)
    ]
    reasons = reason_names()
    assert [b.accessibleName() for b in dialog.reasons.buttons()] == [
        reasons[code] for code in dialog.reason_codes.values()
    ]
    assert (dialog.decline.accessibleName(), dialog.submit.accessibleName()) == (
        "拒绝评价",
        "提交评价",
    )
    words = QAccessible.queryAccessibleInterface(dialog.reason)
    assert words.text(QAccessible.Text.Name) == "您的意见（选填）："
    qtbot.mouseClick(dialog.levels.button(2), Qt.MouseButton.LeftButton)
    chosen = dialog.levels.button(2)
    assert chosen.text().startswith("✓") and chosen.accessibleName() == levels[2]
    assert chosen.isChecked()  # a screen reader says "checked" from the button's state


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
    # Whom to call: the applicant's name and phone, masked as in every list.
    (followup,) = followups.followups
    assert table.item(0, 1).text() == followup.applicant_name != ""
    assert table.item(0, 2).text() == "139****0000"  # typed at intake as 13912340000
    assert table.item(0, 6).text() == "1 非常不满意" and "服务态度差" in table.item(0, 7).text()
    assert not followups.empty.isVisibleTo(followups)
    assert table.item(0, 11).text() == "待联系" and table.item(0, 12).text() == ""

    followups.note.setText("已电话联系申请人")  # QTest types ASCII only
    with (
        qtbot.waitSignal(followups.loaded, timeout=20_000),
        qtbot.waitSignal(followups.recorded, timeout=20_000),
    ):
        qtbot.keyClick(followups.note, Qt.Key.Key_Return)
    assert table.item(0, 11).text() == "已联系" and table.item(0, 14).text() == "已电话联系申请人"
    assert table.item(0, 13).text() == ""  # no appeal
    followups.step.setCurrentIndex(3)  # 整改完成 before a finding: refused beside the form
    qtbot.keyClicks(followups.note, "x")
    qtbot.keyClick(followups.note, Qt.Key.Key_Return)
    qtbot.waitUntil(followups.error.isVisible, timeout=20_000)
    assert "核实" in followups.error.text()

    # An appeal waits for the platform's reviewer: the follow-up stays where it stood.
    followups.step.setCurrentIndex(4)
    followups.note.setText("malicious")
    with (
        qtbot.waitSignal(followups.loaded, timeout=20_000),
        qtbot.waitSignal(followups.recorded, timeout=20_000),
    ):
        qtbot.keyClick(followups.note, Qt.Key.Key_Return)
    assert (table.item(0, 11).text(), table.item(0, 13).text()) == ("已联系", "申诉待审")


def test_the_follow_up_tab_states_the_halls_own_limits(qtbot, tmp_path, monkeypatch) -> None:
    without_sync_process(monkeypatch)
    limits = (
        "[hall]\nfollowup_contact_days = 2\nfollowup_settle_days = 7\nfollowup_rectify_days = 20\n"
    )
    with window_on(
        qtbot, training_home(tmp_path / "home", limits), SimulatedReader(use_pty=False)
    ) as app:
        login(qtbot, app, SUPERVISOR)
        followups = app.window.followups
        assert followups is not None
        assert followups.title.text() == "差评回访整改（2个工作日内联系、7个内办结、20个内整改）"


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
