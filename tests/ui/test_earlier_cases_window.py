"""The same applicant again for the same item: the intake screen names the earlier case
under the identity once the card is read and the item chosen; 受理 asks the clerk once
(cancel, the default, keeps the form as it was; going on stores the second case)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui.intake_steps import (
    accept_from_card,
    fill_from_card_and_choose_item,
    set_receipt_and_rating_aside,
)
from ui.intake.dialogs import EarlierCasesDialog


def _answering(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:
    """The question is modal; the test plays the clerk's answer and keeps what it said."""
    asked: list[str] = []

    def exec_(self: EarlierCasesDialog) -> int:
        assert self.defaultButton() is self.button(QMessageBox.StandardButton.Cancel)
        asked.append(self.text())
        return int(answer)

    monkeypatch.setattr(EarlierCasesDialog, "exec", exec_)
    return asked


def test_the_earlier_case_is_named_and_accepting_again_asks_once(qtbot, running, monkeypatch):
    first = accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    case_no = intake.last_case.case_no
    set_receipt_and_rating_aside(qtbot, intake)
    intake.next_applicant(confirm=False)
    assert not intake.earlier_banner.isVisible()

    fill_from_card_and_choose_item(qtbot, running, sign_in=False)
    qtbot.waitUntil(intake.earlier_banner.isVisible, timeout=20_000)
    banner = intake.earlier_banner.text()
    assert f"该申请人已有同一事项的办件：办件 {case_no}（已受理，" in banner, banner
    assert "另一姓名" not in banner

    intake.checklist.receive_all_required()
    typed_phone = intake.identity.phone.text()
    asked = _answering(monkeypatch, QMessageBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(intake.case_stored):
        intake.decide("accept")
    assert len(asked) == 1 and case_no in asked[0]
    assert not intake.busy and intake.last_case.case_id == first  # nothing sent
    assert intake.identity.name.text() == "王建国" and intake.identity.phone.text() == typed_phone
    assert intake.item is not None and intake.summary is not None and intake.summary.can_accept

    asked = _answering(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    assert len(asked) == 1
    assert stored.args[0] != first
    assert intake.earlier_confirmed is not None  # asked once for this applicant and item


def test_another_name_for_the_number_is_told(qtbot, running, monkeypatch):
    accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    set_receipt_and_rating_aside(qtbot, intake)
    intake.next_applicant(confirm=False)

    fill_from_card_and_choose_item(qtbot, running, sign_in=False)
    intake.identity.name.setText("王建")
    intake.identity.changed.emit()

    qtbot.waitUntil(lambda: "该证件号码已登记为另一姓名：王建国" in intake.earlier_banner.text())


def test_accepting_before_the_banner_came_asks_all_the_same(qtbot, running, monkeypatch):
    """F5 at once after the card and the item: the decision's job finds the earlier case
    before it stores anything, and the clerk is asked then."""
    accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    case_no = intake.last_case.case_no
    set_receipt_and_rating_aside(qtbot, intake)
    intake.next_applicant(confirm=False)
    fill_from_card_and_choose_item(qtbot, running, sign_in=False)
    intake.checklist.receive_all_required()
    intake.earlier_known = None  # as if the banner's answer were still on its way
    asked = _answering(monkeypatch, QMessageBox.StandardButton.Cancel)

    with qtbot.waitSignal(running.session.worker.idle, timeout=20_000):
        intake.decide("accept")

    qtbot.waitUntil(lambda: len(asked) == 1)
    assert case_no in asked[0] and case_no in intake.earlier_banner.text()
    assert not intake.busy and intake.last_case.case_no == case_no  # nothing stored
    assert intake.identity.name.text() == "王建国" and intake.summary.can_accept
