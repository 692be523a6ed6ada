"""Steps of the intake flow that GUI tests share: a card read and an item chosen, the
decision confirmed as a clerk would, a case accepted from the card."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from tests.ui.conftest import PASSWORD, SUPERVISOR, login
from ui.app import RunningApp
from ui.approval import SupervisorApprovalDialog
from ui.intake.dialogs import ConfirmDecisionDialog


def confirm_automatically(monkeypatch) -> list[str]:
    """The confirmation dialog is modal; the test plays the clerk pressing Enter."""
    titles: list[str] = []

    def exec_(self: ConfirmDecisionDialog) -> int:
        titles.append(self.windowTitle())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConfirmDecisionDialog, "exec", exec_)
    return titles


def fill_from_card_and_choose_item(qtbot, running, *, sign_in: bool = True) -> None:
    """The clerk signs in (unless ``sign_in`` is False: signed in already), reads the card
    and chooses the residence permit."""
    if sign_in:
        login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    assert intake.identity.id_hint.property("state") == "ok"
    running.reader.remove()
    qtbot.waitUntil(lambda: "已取走" in intake.identity.card_state.text(), timeout=20_000)
    assert intake.identity.name.text() == "王建国"  # removal keeps the form
    intake.identity.phone.setText("13912340000")
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "jzz")
    intake.search.run_search_now()
    first = intake.search.results.item(0).text()
    assert "居住证" in first
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.item is not None and "居住证" in intake.item.name


def accept_from_card(qtbot, running, monkeypatch, *, sign_in: bool = True) -> str:
    """A card placed, the item chosen, the required materials received, accepted and
    confirmed; waits for the receipt's preview pages. Returns the case id."""
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running, sign_in=sign_in)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    qtbot.waitUntil(
        lambda: intake.preview is not None and intake.preview.pages_layout.count() > 1,
        timeout=30_000,
    )
    return str(stored.args[0])


def leave_preview_unprinted(intake) -> None:
    """The clerk closes the preview without printing and answers "稍后打印"."""
    preview = intake.preview
    preview.accept()
    preview.unprinted_question.button(QMessageBox.StandardButton.Yes).click()


def set_receipt_and_rating_aside(qtbot, intake) -> None:
    """After an accept: the receipt left unprinted (稍后打印) and the rating step closed
    unanswered, so the clerk can go on to the case."""
    leave_preview_unprinted(intake)
    qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)
    intake.evaluation.reject()


def choose_residence_item(qtbot, intake) -> None:
    intake.identity.phone.setText("13912340000")
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "jzz")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    intake.checklist.receive_all_required()


def facts_of(detail, shown=QLabel.text) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The case detail's facts by their labels: what ``shown`` reads of each (its text, or
    e.g. ``QLabel.toolTip``)."""
    form = detail.facts
    return {
        form.itemAt(row, form.ItemRole.LabelRole).widget().text(): shown(
            form.itemAt(row, form.ItemRole.FieldRole).widget()
        )
        for row in range(form.rowCount())
    }


def open_detail(qtbot, running: RunningApp, case_id: str):  # type: ignore[no-untyped-def]
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    facts = facts_of(detail)
    history = [detail.events.item(row, 4).text() for row in range(detail.events.rowCount())]
    detail.close()
    return facts, history


def approve_as_supervisor(qtbot, dialog) -> int:  # type: ignore[no-untyped-def]
    """The supervisor signs in on the approval dialog at the clerk's screen (any reason
    already typed); returns once the dialog has closed approved, as its ``exec`` would."""
    dialog.username.setText(SUPERVISOR)
    dialog.password.setText(PASSWORD)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    return int(QDialog.DialogCode.Accepted)


def send_deferral_from_the_form(qtbot, running: RunningApp, monkeypatch) -> None:
    """The clerk fills the form with a deferred material, presses F7, and in the approval
    dialog sends the request to the supervisors (F4); the form waits."""
    confirm_automatically(monkeypatch)

    def exec_(dialog: SupervisorApprovalDialog) -> int:
        assert dialog.send_button is not None
        assert dialog.send_button.shortcut().toString() == "F4"
        dialog.send_button.click()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SupervisorApprovalDialog, "exec", exec_)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    row = next(r for r in intake.checklist.rows if r.status.findData("deferred") >= 0)
    row.status.setCurrentIndex(row.status.findData("deferred"))
    qtbot.waitUntil(intake.defer_button.isEnabled, timeout=20_000)
    intake.decide("defer")
    qtbot.waitUntil(intake.waiting.isVisible, timeout=20_000)
    assert not intake.defer_button.isEnabled()
    assert intake.identity.name.text() == "王建国"  # what was entered stays
