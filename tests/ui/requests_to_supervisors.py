"""Requests to the hall's supervisors sent from the real window: a deferral (容缺) from the
intake form that is not approved while the form waits (refused, or expired), and a void sent
from a case's detail."""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.intake_steps import (
    accept_from_card,
    send_deferral_from_the_form,
    set_receipt_and_rating_aside,
)
from ui.app import RunningApp
from ui.case_detail import CaseDetailDialog


def deferral_not_approved(
    qtbot, running: RunningApp, monkeypatch, answer: Callable[[str], object]
) -> str:
    """The form's deferral sent to the supervisors, and ``answer(request_id)`` run while the
    window waits for the decision; the warning the window shows. The form is checked to be
    the clerk's again: the applicant's name kept, 容缺 possible, nothing waiting."""
    send_deferral_from_the_form(qtbot, running, monkeypatch)
    intake = running.window.intake
    wait = intake.approval_wait
    assert wait is not None
    with qtbot.waitSignal(wait.decided, timeout=30_000):
        answer(wait.request_id)
    qtbot.waitUntil(lambda: getattr(intake, "warning", None) is not None, timeout=20_000)
    assert intake.identity.name.text() == "王建国"
    assert intake.defer_button.isEnabled() and not intake.waiting.isVisible()
    return str(intake.warning.text())


def void_sent_from_the_detail(qtbot, running: RunningApp, monkeypatch) -> CaseDetailDialog:
    """A case accepted from the card (its receipt and rating set aside), opened in the case
    detail, and its void sent to the supervisors with a reason; the detail, waiting."""
    case_id = accept_from_card(qtbot, running, monkeypatch)
    set_receipt_and_rating_aside(qtbot, running.window.intake)
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    detail.void()
    dialog = detail.approval
    assert dialog is not None and dialog.send_button is not None
    dialog.reason.setPlainText("证件号码录入错误")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: detail.approval_wait is not None, timeout=20_000)
    return detail
