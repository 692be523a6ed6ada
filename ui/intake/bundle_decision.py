"""办理一件事 (Ctrl+Enter) at the intake screen: what the decision gives each member taken,
asked of the core afresh (accepted, 容缺 or one-time notice, by its own materials) with the
applicant's earlier cases of each member's item; the reasons asked for an expired card or an
unmet condition of a member it accepts; the clerk's confirmation, naming the earlier cases of
the members it accepts; a supervisor's approval when a member is 容缺 (on this screen, or
sent to the hall's supervisors: ``ui.intake.deferral_approval``); then every case stored on
the worker in one transaction under the applicant's request UUID. The result lists each
case; the bundle's receipt and each notified member's notice are previewed in turn."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QDialog

from counter_app.domain.case_states import CaseState
from counter_app.domain.documents import DocumentKind
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CatalogChanged
from ui.correction import list_separator
from ui.dialog_lifetime import deleted_after
from ui.facade_types import BundleDecision
from ui.i18n import current_lang, error_text
from ui.intake import decision_panel, earlier_cases
from ui.intake.bundle_mode import bundle_request, outcome_text, wants_deferral
from ui.intake.decisions import decided_after_sign_out, set_busy, signed_out_since
from ui.intake.deferral_approval import DeferredDecision, approve_bundle_then_submit
from ui.intake.dialogs import ConfirmDecisionDialog, EligibilityDialog, ExpiredDocumentDialog
from ui.intake.over_limit_approval import offer_approval
from ui.labels import state_label

if TYPE_CHECKING:
    from counter_app.domain.bundles import ServiceBundle
    from counter_app.services.auth import User
    from counter_app.services.bundle_intake import BundleRequest, MemberOutcome
    from counter_app.store.earlier_cases import EarlierCases
    from ui.core_facade import Workstation
    from ui.facade_types import BundleDecisionResult, DecisionResult
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def decide_bundle(screen: IntakeScreen) -> None:
    bundle = screen.bundle
    if bundle is None or screen.busy or screen.approval_wait is not None:
        return  # not in bundle mode, or a decision is in flight
    problems = screen.identity.problems()
    if problems:
        screen._warn(translate("IntakeScreen", "申请人信息不完整"), "\n".join(problems))
        return
    if not screen.bundle_panel.taken():
        screen._warn(
            translate("IntakeScreen", "一件事"),
            translate("IntakeScreen", "请至少勾选一个要办理的事项"),
        )
        return
    request, deferring = bundle_request(screen, bundle), wants_deferral(screen)
    key = earlier_cases.members_key(screen)
    assert key is not None  # the applicant is complete and a member is taken
    set_busy(screen, True)

    def plan(ws: Workstation) -> tuple[tuple[MemberOutcome, ...], dict[str, EarlierCases]]:
        # Looked up again with the plan: the panel's answer may not be in yet.
        return ws.plan_bundle(request, with_supervisor=deferring), earlier_cases.members_earlier(
            ws, key
        )

    def planned(found: tuple[tuple[MemberOutcome, ...], dict[str, EarlierCases]]) -> None:
        outcomes, earlier = found
        if earlier_cases.members_key(screen) == key:
            screen.bundle_panel.earlier_asked = key
            earlier_cases.show_members_earlier(screen, earlier)
        _planned(screen, bundle, outcomes, earlier)

    screen.session.worker.submit(
        plan, planned, lambda exc: _plan_refused(screen, exc), name="plan_bundle"
    )


def _plan_refused(screen: IntakeScreen, exc: BaseException) -> None:
    set_busy(screen, False)
    screen._warn(translate("IntakeScreen", "暂不能办理一件事"), error_text(exc))


def _planned(
    screen: IntakeScreen,
    bundle: ServiceBundle,
    outcomes: tuple[MemberOutcome, ...],
    earlier: dict[str, EarlierCases],
) -> None:
    set_busy(screen, False)
    if screen.bundle is not bundle:
        return  # the clerk chose something else meanwhile
    accepted = [o for o in outcomes if o.state != CaseState.NOTIFIED]
    expired_id_reason = ""
    expired = screen.identity.document_expired_on(hall_today())
    if accepted and expired is not None:
        with deleted_after(ExpiredDocumentDialog(expired, screen)) as expired_dialog:
            if expired_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            expired_id_reason = expired_dialog.reason()
    eligibility_reason = ""
    concerns = _eligibility_concerns(screen, accepted)
    if concerns:
        with deleted_after(EligibilityDialog(concerns, screen)) as eligibility_dialog:
            if eligibility_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            eligibility_reason = eligibility_dialog.reason()
    request = bundle_request(
        screen, bundle, expired_id_reason=expired_id_reason, eligibility_reason=eligibility_reason
    )
    if not _confirm(screen, bundle, request, outcomes, earlier):
        return
    deferred = [o for o in outcomes if o.state == CaseState.ACCEPTED_DEFERRED]
    if deferred:
        approve_bundle_then_submit(screen, bundle, bundle_deferral(screen, request), deferred)
        return
    submit_bundle(screen, BundleDecision(request))


def bundle_deferral(screen: IntakeScreen, request: BundleRequest) -> DeferredDecision:
    """A 一件事 with members 容缺, stored with the supervisor who approves them."""
    return DeferredDecision(
        request,
        lambda supervisor: submit_bundle(screen, BundleDecision(request, supervisor=supervisor)),
    )


def _eligibility_concerns(screen: IntakeScreen, accepted: list[MemberOutcome]) -> list[str]:
    """What the card says against the situation of each member the decision accepts, each
    named by its item (the intake service asks the same again when it decides)."""
    from counter_app.services.intake_checks import eligibility_concerns

    applicant, source = screen._applicant(), screen.identity.identity_source()
    english = current_lang() == "en"
    return [
        f"{o.item.name}：{c.en if english else c.zh}"
        for o in accepted
        for c in eligibility_concerns(o.situation, applicant, source, hall_today())
    ]


def _confirm(
    screen: IntakeScreen,
    bundle: ServiceBundle,
    request: BundleRequest,
    outcomes: tuple[MemberOutcome, ...],
    earlier: dict[str, EarlierCases],
) -> bool:
    """The clerk reads the decision back with the applicant; a member the decision accepts
    while the applicant has an earlier case of its item is named with that case (as one
    item's 受理 asks), and going back leaves the form as it is."""
    separator = list_separator()
    received = [
        e["code"]  # a bundle's checklist rows are keyed by material name
        for e in screen.checklist.entries()
        if e["status"] in ("received", "exempt", "commitment")
    ]
    facts = [
        *screen.identity.confirmation_facts(),
        (translate("IntakeScreen", "一件事"), bundle.name),
        *((f"{o.item.name}（{o.situation.name}）", outcome_text(o)) for o in outcomes),
        (
            translate("IntakeScreen", "已收/免交材料"),
            separator.join(received) or translate("IntakeScreen", "无"),
        ),
    ]
    left_out = [m.item.name for m in screen.bundle_panel.members if not m.taken.isChecked()]
    if left_out:
        facts.append((translate("IntakeScreen", "本次不办理"), separator.join(left_out)))
    accepted = {o.item.code: o.item.name for o in outcomes if o.state != CaseState.NOTIFIED}
    facts.extend(
        (translate("IntakeScreen", "已有办件"), warning)
        for warning in earlier_cases.member_warnings(
            accepted, {code: earlier[code] for code in accepted}
        ).values()
    )
    if request.expired_id_reason:
        facts.append((translate("IntakeScreen", "过期证件受理理由"), request.expired_id_reason))
    if request.eligibility_reason:
        facts.append(
            (translate("IntakeScreen", "不符合申请条件仍受理的理由"), request.eligibility_reason)
        )
    facts.append(
        (translate("IntakeScreen", "文书语言"), screen.identity.document_language.currentText())
    )
    title = translate("IntakeScreen", "确认办理一件事")
    with deleted_after(
        ConfirmDecisionDialog(title, facts, screen.identity.present_role(), screen)
    ) as dialog:
        return dialog.exec() == QDialog.DialogCode.Accepted


def submit_bundle(screen: IntakeScreen, decision: BundleDecision) -> None:
    set_busy(screen, True)
    clerk = screen.session.user
    screen.deciding_for = None if clerk is None else clerk.username

    def decide(ws: Workstation) -> BundleDecisionResult:
        # Nobody signed in on the window: the core says so (NotSignedIn), in words.
        return ws.decide_bundle(clerk or ws.signed_in(), decision)

    screen.session.worker.submit(
        decide,
        lambda result: _stored(screen, result),
        lambda exc: _failed(screen, decision, exc),
        name="decide_bundle",
    )


def _stored(screen: IntakeScreen, result: BundleDecisionResult) -> None:
    set_busy(screen, False)
    for member in result.cases:
        screen.case_stored.emit(member.case.case_id)
    screen.session.sync_nudge()
    if decided_after_sign_out(screen):
        return
    screen.bundle_panel.freeze()
    decision_panel.show_result(screen, _result_html(screen, result))
    first = result.cases[0].case
    # The bundle's receipt is issued for its first case and lists them all; a notified
    # member's own notice says what to bring.
    screen.last_case = replace(first, document=DocumentKind.BUNDLE_RECEIPT)
    screen.decided_request_id = screen.request_id
    screen.last_notices = tuple(
        member.case for member in result.cases if member.case.document == DocumentKind.NOTICE
    )
    QTimer.singleShot(0, screen.preview_last)


def _result_html(screen: IntakeScreen, result: BundleDecisionResult) -> str:
    """Each case: its number, item and outcome, and by when it is promised."""
    rows = "".join(
        f"<li><b>{member.case.case_no}</b>  {escape(_item_name(screen, member.item_code))}："
        f"{escape(state_label(member.case.state))}{escape(_promised(member.case))}</li>"
        for member in result.cases
    )
    heading = translate("IntakeScreen", "“{name}”已办理，共 {count} 件：").format(
        name=result.name, count=len(result.cases)
    )
    return f"<p><b>{escape(heading)}</b></p><ul>{rows}</ul>"


def _promised(case: DecisionResult) -> str:
    if case.promised_date is None:
        return ""
    return translate("IntakeScreen", "，承诺 {date} 前办结").format(date=case.promised_date)


def _item_name(screen: IntakeScreen, code: str) -> str:
    item = screen.items.get(code)
    return code if item is None else item.name


def _failed(screen: IntakeScreen, decision: BundleDecision, exc: BaseException) -> None:
    # Imported by the worker that raised it: a lookup, not an import, here.
    from counter_app.services.offline_policy import IntakePaused

    set_busy(screen, False)
    if signed_out_since(screen):
        return  # the form went with its clerk, as their draft
    # The request UUID stays: retrying the same applicant can never make more cases.
    if isinstance(exc, IntakePaused):

        def resubmit(supervisor: User, reason: str) -> None:
            submit_bundle(
                screen, replace(decision, over_limit_approver=supervisor, over_limit_reason=reason)
            )

        offer_approval(screen, screen.request_id, error_text(exc), resubmit)
        return
    if isinstance(exc, CatalogChanged):
        screen.load_catalog()  # the form follows the version in force, its changes said
    screen._warn(translate("IntakeScreen", "未能保存"), error_text(exc))
