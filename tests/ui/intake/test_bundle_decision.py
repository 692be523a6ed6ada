"""办理一件事 at the intake screen: one decision stores a case per member taken, linked by
one bundle id, each accepted, 容缺 (a supervisor approving on the clerk's screen) or notified
by its own materials; the bundle's receipt then the notices are previewed and printed; 不予受理
is never a bundle's decision; a paused intake is passed with a supervisor's approval."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from counter_app.domain.documents import DocumentKind
from counter_app.store.cases import get_case
from tests.ui.conftest import activate
from tests.ui.intake.bundle_steps import (
    ALLOWANCE,
    SENIOR_CARD,
    SOCIAL_CARD,
    choose_bundle,
    choose_elderly_bundle,
    on_worker,
    preview_of,
    receive,
)
from tests.ui.intake_steps import (
    approve_as_supervisor,
    confirm_automatically,
    set_receipt_and_rating_aside,
)
from ui.app import RunningApp
from ui.approval import SupervisorApprovalDialog
from ui.core_facade import Workstation
from ui.intake.dialogs import EligibilityDialog, ExpiredDocumentDialog

URGENT = "申请人明日出国，当日须受理"
NEW_CARD_PENDING = "新证在办，已核验临时身份证明"


def test_one_decision_stores_linked_cases_and_prints_the_receipt_and_the_notice(
    qtbot, running, monkeypatch
) -> None:
    titles = confirm_automatically(monkeypatch)
    printed: list[tuple[str, DocumentKind]] = []

    def print_document(_ws: Workstation, _user: str, case_id: str, kind: DocumentKind) -> str:
        # No printer here: the call the preview makes is what this test checks.
        printed.append((case_id, kind))
        return "test-queue"

    monkeypatch.setattr(Workstation, "print_document", print_document)
    intake = choose_elderly_bundle(qtbot, running)
    allowance = intake.items[intake.bundle_panel.members[0].item.code]
    receive(intake, *(m.name for m in allowance.default_situation.materials))
    qtbot.waitUntil(lambda: preview_of(intake, ALLOWANCE) == "将受理")
    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    activate(qtbot, running.window)
    qtbot.keyClick(intake.checklist.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    assert titles == ["确认办理一件事"]
    records = [on_worker(qtbot, running, lambda ws, c=c: get_case(ws.store, c)) for c in stored]
    assert [r.state for r in records] == ["accepted", "notified"]
    assert records[0].bundle_id is not None and records[0].bundle_id == records[1].bundle_id
    result = intake.summary_label.text()
    assert all(r.case_no in result for r in records), result
    # The bundle's receipt (issued for its first case), then the notified member's notice.
    for record, kind in ((records[0], DocumentKind.BUNDLE_RECEIPT), (records[1], "notice")):
        qtbot.waitUntil(
            lambda r=record: (
                intake.preview is not None and r.case_no in intake.preview.windowTitle()
            ),
            timeout=30_000,
        )
        preview = intake.preview
        qtbot.waitUntil(lambda p=preview: p.pages_layout.count() > 1, timeout=30_000)
        preview.print_button.click()
        qtbot.waitUntil(lambda p=preview: p.printed_once, timeout=30_000)
        assert printed[-1] == (record.case_id, kind)
        preview.accept()
    qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)
    with qtbot.waitSignal(intake.flow_finished, timeout=10_000):
        intake.evaluation.reject()
    assert intake.bundle is None and not intake.bundle_panel.isVisible()


def test_a_deferral_in_a_bundle_is_approved_by_a_supervisor_on_the_clerks_screen(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    approvals: list[SupervisorApprovalDialog] = []

    def exec_(dialog: SupervisorApprovalDialog) -> int:
        approvals.append(dialog)
        return approve_as_supervisor(qtbot, dialog)

    monkeypatch.setattr(SupervisorApprovalDialog, "exec", exec_)
    intake = choose_elderly_bundle(qtbot, running)
    intake.checklist.receive_all_required()
    card = next(row for row in intake.checklist.rows if row.material.name == SOCIAL_CARD)
    card.status.setCurrentIndex(card.status.findData("deferred"))
    qtbot.waitUntil(lambda: preview_of(intake, ALLOWANCE) == "将容缺受理（需值班长审批）")
    assert preview_of(intake, SENIOR_CARD) == "将受理"
    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F5)  # F5 decides the bundle, too
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    assert len(approvals) == 1
    records = [on_worker(qtbot, running, lambda ws, c=c: get_case(ws.store, c)) for c in stored]
    assert [r.state for r in records] == ["accepted_deferred", "accepted"]
    qtbot.waitUntil(lambda: intake.preview is not None, timeout=30_000)
    assert records[0].case_no in intake.preview.windowTitle()
    set_receipt_and_rating_aside(qtbot, intake)  # 稍后打印: no notice follows the receipt
    assert intake.preview is None and intake.bundle is None


def test_refusal_is_not_a_bundle_decision(qtbot, running) -> None:
    intake = choose_elderly_bundle(qtbot, running)
    qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: intake.warning is not None and intake.warning.isVisible())
    assert "单独选择该事项" in intake.warning.text()
    intake.warning.close()
    assert intake.bundle is not None


def test_a_paused_intake_takes_the_bundle_with_a_supervisors_approval(
    qtbot, paused_window: RunningApp, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    reasons: list[str] = []

    def exec_(dialog: SupervisorApprovalDialog) -> int:
        dialog.reason.setPlainText(URGENT)
        reasons.append(URGENT)
        return approve_as_supervisor(qtbot, dialog)

    monkeypatch.setattr(SupervisorApprovalDialog, "exec", exec_)
    intake = choose_elderly_bundle(qtbot, paused_window)
    intake.checklist.receive_all_required()
    qtbot.waitUntil(lambda: preview_of(intake, SENIOR_CARD) == "将受理", timeout=20_000)
    intake.decide_bundle()
    qtbot.waitUntil(
        lambda: getattr(intake, "warning", None) is not None and intake.warning.isVisible(),
        timeout=20_000,
    )
    box = intake.warning
    assert box.objectName() == "intakePaused"
    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    next(b for b in box.buttons() if b.objectName() == "overLimitApprove").click()
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    assert reasons == [URGENT]
    records = [
        on_worker(qtbot, paused_window, lambda ws, c=c: get_case(ws.store, c)) for c in stored
    ]
    assert [r.state for r in records] == ["accepted", "accepted"]


def test_an_expired_card_is_asked_a_reason_once_for_the_bundle(qtbot, running, monkeypatch) -> None:
    confirm_automatically(monkeypatch)
    asked: list[str] = []

    def explain(dialog: ExpiredDocumentDialog) -> int:
        asked.append(dialog.windowTitle())
        dialog.text.setPlainText(NEW_CARD_PENDING)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExpiredDocumentDialog, "exec", explain)
    intake = choose_bundle(qtbot, running, "resident_expired", "syyjs", "失业一件事")
    intake.checklist.receive_all_required()
    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    intake.decide_bundle()
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    assert asked == ["证件已过期"]
    records = [on_worker(qtbot, running, lambda ws, c=c: get_case(ws.store, c)) for c in stored]
    assert [r.expired_id_reason for r in records] == [NEW_CARD_PENDING] * 2


def test_a_member_against_the_cards_facts_is_named_when_a_reason_is_asked(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    concerns: list[str] = []

    def explain(dialog: EligibilityDialog) -> int:
        concerns.append(dialog.findChild(QLabel).text())
        dialog.text.setPlainText("申请人持有效证明，年龄登记有误")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EligibilityDialog, "exec", explain)
    intake = choose_elderly_bundle(qtbot, running)  # a 68-year-old
    senior = intake.bundle_panel.members[1].situation
    senior.setCurrentIndex(senior.findText("60至64周岁本市户籍老年人"))
    senior.activated.emit(senior.currentIndex())
    intake.checklist.receive_all_required()
    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    intake.decide_bundle()
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    assert len(concerns) == 1 and f"{SENIOR_CARD}：" in concerns[0], concerns
    assert ALLOWANCE not in concerns[0]
