"""What a case's detail asks a supervisor for: a reprint, a void, an edit of the applicant's
data; approved on the clerk's screen, or at another window through the platform while the
case waits (a request sent before the window closed waits again when the case is opened)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from ui.approval import SupervisorApprovalDialog
from ui.approval_wait import ApprovalWait
from ui.correction import ApplicantEditDialog, agent_role_label, field_labels
from ui.facade_types import InPlaceApproval
from ui.i18n import error_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QPushButton

    from counter_app.services.applicant_edits import ApplicantEdited
    from counter_app.store.approval_requests import SentRequest
    from ui.core_facade import Workstation
    from ui.facade_types import Approval, ApprovalAnswer, CaseDetail
    from ui.window_session import Session


def expired_request_text() -> str:
    """What a clerk reads when their request was still pending as its hall day ended (the
    platform answers ``expired``: nobody refused it), at the case detail or the intake."""
    return QCoreApplication.translate(
        "ApprovalWait", "该请求已过期（当日未审批），请重新发起或请值班长到窗口审批"
    )


def request_summary(case_no: str, what: str) -> str:
    """What a request to the supervisors says about its case: the number and ``what`` (the
    item, the change), without words of the clerk's language around them: the supervisor
    may read another, and the inbox names the request's kind in theirs."""
    return f"{case_no} · {what}"


class CaseApprovals(QDialog):
    """The supervised steps of ``CaseDetailDialog``, which mixes them in. Their words are the
    dialog's and are translated in its context (``self.tr`` here would file them in the .ts
    under this class, away from their translations)."""

    # What the case's dialog holds for these steps (set there).
    session: Session
    case_id: str
    detail: CaseDetail | None
    load: Callable[[], None]
    edit_button: QPushButton
    waiting_label: QLabel
    approval_wait: ApprovalWait | None
    # The dialog each of these steps opened last.
    approval: SupervisorApprovalDialog | None
    applicant_edit: ApplicantEditDialog | None

    def reprint(self) -> None:
        """补打: a supervisor approves on this screen with a reason; printed and audited."""
        self._approve("reprint")

    def edit_applicant(self) -> None:
        """A typo in the applicant's data (Alt+E), approved by a supervisor on this screen
        or (F4) at another window through the platform while this case waits."""
        detail = self.detail
        if detail is None or not self.edit_button.isEnabled():
            return
        role = agent_role_label(detail.agent.applicant_type) if detail.agent else None
        dialog = ApplicantEditDialog(detail.case_no, self, can_send=True, agent_role=role)
        self.applicant_edit = dialog
        clerk = self.session.user
        case_no = detail.case_no
        approval_id = str(uuid.uuid4())  # one per dialog: sending again asks once
        action = QCoreApplication.translate("CaseDetailDialog", "更正申请人信息")

        def run(
            field: str,
            value: str,
            reason: str,
            approval: Approval,
            failed: Callable[[BaseException], None],
        ) -> None:
            def done(edited: ApplicantEdited) -> None:
                dialog.accept()
                self.load()
                self._say_bundle_edit(edited)

            self.session.worker.submit(
                lambda ws: ws.edit_applicant(
                    clerk or ws.signed_in(),
                    self.case_id,
                    field=field,
                    value=value,
                    reason=reason,
                    approval=approval,
                ),
                done,
                failed,
                name="edit_applicant",
            )

        def verify(field: str, value: str, reason: str, approval: InPlaceApproval) -> None:
            run(field, value, reason, approval, dialog.refused)

        def refused(text: str) -> None:
            dialog.show_error(text)
            dialog.open()

        def send(field: str, value: str, reason: str) -> None:
            label = field_labels().get(field, field)

            def request(masked: tuple[str, str]) -> None:
                # Only the masked values leave this PC: the supervisor sees what changes.
                old, new = masked
                summary = request_summary(case_no, f"{label} {old or '—'} → {new}")
                self.session.platform_worker.submit(
                    lambda desk: desk.request_approval(
                        "correction", self.case_id, summary, reason, approval_id
                    ),
                    sent,
                    lambda exc: dialog.show_error(error_text(exc)),
                    name="request_approval",
                )

            def sent(request_id: str) -> None:
                dialog.hide()
                self._wait_for_approval(
                    request_id,
                    action,
                    lambda answer: run(
                        field,
                        value,
                        reason,
                        answer,
                        lambda exc: refused(error_text(exc)),
                    ),
                    refused,
                )

            self.session.worker.submit(
                lambda ws: ws.masked_edit(self.case_id, field, value),
                request,
                lambda exc: dialog.show_error(error_text(exc)),
                name="masked_edit",
            )

        dialog.edit_requested.connect(verify)
        dialog.send_requested.connect(send)
        dialog.open()

    def void(self) -> None:
        """作废: a case made in error, approved by a supervisor with a reason."""
        self._approve("void")

    def _approved_work(
        self, kind: Literal["reprint", "void"]
    ) -> tuple[str, Callable[[Workstation, Approval, str], object]]:
        """What the clerk asks for and the work to run once approved, for ``kind``."""
        clerk = self.session.user
        if kind == "reprint":
            username = self.session.username or ""
            return QCoreApplication.translate(
                "CaseDetailDialog", "补打回执"
            ), lambda ws, approval, reason: ws.reprint(
                username, self.case_id, approval=approval, reason=reason
            )
        return QCoreApplication.translate(
            "CaseDetailDialog", "作废办件"
        ), lambda ws, approval, reason: ws.void(
            clerk or ws.signed_in(), self.case_id, approval=approval, reason=reason
        )

    def resume_approvals(self) -> None:
        """A reprint or void this clerk sent for the case before the window closed waits
        again, so the supervisor's answer is not lost. A correction cannot (its new value was
        only in the closed dialog): it is withdrawn, so no supervisor approves it for nothing,
        and the clerk is told to enter it again."""

        def resume(pending: list[SentRequest]) -> None:
            for stale in (r for r in pending if r.kind == "correction"):
                self._withdraw_stale_correction(stale.request_id)
            sent = next((r for r in pending if r.kind in ("reprint", "void")), None)
            if sent is None or self.approval_wait is not None:
                return
            action, work = self._approved_work(cast("Literal['reprint', 'void']", sent.kind))

            def approved(answer: ApprovalAnswer) -> None:
                self.session.worker.submit(
                    lambda ws: work(ws, answer, sent.reason),
                    lambda _result: self.load(),
                    self._approved_action_failed,
                    name=sent.kind,
                )

            self._wait_for_approval(sent.request_id, action, approved)

        self.session.worker.submit(
            lambda ws: ws.pending_approvals(self.case_id),
            resume,
            self.session.report_error,
            name="pending_approvals",
        )

    def _withdraw_stale_correction(self, request_id: str) -> None:
        def withdrawn(answer: ApprovalAnswer) -> None:
            if answer.status == "cancelled":
                text = QCoreApplication.translate(
                    "CaseDetailDialog",
                    "窗口关闭前发出的更正申请人信息请求已撤回（所填新值未保存），请重新更正。",
                )
            else:  # decided before the withdrawal arrived: still nothing to apply it to
                text = QCoreApplication.translate(
                    "CaseDetailDialog",
                    "窗口关闭前的更正申请人信息请求已由 {who} 答复，但新值未保存，请重新更正。",
                ).format(who=answer.decided_by)
            self.waiting_label.setText(text)
            self.waiting_label.show()

        self.session.platform_worker.submit(
            lambda desk: desk.cancel_approval(request_id),
            withdrawn,
            self.session.report_error,
            name="cancel_approval",
        )

    def _approve(self, kind: Literal["reprint", "void"]) -> None:
        """Run the ``kind``'s work once a supervisor approved: on this screen, or (F4) at
        another window through the platform while this dialog waits."""
        action, work = self._approved_work(kind)
        detail = self.detail
        case_no = detail.case_no if detail is not None else ""
        dialog = SupervisorApprovalDialog(
            action, case_no, need_reason=True, parent=self, can_send=True
        )
        self.approval = dialog
        approval_id = str(uuid.uuid4())  # one per dialog: sending again asks once
        summary = request_summary(case_no, detail.service_item if detail else "")

        def run(approval: Approval, reason: str, failed: Callable[[BaseException], None]) -> None:
            def done(_result: object) -> None:
                dialog.accept()
                self.load()

            self.session.worker.submit(
                lambda ws: work(ws, approval, reason), done, failed, name=kind
            )

        def verify(approval: InPlaceApproval, reason: str) -> None:
            run(approval, reason, dialog.refused)

        def send(reason: str) -> None:
            def sent(request_id: str) -> None:
                dialog.accept()
                self._wait_for_approval(
                    request_id,
                    action,
                    lambda answer: run(answer, reason, self._approved_action_failed),
                )

            self.session.platform_worker.submit(
                lambda desk: desk.request_approval(
                    kind, self.case_id, summary, reason, approval_id
                ),
                sent,
                lambda exc: dialog.show_error(error_text(exc)),
                name="request_approval",
            )

        dialog.approval_requested.connect(verify)
        dialog.send_requested.connect(send)
        dialog.open()

    def _wait_for_approval(
        self,
        request_id: str,
        action: str,
        approved: Callable[[ApprovalAnswer], None],
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Wait for the supervisors' decision; a refusal's reason, or that the request
        expired undecided, is shown on this screen, or handed to ``refused`` (which shows it
        where the clerk's input waits)."""
        wait = ApprovalWait(self.session, request_id, self)
        self.approval_wait = wait

        def decided(answer: ApprovalAnswer) -> None:
            self.approval_wait = None
            if answer.approver is not None:
                self.waiting_label.hide()
                approved(answer)
                return
            if answer.status == "expired":
                text = expired_request_text()
            else:
                text = QCoreApplication.translate(
                    "CaseDetailDialog", "{who} 未批准{action}：{reason}"
                ).format(who=answer.decided_by, action=action, reason=answer.reason)
            if refused is None:
                self.waiting_label.setText(text)
                return
            self.waiting_label.hide()
            refused(text)

        wait.decided.connect(decided)
        wait.trouble.connect(
            lambda text: self.waiting_label.setText(
                QCoreApplication.translate(
                    "CaseDetailDialog", "正在等待值班长答复，但暂时联系不上平台：{error}"
                ).format(error=text)
            )
        )
        self.waiting_label.setText(
            QCoreApplication.translate(
                "CaseDetailDialog",
                "已请求值班长审批{action}，正在等待答复……（Ctrl+W 撤回；关闭本窗口也会撤回）",
            ).format(action=action)
        )
        self.waiting_label.show()
        wait.start()

    def _approved_action_failed(self, exc: BaseException) -> None:
        self.waiting_label.hide()
        self.session.report_error(exc)

    def withdraw_approval(self) -> None:
        """Ctrl+W: withdraw the request waiting for a supervisor at another window."""
        if self.approval_wait is not None:
            self.approval_wait.withdraw()
            self.approval_wait = None
            self.waiting_label.hide()

    def done(self, result: int) -> None:
        # Nothing waits for a decision once the case's window is closed.
        self.withdraw_approval()
        super().done(result)

    def _say_bundle_edit(self, edited: ApplicantEdited) -> None:
        """Under the case: the other cases of its 一件事 the edit corrected too, and those left
        as they were (finished); nothing for a case decided alone."""
        others = [case.case_no for case in edited.cases[1:]]
        if not others and not edited.closed:
            return
        text = QCoreApplication.translate(
            "CaseDetailDialog", "同一件事的办件已一并更正：{cases}"
        ).format(cases="、".join(others) or "—")
        if edited.closed:
            text += QCoreApplication.translate(
                "CaseDetailDialog", "；已办结、未更正：{cases}"
            ).format(cases="、".join(edited.closed))
        self.waiting_label.setText(text)
        self.waiting_label.show()
