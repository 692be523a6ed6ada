"""The intake screen's decisions (受理, 一次性告知, 容缺受理, 不予受理): what each needs before it
is asked, the applicant's earlier cases of the item (``ui.intake.earlier_cases``), the reasons asked for an expired card or an unmet condition, the clerk's
confirmation, and the request stored on the worker under the applicant's request UUID, on
the catalog version the form shows (``ui.intake.catalog_updates``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QDialog

from counter_app.domain.catalog import CaseType
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CatalogChanged
from ui.dialog_lifetime import deleted_after
from ui.facade_types import DecisionRequest, EarlierCasesFound, Refusal
from ui.i18n import error_text
from ui.intake import earlier_cases
from ui.intake.decision_panel import no_bundle_refusal, set_decision_enabled
from ui.intake.deferral_approval import (
    DeferredDecision,
    approve_then_submit,
    deferral_deadlines,
)
from ui.intake.dialogs import (
    ConfirmDecisionDialog,
    EligibilityDialog,
    ExpiredDocumentDialog,
    RefusalDialog,
)
from ui.intake.over_limit_approval import offer_approval
from ui.payment import amount_text

if TYPE_CHECKING:
    from counter_app.domain.catalog import ServiceItem
    from counter_app.services.auth import User
    from ui.core_facade import Workstation
    from ui.facade_types import Decision, DecisionResult
    from ui.intake.screen import IntakeScreen
    from ui.window_session import ChecklistSummary

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def decide(screen: IntakeScreen, decision: Decision) -> None:
    if screen.busy or screen.approval_wait is not None:
        return  # a second activation while the first is in flight does nothing
    if screen.bundle is not None:
        if decision == "accept":
            screen.decide_bundle()
        else:
            screen._warn(translate("IntakeScreen", "一件事"), _not_for_bundles(decision))
        return
    problems = screen.identity.problems()
    if problems:
        screen._warn(translate("IntakeScreen", "申请人信息不完整"), "\n".join(problems))
        return
    item, summary = screen.item, screen.refresh_summary()
    if item is None:
        screen._warn(
            translate("IntakeScreen", "请选择事项"),
            translate("IntakeScreen", "请先按 F3 搜索并选择办理事项。"),
        )
        return
    if summary is None:  # the item's situation not chosen yet (a pre-application's dropped)
        screen._warn(
            translate("IntakeScreen", "请选择办理情形"),
            translate("IntakeScreen", "请选择办理情形：在「情形」列表中选定申请人的情形。"),
        )
        return
    # A refusal may say the item is not the applicant's; any other decision may not be taken.
    audience = screen._audience_problems() if decision != "refuse" else []
    if audience:
        screen._warn(translate("IntakeScreen", "服务对象不符"), "\n".join(audience))
        return
    if decision == "accept" and not summary.can_accept:
        screen._warn(
            translate("IntakeScreen", "暂不能受理"),
            translate("IntakeScreen", "还缺少：{items}").format(items="、".join(summary.missing))
            + "\n\n"
            + translate(
                "IntakeScreen",
                "可以按 F6 出具一次性告知书，告知申请人需补正的全部材料；"
                "缺少的若都是非核心材料，可将其标为“容缺后补”并填写期限，"
                "按 F7 容缺受理（须值班长审批）。",
            ),
        )
        return
    if decision == "defer" and not summary.can_defer:
        screen._warn(
            translate("IntakeScreen", "不能容缺受理"),
            translate("IntakeScreen", "只有非核心材料可以容缺，且须标为“容缺后补”并填写期限。"),
        )
        return
    if not earlier_cases.confirm_earlier(screen, decision):
        return
    if decision == "notify" and summary.can_accept:
        screen._warn(
            translate("IntakeScreen", "材料已齐全"),
            translate("IntakeScreen", "材料已经齐全，请直接受理（F5）。"),
        )
        return
    expired_id_reason = ""
    expired = screen.identity.document_expired_on(hall_today())
    if decision in ("accept", "defer") and expired is not None:
        with deleted_after(ExpiredDocumentDialog(expired, screen)) as expired_dialog:
            if expired_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            expired_id_reason = expired_dialog.reason()
    eligibility_reason = ""
    concerns = screen.eligibility_concerns(item) if decision in ("accept", "defer") else []
    if concerns:
        with deleted_after(EligibilityDialog(concerns, screen)) as eligibility_dialog:
            if eligibility_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            eligibility_reason = eligibility_dialog.reason()
    refusal = None
    if decision == "refuse":
        with deleted_after(RefusalDialog(item.legal_basis, screen)) as refusal_dialog:
            if refusal_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            refusal = Refusal(*refusal_dialog.values())
    request = screen._request(
        decision,
        item,
        expired_id_reason=expired_id_reason,
        refusal=refusal,
        eligibility_reason=eligibility_reason,
    )
    if not _confirm(screen, request, item, summary):
        return
    if decision == "defer":
        approve_then_submit(screen, deferral(screen, request), item)
        return
    screen._submit(request)


def _not_for_bundles(decision: Decision) -> str:
    if decision == "refuse":
        return no_bundle_refusal()
    return translate(
        "IntakeScreen",
        "一件事的各事项按各自的材料情况分别受理、容缺受理或一次性告知，"
        "请按 Ctrl+Enter 办理一件事。",
    )


def decision_request(
    screen: IntakeScreen,
    decision: Decision,
    item: ServiceItem,
    *,
    expired_id_reason: str,
    refusal: Refusal | None,
    eligibility_reason: str,
) -> DecisionRequest:
    """The decision on what the form shows now (the core imported lazily: it is warm by
    the time a clerk decides, and the screen is built before it is)."""
    from ui.checklist_marks import marks_from_entries

    identity = screen.identity
    return DecisionRequest(
        request_id=screen.request_id,
        decision=decision,
        applicant=screen._applicant(),
        identity_source=identity.identity_source(),
        agent=identity.agent_input(),
        agent_identity_source=identity.agent_identity_source(),
        item_code=item.code,
        situation_code=screen.situation_code(),
        materials=tuple(marks_from_entries(screen.checklist.entries())),
        expired_id_reason=expired_id_reason,
        refusal=refusal,
        delivery=identity.delivery_choice(),
        document_language=identity.language(),
        eligibility_reason=eligibility_reason,
        card_read_at=identity.card_read_at(),
        preapp_id=screen.preapp_id,
        licences=tuple(screen.licences),
        elicence_consent_code=screen.elicence_consent_code,
    )


def deferral(screen: IntakeScreen, request: DecisionRequest) -> DeferredDecision:
    """容缺受理 of ``request``, stored with the supervisor who approves it."""
    return DeferredDecision(
        request, lambda supervisor: screen._submit(replace(request, supervisor=supervisor))
    )


def _confirm(
    screen: IntakeScreen, request: DecisionRequest, item: ServiceItem, summary: ChecklistSummary
) -> bool:
    decision = request.decision
    titles = {
        "accept": translate("IntakeScreen", "确认受理"),
        "notify": translate("IntakeScreen", "确认一次性告知"),
        "defer": translate("IntakeScreen", "确认容缺受理"),
        "refuse": translate("IntakeScreen", "确认不予受理"),
    }
    entries = screen.checklist.entries()
    situation = item.situation(screen.situation_code()) or item.default_situation
    names = {m.code: m.name for m in situation.materials}
    received = [
        names[e["code"]] for e in entries if e["status"] in ("received", "exempt", "commitment")
    ]
    facts = [
        *screen.identity.confirmation_facts(),
        (
            translate("IntakeScreen", "事项"),
            f"{item.name}（{screen.search.situation.currentText()}）",
        ),
        (
            translate("IntakeScreen", "已收/免交材料"),
            "、".join(received) or translate("IntakeScreen", "无"),
        ),
    ]
    if summary.missing:
        facts.append((translate("IntakeScreen", "缺少材料"), "、".join(summary.missing)))
    if decision in ("accept", "defer"):
        facts.append((translate("IntakeScreen", "承诺时限"), _promised_text(item)))
        if item.fee_cents:
            facts.append(
                (
                    translate("IntakeScreen", "收费"),
                    translate("IntakeScreen", "{amount}，缴费后办理").format(
                        amount=amount_text(item.fee_cents)
                    ),
                )
            )
    if decision == "defer":
        facts.append(
            (translate("IntakeScreen", "补齐期限"), deferral_deadlines(screen, entries, names))
        )
    if request.refusal is not None:
        facts.append((translate("IntakeScreen", "理由"), request.refusal.reason))
    if request.expired_id_reason:
        facts.append((translate("IntakeScreen", "过期证件受理理由"), request.expired_id_reason))
    if request.eligibility_reason:
        facts.append(
            (translate("IntakeScreen", "不符合申请条件仍受理的理由"), request.eligibility_reason)
        )
    facts.append(
        (translate("IntakeScreen", "文书语言"), screen.identity.document_language.currentText())
    )
    with deleted_after(
        ConfirmDecisionDialog(titles[decision], facts, screen.identity.present_role(), screen)
    ) as dialog:
        return dialog.exec() == QDialog.DialogCode.Accepted


def _promised_text(item: ServiceItem) -> str:
    """The time limit as the receipt words it: an immediate item (即办件) is done on the spot."""
    if item.case_type == CaseType.IMMEDIATE:
        return translate("IntakeScreen", "即办件，当场办结")
    return translate("IntakeScreen", "%n 个工作日", "", item.promised_days)


def submit(screen: IntakeScreen, request: DecisionRequest) -> None:
    set_busy(screen, True)
    screen.submitted = request
    clerk = screen.session.user
    screen.deciding_for = None if clerk is None else clerk.username
    shown = replace(request, catalog_version=screen.catalog_version)
    check_earlier = earlier_cases.still_to_check(screen, request)

    def decide(ws: Workstation) -> DecisionResult | EarlierCasesFound:
        # Nobody signed in on the window: the core says so (NotSignedIn), in words.
        user = clerk or ws.signed_in()
        if check_earlier:
            # Read before the decision's own transaction, which stays as intake makes it.
            earlier = ws.earlier_cases(*earlier_cases.request_key(request))
            if earlier:
                return EarlierCasesFound(earlier)
        return ws.decide(user, shown)

    screen.session.worker.submit(
        decide,
        screen._stored,
        screen._submit_failed,
        name="decide",
    )


def signed_out_since(screen: IntakeScreen) -> bool:
    """The clerk who took the decision signed out before the core answered: what follows
    (the receipt's preview, the evaluation, an approval) is theirs, not the next person's.
    The case is stored all the same; its clerk finds it in the case list."""
    user = screen.session.user
    return user is None or user.username != screen.deciding_for


def stored(screen: IntakeScreen, result: DecisionResult | EarlierCasesFound) -> None:
    set_busy(screen, False)
    if isinstance(result, EarlierCasesFound):
        # Nothing stored: the clerk decides on the earlier cases first (not one who left).
        if not signed_out_since(screen) and screen.submitted is not None:
            earlier_cases.found_at_decision(screen, screen.submitted, result.earlier)
        return
    screen.case_stored.emit(result.case_id)
    screen.session.sync_nudge()
    if decided_after_sign_out(screen):
        return
    screen.last_case, screen.last_notices = result, ()
    screen.decided_request_id = screen.request_id
    # Next event-loop turn: the window repaints between storing and opening the preview.
    QTimer.singleShot(0, screen.preview_last)


def submit_failed(screen: IntakeScreen, exc: BaseException) -> None:
    # Imported by the worker that raised it: a lookup, not an import, here.
    from counter_app.services.offline_policy import IntakePaused

    set_busy(screen, False)
    if signed_out_since(screen):
        return  # the form went with its clerk, as their draft
    # The request UUID stays: retrying the same applicant can never make a second case.
    request = screen.submitted
    if isinstance(exc, IntakePaused) and request is not None:

        def resubmit(supervisor: User, reason: str) -> None:
            screen._submit(
                replace(request, over_limit_approver=supervisor, over_limit_reason=reason)
            )

        offer_approval(screen, request.request_id, error_text(exc), resubmit)
        return
    if isinstance(exc, CatalogChanged):
        screen.load_catalog()  # the form follows the version in force, its changes said
    screen._warn(translate("IntakeScreen", "未能保存"), error_text(exc))


def set_busy(screen: IntakeScreen, busy: bool) -> None:
    screen.busy = busy
    set_decision_enabled(screen, not busy)


def decided_after_sign_out(screen: IntakeScreen) -> bool:
    """Whether the clerk who decided has signed out since (the decision was stored for the
    applicant all the same); then the draft saved at their sign-out, this applicant's and
    decided now, goes."""
    if not signed_out_since(screen):
        return False
    clerk = screen.deciding_for
    if clerk is not None:
        screen.session.worker.submit(
            lambda ws: ws.discard_draft(clerk),
            None,
            screen.session.report_error,
            name="discard_draft",
        )
    return True
