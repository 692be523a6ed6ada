"""F7 (容缺受理): the confirmation read back to the applicant says by when each deferred
material is due - the clerk's date, or the hall's default (hall.deferral_working_days)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel

from tests.ui.intake_steps import fill_from_card_and_choose_item
from ui.intake.dialogs import ConfirmDecisionDialog


def test_the_deferral_confirmation_names_the_deadline(qtbot, running, monkeypatch) -> None:
    facts: dict[str, str] = {}

    def exec_(self: ConfirmDecisionDialog) -> int:
        form = self.findChild(QFormLayout)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            value = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
            assert isinstance(label, QLabel) and isinstance(value, QLabel)
            facts[label.text()] = value.text()
        return QDialog.DialogCode.Rejected  # the clerk goes back: nothing is stored

    monkeypatch.setattr(ConfirmDecisionDialog, "exec", exec_)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    row = next(
        r
        for r in intake.checklist.rows
        if r.status.findData("deferred") >= 0  # non-core: may be deferred
    )
    row.status.setCurrentIndex(row.status.findData("deferred"))
    qtbot.waitUntil(intake.defer_button.isEnabled, timeout=20_000)
    intake.decide("defer")
    qtbot.waitUntil(lambda: bool(facts), timeout=20_000)
    assert facts["补齐期限"] == f"{row.material.name}：受理后 5 个工作日内（不晚于承诺办结日）"
