"""容缺受理 at the intake screen needs a supervisor: one approves at this window, or the
request goes to the hall's supervisors and the form waits for their answer (withdrawn with
Ctrl+W, waited for again when the form's draft comes back after the window closed). A
一件事 asks the same way, once for every member it accepts with materials deferred. Each
kind's decision module says what storing its decision takes (``DeferredDecision``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication

from ui.approval import SupervisorApprovalDialog, verify_on_worker
from ui.approval_wait import ApprovalWait
from ui.case_approvals import expired_request_text
from ui.correction import list_separator
from ui.dialog_lifetime import deleted_after
from ui.i18n import error_text
from ui.intake.decision_panel import set_decision_enabled

if TYPE_CHECKING:
    from counter_app.domain.bundles import ServiceBundle
    from counter_app.domain.catalog import ServiceItem
    from counter_app.services.auth import User
    from counter_app.services.bundle_intake import MemberOutcome
    from counter_app.store.approval_requests import SentRequest
    from ui.facade_types import ApprovalAnswer
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


class DeferredRequest(Protocol):
    """What the approval asks of a decision's request, one item's or a 一件事's: the
    applicant's request UUID it is for, and the reasons the form's draft keeps."""

    @property
    def request_id(self) -> str | None: ...

    @property
    def expired_id_reason(self) -> str: ...

    @property
    def eligibility_reason(self) -> str: ...


@dataclass(frozen=True)
class DeferredDecision:
    """A decision with materials deferred, as it waits for a supervisor: its request, and
    what stores it with the supervisor who approved it."""

    request: DeferredRequest
    submit: Callable[[User], None]


def approve_then_submit(
    screen: IntakeScreen, decision: DeferredDecision, item: ServiceItem
) -> None:
    """A supervisor approves here, or (F4) the request goes to the hall's supervisors
    and the form waits for the decision."""
    _ask(screen, decision, item.name, _deferral_summary(screen, item))


def approve_bundle_then_submit(
    screen: IntakeScreen,
    bundle: ServiceBundle,
    decision: DeferredDecision,
    deferred: list[MemberOutcome],
) -> None:
    """容缺 of members of a 一件事: as for one item, one approval for every member the
    decision accepts with materials deferred; without it nothing is stored and the form
    stays."""
    facts = translate("IntakeScreen", "{bundle}；容缺受理：{items}").format(
        bundle=bundle.name,
        items=list_separator().join(o.item.name for o in deferred),
    )
    _ask(screen, decision, facts, _bundle_summary(screen, bundle, deferred))


def _ask(screen: IntakeScreen, decision: DeferredDecision, facts: str, summary: str) -> None:
    dialog = SupervisorApprovalDialog(
        translate("IntakeScreen", "容缺受理"),
        facts,
        need_reason=False,
        parent=screen,
        can_send=True,
    )
    screen.approval = dialog
    # One id per dialog: sending again after a lost answer asks once.
    approval_id = str(uuid.uuid4())
    target = decision.request.request_id or screen.request_id

    def approved(supervisor: User, _reason: str) -> None:
        decision.submit(supervisor)

    def send(reason: str) -> None:
        def sent(request_id: str) -> None:
            dialog.accept()
            _wait_for_approval(screen, request_id, decision)

        screen.session.platform_worker.submit(
            lambda desk: desk.request_approval("deferral", target, summary, reason, approval_id),
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


def _bundle_summary(
    screen: IntakeScreen, bundle: ServiceBundle, deferred: list[MemberOutcome]
) -> str:
    """The same for a 一件事: the bundle, and each member accepted with materials deferred
    with those materials and their deadlines (a bundle's rows are keyed by their name)."""
    entries = {e["code"]: e for e in screen.checklist.entries()}
    members = "；".join(
        translate("IntakeScreen", "{item}容缺：{materials}").format(
            item=o.item.name,
            materials="，".join(
                f"{s.line.requirement.name}：{_due(screen, entries.get(s.line.requirement.name))}"
                for s in o.shortfalls
            ),
        )
        for o in deferred
    )
    return translate("IntakeScreen", "{bundle}；{members}").format(
        bundle=bundle.name, members=members
    )


def deferral_deadlines(
    screen: IntakeScreen, entries: list[dict[str, Any]], names: dict[str, str]
) -> str:
    """By when each deferred material is due: the clerk's date, or the hall's default
    (the intake service sets it, never later than the promised date)."""
    return "；".join(
        f"{names[e['code']]}：{_due(screen, e)}" for e in entries if e["status"] == "deferred"
    )


def _due(screen: IntakeScreen, entry: dict[str, Any] | None) -> str:
    """The deadline the clerk gave the material's row, or the hall's default."""
    if entry is not None and entry.get("deadline"):
        return str(entry["deadline"])
    days = screen.session.config.hall.deferral_working_days
    return translate("IntakeScreen", "受理后 %n 个工作日内（不晚于承诺办结日）", "", days)


def _wait_for_approval(screen: IntakeScreen, request_id: str, decision: DeferredDecision) -> None:
    """The form waits for the supervisors' answer; the draft keeps the wait, so a window
    that closes meanwhile (a crash, a power cut) waits again when the draft comes back."""
    wait = ApprovalWait(screen.session, request_id, screen)
    screen.approval_wait, screen._waiting_decision = wait, decision
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
    decision = screen._waiting_decision
    _end_wait(screen)
    if answer.approver is not None and decision is not None:
        decision.submit(answer.approver)
        return
    if answer.status == "expired":
        screen._warn(translate("IntakeScreen", "审批请求已过期"), expired_request_text())
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
    screen.approval_wait = screen._waiting_decision = None
    screen.waiting.hide()
    set_decision_enabled(screen, True)


def resume_approval(screen: IntakeScreen, restored: Callable[[], DeferredDecision | None]) -> None:
    """The 容缺 request this clerk sent for the restored form before the window closed
    waits again, and the supervisor's answer decides it as it would have; one decided
    or withdrawn meanwhile leaves the form to decide again (F7, or Ctrl+Enter for a
    一件事). ``restored`` makes the decision on the form as it is then (None: the form
    has neither an item nor a 一件事 to decide)."""
    request_id = screen.request_id

    def resume(pending: list[SentRequest]) -> None:
        sent = next((r for r in pending if r.kind == "deferral"), None)
        if sent is None or request_id != screen.request_id:
            return
        decision = restored()
        if decision is not None:
            _wait_for_approval(screen, sent.request_id, decision)

    screen.session.worker.submit(
        lambda ws: ws.pending_approvals(request_id),
        resume,
        screen.session.report_error,
        name="pending_approvals",
    )
