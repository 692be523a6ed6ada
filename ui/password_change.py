"""The signed-in member of the staff changes their own password: their name in the status
bar opens the dialog (current password, new one twice). An account of the hall's register
changes on the platform, for every window of the hall, and only while it is reachable; one
made on this PC changes here (``sync.staff_passwords``, on the platform worker).

A password someone else set (an administrator, the platform's operator) is changed right
after signing in, before anything else (``security.require_own_password``): the dialog
then offers to sign out instead of to cancel, and closing it any other way (the idle lock)
signs out too. Only when the platform that holds the account cannot be reached does it
let its member work on unchanged (the counter works offline), asking again at the next
sign-in. A wrong current password is a failed sign-in: the lockout it leads to signs out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sync.staff_passwords import PasswordChangeOffline
from ui.dialog_lifetime import delete_on_close
from ui.own_account_dialog import OwnAccountDialog
from ui.widgets import data_label, password_rule_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

translate = QCoreApplication.translate


class PasswordChangeDialog(OwnAccountDialog):
    """Emits ``submitted(current, new)`` once the new password was typed the same twice; the
    opener runs the change, then ``accept()`` or ``show_error()``. ``continued``: a required
    change the platform could not take now, its member working on unchanged."""

    submitted = Signal(str, str)

    def __init__(
        self, min_length: int, on_platform: bool, why: str | None, parent: QWidget | None = None
    ) -> None:
        """``why``: the change is required before any work, for this reason (None: asked)."""
        super().__init__(parent)
        self.setObjectName("passwordChange")
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        required = why is not None
        if why is not None:
            reason = data_label(why)
            reason.setObjectName("passwordChangeRequired")
            reason.setWordWrap(True)
            layout.addWidget(reason)
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
        self.add_buttons(
            layout,
            self.tr("修改"),
            self.tr("退出登录") if required else self.tr("取消"),
            self.tr("先继续办理，稍后再改"),
        )
        self.buttons.accepted.connect(self._submit)
        # A required change may wait only while the platform is out of reach.
        offline = (PasswordChangeOffline,) if required else ()
        self.set_refusals({"current_password": self.current}, self.new, offline)

    def _submit(self) -> None:
        if not self.current.text():
            self.refuse(self.tr("请输入当前密码。"), self.current)
            return
        if self.new.text() != self.repeat.text():
            self.refuse(self.tr("两次输入的新密码不一致。"), self.repeat)
            return
        self.buttons.setEnabled(False)
        self.error.hide()
        self.submitted.emit(self.current.text(), self.new.text())


def change_password(window: MainWindow, *, required: bool = False) -> None:
    """Open the dialog for the signed-in user (at work, not on the login or lock screen);
    ``required``: they may not go on without changing it."""
    user = window.session.user
    if user is None or window.stack.currentWidget() is not window.work:
        return
    security = window.session.config.security
    why = None
    if required and user.password_expired and not user.must_change_password:
        why = translate(
            "PasswordChangeDialog", "您的密码已使用超过 {days} 天：请更换后再开始办理。"
        )
        why = why.format(days=security.password_max_age_days)
    elif required:
        why = translate(
            "PasswordChangeDialog",
            "您的密码是别人为您设置的：请先改为只有您自己知道的密码，再开始办理。",
        )
    dialog = delete_on_close(
        PasswordChangeDialog(security.password_min_length, user.source == "platform", why, window)
    )
    window.password_dialog = dialog
    if required:
        dialog.required_before_work(
            window,
            user,
            translate("MainWindow", "密码尚未修改：平台连上后请修改，下次登录时还会提醒。"),
        )
    # A required change comes before setting up one-time codes, the next step before work.
    then = window.require_second_factor if required and user.must_enrol_second_factor else None
    dialog.submitted.connect(
        lambda current, new: dialog.run_on_platform(
            window,
            user,
            lambda desk: desk.change_own_password(current, new),
            name="change_own_password",
            done_text=translate("MainWindow", "密码已修改，下次登录请使用新密码。"),
            then=then,
        )
    )
    dialog.open()
