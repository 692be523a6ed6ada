"""What the dialogs for a signed-in member's own account share (修改密码, 设置动态口令): the
refusal under the form with the field at fault chosen and what was typed kept, and for a step
required before any work, 退出登录 in place of 取消 and, once the platform that holds a
register account proved out of reach, a button to work on meanwhile (the counter works
offline; its member is asked again at the next sign-in)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout

from ui.widgets import error_label, ok_cancel_buttons


class OwnAccountDialog(QDialog):
    """Subclasses build their form, then call :meth:`add_buttons`. ``continued``: the
    member works on without the step, which the platform could not take now."""

    continued = Signal()

    def add_buttons(
        self, layout: QVBoxLayout, ok_text: str, cancel_text: str, continue_text: str
    ) -> None:
        """The error label and the buttons under ``layout``'s form, in the subclass's words
        (its own translation context); the continue button hidden until offered."""
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(ok_text, cancel_text)
        self.buttons.rejected.connect(self.reject)
        self.continue_button = QPushButton(continue_text)
        self.continue_button.setObjectName("continueWithout")
        self.continue_button.clicked.connect(self._continue)
        self.buttons.addButton(self.continue_button, self.buttons.ButtonRole.ActionRole)
        self.continue_button.hide()  # after addButton, which shows it
        layout.addWidget(self.buttons)

    def _continue(self) -> None:
        self.accept()
        self.continued.emit()

    def refuse(self, text: str, field: QLineEdit) -> None:
        """``text`` under the form; ``field``, at fault, chosen and its text selected."""
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        field.setFocus()
        field.selectAll()
