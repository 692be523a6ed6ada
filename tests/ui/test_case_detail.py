"""Case detail: reprint and void need a supervisor on the clerk's screen, and show in history."""

from __future__ import annotations

from tests.ui.conftest import PASSWORD, SUPERVISOR
from tests.ui.intake_steps import accept_from_card, leave_preview_unprinted


def approve(qtbot, detail, action, reason: str) -> None:
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        action()
        dialog = detail.approval
        dialog.username.setText(SUPERVISOR)
        dialog.password.setText(PASSWORD)
        dialog.reason.setPlainText(reason)
        dialog.buttons.accepted.emit()


def test_reprint_then_void_with_supervisor_approval(qtbot, running, monkeypatch) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    leave_preview_unprinted(intake)
    qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)
    intake.evaluation.reject()
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    assert len(detail.detail.documents) == 1

    # A clerk's own credentials do not approve.
    detail.reprint()
    dialog = detail.approval
    dialog.username.setText("clerk01")
    dialog.password.setText(PASSWORD)
    dialog.reason.setPlainText("原件污损")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=20_000)
    dialog.reject()

    approve(qtbot, detail, detail.reprint, "申请人遗失回执")
    reprints = [d for d in detail.detail.documents if d.reprint_no]
    assert len(reprints) == 1 and reprints[0].print_status == "printed"
    # The history says what happened in plain words, never raw JSON.
    history = [detail.events.item(row, 4).text() for row in range(detail.events.rowCount())]
    assert any("受理回执" in text and "第1次补打" in text for text in history), history
    assert not any("{" in text for text in history), history

    approve(qtbot, detail, detail.void, "证件号码录入错误")
    assert detail.detail.state == "voided"
    detail.close()


def test_case_search_finds_the_applicant_by_exact_name_and_says_when_nothing_is_found(
    qtbot, running, monkeypatch
) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    leave_preview_unprinted(running.window.intake)
    cases = running.window.cases
    cases.query.setText("王建国")
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    assert [row.case_id for row in cases.model.rows] == [case_id]
    cases.query.setText("王建")
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    assert cases.model.rows == []
    assert "未找到" in cases.count.text() and "王建" in cases.count.text()
