"""What the decision panel says of the form: the same neutral start on an empty form after
the sign-in and after a case; an item that does not serve the applicant type chosen; what
告知承诺 commits the applicant to; 打印上一件 before any decision; the buttons and marks a
clerk may not know by their names, explained on hover."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import login
from tests.ui.intake_steps import (
    accept_from_card,
    fill_from_card_and_choose_item,
    set_receipt_and_rating_aside,
)
from ui.intake.screen import IntakeScreen

EMPTY = "请先读卡并选择事项。"


def test_an_empty_form_reads_the_same_after_sign_in_and_after_a_case(
    qtbot, running, monkeypatch
) -> None:
    login(qtbot, running)
    intake: IntakeScreen = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    assert intake.summary_label.text() == EMPTY and not intake.summary_label.property("state")

    accept_from_card(qtbot, running, monkeypatch, sign_in=False)
    set_receipt_and_rating_aside(qtbot, intake)
    qtbot.waitUntil(lambda: not intake.identity.name.text(), timeout=20_000)

    assert intake.summary_label.text() == EMPTY and not intake.summary_label.property("state")


def test_an_item_that_does_not_serve_the_applicant_type_is_said_live(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake: IntakeScreen = running.window.intake
    intake.checklist.receive_all_required()
    assert "可以受理" in intake.summary_label.text()

    types = intake.identity.applicant_type
    types.setCurrentIndex(types.findData("enterprise"))

    text = intake.summary_label.text()
    assert "暂不能受理" in text and "服务对象为自然人，法人不能作为申请人办理" in text


def test_print_last_before_any_decision_says_there_is_none(qtbot, running) -> None:
    login(qtbot, running)
    intake: IntakeScreen = running.window.intake
    assert not intake.reprint_button.isEnabled()
    assert intake.reprint_button.toolTip() == "本次登录尚无已办结的办件。"

    intake.preview_last()  # F9

    assert intake.preview is None
    assert intake.warning.text() == "本次登录尚无已办结的办件。"
    intake.warning.close()


def test_print_last_is_offered_once_a_case_is_decided(qtbot, running, monkeypatch) -> None:
    accept_from_card(qtbot, running, monkeypatch)
    intake: IntakeScreen = running.window.intake
    assert intake.reprint_button.isEnabled() and not intake.reprint_button.toolTip()

    running.window.sign_out()

    assert not intake.reprint_button.isEnabled()


def test_deferral_and_notice_are_explained_on_hover(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake: IntakeScreen = running.window.intake
    assert "值班长审批" in intake.defer_button.toolTip()
    assert "一次写明须补正的全部材料" in intake.notify_button.toolTip()
    status = intake.checklist.rows[-1].status  # a material that may be deferred
    tips = {
        status.itemData(i): status.itemData(i, Qt.ItemDataRole.ToolTipRole)
        for i in range(status.count())
    }
    assert "补交期限内补交" in tips["deferred"]
    assert tips["received"] is None
