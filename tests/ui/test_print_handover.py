"""A handed-over document never silently goes unprinted, and a second copy is a 补打."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import PASSWORD, SUPERVISOR, login, restarted
from tests.ui.intake_steps import accept_from_card, set_receipt_and_rating_aside


def _state_text(qtbot, running, case_id: str) -> str:
    cases = running.window.cases
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    ids = [row.case_id for row in cases.model.rows]
    return cases.model.index(ids.index(case_id), 4).data()


def test_esc_on_unprinted_receipt_asks_and_the_case_says_so(qtbot, running, monkeypatch) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    preview = intake.preview
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    question = preview.unprinted_question
    assert question is not None and question.isVisible()
    assert "未打印" in question.text()
    question.button(QMessageBox.StandardButton.No).click()  # back to the preview
    assert preview.isVisible() and intake.evaluation is None

    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    preview.unprinted_question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)
    intake.evaluation.reject()
    assert "回执未打印" in _state_text(qtbot, running, case_id)

    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    facts = [
        detail.facts.itemAt(i).widget().text()
        for i in range(detail.facts.count())
        if detail.facts.itemAt(i).widget() is not None
    ]
    assert any("回执未打印" in text for text in facts), facts
    kinds = [detail.events.item(row, 2).text() for row in range(detail.events.rowCount())]
    assert not any("打印" in kind for kind in kinds), kinds  # issued, never printed
    statuses = [detail.prints.item(row, 3).text() for row in range(detail.prints.rowCount())]
    assert statuses == ["未打印"], statuses
    assert detail.prints.item(0, 1).text() == "受理通知书（受理回执）"
    # No content hashes or other bookkeeping codes on screen.
    shown = [
        detail.versions.item(row, column).text()
        for row in range(detail.versions.rowCount())
        for column in range(detail.versions.columnCount())
    ]
    assert shown and not any(re.fullmatch(r"[0-9a-f]{12,}", text) for text in shown), shown
    detail.close()


def test_printed_receipt_closes_quietly_and_second_copy_is_a_supervised_reprint(
    qtbot, running, monkeypatch
) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    preview = intake.preview
    qtbot.keyClick(preview, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: preview.printed_once, timeout=30_000)
    assert "回执未打印" not in _state_text(qtbot, running, case_id)
    # A second press is no unmarked duplicate: it asks for a supervisor's 补打.
    assert "补打" in preview.print_button.text()
    qtbot.keyClick(preview, Qt.Key.Key_F9)
    approval = preview.reprint_approval
    assert approval is not None and approval.isVisible()
    approval.reject()
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert preview.unprinted_question is None
    qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)
    intake.evaluation.reject()
    qtbot.waitUntil(lambda: intake.preview is None, timeout=10_000)

    # 打印上一件 F9 on a printed case: the preview offers only the supervised 补打.
    intake.reprint_button.click()
    qtbot.waitUntil(lambda: intake.preview is not None, timeout=10_000)
    again = intake.preview
    qtbot.waitUntil(lambda: "补打" in again.print_button.text(), timeout=30_000)
    qtbot.keyClick(again, Qt.Key.Key_F9)
    approval = again.reprint_approval
    approval.username.setText(SUPERVISOR)
    approval.password.setText(PASSWORD)
    approval.reason.setPlainText("申请人要求第二份")
    approval.buttons.accepted.emit()
    qtbot.waitUntil(lambda: again.printed_once and not approval.isVisible(), timeout=30_000)
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    reprints = [d for d in detail.detail.documents if d.reprint_no]
    assert len(reprints) == 1 and reprints[0].print_status == "printed"
    assert len(detail.detail.documents) == 2
    detail.close()


def test_a_receipt_left_for_later_prints_from_the_case_detail_without_a_supervisor(
    qtbot, running, monkeypatch
) -> None:
    """稍后打印, then the window started again (nothing of the session left): in the case
    detail Ctrl+P brings up the same receipt, F9 prints it as the original on the training
    hall's printer, and the 回执未打印 mark goes; a further copy is only a supervised 补打."""
    case_id = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    qtbot.waitUntil(lambda: intake.preview.pdf_path.endswith(".pdf"), timeout=30_000)
    serial = Path(intake.preview.pdf_path).stem
    set_receipt_and_rating_aside(qtbot, intake)
    assert "回执未打印" in _state_text(qtbot, running, case_id)

    with restarted(qtbot, running) as again:
        login(qtbot, again)
        printer = again.session.home.root / "training-printer"
        detail = again.window.cases.open_case(case_id)
        qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
        assert detail.print_pending_button.isEnabled()
        assert detail.preview is None  # the clerk saw it: it waits for Ctrl+P
        detail.print_pending_button.click()
        qtbot.waitUntil(
            lambda: detail.preview is not None and detail.preview.isVisible(), timeout=30_000
        )
        preview = detail.preview
        qtbot.waitUntil(lambda: preview.pdf_path.endswith(".pdf"), timeout=60_000)
        assert Path(preview.pdf_path).stem == serial  # the same original, not a new document
        assert "补打" not in preview.print_button.text()
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(preview, Qt.Key.Key_F9)  # no supervisor asked
        assert preview.printed_once and "补打" in preview.print_button.text()
        assert [(d.kind, d.reprint_no, d.print_status) for d in detail.detail.documents] == [
            ("receipt", 0, "printed")
        ]
        assert not detail.detail.unprinted and not detail.print_pending_button.isEnabled()
        facts = [
            detail.facts.itemAt(i).widget().text()
            for i in range(detail.facts.count())
            if detail.facts.itemAt(i).widget() is not None
        ]
        assert not any("回执未打印" in text for text in facts), facts
        (paper,) = printer.glob("*.pdf")
        assert paper.read_bytes() == Path(preview.pdf_path).read_bytes()

        # A further copy from this preview is a supervised 补打 of the same document.
        qtbot.keyClick(preview, Qt.Key.Key_F9)
        approval = preview.reprint_approval
        assert approval is not None and approval.isVisible()
        approval.username.setText(SUPERVISOR)
        approval.password.setText(PASSWORD)
        approval.reason.setPlainText("申请人要求第二份")
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            approval.buttons.accepted.emit()
        assert not approval.isVisible()
        assert sorted((d.kind, d.reprint_no, d.print_status) for d in detail.detail.documents) == [
            ("receipt", 0, "printed"),
            ("receipt", 1, "printed"),
        ]
        assert len(list(printer.glob("*.pdf"))) == 2
        preview.close()
        detail.close()
        assert "回执未打印" not in _state_text(qtbot, again, case_id)
