"""Intake paused by the hall's offline policy: the clerk reads why, a supervisor at the window
approves this one decision with their own password and a reason, and the same decision is
stored from the form as the clerk left it (a clerk's password does not do)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from counter_app.config import Config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, training_home, window_on
from tests.ui.intake_steps import (
    approve_as_supervisor,
    confirm_automatically,
    fill_from_card_and_choose_item,
    open_detail,
)
from ui.app import RunningApp
from ui.approval import SupervisorApprovalDialog
from ui.intake.screen import IntakeScreen

URGENT = "申请人明日出国，当日须受理"


@pytest.fixture
def paused_after_one(qtbot, tmp_path: Path) -> Iterator[RunningApp]:
    """A production window (not a training hall, which is never paused) whose hall pauses
    intake at one unsynced case: the sample cases are not uploaded, so intake is paused."""
    home, config = training_home(tmp_path / "home")
    production: Config = replace(
        config,
        hall=replace(config.hall, training=False),
        sync=replace(config.sync, hard_stop_cases=1),
    )
    seeded: tuple[Home, Config] = (home, production)
    with window_on(qtbot, seeded, SimulatedReader(use_pty=False)) as app:
        yield app


def decided_while_paused(
    qtbot, running: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> IntakeScreen:
    """The clerk fills the form from the card, receives every material and accepts: the
    pause message opens."""
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    intake.decide("accept")
    qtbot.waitUntil(
        lambda: getattr(intake, "warning", None) is not None and intake.warning.isVisible(),
        timeout=20_000,
    )
    return intake


def test_a_supervisor_at_the_window_approves_one_decision_past_the_limit(
    qtbot, paused_after_one: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = paused_after_one
    intake = decided_while_paused(qtbot, running, monkeypatch)
    box = intake.warning
    assert box.objectName() == "intakePaused"
    assert "办件尚未上传（上限1件）" in box.text()
    approve = next(b for b in box.buttons() if b.objectName() == "overLimitApprove")
    assert approve.text() == "值班长审批本次受理"

    seen: list[str] = []

    def exec_(dialog: SupervisorApprovalDialog) -> int:
        seen.append(dialog.windowTitle())
        dialog.username.setText(CLERK)  # the clerk cannot approve their own decision
        dialog.password.setText(PASSWORD)
        dialog.reason.setPlainText(URGENT)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=20_000)
        seen.append(dialog.error.text())
        return approve_as_supervisor(qtbot, dialog)

    monkeypatch.setattr(SupervisorApprovalDialog, "exec", exec_)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        approve.click()
    assert seen[0] == "值班长审批"
    assert f"账号 {CLERK} 是受理员，不能执行此操作" in seen[1]
    # The form was decided as the clerk left it: the same applicant and item.
    facts, history = open_detail(qtbot, running, str(stored.args[0]))
    assert facts["申请人"].startswith("王建国") and "居住证" in facts["事项"]
    decided = history[0]
    assert f"超限受理审批人 {SUPERVISOR}" in decided
    assert f"超限受理理由 {URGENT}" in decided
    assert "超出未上传办件上限" in decided


def test_closing_the_pause_message_stores_nothing(
    qtbot, paused_after_one: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = paused_after_one
    intake = decided_while_paused(qtbot, running, monkeypatch)
    last = intake.last_case
    intake.warning.button(QMessageBox.StandardButton.Close).click()
    qtbot.waitUntil(lambda: not intake.warning.isVisible(), timeout=10_000)
    assert intake.last_case is last and intake.approval is None
    assert intake.identity.name.text() == "王建国"  # everything entered stays
