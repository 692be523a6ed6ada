"""The applicant's language and the card's eligibility facts in the window: a foreigner's
card shows the English name and chooses bilingual documents (the clerk may change the
choice from the keyboard), the receipt is issued in it whatever the interface language,
and the case detail says so; a card that contradicts the situation's eligibility rule is
warned about, and accepting anyway needs a reason the case keeps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.printing import pdf_tools
from tests.ui.conftest import login
from tests.ui.intake_steps import (
    choose_residence_item,
    confirm_automatically,
    open_detail,
    set_receipt_and_rating_aside,
)
from ui.intake.dialogs import EligibilityDialog
from ui.return_visit import ReturnVisitDialog


def _receipt_text(qtbot, intake) -> str:
    qtbot.waitUntil(
        lambda: intake.preview is not None and intake.preview.pages_layout.count() > 1,
        timeout=30_000,
    )
    return "".join(pdf_tools.text(intake.preview.pdf_path).split())


def give_eligibility_reason(monkeypatch, reason: str) -> list[str]:
    """Answers the eligibility dialog with ``reason``; returns the warnings it showed."""
    shown: list[str] = []

    def exec_(self: EligibilityDialog) -> int:
        shown.append(self.findChild(QLabel, "eligibilityWarning").text())
        self.text.setPlainText(reason)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(EligibilityDialog, "exec", exec_)
    return shown


def test_a_foreigners_card_gets_bilingual_documents_with_the_english_name(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("foreign_2017")
    panel = intake.identity
    qtbot.waitUntil(lambda: panel.english_name.text() == "SMITH, JOHN MICHAEL", timeout=20_000)
    assert panel.document_language.currentData() == "zh-en"
    choose_residence_item(qtbot, intake)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    text = _receipt_text(qtbot, intake)
    # The interface is Chinese; the paper is the applicant's: both languages, the name too.
    assert "受理通知书" in text and "AcceptanceReceipt" in text
    assert "SMITH,JOHNMICHAEL" in text
    intake.preview.reject()
    facts, _history = open_detail(qtbot, running, str(stored.args[0]))
    assert "SMITH, JOHN MICHAEL" in facts["申请人"]
    assert facts["文书语言"] == "中英双语"


def test_the_clerk_changes_the_language_from_the_keyboard(qtbot, running, monkeypatch) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident")
    panel = intake.identity
    qtbot.waitUntil(lambda: panel.name.text() == "王建国", timeout=20_000)
    assert panel.document_language.currentData() == "zh"
    assert not panel.english_name.text()
    qtbot.keyClick(panel, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # 文书语言(&Y)
    assert panel.document_language.hasFocus()
    qtbot.keyClick(panel.document_language, Qt.Key.Key_Down)
    assert panel.document_language.currentData() == "zh-en"
    choose_residence_item(qtbot, intake)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000):
        intake.decide("accept")
    text = _receipt_text(qtbot, intake)
    assert "AcceptanceReceipt" in text


def test_a_card_against_the_rule_warns_and_accepting_needs_a_reason(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident_uyghur")  # born 1985, household in Xinjiang
    qtbot.waitUntil(lambda: intake.identity.name.text() == "买买提·艾力", timeout=20_000)
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "jlk")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.item is not None and intake.item.name == "敬老卡申领"
    intake.checklist.receive_all_required()
    summary = intake.summary_label.text()
    assert "申请条件" in summary and "65周岁以上" in summary and "上海市" in summary

    shown = give_eligibility_reason(monkeypatch, "")  # no reason: nothing is stored
    intake.decide("accept")
    assert shown and "65周岁以上" in shown[0] and "住址" in shown[0]
    assert not intake.busy and intake.last_case is None

    give_eligibility_reason(monkeypatch, "户籍已迁入本市，已核验户口簿")
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    facts, history = open_detail(qtbot, running, str(stored.args[0]))
    assert facts["不符合申请条件仍受理的理由"] == "户籍已迁入本市，已核验户口簿"
    assert any("户籍已迁入本市" in text for text in history), history


def test_a_returned_applicant_against_the_rule_is_accepted_with_a_reason(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident_uyghur")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "买买提·艾力", timeout=20_000)
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "jlk")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("notify")  # a notice needs no reason
    qtbot.waitUntil(lambda: intake.preview is not None, timeout=30_000)
    set_receipt_and_rating_aside(qtbot, intake)

    detail = running.window.cases.open_case(str(stored.args[0]))
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    detail.continue_notified()
    qtbot.waitUntil(lambda: detail.findChild(ReturnVisitDialog) is not None, timeout=10_000)
    dialog = detail.findChild(ReturnVisitDialog)
    assert dialog.reason.isHidden()
    for box in dialog.boxes:
        box.setChecked(True)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=20_000)
    assert "申请条件" in dialog.error.text() and not dialog.reason.isHidden()
    dialog.reason.setPlainText("户籍已迁入本市，已核验户口簿")
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: detail.detail.state == "accepted", timeout=20_000)
    assert detail.detail.eligibility_reason == "户籍已迁入本市，已核验户口簿"
    detail.close()
