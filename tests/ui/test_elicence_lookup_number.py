"""F4 with a typed number: the lookup sends the number as the window's check normalises it
(a passport typed full-width and grouped finds its licence), and a number no document could
have is refused in words at once, before any request."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from counter_app.domain.id_types import DocKind
from tests.central.server_fixture import RunningCentral
from tests.ui.conftest import login
from tests.ui.intake_steps import choose_residence_item
from ui.app import RunningApp


def type_passport(intake, number: str) -> None:
    intake.identity.kind.setCurrentIndex(intake.identity.kind.findData(DocKind.PASSPORT.value))
    intake.identity.id_number.setText(number)  # as an input method in full-width mode types


def test_a_number_no_document_could_have_is_refused_before_any_request(
    qtbot, running: RunningApp
) -> None:
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    choose_residence_item(qtbot, intake)
    type_passport(intake, "X!234567")
    qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: intake.warning is not None and intake.warning.isVisible())
    assert intake.warning.windowTitle() == "无法查询电子证照"
    assert "“X!234567”不是证件号码" in intake.warning.text()
    assert intake.identity.id_number.text() == "X!234567"  # kept for the clerk to correct


@pytest.mark.integration
def test_a_passport_typed_full_width_finds_its_licence(
    qtbot, monkeypatch, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    central.publish_bundled_catalog()  # a lookup serves an item of the platform's catalog
    central.cli(
        "elicence", "add", "--holder", "X1234567", "--type", "结婚证电子证照",
        "--number", "J-X1234567", "--json",
    )  # fmt: skip
    code = central.cli("elicence", "consent", "--holder", "X1234567", "--json")["code"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: (code, True))  # modal: no Qt
    login(qtbot, enrolled_window)
    intake = enrolled_window.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "sydj")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    type_passport(intake, "ｘ１２３ ４５６７")
    with qtbot.waitSignal(intake.elicences_looked_up, timeout=30_000) as looked_up:
        qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F4)
    assert looked_up.args == [1]
    marriage = next(row for row in intake.checklist.rows if row.material.code == "M03")
    assert marriage.status.currentData() == "exempt"
