"""The intake screen's draft: what the clerk has typed, read and marked (an item, or a
一件事 with its members), saved while they work (and at sign-out) and restored when they sign
in again, a 容缺 request's wait with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.intake.bundle_decision import bundle_deferral
from ui.intake.bundle_mode import bundle_draft, bundle_request, choose_bundle
from ui.intake.catalog_updates import show_catalog_note
from ui.intake.decisions import deferral
from ui.intake.deferral_approval import resume_approval
from ui.intake.print_and_evaluate import holds_decided_applicant

if TYPE_CHECKING:
    from ui.facade_types import DeferralReasons, IntakeDraft
    from ui.intake.deferral_approval import DeferredDecision
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def current_draft(screen: IntakeScreen) -> IntakeDraft:
    draft: IntakeDraft = {
        "request_id": screen.request_id,
        "identity": screen.identity.to_draft(),
        "item_code": screen.item.code if screen.item is not None else None,
        "situation_code": screen.situation_code(),
        "materials": screen.checklist.entries(),
    }
    if (bundle := bundle_draft(screen)) is not None:
        draft["bundle"] = bundle
    if screen._waiting_decision is not None:
        request = screen._waiting_decision.request
        draft["awaiting_approval"] = {
            "expired_id_reason": request.expired_id_reason,
            "eligibility_reason": request.eligibility_reason,
        }
    return draft


def save_draft(screen: IntakeScreen) -> None:
    """Keep the form as the signed-in clerk's draft; a form whose case is decided is none,
    and the draft saved of it while the clerk worked on it goes (its case is in the list)."""
    username = screen.session.username
    if username is None:
        return
    if holds_decided_applicant(screen):
        screen.session.worker.submit(
            lambda ws: ws.discard_draft(username),
            None,
            screen.session.report_error,
            name="discard_draft",
        )
        return
    if not screen.has_content():
        return
    draft = screen.draft()
    screen.session.worker.submit(
        lambda ws: ws.save_draft(username, draft),
        None,
        screen.session.report_error,
        name="save_draft",
    )


def restore_draft(screen: IntakeScreen, draft: IntakeDraft) -> None:
    screen.request_id = draft.get("request_id") or screen.request_id
    screen.identity.from_draft(draft.get("identity", {}))
    item_code = draft.get("item_code")
    if item_code and screen.catalog_version is not None and item_code not in screen.items:
        # Withdrawn (停办) since the draft was saved: the applicant stays, the item is chosen anew.
        show_catalog_note(
            screen,
            translate(
                "IntakeScreen",
                "保存的表单所选事项（{code}）已不在第 {version} 版事项目录中（已停办），"
                "请重新选择事项（F3）。",
            ).format(code=item_code, version=screen.catalog_version),
        )
    elif item_code:
        screen.choose_item(item_code, draft.get("situation_code"), draft.get("materials"))
    elif (bundle := draft.get("bundle")) is not None:
        # One withdrawn since leaves the applicant only, as a withdrawn item does.
        choose_bundle(screen, bundle["code"], bundle, draft.get("materials", []))
    screen.refresh_summary()
    reasons = draft.get("awaiting_approval")
    if reasons is not None:
        resume_approval(screen, lambda: _deferred_again(screen, reasons))


def _deferred_again(screen: IntakeScreen, reasons: DeferralReasons) -> DeferredDecision | None:
    """The 容缺 decision the restored form waited for, on the form as it is now: its
    一件事's, or its item's (None: it has neither)."""
    if screen.bundle is not None:
        return bundle_deferral(
            screen,
            bundle_request(
                screen,
                screen.bundle,
                expired_id_reason=reasons["expired_id_reason"],
                eligibility_reason=reasons["eligibility_reason"],
            ),
        )
    if screen.item is not None:
        return deferral(
            screen,
            screen._request(
                "defer",
                screen.item,
                expired_id_reason=reasons["expired_id_reason"],
                refusal=None,
                eligibility_reason=reasons["eligibility_reason"],
            ),
        )
    return None
