"""Supervisor approval in place: a supervisor types their credentials on the clerk's screen.
Where the opener can wait for it, the clerk may instead send the request to the hall's
supervisors (请求值班长审批), who decide it in their own session at another window.

The dialog only collects them; the check (role, lockout, audit) is the core's, run on the
worker by whoever opened the dialog (``verify_on_worker`` for an action the signed-in
clerk asks for).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.facade_types import InPlaceApproval
from ui.one_time_code import CodeRow, show_refusal
from ui.widgets import (
    FormText,
    data_label,
    error_label,
    ok_cancel_buttons,
    send_to_supervisor_button,
)

if TYPE_CHECKING:
    from counter_app.services.auth import User
    from ui.core_facade import Workstation
    from ui.worker import CoreWorker


class SupervisorApprovalDialog(QDialog):
    """Emits ``approval_requested(approval, reason)`` (an ``InPlaceApproval``: account,
    password, and the one-time code once the core asked for it); the opener verifies and then
    calls ``accept()`` or ``refused()``. With ``can_send`` it offers 请求值班长审批 (F4),
    which emits ``send_requested(reason)``; the opener sends it and then calls ``accept()``
    or ``show_error()``. ``confirm``: its confirming button's words (确认审批 unless given:
    a refusal says so)."""

    approval_requested = Signal(object, str)
    send_requested = Signal(str)

    def __init__(
        self,
        action: str,
        facts: str,
        need_reason: bool,
        parent: QWidget | None = None,
        *,
        can_send: bool = False,
        confirm: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorApproval")
        self.setWindowTitle(self.tr("值班长审批"))
        self.setMinimumWidth(480)
        self.need_reason = need_reason
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("此操作需要值班长确认：{action}").format(action=action))
        heading.setObjectName("dialogHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        details = data_label(facts)
        details.setWordWrap(True)
        layout.addWidget(details)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = QLineEdit()
        self.username.setObjectName("supervisorUsername")
        self.password = QLineEdit()
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("值班长账号"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.code = CodeRow(form, self.tr("动态口令"), "supervisorCode")
        self.username.textEdited.connect(lambda _text: self.code.hide())
        self.reason = FormText("approvalReason", 80)
        if need_reason:
            form.addRow(self.tr("原因（必填）"), self.reason)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(confirm or self.tr("确认审批"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.send_button: QPushButton | None = None
        if can_send:
            self.send_button = send_to_supervisor_button(
                self.buttons,
                self.tr("请求值班长审批 (F4)"),
                self.tr("发给本大厅的值班长在其窗口审批；等待期间已填写的内容保留，可撤回。"),
            )
            self.send_button.clicked.connect(self._send)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        reason = self.reason.text()
        if not self.username.text().strip() or not self.password.text():
            self.show_error(self.tr("请值班长输入账号和密码。"))
            return
        if self.need_reason and not reason:
            self._ask_for_reason()
            return
        self.buttons.setEnabled(False)
        approval = InPlaceApproval(
            self.username.text().strip(), self.password.text(), self.code.code()
        )
        self.approval_requested.emit(approval, reason)

    def _send(self) -> None:
        reason = self.reason.text()
        if self.need_reason and not reason:
            self._ask_for_reason()
            return
        self.buttons.setEnabled(False)
        self.send_requested.emit(reason)

    def _ask_for_reason(self) -> None:
        """The reason is missing: what was typed stays (the password and a one-time code
        too, which nobody checked yet) and the reason field takes the cursor."""
        self.error.setText(self.tr("请填写原因。"))
        self.error.show()
        self.reason.setFocus()

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        self.code.hide()
        self.password.clear()

    def refused(self, exc: BaseException) -> None:
        """The core's refusal of the typed credentials (``show_refusal``)."""
        self.buttons.setEnabled(True)
        show_refusal(self.code, exc, self.error, self.password)


def verify_on_worker(
    dialog: SupervisorApprovalDialog,
    worker: CoreWorker[Workstation],
    action: str,
    target: str,
    approved: Callable[[User, str], None],
) -> None:
    """Check the credentials typed in ``dialog`` on the worker (``Workstation.approve``:
    role, four eyes against the signed-in clerk, lockout, audit); once they pass the dialog
    closes and ``approved(supervisor, reason)`` runs, else it shows the error and stays."""

    def verify(approval: InPlaceApproval, reason: str) -> None:
        def done(supervisor: User) -> None:
            dialog.accept()
            approved(supervisor, reason)

        worker.submit(
            lambda ws: ws.approve(approval, action, target),
            done,
            dialog.refused,
            name=f"approve_{action}",
        )

    dialog.approval_requested.connect(verify)
