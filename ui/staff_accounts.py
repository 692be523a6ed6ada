"""Settings → Accounts, for the administrator: who signs in at this window. The accounts
made on this PC are added, their passwords reset, disabled and enabled again here; the
hall's register (the platform's accounts) is listed, and unlocked here, but changed on the
platform. The core checks the role and audits every change (``ui.desks.staff``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import hall_minute_text, hall_time_text
from ui.case_history_text import sentence_case
from ui.correction import list_separator
from ui.dialog_lifetime import delete_on_close
from ui.i18n import error_text
from ui.labels import role_label
from ui.widgets import data_label, error_label, ok_cancel_buttons, password_rule_label, record_table

if TYPE_CHECKING:
    from ui.core_facade import Workstation
    from ui.facade_types import StaffAccount
    from ui.window_session import Session

ROLES = ("clerk", "supervisor", "admin")


class AccountDialog(QDialog):
    """A new account (``username`` None: name, display name, role) or a new password for
    ``username``; emits ``submitted(username, display_name, role, password)`` once the two
    passwords match. The opener runs it on the worker, then ``accept()`` or ``show_error()``
    (the core's rules: the name's form, the password's length and kinds). The password rule
    it shows is the core's, with this workstation's ``min_length``."""

    submitted = Signal(str, str, str, str)

    def __init__(
        self, username: str | None, min_length: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accountDialog")
        self.setMinimumWidth(420)
        self.setWindowTitle(
            self.tr("新建账号")
            if username is None
            else self.tr("重置 {name} 的密码").format(name=username)
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = QLineEdit(username or "")
        self.username.setObjectName("accountUsername")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("accountDisplayName")
        self.role = QComboBox()
        self.role.setObjectName("accountRole")
        for role in ROLES:
            self.role.addItem(sentence_case(role_label(role)), role)
        if username is None:
            self.username.setPlaceholderText(self.tr("2-32 位小写字母、数字或 . _ -"))
            form.addRow(self.tr("用户名"), self.username)
            form.addRow(self.tr("姓名"), self.display_name)
            form.addRow(self.tr("角色"), self.role)
        self.password = QLineEdit()
        self.password.setObjectName("accountPassword")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("accountPasswordRepeat")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("再次输入"), self.repeat)
        layout.addLayout(form)
        layout.addWidget(password_rule_label(min_length))
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("保存"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        if not self.username.text().strip():
            self.show_error(self.tr("请填写用户名。"))
            return
        if self.password.text() != self.repeat.text():
            self.show_error(self.tr("两次输入的密码不一致。"))
            return
        self.buttons.setEnabled(False)
        self.submitted.emit(
            self.username.text().strip(),
            self.display_name.text().strip(),
            str(self.role.currentData()),
            self.password.text(),
        )

    def show_error(self, text: str) -> None:
        """The core's refusal, in its words; what was typed stays but the passwords."""
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        self.password.clear()
        self.repeat.clear()


class StaffAccountsPanel(QGroupBox):
    """The accounts that sign in here: name, role, where the account is kept and whether
    it is disabled or locked out; the selected one's buttons are those its kind allows."""

    changed = Signal()  # the list was (re)loaded

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("账号"), parent)
        self.session = session
        self.loaded = False
        self.accounts: list[StaffAccount] = []
        self.dialog: AccountDialog | None = None
        layout = QVBoxLayout(self)
        self.table = record_table(
            "staffAccounts",
            [
                self.tr("用户名"),
                self.tr("姓名"),
                self.tr("角色"),
                self.tr("管理方"),
                self.tr("上次登录"),
                self.tr("状态"),
            ],
        )
        self.table.setMinimumHeight(160)
        self.table.currentCellChanged.connect(lambda *_: self._enable_buttons())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = self._button(self.tr("新建账号"), "addAccount", self.add)
        self.reset_button = self._button(self.tr("重置密码"), "resetPassword", self.reset)
        self.reset_code_button = self._button(self.tr("重置动态口令"), "resetCode", self.reset_code)
        self.unlock_button = self._button(self.tr("解除锁定"), "unlockAccount", self.unlock)
        self.disable_button = self._button(
            self.tr("停用"), "disableAccount", lambda: self.set_disabled(True)
        )
        self.enable_button = self._button(
            self.tr("启用"), "enableAccount", lambda: self.set_disabled(False)
        )
        for button in (
            self.add_button,
            self.reset_button,
            self.reset_code_button,
            self.unlock_button,
            self.disable_button,
            self.enable_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = data_label()  # names the account
        self.status.setObjectName("staffAccountsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        note = QLabel(
            self.tr(
                "“平台”账号由中心平台统一管理（counter-central staff），改密码、重置动态口令、"
                "停用请在平台操作，下次同步后在本大厅各窗口生效；在此可解除其在本机的锁定。"
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self._enable_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        self.loaded = True
        self.session.worker.submit(
            lambda ws: ws.staff_accounts(), self._fill, self._failed, name="staff_accounts"
        )

    def _fill(self, accounts: list[StaffAccount]) -> None:
        current = self.selected()
        self.accounts = accounts
        self.table.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            for column, text in enumerate(
                (
                    account.username,
                    account.display_name,
                    sentence_case(role_label(account.role)),
                    self.tr("平台") if account.source == "platform" else self.tr("本机"),
                    hall_minute_text(account.last_signed_in_at)
                    if account.last_signed_in_at
                    else self.tr("从未"),
                    self._state_text(account),
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        names = [a.username for a in accounts]
        if accounts:
            keep = names.index(current.username) if current and current.username in names else 0
            self.table.setCurrentCell(keep, 0)
        self._enable_buttons()
        self.changed.emit()

    def _state_text(self, account: StaffAccount) -> str:
        parts = []
        if account.disabled:
            parts.append(self.tr("已停用"))
        if account.locked_until:
            parts.append(self.tr("锁定至 {time}").format(time=hall_time_text(account.locked_until)))
        if account.must_change_password:
            parts.append(self.tr("待本人改密码"))
        if account.must_enrol_second_factor:
            parts.append(self.tr("待设置动态口令"))
        return sentence_case(list_separator().join(parts)) or self.tr("正常")

    def selected(self) -> StaffAccount | None:
        row = self.table.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def _enable_buttons(self) -> None:
        account = self.selected()
        local = account is not None and account.source == "local"
        self.reset_button.setEnabled(local)
        own = account is not None and account.username == self.session.username
        self.reset_code_button.setEnabled(
            local and account is not None and account.second_factor_enrolled and not own
        )
        self.unlock_button.setEnabled(account is not None and account.locked_until is not None)
        self.disable_button.setEnabled(
            local and account is not None and not account.disabled and not own
        )
        self.enable_button.setEnabled(local and account is not None and account.disabled)

    def add(self) -> None:
        self._open_dialog(
            None,
            lambda ws, username, name, role, password: ws.add_account(
                username, name, role, password
            ),
            self.tr("已新建账号 {name}。"),
        )

    def reset(self) -> None:
        account = self.selected()
        if account is None or account.source != "local":
            return
        self._open_dialog(
            account.username,
            lambda ws, username, _name, _role, password: ws.reset_password(username, password),
            self.tr("已重置 {name} 的密码。"),
        )

    def _open_dialog(
        self,
        username: str | None,
        save: Callable[[Workstation, str, str, str, str], None],
        done_text: str,
    ) -> None:
        dialog = delete_on_close(
            AccountDialog(username, self.session.config.security.password_min_length, self)
        )
        self.dialog = dialog

        def submitted(name: str, display: str, role: str, password: str) -> None:
            def done(_none: None) -> None:
                dialog.accept()
                self.status.setText(done_text.format(name=name))
                self.refresh()

            self.session.worker.submit(
                lambda ws: save(ws, name, display, role, password),
                done,
                lambda exc: dialog.show_error(error_text(exc)),
                name="save_account",
            )

        dialog.submitted.connect(submitted)
        dialog.open()

    def reset_code(self) -> None:
        account = self.selected()
        if account is not None and account.second_factor_enrolled:
            self._change(
                lambda ws: ws.reset_second_factor(account.username),
                self.tr("已重置 {name} 的动态口令：本人下次登录时重新设置。").format(
                    name=account.username
                ),
            )

    def unlock(self) -> None:
        account = self.selected()
        if account is not None and account.locked_until is not None:
            self._change(
                lambda ws: ws.unlock_account(account.username),
                self.tr("已解除 {name} 的锁定。").format(name=account.username),
            )

    def set_disabled(self, disabled: bool) -> None:
        account = self.selected()
        if account is None or account.source != "local" or account.disabled == disabled:
            return
        text = self.tr("已停用 {name}。") if disabled else self.tr("已启用 {name}。")
        self._change(
            lambda ws: ws.set_account_disabled(account.username, disabled),
            text.format(name=account.username),
        )

    def _change(self, change: Callable[[Workstation], None], done_text: str) -> None:
        def done(_none: None) -> None:
            self.status.setText(done_text)
            self.refresh()

        self.session.worker.submit(change, done, self._failed, name="change_account")

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
