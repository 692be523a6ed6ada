"""Remote approval in the real window, with a real platform and a second workstation of the
same hall: a clerk sends a 容缺 request to the supervisors (F4 in the approval dialog) and the
form waits, keeping what was entered; a supervisor at the other window approves and the case
is accepted, or refuses and the clerk reads why. A supervisor decides in the approvals inbox
(Ctrl+7) with their own password, never their own request. Offline the request is refused
and the supervisor approves at the clerk's screen, as always."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from counter_app.services.drafts import load_draft
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store, open_store
from sync.approval_requests import (
    cancel_request,
    check_decision,
    decide_request,
    hall_requests,
    send_request,
)
from tests.central.server_fixture import RunningCentral
from tests.ui.approval_windows import OTHER_WINDOW_CLERK, chief1
from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, activate, login, restarted
from tests.ui.intake_steps import (
    accept_from_card,
    approve_as_supervisor,
    confirm_automatically,
    fill_from_card_and_choose_item,
    send_deferral_from_the_form,
    set_receipt_and_rating_aside,
)
from tests.ui.requests_to_supervisors import deferral_not_approved, void_sent_from_the_detail
from ui import approvals_inbox
from ui.app import RunningApp
from ui.approval import SupervisorApprovalDialog
from ui.approvals_inbox import MAX_REFRESH_MS, REFRESH_MS
from ui.case_detail import CaseDetailDialog
from ui.correction import ApplicantEditDialog

pytestmark = pytest.mark.integration


def test_a_supervisor_at_another_window_approves_and_the_waiting_case_is_accepted(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    send_deferral_from_the_form(qtbot, enrolled_window, monkeypatch)
    intake = enrolled_window.window.intake
    wait = intake.approval_wait
    assert wait is not None
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        decide_request(other_window, chief1(other_window), wait.request_id, "approved")
    assert not intake.waiting.isVisible()
    session = enrolled_window.session
    case_id = str(stored.args[0])
    with open_store(session.home, session.config) as store:
        assert case_rows.get_case(store, case_id).state == "accepted_deferred"
        history = history_rows.case_history(store, case_id)
    assert history.events[0].detail["approved_by"] == "chief1"


def test_a_refusal_shows_its_reason_and_keeps_the_form(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    warning = deferral_not_approved(
        qtbot,
        enrolled_window,
        monkeypatch,
        lambda request_id: decide_request(
            other_window, chief1(other_window), request_id, "refused", "缺少的是核心材料"
        ),
    )
    assert "chief1 未批准容缺受理：缺少的是核心材料" in warning


def test_a_deferral_left_waiting_by_a_restart_waits_again_when_the_draft_comes_back(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    send_deferral_from_the_form(qtbot, enrolled_window, monkeypatch)
    wait = enrolled_window.window.intake.approval_wait
    assert wait is not None
    intake_request = enrolled_window.window.intake.request_id
    session = enrolled_window.session
    home, config = session.home, session.config

    def draft_keeps_the_wait() -> bool:
        with open_store(home, config) as store:
            draft = load_draft(store, CLERK)
        return draft is not None and "awaiting_approval" in draft

    qtbot.waitUntil(draft_keeps_the_wait, timeout=20_000)
    # The window goes away without withdrawing anything.
    with restarted(qtbot, enrolled_window) as again:
        login(qtbot, again)
        intake = again.window.intake
        qtbot.waitUntil(lambda: intake.approval_wait is not None, timeout=20_000)
        assert intake.approval_wait is not None
        assert intake.approval_wait.request_id == wait.request_id
        assert intake.waiting.isVisible() and not intake.defer_button.isEnabled()
        with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
            decide_request(other_window, chief1(other_window), wait.request_id, "approved")
        with open_store(home, config) as store:
            case = case_rows.get_case(store, str(stored.args[0]))
        assert case.state == "accepted_deferred"
        assert case.request_id == intake_request


def test_the_clerk_withdraws_a_waiting_request(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    send_deferral_from_the_form(qtbot, enrolled_window, monkeypatch)
    intake = enrolled_window.window.intake
    wait = intake.approval_wait
    assert wait is not None
    qtbot.keyClick(intake, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert intake.approval_wait is None and intake.defer_button.isEnabled()
    session = enrolled_window.session

    def withdrawn() -> bool:
        with open_store(session.home, session.config) as store:
            row = store.db.execute(
                "SELECT status FROM approval_requests WHERE request_id = ?", (wait.request_id,)
            ).fetchone()
        return row is not None and row[0] == "cancelled"

    qtbot.waitUntil(withdrawn, timeout=20_000)


def test_a_void_waits_in_the_case_detail_until_a_supervisor_approves_it_elsewhere(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    detail = void_sent_from_the_detail(qtbot, enrolled_window, monkeypatch)
    assert detail.waiting_label.isVisible()
    wait = detail.approval_wait
    assert wait is not None
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        decide_request(other_window, chief1(other_window), wait.request_id, "approved")
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.state == "voided", timeout=20_000
    )
    assert not detail.waiting_label.isVisible()
    (voided,) = [e for e in detail.detail.events if e.to_state == "voided"]
    assert voided.detail.get("approved_by") == "chief1"
    detail.close()


def test_offline_the_supervisor_approves_at_the_clerks_screen(
    qtbot, central: RunningCentral, enrolled_window: RunningApp, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    errors: list[str] = []

    def exec_(dialog: SupervisorApprovalDialog) -> int:
        assert dialog.send_button is not None
        dialog.send_button.click()
        qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=30_000)
        errors.append(dialog.error.text())
        return approve_as_supervisor(qtbot, dialog)

    monkeypatch.setattr(SupervisorApprovalDialog, "exec", exec_)
    central.stop()
    fill_from_card_and_choose_item(qtbot, enrolled_window)
    intake = enrolled_window.window.intake
    intake.checklist.receive_all_required()
    row = next(r for r in intake.checklist.rows if r.status.findData("deferred") >= 0)
    row.status.setCurrentIndex(row.status.findData("deferred"))
    qtbot.waitUntil(intake.defer_button.isEnabled, timeout=20_000)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000):
        intake.decide("defer")
    assert "审批请求未发出" in errors[0] and "请值班长到本机" in errors[0]


def open_inbox(qtbot, running: RunningApp) -> None:
    login(qtbot, running, SUPERVISOR)
    window = running.window
    inbox = window.approvals
    assert inbox is not None
    activate(qtbot, window)
    with qtbot.waitSignal(inbox.loaded, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.work.currentWidget() is inbox


def decide_in_inbox(
    qtbot, running: RunningApp, row_count: Callable[[], bool]
) -> SupervisorApprovalDialog:
    inbox = running.window.approvals
    assert inbox is not None
    qtbot.waitUntil(row_count, timeout=20_000)
    qtbot.keyClick(inbox.table, Qt.Key.Key_Return)
    dialog = inbox.dialog
    assert dialog is not None and dialog.username.text() == SUPERVISOR
    assert dialog.username.isReadOnly()  # the supervisor's own session
    dialog.password.setText(PASSWORD)
    return dialog


def test_a_supervisor_approves_in_the_inbox_and_the_other_window_gets_it(
    qtbot, enrolled_window: RunningApp, other_window: Store
) -> None:
    sent = send_request(
        other_window,
        OTHER_WINDOW_CLERK,
        "deferral",
        target="case-w02",
        summary="老年综合津贴申领；容缺：M03",
        reason="三日内补交",
    )
    open_inbox(qtbot, enrolled_window)
    inbox = enrolled_window.window.approvals
    assert inbox is not None
    dialog = decide_in_inbox(qtbot, enrolled_window, lambda: inbox.table.rowCount() == 1)
    assert [inbox.table.item(0, c).text() for c in (1, 2, 3, 4, 5)] == [
        "W02",
        "clerk02",
        "容缺受理",
        "老年综合津贴申领；容缺：M03",
        "三日内补交",
    ]
    with qtbot.waitSignal(inbox.decided, timeout=20_000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: inbox.table.rowCount() == 0, timeout=20_000)
    decision = check_decision(other_window, sent.request_id)
    assert decision is not None and decision.applied
    assert (decision.request.status, decision.request.decided_by) == ("approved", SUPERVISOR)


def test_a_refusal_in_the_inbox_says_so_on_its_button_and_asks_why(
    qtbot, enrolled_window: RunningApp, other_window: Store
) -> None:
    send_request(
        other_window,
        OTHER_WINDOW_CLERK,
        "deferral",
        target="case-w02",
        summary="老年综合津贴申领；容缺：M03",
        reason="三日内补交",
    )
    open_inbox(qtbot, enrolled_window)
    inbox = enrolled_window.window.approvals
    assert inbox is not None
    qtbot.waitUntil(lambda: inbox.table.rowCount() == 1, timeout=20_000)
    qtbot.mouseClick(inbox.refuse_button, Qt.MouseButton.LeftButton)
    dialog = inbox.dialog
    assert dialog is not None and dialog.need_reason
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "确认拒绝"
    dialog.reject()


def test_the_inbox_reads_less_often_while_the_platform_is_away(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    open_inbox(qtbot, enrolled_window)
    inbox = enrolled_window.window.approvals
    assert inbox is not None
    assert inbox.timer.isActive() and inbox.timer.interval() == REFRESH_MS
    central.stop()
    pauses = []
    for _ in range(6):
        with qtbot.waitSignal(inbox.loaded, timeout=30_000):
            qtbot.keyClick(inbox.table, Qt.Key.Key_F5)
        assert inbox.timer.isActive()
        pauses.append(inbox.timer.interval())
    assert pauses == [6000, 12000, 24000, 48000, MAX_REFRESH_MS, MAX_REFRESH_MS]
    assert "读取审批请求失败" in inbox.error.text()
    assert "60 秒后自动重试，按 F5 立即重试" in inbox.error.text()


def test_the_approvals_tab_counts_what_waits_while_the_supervisor_works_elsewhere(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    monkeypatch.setattr(approvals_inbox, "HIDDEN_REFRESH_MS", 50)
    flashed: list[object] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, msec=0: flashed.append(widget))
    login(qtbot, enrolled_window, SUPERVISOR)
    window = enrolled_window.window
    inbox = window.approvals
    assert inbox is not None and window.work.currentWidget() is window.intake

    def label() -> str:
        return window.work.tabText(window.work.indexOf(inbox))

    sent = send_request(
        other_window,
        OTHER_WINDOW_CLERK,
        "void",
        target="case-w02",
        summary="作废 W02-0007",
        reason="录入错误",
    )
    qtbot.waitUntil(lambda: label().startswith("审批 (1)"), timeout=30_000)
    assert flashed == [window]  # the taskbar entry asks for attention
    cancel_request(other_window, OTHER_WINDOW_CLERK, sent.request_id)
    qtbot.waitUntil(lambda: "(" not in label(), timeout=30_000)
    assert len(flashed) == 1
    window.sign_out()
    assert not inbox.signed_in and not inbox.timer.isActive()  # no read for nobody


def test_a_workstation_not_enrolled_reads_the_inbox_only_when_asked(
    qtbot, running: RunningApp
) -> None:
    open_inbox(qtbot, running)
    inbox = running.window.approvals
    assert inbox is not None
    assert not inbox.error.isHidden() and not inbox.timer.isActive()
    assert "本机尚未在中心平台登记" in inbox.error.text()
    assert "登记后按 F5 读取" in inbox.error.text()
    assert inbox.empty.isHidden()  # unread is not "none waiting"
    with qtbot.waitSignal(inbox.loaded, timeout=30_000):
        qtbot.keyClick(inbox.table, Qt.Key.Key_F5)  # F5 still reads
    assert not inbox.timer.isActive()


def send_applicant_edit(
    qtbot, running: RunningApp, monkeypatch
) -> tuple[str, CaseDetailDialog, ApplicantEditDialog]:
    """A case accepted at this window; in its detail the clerk corrects the phone (Alt+E)
    and sends the correction to the supervisors (F4); the case detail waits."""
    case_id = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    set_receipt_and_rating_aside(qtbot, intake)
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    detail.edit_applicant()
    dialog = detail.applicant_edit
    assert dialog is not None and dialog.send_button is not None
    assert dialog.send_button.shortcut().toString() == "F4"
    dialog.field.setCurrentIndex(dialog.field.findData("phone"))
    dialog.value.setText("13911112222")
    dialog.reason.setPlainText("申请人报错号码")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: detail.approval_wait is not None, timeout=20_000)
    assert detail.waiting_label.isVisible() and not dialog.isVisible()
    return case_id, detail, dialog


def test_a_correction_of_the_applicant_waits_until_a_supervisor_approves_it_elsewhere(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    case_id, detail, _ = send_applicant_edit(qtbot, enrolled_window, monkeypatch)
    (held,) = hall_requests(other_window)
    assert held.kind == "correction"
    assert "13911112222" not in held.summary and "13912340000" not in held.summary
    assert "139****2222" in held.summary and "139****0000" in held.summary
    wait = detail.approval_wait
    assert wait is not None
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        decide_request(other_window, chief1(other_window), wait.request_id, "approved")
    qtbot.waitUntil(lambda: not detail.waiting_label.isVisible(), timeout=20_000)
    session = enrolled_window.session
    with open_store(session.home, session.config) as store:
        document = case_plaintext.case_document(store, case_id)
    assert document["applicant"]["phone"] == "13911112222"
    assert document["applicant_edits"][0]["approved_by"] == "chief1"
    detail.close()


def test_a_refused_correction_shows_why_and_keeps_what_the_clerk_typed(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    case_id, detail, dialog = send_applicant_edit(qtbot, enrolled_window, monkeypatch)
    wait = detail.approval_wait
    assert wait is not None
    decide_request(other_window, chief1(other_window), wait.request_id, "refused", "请核对证件")
    qtbot.waitUntil(dialog.isVisible, timeout=30_000)
    assert "chief1" in dialog.error.text() and "请核对证件" in dialog.error.text()
    assert dialog.value.text() == "13911112222"
    assert dialog.reason.toPlainText() == "申请人报错号码"
    session = enrolled_window.session
    with open_store(session.home, session.config) as store:
        assert case_plaintext.case_document(store, case_id)["applicant"]["phone"] == "13912340000"
    dialog.reject()
    detail.close()


def test_a_void_request_left_pending_by_a_restart_waits_again_when_its_case_opens(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    case_id = accept_from_card(qtbot, enrolled_window, monkeypatch)
    intake = enrolled_window.window.intake
    set_receipt_and_rating_aside(qtbot, intake)
    session = enrolled_window.session
    assert session.user is not None
    # Sent from this PC before the window was closed (or crashed) without withdrawing it.
    with open_store(session.home, session.config) as store:
        sent = send_request(
            store, session.user, "void", target=case_id, summary="作废办件", reason="录入错误"
        )
    detail = enrolled_window.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.approval_wait is not None, timeout=20_000)
    wait = detail.approval_wait
    assert wait is not None and wait.request_id == sent.request_id
    assert detail.waiting_label.isVisible()
    decide_request(other_window, chief1(other_window), sent.request_id, "approved")
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.state == "voided", timeout=30_000
    )
    assert not detail.waiting_label.isVisible()
    (voided,) = [e for e in detail.detail.events if e.to_state == "voided"]
    assert voided.detail.get("approved_by") == "chief1"
    detail.close()


def test_a_correction_left_pending_by_a_restart_is_withdrawn_when_its_case_opens(
    qtbot, enrolled_window: RunningApp, other_window: Store, monkeypatch
) -> None:
    case_id = accept_from_card(qtbot, enrolled_window, monkeypatch)
    intake = enrolled_window.window.intake
    set_receipt_and_rating_aside(qtbot, intake)
    session = enrolled_window.session
    assert session.user is not None
    with open_store(session.home, session.config) as store:
        sent = send_request(
            store, session.user, "correction", target=case_id, summary="更正", reason="报错号码"
        )
    detail = enrolled_window.window.cases.open_case(case_id)
    qtbot.waitUntil(detail.waiting_label.isVisible, timeout=20_000)
    assert "请重新更正" in detail.waiting_label.text() and detail.approval_wait is None
    assert hall_requests(other_window) == []  # no supervisor approves what nobody applies
    with open_store(session.home, session.config) as store:
        row = store.db.execute(
            "SELECT status FROM approval_requests WHERE request_id = ?", (sent.request_id,)
        ).fetchone()
    assert row[0] == "cancelled"
    detail.close()


def test_signing_out_from_any_tab_sends_no_job_for_nobody(
    qtbot, enrolled_window: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    """Signing out removes the supervisor's tabs: none of them may be shown on the way out
    (the inbox would ask the platform for the hall's requests with nobody signed in)."""
    caplog.set_level(logging.WARNING, logger="ui.worker")
    window, session = enrolled_window.window, enrolled_window.session
    login(qtbot, enrolled_window, SUPERVISOR, PASSWORD)
    count = window.work.count()
    window.sign_out()
    for index in range(count):
        login(qtbot, enrolled_window, SUPERVISOR, PASSWORD)
        window.work.setCurrentIndex(index)
        window.sign_out()
        qtbot.waitUntil(
            lambda: session.worker.pending == 0 and session.platform_worker.pending == 0,
            timeout=30_000,
        )
    assert [r.getMessage() for r in caplog.records if "failed" in r.getMessage()] == []
