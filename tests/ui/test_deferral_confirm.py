"""The confirmation read back to the applicant: for F7 (容缺受理) it says by when each
deferred material is due - the clerk's date, or the hall's default
(hall.deferral_working_days); for an immediate item (即办件) its time limit is worded as the
receipt words it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel

from tests.ui.intake_steps import fill_from_card_and_choose_item
from ui.intake.dialogs import ConfirmDecisionDialog


def read_back(monkeypatch) -> dict[str, str]:
    """The facts the confirmation shows, label to value, once it opens; the clerk then goes
    back, so nothing is stored."""
    facts: dict[str, str] = {}

    def exec_(self: ConfirmDecisionDialog) -> int:
        form = self.findChild(QFormLayout)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            value = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
            assert isinstance(label, QLabel) and isinstance(value, QLabel)
            facts[label.text()] = value.text()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ConfirmDecisionDialog, "exec", exec_)
    return facts


def test_the_deferral_confirmation_names_the_deadline(qtbot, running, monkeypatch) -> None:
    facts = read_back(monkeypatch)
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


def test_an_immediate_item_is_read_back_as_done_on_the_spot(qtbot, running, monkeypatch) -> None:
    facts = read_back(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)  # 上海市居住证签注, a 即办件
    intake = running.window.intake
    assert intake.item is not None and intake.item.promised_days == 0
    intake.checklist.receive_all_required()
    qtbot.waitUntil(intake.accept_button.isEnabled, timeout=20_000)
    intake.decide("accept")
    qtbot.waitUntil(lambda: bool(facts), timeout=20_000)
    assert facts["承诺时限"] == "即办件，当场办结"  # as the receipt: 本事项为即办件，当场办结
