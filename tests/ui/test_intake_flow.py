"""Card on the simulated reader → form filled → "jzz" finds the 居住证 item → checklist →
accept → the case is in the list; a second activation never makes a second case."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFormLayout

from tests.printing import pdf_tools
from tests.ui.conftest import login
from tests.ui.intake_steps import (
    confirm_automatically,
    fill_from_card_and_choose_item,
    set_receipt_and_rating_aside,
)
from ui.intake.dialogs import RefusalDialog


def test_card_to_accepted_case_listed(qtbot, running, monkeypatch) -> None:
    titles = confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    assert not intake.summary.can_accept and intake.summary.missing
    intake.checklist.receive_all_required()
    assert intake.summary.can_accept, intake.summary
    with qtbot.waitSignal(intake.case_stored, timeout=20_000) as stored:
        intake.decide("accept")
        intake.decide("accept")  # double activation while the first is in flight
    case_id = stored.args[0]
    assert titles == ["确认受理"]
    cases = running.window.cases
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    ids = [row.case_id for row in cases.model.rows]
    assert ids.count(case_id) == 1
    row = cases.model.rows[ids.index(case_id)]
    assert row.applicant_masked_id.startswith("3101") and "*" in row.applicant_masked_id
    assert row.state == "accepted"


def test_f5_blocked_by_a_missing_material_names_the_ways_on(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    qtbot.keyClick(intake, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: intake.warning is not None and intake.warning.isVisible())
    text = intake.warning.text()
    assert "F6" in text and "一次性告知" in text, text
    assert "F7" in text and "容缺" in text, text
    intake.warning.close()


def test_refusal_keeps_where_to_apply_and_prints_it_without_listing_materials(
    qtbot, running, monkeypatch, tmp_path
) -> None:
    confirm_automatically(monkeypatch)

    def refuse_as_clerk(self: RefusalDialog) -> int:
        self.reason.setPlainText("申请人户籍不在本区")
        self.redirect.setText("长宁区社区事务受理服务中心")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RefusalDialog, "exec", refuse_as_clerk)
    fill_from_card_and_choose_item(qtbot, running)  # nothing handed in: not eligible here
    intake = running.window.intake
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        qtbot.keyClick(intake, Qt.Key.Key_F8)
    qtbot.waitUntil(
        lambda: intake.preview is not None and intake.preview.pages_layout.count() > 1,
        timeout=30_000,
    )
    notice = pdf_tools.text(Path(intake.preview.pdf_path)).replace(" ", "")
    assert "长宁区社区事务受理服务中心" in notice
    assert "缺少" not in notice and "六十日内" in notice
    set_receipt_and_rating_aside(qtbot, intake)
    detail = running.window.cases.open_case(str(stored.args[0]))
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    shown = [
        detail.facts.itemAt(row, QFormLayout.ItemRole.FieldRole).widget().text()
        for row in range(detail.facts.rowCount())
    ]
    assert "长宁区社区事务受理服务中心" in shown, shown
    assert "申请人户籍不在本区" in shown, shown
    detail.close()


def test_a_clerk_who_signs_out_while_the_decision_saves_leaves_nothing_of_it_on_screen(
    qtbot, running, monkeypatch
) -> None:
    """The decision is stored all the same, but its receipt is not previewed over the login
    screen nor left for the next person's F9, and its draft does not come back."""
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    window, intake = running.window, running.window.intake
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
        window.sign_out()  # the core's answer waits in Qt's queue until this returns
    with qtbot.waitSignal(running.session.worker.idle, timeout=20_000):
        pass  # the draft saved at sign-out, then discarded once the case was stored
    assert (intake.last_case, intake.preview) == (None, None)
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    login(qtbot, running)
    assert intake.identity.name.text() == "" and intake.item is None
    intake.preview_last()  # F9: nothing of the case stored before
    assert intake.preview is None
    cases = window.cases
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    assert stored.args[0] in [row.case_id for row in cases.model.rows]  # stored all the same


def test_a_malformed_phone_is_said_before_the_confirmation_and_kept(
    qtbot, running, monkeypatch
) -> None:
    titles = confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    intake.identity.phone.setText("139abc12340")
    intake.refresh_summary()
    qtbot.keyClick(intake, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: intake.warning is not None and intake.warning.isVisible())
    assert "联系电话格式不正确" in intake.warning.text()
    assert titles == []  # never asked to confirm with the applicant
    intake.warning.close()
    assert intake.identity.phone.text() == "139abc12340"


def test_accept_looks_ready_only_once_the_case_can_be_accepted(qtbot, running) -> None:
    """Before an item is chosen the materials list says so; 受理 F5 is green only once the
    case can be accepted (before, it is a plain button: F5 still says what is missing)."""
    login(qtbot, running)
    intake = running.window.intake
    assert intake.checklist.empty_hint.isVisibleTo(intake.checklist)
    assert intake.checklist.empty_hint.text() == "请先选择办理事项"
    fill_from_card_and_choose_item(qtbot, running, sign_in=False)
    assert not intake.checklist.empty_hint.isVisibleTo(intake.checklist)
    button = intake.accept_button
    assert button.property("ready") is False and button.isEnabled()
    intake.checklist.receive_all_required()
    assert button.property("ready") is True
    intake.next_applicant(confirm=False)
    assert intake.checklist.empty_hint.isVisibleTo(intake.checklist)
    assert button.property("ready") is False
