"""容缺受理 at the intake screen needs a supervisor: one approves at this window, or the
request goes to the hall's supervisors and the form waits for their answer (withdrawn with
Ctrl+W, waited for again when the form's draft comes back after the window closed)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ui.approval import SupervisorApprovalDialog, verify_on_worker
from ui.approval_wait import ApprovalWait
from ui.dialog_lifetime import deleted_after
from ui.i18n import error_text
from ui.intake.decision_panel import set_decision_enabled

if TYPE_CHECKING:
    from counter_app.domain.catalog import ServiceItem
    from counter_app.services.auth import User
    from counter_app.store.approval_requests import SentRequest
    from ui.facade_types import ApprovalAnswer, DecisionRequest, DeferralReasons
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def approve_then_submit(screen: IntakeScreen, request: DecisionRequest, item: ServiceItem) -> None:
    """A supervisor approves here, or (F4) the request goes to the hall's supervisors
    and the form waits for the decision."""
    dialog = SupervisorApprovalDialog(
        translate("IntakeScreen", "容缺受理"),
        item.name,
        need_reason=False,
        parent=screen,
        can_send=True,
    )
    screen.approval = dialog
    # One id per dialog: sending again after a lost answer asks once.
    approval_id = str(uuid.uuid4())
    summary = _deferral_summary(screen, item)

    def approved(supervisor: User, _reason: str) -> None:
        screen._submit(replace(request, supervisor=supervisor))

    def send(reason: str) -> None:
        def sent(request_id: str) -> None:
            dialog.accept()
            _wait_for_approval(screen, request_id, request)

        screen.session.platform_worker.submit(
            lambda desk: desk.request_approval(
                "deferral", request.request_id, summary, reason, approval_id
            ),
            sent,
            lambda exc: dialog.show_error(error_text(exc)),
            name="request_approval",
        )

    verify_on_worker(dialog, screen.session.worker, "defer_case", screen.request_id, approved)
    dialog.send_requested.connect(send)
    with deleted_after(dialog):
        dialog.exec()


def _deferral_summary(screen: IntakeScreen, item: ServiceItem) -> str:
    """What the supervisors read: the item and the deferred materials with their
    deadlines. Nothing about the applicant leaves the window."""
    entries = screen.checklist.entries()
    names = {row.material.code: row.material.name for row in screen.checklist.rows}
    return translate("IntakeScreen", "{item}；容缺：{materials}").format(
        item=item.name, materials=deferral_deadlines(screen, entries, names)
    )


def deferral_deadlines(
    screen: IntakeScreen, entries: list[dict[str, Any]], names: dict[str, str]
) -> str:
    """By when each deferred material is due: the clerk's date, or the hall's default
    (the intake service sets it, never later than the promised date)."""
    days = screen.session.config.hall.deferral_working_days
    default = translate("IntakeScreen", "受理后 %n 个工作日内（不晚于承诺办结日）", "", days)
    return "；".join(
        f"{names[e['code']]}：{e.get('deadline') or default}"
        for e in entries
        if e["status"] == "deferred"
    )


def _wait_for_approval(screen: IntakeScreen, request_id: str, request: DecisionRequest) -> None:
    """The form waits for the supervisors' answer; the draft keeps the wait, so a window
    that closes meanwhile (a crash, a power cut) waits again when the draft comes back."""
    wait = ApprovalWait(screen.session, request_id, screen)
    screen.approval_wait, screen._waiting_request = wait, request
    wait.decided.connect(screen._approval_decided)
    wait.trouble.connect(screen._approval_trouble)
    screen.waiting_label.setText(
        translate(
            "IntakeScreen",
            "已请求值班长审批容缺受理，正在等待答复……已填写的内容保留；可先处理其他工作。",
        )
    )
    screen.waiting.show()
    set_decision_enabled(screen, False)
    wait.start()
    screen.save_draft()


def approval_decided(screen: IntakeScreen, answer: ApprovalAnswer) -> None:
    request = screen._waiting_request
    _end_wait(screen)
    if answer.approver is not None and request is not None:
        screen._submit(replace(request, supervisor=answer.approver))
        return
    screen._warn(
        translate("IntakeScreen", "值班长未批准"),
        translate("IntakeScreen", "{who} 未批准容缺受理：{reason}").format(
            who=answer.decided_by, reason=answer.reason
        ),
    )


def approval_trouble(screen: IntakeScreen, text: str) -> None:
    screen.waiting_label.setText(
        translate("IntakeScreen", "正在等待值班长答复，但暂时联系不上平台：{error}").format(
            error=text
        )
    )


def withdraw_approval(screen: IntakeScreen) -> None:
    """Ctrl+W: the clerk withdraws the waiting request; the form stays as it was."""
    if screen.approval_wait is not None:
        screen.approval_wait.withdraw()
        _end_wait(screen)


def _end_wait(screen: IntakeScreen) -> None:
    screen.approval_wait = screen._waiting_request = None
    screen.waiting.hide()
    set_decision_enabled(screen, True)


def resume_approval(screen: IntakeScreen, reasons: DeferralReasons) -> None:
    """The 容缺 request this clerk sent for the restored form before the window closed
    waits again, and the supervisor's answer decides it as it would have; one decided
    or withdrawn meanwhile leaves the form to decide again (F7)."""
    request_id = screen.request_id

    def resume(pending: list[SentRequest]) -> None:
        sent = next((r for r in pending if r.kind == "deferral"), None)
        if sent is None or screen.item is None or request_id != screen.request_id:
            return
        request = screen._request(
            "defer",
            screen.item,
            expired_id_reason=reasons["expired_id_reason"],
            refusal=None,
            eligibility_reason=reasons["eligibility_reason"],
        )
        _wait_for_approval(screen, sent.request_id, request)

    screen.session.worker.submit(
        lambda ws: ws.pending_approvals(request_id),
        resume,
        screen.session.report_error,
        name="pending_approvals",
    )
