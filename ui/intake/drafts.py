"""The intake screen's draft: what the clerk has typed, read and marked (an item, or a
一件事 with its members), saved while they work (and at sign-out, and when the window closes)
and restored when they sign in again, a 容缺 request's wait with it.

A draft is the clerk's own (kept by username, ``counter_app.services.drafts``): nobody else
signing in at the window gets it. Restored, it is said so in a banner (whose applicant, which
item, saved when) until the clerk goes on with it or clears it; while the clerk works, a line
says the form is kept, so closing the window or signing out loses nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication

from counter_app.domain.hall_time import hall_minute_text
from counter_app.domain.names import mask_name
from ui.facade_types import IntakeDraft
from ui.intake.bundle_decision import bundle_deferral
from ui.intake.bundle_mode import bundle_draft, bundle_request, choose_bundle
from ui.intake.catalog_updates import show_catalog_note
from ui.intake.decisions import deferral
from ui.intake.deferral_approval import resume_approval
from ui.intake.print_and_evaluate import holds_decided_applicant

if TYPE_CHECKING:
    from ui.facade_types import DeferralReasons
    from ui.intake.deferral_approval import DeferredDecision
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


class SavedDraft(IntakeDraft, total=False):
    """The draft as this version saves it: the form, and when it was saved (UTC, ISO 8601)."""

    saved_at: str


@dataclass(frozen=True)
class RestoredForm:
    """The form as the sign-in restored it, and when it had been saved (None: a draft of an
    earlier version, which did not say)."""

    form: IntakeDraft
    saved_at: str | None


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
    form = screen.draft()
    restored = screen.restored
    # A restored form not worked on since keeps the time its clerk's work was saved.
    kept_at = restored.saved_at if restored is not None and form == restored.form else None
    saved_at = kept_at or datetime.now(UTC).isoformat(timespec="seconds")
    draft = SavedDraft(**form, saved_at=saved_at)
    screen.session.worker.submit(
        lambda ws: ws.save_draft(username, draft),
        lambda _r: _show_saved(screen, saved_at),
        screen.session.report_error,
        name="save_draft",
    )


def _show_saved(screen: IntakeScreen, saved_at: str) -> None:
    if not screen.has_content():
        return  # cleared while the save was on its way
    screen.draft_status.setText(
        translate(
            "IntakeScreen",
            "表单已自动保存（{at}），关闭窗口或退出登录后，下次登录时恢复。",
        ).format(at=hall_minute_text(saved_at))
    )
    screen.draft_status.show()


def restore_draft(screen: IntakeScreen, draft: IntakeDraft) -> None:
    """Fill the form from the clerk's saved ``draft`` and say so (``_say_restored``)."""
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
    if screen.has_content():
        # The desk reads back the JSON this module saved: a SavedDraft, or an earlier one.
        _say_restored(screen, RestoredForm(screen.draft(), cast(SavedDraft, draft).get("saved_at")))


def _say_restored(screen: IntakeScreen, restored: RestoredForm) -> None:
    """The banner over a restored form: it is this clerk's, whose applicant, which item,
    saved when; a green 可以受理 under it is then not taken for a new applicant's."""
    screen.restored = restored
    name = screen.identity.name.text()
    if screen.bundle is not None:
        subject = screen.bundle.name
    elif screen.item is not None:
        subject = screen.item.name
    else:
        subject = translate("IntakeScreen", "未选事项")
    text = translate(
        "IntakeScreen",
        "已恢复您上次未办完的表单：申请人 {name}，事项「{item}」{saved}。"
        "请核对是否为眼前的申请人，再继续办理或清空表单。",
    ).format(
        name=mask_name(name) if name else translate("IntakeScreen", "（未填姓名）"),
        item=subject,
        saved=translate("IntakeScreen", "，保存于 {at}").format(
            at=hall_minute_text(restored.saved_at)
        )
        if restored.saved_at
        else "",
    )
    screen.draft_banner_text.setText(text)
    screen.draft_banner.show()


def keep_restored_draft(screen: IntakeScreen) -> None:
    """继续办理: the restored form is the clerk's work in hand again."""
    screen.restored = None
    screen.draft_banner.hide()
    screen.identity.name.setFocus()


def clear_restored_draft(screen: IntakeScreen) -> None:
    """清空表单: asked first only when something was typed since the form was restored."""
    restored = screen.restored
    untouched = restored is not None and screen.draft() == restored.form
    screen.next_applicant(confirm=not untouched)


def form_cleared(screen: IntakeScreen) -> None:
    """The form went (next applicant, sign-out): so do its banner and its saved line."""
    screen.restored = None
    screen.draft_banner.hide()
    screen.draft_status.hide()


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
