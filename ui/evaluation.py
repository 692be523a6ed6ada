"""好差评: the applicant rates the service on a customer-facing dialog (second screen if any)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.evaluations import LEVELS, REASON_REQUIRED_BELOW
from ui.widgets import error_label


class EvaluationDialog(QDialog):
    """Emits ``rated(level, reason)`` once the applicant confirms."""

    rated = Signal(int, str)

    def __init__(self, case_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationDialog")
        self.setWindowTitle(self.tr("服务评价 好差评"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("请您对本次服务进行评价"))
        title.setObjectName("screenTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        sub = QLabel(self.tr("办件编号：{no}").format(no=case_no))
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(sub)
        labels = {
            5: self.tr("非常满意"),
            4: self.tr("满意"),
            3: self.tr("基本满意"),
            2: self.tr("不满意"),
            1: self.tr("非常不满意"),
        }
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for number, level in enumerate(LEVELS, start=1):
            button = QPushButton(labels[level])
            button.setObjectName(f"level{level}")
            button.setCheckable(True)
            button.setMinimumHeight(72)
            self.group.addButton(button, level)
            row.addWidget(button)
            QShortcut(QKeySequence(str(number)), self).activated.connect(button.click)
        layout.addLayout(row)
        keys = QLabel(self.tr("键盘 1–5 依次对应以上选项"))
        keys.setObjectName("fieldHint")
        keys.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(keys)
        self.reason_label = QLabel(self.tr("请告诉我们不满意的原因（必填）："))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("evaluationReason")
        self.reason.setMaximumHeight(90)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.skip = QPushButton(self.tr("申请人不评价"))
        self.submit = QPushButton(self.tr("提交评价"))
        self.submit.setObjectName("submitEvaluation")
        self.submit.setDefault(True)
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        layout.addLayout(buttons)
        self.group.idToggled.connect(self._level_changed)
        self.submit.clicked.connect(self._submit)
        self.skip.clicked.connect(self.reject)
        self._level_changed()

    def _level_changed(self, *_args: object) -> None:
        needs = 0 < self.group.checkedId() < REASON_REQUIRED_BELOW
        self.reason_label.setVisible(needs)
        self.reason.setVisible(needs)

    def choose(self, level: int) -> None:
        self.group.button(level).setChecked(True)

    def _submit(self) -> None:
        level = self.group.checkedId()
        if level < 1:
            self._error(self.tr("请选择一个评价等级。"))
            return
        reason = self.reason.toPlainText().strip()
        if level < REASON_REQUIRED_BELOW and not reason:
            self._error(self.tr("评价为“不满意”或“非常不满意”时请填写原因。"))
            return
        self.rated.emit(level, reason if level < REASON_REQUIRED_BELOW else "")
        self.accept()

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def place_for_applicant(self) -> None:
        """Show on the second screen when there is one (the applicant faces it)."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            geometry = screens[1].availableGeometry()
            self.move(geometry.center() - self.rect().center())
