"""撤回 at the window: the applicant's reason and their confirmation, collected on the clerk's
screen. The dialog only collects them; the opener withdraws the case on the worker."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import FormText, error_label, ok_cancel_buttons


class WithdrawalDialog(QDialog):
    """Emits ``withdrawal_requested(reason)`` once a reason is typed and the applicant's
    confirmation is ticked; the opener then calls ``accept()`` or ``show_error()``."""

    withdrawal_requested = Signal(str)

    def __init__(self, case_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("withdrawal")
        self.setWindowTitle(self.tr("撤回申请"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("申请人撤回办件 {case_no}：撤回后本申请不再办理，并出具撤回申请回执。").format(
                case_no=case_no
            )
        )
        heading.setObjectName("dialogHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("撤回原因（必填）")))
        self.reason = FormText("withdrawalReason", 80)  # Tab moves on to the confirmation
        layout.addWidget(self.reason)
        self.confirmed = QCheckBox(self.tr("申请人已当面确认撤回本申请"))
        self.confirmed.setObjectName("withdrawalConfirmed")
        layout.addWidget(self.confirmed)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("确认撤回"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self.confirmed.toggled.connect(self._update)
        self._update()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _update(self) -> None:
        ready = bool(self.reason.text()) and self.confirmed.isChecked()
        self.ok_button().setEnabled(ready)

    def _submit(self) -> None:
        if not self.ok_button().isEnabled():
            return
        self.buttons.setEnabled(False)
        self.withdrawal_requested.emit(self.reason.text())

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
