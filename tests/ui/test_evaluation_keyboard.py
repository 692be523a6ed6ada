"""好差评 from the keyboard on a low-vision applicant's 200 % screen (960×540 logical): the
step with its reasons is taller than the screen, so it scrolls, and every choice the
keyboard frames, down to 提交评价, is scrolled into view before it is pressed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from ui.evaluation import EvaluationDialog
from ui.focus_scroll import FocusScrollArea


def in_view(widget: QWidget, area: FocusScrollArea) -> bool:
    viewport = area.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


def test_a_bad_rating_by_keyboard_on_a_screen_too_small_for_the_step(qtbot) -> None:
    dialog = EvaluationDialog("SH-XH-20261207-0001")
    qtbot.addWidget(dialog)
    dialog.resize(960, 540)
    with qtbot.waitActive(dialog):
        dialog.show()
    area = dialog.findChild(FocusScrollArea)
    assert area is not None
    rated: list[tuple[int | None, str, str]] = []
    dialog.rated.connect(lambda *answer: rated.append(answer))

    def key(pressed: Qt.Key) -> QWidget:
        qtbot.keyClick(QApplication.focusWidget() or dialog, pressed)
        framed = QApplication.focusWidget()
        assert framed is not None and in_view(framed, area), framed
        return framed

    key(Qt.Key.Key_Tab)
    for _ in range(3):
        key(Qt.Key.Key_Right)
    key(Qt.Key.Key_Return)
    assert dialog.levels.checkedId() == 2 and dialog.reason_panel.isVisible()
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0, timeout=5_000)
    key(Qt.Key.Key_Tab)  # 拒绝评价
    assert key(Qt.Key.Key_Tab) is dialog.reasons.button(0)
    key(Qt.Key.Key_Space)
    assert key(Qt.Key.Key_Tab) is dialog.reason
    assert key(Qt.Key.Key_Tab) is dialog.submit
    assert area.verticalScrollBar().value() > 0  # 提交评价 lies below the screen's edge
    qtbot.keyClick(dialog.submit, Qt.Key.Key_Return)
    assert rated == [(2, "attitude", "")]
