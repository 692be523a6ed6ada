"""Intake forms in the states the intake screen's tests start from: one saved at sign-out and
restored under its banner at the next sign-in; one read from the card whose item is then
changed for one it cannot be decided for. And the window's questions, recorded."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically, fill_from_card_and_choose_item
from ui.app import RunningApp


def worked_on_and_signed_out(qtbot, running: RunningApp) -> None:
    """The residence permit's form filled from the card with every required material, saved
    as the clerk's draft (the line saying so checked), and the clerk signed out."""
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    intake.save_draft()
    qtbot.waitUntil(intake.draft_status.isVisible, timeout=20_000)
    assert "下次登录时恢复" in intake.draft_status.text()
    running.window.sign_out()
    assert not intake.draft_banner.isVisible() and not intake.draft_status.isVisible()


def restored_under_its_banner(qtbot, running: RunningApp) -> None:
    """The form worked on and signed out, then the clerk signed in again: the form is back
    with its banner shown."""
    worked_on_and_signed_out(qtbot, running)
    login(qtbot, running)
    qtbot.waitUntil(running.window.intake.draft_banner.isVisible, timeout=20_000)


def questions_answered_no(monkeypatch) -> list[str]:
    """From now on every question the window asks (``QMessageBox.question``) is answered No;
    the list their titles are recorded in."""
    asked: list[str] = []

    def answer_no(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args[1])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    return asked


def card_read_then_item(qtbot, running: RunningApp, monkeypatch, *item: Any) -> list[str]:
    """Confirmations played as the clerk would (``confirm_automatically``), the card read and
    the residence permit chosen, then ``intake.choose_item(*item)``; the titles of the
    confirmations asked."""
    confirmed = confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    running.window.intake.choose_item(*item)
    return confirmed
