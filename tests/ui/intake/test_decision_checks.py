"""What F5 (and the other decisions) say before any confirmation when the form cannot be
decided: an item without a chosen situation asks for the situation, an item that does not
serve the applicant's type (服务对象) says so in the catalog's words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.sample_items import RESIDENCE_FIRST
from tests.ui.intake.form_states import card_read_then_item
from ui.app import RunningApp

HEALTH_PERMIT = "11310104002425311A004002100001"  # 公共场所卫生许可（新办）: enterprises only


def test_f5_without_a_situation_asks_for_the_situation(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    # A pre-application's situation the catalog dropped: the form waits for the clerk's.
    confirmed = card_read_then_item(qtbot, running, monkeypatch, RESIDENCE_FIRST, "S09", [])
    intake = running.window.intake
    assert intake.item is not None and intake.situation_code() is None

    qtbot.keyClick(intake, Qt.Key.Key_F5)

    qtbot.waitUntil(lambda: intake.warning is not None and intake.warning.isVisible())
    assert intake.warning.windowTitle() == "请选择办理情形"
    assert "请选择办理情形" in intake.warning.text()
    assert "F3" not in intake.warning.text()
    assert confirmed == []


def test_a_decision_for_an_item_that_does_not_serve_the_applicant_is_blocked(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    # Chosen for a person (a draft of another type, say).
    confirmed = card_read_then_item(qtbot, running, monkeypatch, HEALTH_PERMIT)
    intake = running.window.intake
    intake.checklist.receive_all_required()

    for key in (Qt.Key.Key_F5, Qt.Key.Key_F6):
        qtbot.keyClick(intake, key)
        qtbot.waitUntil(lambda: intake.warning is not None and intake.warning.isVisible())
        text = intake.warning.text()
        assert "“公共场所卫生许可（新办）”事项的服务对象为法人、其他组织" in text, text
        assert "自然人不能作为申请人办理" in text, text
        intake.warning.close()
    assert confirmed == []
