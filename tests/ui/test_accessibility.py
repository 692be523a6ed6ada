"""What a screen reader announces, where Tab goes, how large the text is and how readable a
placeholder is: each read from the real window as a clerk (or the applicant on the 好差评
screen) meets it, through Qt's accessibility interface as assistive technology reads it."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from counter_app.identity.simulator import SimulatedReader
from tests.ui.conftest import activate, login, training_home, window_on, without_sync_process
from tests.ui.intake_steps import fill_from_card_and_choose_item
from ui.evaluation import EvaluationDialog


def announced(widget: QWidget) -> str:
    """What a screen reader names ``widget`` by: Qt's Name; for a combo box on Linux, whose
    Name Qt makes its value, the label it is the buddy of (the Label relation), else its
    description."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    if isinstance(widget, QComboBox) and sys.platform.startswith("linux"):
        labels = interface.relations(QAccessible.RelationFlag.Label)
        if labels:
            return labels[0][0].text(QAccessible.Text.Name)
        return interface.text(QAccessible.Text.Description)
    return interface.text(QAccessible.Text.Name)


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG 2 contrast ratio."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_applicant_fields_and_choices_are_announced_by_what_they_ask(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    identity = running.window.intake.identity
    names = {
        identity.kind: "证件类型",
        identity.name: "姓名",
        identity.english_name: "英文姓名",
        identity.sex: "性别",
        identity.birth: "出生日期",
        identity.nation: "民族/国籍",
        identity.document_language: "文书语言",
        identity.delivery_method: "结果领取",
        identity.delivery_address: "邮寄地址",
        identity.id_number: "证件号码",
        identity.phone: "联系电话",
    }
    assert {announced(widget): name for widget, name in names.items()} == {
        name: name for name in names.values()
    }


def test_each_checklist_control_names_its_material(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    row = running.window.intake.checklist.rows[0]
    material = row.material.name
    assert announced(row.status) == f"《{material}》状态"
    assert announced(row.form) == f"《{material}》形式"
    assert announced(row.count) == f"《{material}》份数"
    assert announced(row.exemption) == f"《{material}》免交依据"


def test_sign_in_lock_and_case_search_are_named(qtbot, running) -> None:
    window = running.window
    assert announced(window.login.language) == "界面语言 / Language"
    assert announced(window.lock.password) == "密码"
    login(qtbot, running)
    cases = window.cases
    assert announced(cases.query) == "查找办件"
    assert announced(cases.table) == "办件列表"
    assert cases.state.accessibleName() == "按办件状态筛选"  # Windows names it so


def _tab_cycle(qtbot, start: QWidget) -> list[QWidget]:
    """The widgets Tab reaches from ``start`` until it comes back to it."""
    chain = [start]
    start.setFocus()
    for _ in range(300):
        qtbot.keyClick(chain[-1], Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is start:
            return chain
        chain.append(focused)
    raise AssertionError([(w.objectName(), type(w).__name__) for w in chain[-12:]])


def test_tab_goes_from_the_checklist_to_what_a_row_needs_typed_then_on(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    activate(qtbot, running.window)
    intake = running.window.intake
    checklist = intake.checklist
    # A status, form and count are picked with the arrows from their material (as the
    # list's title says): Tab never stops at them, and so never after the decisions.
    cycle = _tab_cycle(qtbot, intake.identity.kind)
    assert [widget for widget in cycle if checklist.isAncestorOf(widget)] == [checklist.table]
    # A deadline to type comes right after the list, before the decision buttons.
    row = next(row for row in checklist.rows if row.status.findData("deferred") >= 0)
    row.status.setCurrentIndex(row.status.findData("deferred"))
    cycle = _tab_cycle(qtbot, checklist.table)
    assert cycle[1] is row.deadline
    accept = intake.findChild(QPushButton, "acceptButton")
    assert cycle.index(accept) > 1
    # Shift+Tab from a status the arrows reached goes back to the list.
    row.status.setFocus()
    qtbot.keyClick(row.status, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is checklist.table


def test_the_evaluation_screen_is_large_and_shows_the_choice_in_words(qtbot, running) -> None:
    # ``running``: the window's style sheet is applied, as on the applicant's screen.
    dialog = EvaluationDialog("CASE-1")
    qtbot.addWidget(dialog)
    dialog.show()
    level = dialog.levels.button(2)
    reasons = [dialog.reasons.button(0), dialog.reasons.button(1)]
    plain = [button.text() for button in (level, *reasons)]
    assert level.font().pointSizeF() >= 18
    assert dialog.findChild(QLabel, "screenTitle").font().pointSizeF() > level.font().pointSizeF()
    qtbot.mouseClick(level, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(reasons[0], Qt.MouseButton.LeftButton)
    assert level.text() == f"✓ {plain[0]}（已选）"
    assert reasons[0].text() == f"✓ {plain[1]}（已选）"
    qtbot.mouseClick(reasons[1], Qt.MouseButton.LeftButton)  # another reason instead
    assert [reasons[0].text(), reasons[1].text()] == [plain[1], f"✓ {plain[2]}（已选）"]


def test_placeholder_text_is_readable_on_a_field(running) -> None:
    palette = QLineEdit().palette()
    placeholder = palette.color(QPalette.ColorRole.PlaceholderText)
    assert contrast(placeholder, palette.color(QPalette.ColorRole.Base)) >= 4.5


def test_the_workstations_text_size_applies_to_the_whole_window(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    without_sync_process(monkeypatch)
    seeded = training_home(tmp_path / "home", "[ui]\nfont_point_size = 14\n")
    with window_on(qtbot, seeded, SimulatedReader(use_pty=False)) as app:
        login_screen = app.window.login
        assert login_screen.username.font().pointSizeF() == 14
        title = login_screen.findChild(QLabel, "screenTitle")
        assert title.font().pointSizeF() == 18 * 1.4  # headings grow with the text


def test_a_larger_desktop_font_is_kept(qtbot, tmp_path: Path, monkeypatch) -> None:
    # The desktop's font setting is the platform theme's, which offscreen Qt has none of:
    # the theme's answer is what is replaced here.
    monkeypatch.setattr(QFontDatabase, "systemFont", staticmethod(lambda _kind: QFont("", 16)))
    without_sync_process(monkeypatch)
    with window_on(qtbot, training_home(tmp_path / "home"), SimulatedReader(use_pty=False)) as app:
        assert app.window.login.username.font().pointSizeF() == 16
