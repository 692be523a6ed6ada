"""A day of cases leaves no dialog behind: each case's confirmation, print preview (with
its page images), rating step and case detail is deleted once closed, so the window holds
as many widgets after the fifth case as after the first."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tests.ui.intake_steps import accept_from_card
from ui.app import RunningApp
from ui.intake.dialogs import EarlierCasesDialog

CASES = 5


def _one_case(qtbot, running: RunningApp, monkeypatch, *, sign_in: bool) -> None:  # type: ignore[no-untyped-def]
    """Accept from the card (confirmed), print the receipt, close the preview, the
    applicant rates 5, then the case is opened from the case list and closed."""
    case_id = accept_from_card(qtbot, running, monkeypatch, sign_in=sign_in)
    window = running.window
    intake = window.intake  # built at the sign-in
    preview = intake.preview
    qtbot.keyClick(preview, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: preview.printed_once, timeout=30_000)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)
    with qtbot.waitSignal(intake.flow_finished, timeout=20_000):
        qtbot.mouseClick(intake.evaluation.levels.button(5), Qt.MouseButton.LeftButton)
    detail = window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    detail.close()


def _no_dialog_left() -> None:
    """No dialog alive (named by class if one is), once the deletions asked for have run."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = Counter(
        type(widget).__name__
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QDialog)
    )
    assert not left, left


def test_closed_dialogs_are_deleted_case_after_case(qtbot, running, monkeypatch) -> None:
    # The same card each time: the clerk goes on past the applicant's earlier cases (a
    # modal question, built and answered as the confirmation is).
    monkeypatch.setattr(EarlierCasesDialog, "exec", lambda _self: QMessageBox.StandardButton.Yes)
    _one_case(qtbot, running, monkeypatch, sign_in=True)
    qtbot.waitUntil(_no_dialog_left, timeout=10_000)
    widgets_after_one = len(QApplication.allWidgets())

    for _ in range(CASES - 1):
        _one_case(qtbot, running, monkeypatch, sign_in=False)
    qtbot.waitUntil(_no_dialog_left, timeout=10_000)
    assert len(QApplication.allWidgets()) == widgets_after_one
