"""好差评: the applicant's own step, which the clerk cannot answer.

Big buttons 1–5 and 拒绝评价, answered by a tap or a mouse click, or from a keyboard (an
evaluator's keypad, an applicant who cannot use the touch screen) by moving to a choice and
pressing it: Tab/Shift+Tab or the arrow keys move a focus frame over the choices, Space or
Enter presses the one framed. No single key answers: the step opens with no choice framed,
a tap frames none, and digits, Escape, and Enter or Space with nothing framed are swallowed,
so the clerk's keyboard and its shortcuts cannot rate for the applicant by habit. A level
1–2 rating then asks for a reason category (the fixed list of ``REASON_CATEGORIES``), words
optional (Tab leaves the words' box for 提交评价). Each choice carries its name for a screen
reader. On a PC with a second screen (the applicant-facing 评价器) the step opens full
screen there and the clerk goes on at once; on a single screen it covers the clerk's window
for as long as the applicant takes. On a screen too small for it (a low-vision applicant's
200 % scaling) the step scrolls, keeping the framed choice in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.evaluation import BAD_LEVELS, LEVELS, REASON_CATEGORIES
from ui.focus_scroll import FocusScrollArea

Screen = TypeVar("Screen")


def applicant_screen(screens: Sequence[Screen], clerk_screen: Screen | None) -> Screen | None:
    """The screen the applicant faces: the first that is not the clerk's window's, or None
    on a single screen (the step then covers the clerk's window)."""
    if len(screens) < 2:
        return None
    return next((screen for screen in screens if screen != clerk_screen), None)


def reason_names() -> dict[str, str]:
    """The reason categories in the window's language (codes as in the domain's list)."""
    translate = QCoreApplication.translate
    return {
        "attitude": translate("evaluation", "服务态度差"),
        "waiting": translate("evaluation", "等候时间过长"),
        "requirements": translate("evaluation", "材料要求不清、多次跑腿"),
        "efficiency": translate("evaluation", "办理效率低"),
        "outcome": translate("evaluation", "对办理结果不满意"),
        "facilities": translate("evaluation", "大厅环境或设施不便"),
        "other": translate("evaluation", "其他"),
    }


def level_names() -> dict[int, str]:
    """The five levels, each with its number, in the window's language (5 best)."""
    translate = QCoreApplication.translate
    return {
        5: translate("evaluation", "5 非常满意"),
        4: translate("evaluation", "4 满意"),
        3: translate("evaluation", "3 基本满意"),
        2: translate("evaluation", "2 不满意"),
        1: translate("evaluation", "1 非常不满意"),
    }


# The frame round the choice the keyboard is on: thick, dark and dashed, so it shows on an
# unchosen button and beside a chosen one's solid border alike, never by colour alone
# (ui/style.qss draws the rest of the step).
FOCUS_STYLE = "QPushButton:focus { border: 5px dashed #0b1a2e; }"
# What presses the framed choice, and what moves the frame (backwards, forwards).
PRESS_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
MOVE_KEYS = {
    Qt.Key.Key_Left: False,
    Qt.Key.Key_Up: False,
    Qt.Key.Key_Right: True,
    Qt.Key.Key_Down: True,
}


class EvaluationDialog(QDialog):
    """Emits ``rated(level, reason_code, reason)`` once the applicant answers: ``level``
    None when they declined to rate, ``reason_code`` and ``reason`` empty above level 2."""

    rated = Signal(object, str, str)

    def __init__(self, case_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationDialog")
        self.setWindowTitle(self.tr("服务评价 好差评"))
        self.setStyleSheet(FOCUS_STYLE)
        # At 200 % on 1920×1080 (960×540) the reasons' panel takes the step to about 750 px:
        # it scrolls, each choice the keyboard frames brought into view.
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        QVBoxLayout(self).addWidget(FocusScrollArea(step))
        title = QLabel(self.tr("请您对本次服务进行评价"))
        title.setObjectName("screenTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        sub = QLabel(self.tr("办件编号：{no}　请点击屏幕上的按钮").format(no=case_no))
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub.setWordWrap(True)  # the long case number, in large type on a small screen
        layout.addWidget(sub)
        labels = level_names()
        row = QHBoxLayout()
        self.levels = QButtonGroup(self)
        for level in LEVELS:
            button = self._choice_button(labels[level], f"level{level}")
            self.levels.addButton(button, level)
            row.addWidget(button)
        layout.addLayout(row)
        self.decline = self._big_button(self.tr("拒绝评价"), "declineEvaluation")
        layout.addWidget(self.decline)

        self.reason_panel = self._reason_panel()
        layout.addWidget(self.reason_panel)
        layout.addStretch(1)
        self.reason_panel.hide()

        self.levels.idClicked.connect(self._level_clicked)
        self.reasons.idClicked.connect(lambda _id: self.submit.setEnabled(True))
        self.submit.clicked.connect(self._submit)
        self.decline.clicked.connect(lambda: self._answer(None, "", ""))

    def _reason_panel(self) -> QWidget:
        """Shown after a level 1–2: the reason categories, the optional words, 提交评价."""
        reason_panel = QWidget()
        panel = QVBoxLayout(reason_panel)
        panel.addWidget(QLabel(self.tr("请选择不满意的原因（必选）：")))
        grid = QGridLayout()
        self.reasons = QButtonGroup(self)
        self.reason_codes: dict[int, str] = {}
        names = reason_names()
        for index, category in enumerate(REASON_CATEGORIES):
            button = self._choice_button(names[category.code], f"reason_{category.code}")
            self.reasons.addButton(button, index)
            self.reason_codes[index] = category.code
            # Three a row: the longest (English) reason fits a 1366 px screen in large type.
            grid.addWidget(button, index // 3, index % 3)
        panel.addLayout(grid)
        words = QLabel(self.tr("您的意见（选填）："))
        panel.addWidget(words)
        self.reason = self._comment_box()
        words.setBuddy(self.reason)  # the box's name for a screen reader
        panel.addWidget(self.reason)
        self.submit = self._big_button(self.tr("提交评价"), "submitEvaluation")
        self.submit.setEnabled(False)
        panel.addWidget(self.submit)
        return reason_panel

    def _comment_box(self) -> QPlainTextEdit:
        """The applicant's optional words; Tab leaves it for 提交评价."""
        box = QPlainTextEdit()
        box.setObjectName("evaluationReason")
        box.setMaximumHeight(90)
        box.setTabChangesFocus(True)
        return box

    def _big_button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        # Its width is the layout's to give: at the large type of the applicant's screen the
        # texts' own widths would make the step wider than a small screen.
        button.setMinimumSize(1, 72)
        # Focused from the keyboard only: a tap leaves no frame for a stray Space to press.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(False)
        button.setAccessibleName(text)
        return button

    def _choice_button(self, text: str, name: str) -> QPushButton:
        """A level or a reason the applicant picks: once chosen its text says so with a tick
        (the style sheet darkens it too), so the choice never shows by shade alone."""
        button = self._big_button(text, name)
        button.setCheckable(True)
        chosen_text = self.tr("✓ {choice}（已选）").format(choice=text)
        button.toggled.connect(lambda chosen: button.setText(chosen_text if chosen else text))
        return button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """An arrow moves the frame (from the step itself to its first choice; a level or a
        reason moves it within its row itself), Space or Enter presses the choice framed
        (Space is the button's own); every other key, and a press with no choice framed, is
        swallowed (words typed into the optional comment box are that box's, not here)."""
        event.accept()
        key = event.key()
        framed = self.focusWidget()
        if key in MOVE_KEYS:
            self.focusNextPrevChild(MOVE_KEYS[Qt.Key(key)])
        elif key in PRESS_KEYS and isinstance(framed, QAbstractButton) and not event.isAutoRepeat():
            framed.click()

    def choose(self, level: int) -> None:
        """What the applicant's tap on ``level`` does."""
        self.levels.button(level).click()

    def _level_clicked(self, level: int) -> None:
        if level in BAD_LEVELS:
            self.reason_panel.show()
            return
        self._answer(level, "", "")

    def _submit(self) -> None:
        code = self.reason_codes[self.reasons.checkedId()]
        self._answer(self.levels.checkedId(), code, self.reason.toPlainText().strip())

    def _answer(self, level: int | None, reason_code: str, reason: str) -> None:
        self.rated.emit(level, reason_code, reason)
        self.accept()

    def show_on(self, screen: QScreen) -> None:
        """Full screen on the applicant's screen, not modal: the clerk works on meanwhile."""
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def cover_clerk_window(self) -> None:
        """Full screen over the clerk's window, modal to it, until the applicant answers."""
        # The screen's size as well as the state: without a window manager (a kiosk
        # session) the full-screen state alone leaves the dialog at its own size.
        self.setGeometry(self.screen().geometry())
        self.setWindowState(Qt.WindowState.WindowFullScreen)
        self.open()
