"""Intake paused by the hall's offline policy (MOSIP-like hard stops): the clerk reads why,
and a supervisor at the window may approve this one decision past the limit with their own
password and a reason (值班长审批); the same decision, on the form as the clerk left it, is
stored with the approval. At the screen only: a paused window is usually offline, so the
platform's approval requests would not reach the supervisors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMessageBox

from ui.approval import SupervisorApprovalDialog, verify_on_worker
from ui.dialog_lifetime import delete_on_close, deleted_after
from ui.widgets import show_as_text

if TYPE_CHECKING:
    from counter_app.services.auth import User
    from ui.intake.screen import IntakeScreen

# Sends the decision again with the supervisor who approved it past the limit, and why.
Resubmit = Callable[["User", str], None]

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def offer_approval(screen: IntakeScreen, request_id: str, why: str, resubmit: Resubmit) -> None:
    """The pause explained (``why``: the policy's message), with the supervisor's approval
    of this decision (``request_id``) as the way on; closing it leaves the form as it is."""
    box = delete_on_close(
        QMessageBox(
            QMessageBox.Icon.Warning,
            translate("IntakeScreen", "暂停新受理"),
            why,
            QMessageBox.StandardButton.Close,
            screen,
        )
    )
    box.setObjectName("intakePaused")
    show_as_text(box)  # the policy's message
    approve = box.addButton(
        translate("IntakeScreen", "值班长审批本次受理"), QMessageBox.ButtonRole.AcceptRole
    )
    approve.setObjectName("overLimitApprove")
    approve.setToolTip(
        translate(
            "IntakeScreen",
            "值班长在本机输入本人账号和密码并写明理由，批准超出离线上限受理这一件；已填写的内容保留。",
        )
    )

    def closed() -> None:
        # After the box has closed, so the approval dialog is not opened over it; from the
        # event loop, not inside the box's own ``finished``: the box is deleted once closed,
        # and the approval's event loop may run that deletion while its handler still runs.
        if box.clickedButton() is approve:
            QTimer.singleShot(0, screen, lambda: _approve_here(screen, request_id, why, resubmit))

    box.finished.connect(closed)
    box.open()
    screen.warning = box


def _approve_here(screen: IntakeScreen, request_id: str, why: str, resubmit: Resubmit) -> None:
    dialog = SupervisorApprovalDialog(
        translate("IntakeScreen", "超出离线上限受理本件"), why, need_reason=True, parent=screen
    )
    screen.approval = dialog

    verify_on_worker(dialog, screen.session.worker, "over_limit", request_id, resubmit)
    with deleted_after(dialog):
        dialog.exec()
