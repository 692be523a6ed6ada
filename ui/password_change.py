"""The signed-in member of the staff changes their own password: their name in the status
bar opens the dialog (current password, new one twice). An account of the hall's register
changes on the platform, for every window of the hall, and only while it is reachable; one
made on this PC changes here (``sync.staff_passwords``, on the platform worker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.errors import CounterError
from ui.i18n import error_text
from ui.widgets import error_label, ok_cancel_buttons, password_rule_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PasswordChangeDialog(QDialog):
    """Emits ``submitted(current, new)`` once the new password was typed the same twice; the
    opener runs the change, then ``done_changing()`` or ``show_error()``."""

    submitted = Signal(str, str)

    def __init__(self, min_length: int, on_platform: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordChange")
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        if on_platform:
            where = QLabel(
                self.tr("本账号由平台统一管理：新密码在本大厅的所有窗口生效，须连接平台时更改。")
            )
            where.setWordWrap(True)
            layout.addWidget(where)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.current = QLineEdit()
        self.current.setObjectName("currentPassword")
        self.new = QLineEdit()
        self.new.setObjectName("newPassword")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("newPasswordRepeat")
        for edit in (self.current, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("当前密码"), self.current)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再次输入新密码"), self.repeat)
        layout.addLayout(form)
        layout.addWidget(password_rule_label(min_length))
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("修改"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        if not self.current.text():
            self._refuse(self.tr("请输入当前密码。"), self.current)
            return
        if self.new.text() != self.repeat.text():
            self._refuse(self.tr("两次输入的新密码不一致。"), self.repeat)
            return
        self.buttons.setEnabled(False)
        self.error.hide()
        self.submitted.emit(self.current.text(), self.new.text())

    def show_error(self, exc: BaseException) -> None:
        """The refusal in its words, the field at fault chosen; what was typed stays."""
        at_fault = self.new
        if isinstance(exc, CounterError) and exc.field == "current_password":
            at_fault = self.current
        self._refuse(error_text(exc), at_fault)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        field.setFocus()
        field.selectAll()


def change_password(window: MainWindow) -> None:
    """Open the dialog for the signed-in user (at work, not on the login or lock screen)."""
    user = window.session.user
    if user is None or window.stack.currentWidget() is not window.work:
        return
    dialog = PasswordChangeDialog(
        window.session.config.security.password_min_length, user.source == "platform", window
    )
    window.password_dialog = dialog

    def changed(_: None) -> None:
        dialog.accept()
        window.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "密码已修改，下次登录请使用新密码。"), 10_000
        )

    dialog.submitted.connect(
        lambda current, new: window.session.platform_worker.submit(
            lambda desk: desk.change_own_password(current, new),
            changed,
            dialog.show_error,
            name="change_own_password",
        )
    )
    dialog.open()
