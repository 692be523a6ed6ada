"""Render every screen of the counter at 1366×768 and 1920×1080 into a directory.

``python -m ui.screenshots docs/screenshots`` (``make screenshots`` runs it under Xvfb). It
drives the real window through a training hall (simulated reader, sample catalog and users,
a real reference platform in the background) in a temporary home, and grabs the screen
region of the window so dialogs on top of it are in the picture. The online channel's states
are in ``ui.screenshots_online``, the supervisor's in ``ui.screenshots_supervisor``, what
they share in ``ui.screenshot_tools``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from counter_app.config import load_config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from ui.app import RunningApp, build
from ui.case_approvals import request_summary
from ui.crash import CrashDialog
from ui.intake.screen import IntakeScreen
from ui.screenshot_tools import Shooter, accept_filled_form, login, settle, wait_until
from ui.screenshots_online import appointment_states, routed_states, sample_arrivals_synced
from ui.screenshots_supervisor import supervisor_tour
from ui.training_hall import SAMPLE_ACCOUNTS, TrainingHall

SIZES = ((1366, 768), (1920, 1080))


def run_tour(  # noqa: PLR0915 - one scripted tour
    running: RunningApp, out: Path, size: tuple[int, int], suffix: str = ""
) -> list[Path]:
    window = running.window
    shooter = Shooter(running, out, size, suffix)
    window.showNormal()
    window.setGeometry(0, 0, *size)
    window.move(0, 0)
    settle()
    window.sign_out()
    shooter.shot("01-login")
    login(window, SAMPLE_ACCOUNTS[0][0], SAMPLE_ACCOUNTS[0][1])
    intake = window.intake
    wait_until(lambda: bool(intake.items))
    intake.next_applicant(confirm=False)
    shooter.shot("02-intake-empty")
    reader: Any = running.reader
    reader.place("passport")
    wait_until(lambda: intake.identity.source == "chip")
    reader.remove()
    shooter.shot("02a-intake-passport-chip")
    intake.next_applicant(confirm=False)
    reader.place("resident_expired")
    wait_until(lambda: intake.identity.expired_on(hall_today()) is not None)
    reader.remove()
    shooter.shot("02b-intake-expired-card")
    intake.next_applicant(confirm=False)
    sample_arrivals_synced(running)
    reader.place("resident_uyghur")  # the training hall's sample pre-application
    wait_until(lambda: not intake.preapp_button.isHidden())
    reader.remove()
    intake.fill_from_preapp()
    wait_until(lambda: intake.item is not None)
    shooter.shot("02c-intake-preapp")
    appointment_states(running, shooter)
    routed_states(running, shooter)
    intake.next_applicant(confirm=False)
    reader.place("resident")  # a Shanghai senior: the 户口簿 is exempt (本市部门核发)
    wait_until(lambda: bool(intake.identity.name.text()))
    reader.remove()
    intake.focus_search()
    intake.search.query.setText("jlk")
    intake.search.run_search_now()
    intake.choose_item(intake.search.results.item(0).data(256))
    shooter.shot("05a-checklist-exempt")
    # The same applicant's 一件事: one checklist for both items, the photo still to bring.
    intake.search.query.setText("ylyjs")
    intake.search.run_search_now()
    intake.choose_found(intake.search.results.item(0).data(256))
    intake.checklist.receive_all_required()
    photo = next(row for row in intake.checklist.rows if row.material.name == "近期免冠照片")
    photo.status.setCurrentIndex(photo.status.findData("missing"))
    wait_until(lambda: all(m.preview.text() for m in intake.bundle_panel.members))
    shooter.shot("05b-bundle")
    intake.next_applicant(confirm=False)
    agent_state(intake, reader, shooter)
    intake.next_applicant(confirm=False)
    reader.place("resident")
    wait_until(lambda: bool(intake.identity.name.text()))
    reader.remove()
    intake.identity.phone.setText("13912340000")
    shooter.shot("03-intake-card")
    intake.focus_search()
    intake.search.query.setText("jzz")
    intake.search.run_search_now()
    shooter.shot("04-item-search")
    intake.choose_item(intake.search.results.item(0).data(256))
    shooter.shot("05-checklist-missing")
    intake.checklist.receive_all_required()
    accept_filled_form(
        intake,
        shooter,
        confirmation="06-confirmation",
        preview="07-print-preview",
        evaluation="08-evaluation",
    )
    window.work.setCurrentWidget(window.cases)
    loaded: list[int] = []
    window.cases.loaded.connect(loaded.append)
    window.cases.refresh()
    wait_until(lambda: bool(loaded))
    shooter.shot("09-case-list")
    detail = window.cases.open_case(window.cases.model.rows[0].case_id)
    wait_until(lambda: detail.detail is not None)
    shooter.shot("10-case-detail", detail)
    detail.close()
    # A reprint the clerk sends to the supervisors: the 审批 tab shows it below.
    case = window.cases.model.rows[0]
    sent: list[str] = []
    window.session.platform_worker.submit(
        lambda desk: desk.request_approval(
            "reprint",
            case.case_id,
            request_summary(case.case_no, case.service_item),
            "申请人遗失回执",
            str(uuid.uuid4()),
        ),
        sent.append,
        window.session.report_error,
        name="request_approval",
    )
    wait_until(lambda: bool(sent))
    window.session.sync_now_requested.emit()
    settle(1500)
    window.show_sync_details()
    assert window.sync_dialog is not None
    shooter.shot("11-sync-details", window.sync_dialog)
    window.sync_dialog.close()
    window.user_button.click()  # the clerk's name in the status bar: 修改密码
    assert window.password_dialog is not None
    shooter.shot("12a-password-change", window.password_dialog)
    window.password_dialog.reject()
    window.lock_screen()
    shooter.shot("12-lock")
    window.sign_out()
    login(window, SAMPLE_ACCOUNTS[2][0], SAMPLE_ACCOUNTS[2][1])
    assert window.settings is not None
    window.work.setCurrentWidget(window.settings)
    shooter.shot("13-settings")
    settings = window.settings
    audit = settings.audit_log  # read back: who did what at this window
    found: list[bool] = []
    audit.loaded.connect(lambda: found.append(True))
    audit.search_button.click()
    wait_until(lambda: bool(found))
    settings.ensureWidgetVisible(audit)
    shooter.shot("13b-audit-log")
    # An administrator's one-time codes, as a production window asks for them at the first
    # sign-in (the training hall never does); closed as done, so the tour goes on signed in.
    window.require_second_factor()
    assert window.second_factor_dialog is not None
    shooter.shot("12b-second-factor-setup", window.second_factor_dialog)
    window.second_factor_dialog.accept()
    approvals = window.approvals  # an administrator decides approvals too
    assert approvals is not None
    window.show_approvals()
    wait_until(lambda: approvals.table.rowCount() > 0)
    shooter.shot("13a-approvals-inbox")
    crash = CrashDialog(
        running.crash.crash_dir / "crash-20261127T020000000000Z.log",
        "RuntimeError: 示例错误",
        window,
    )
    crash.show()
    shooter.shot("14-error-dialog", crash)
    crash.close()
    window.sign_out()
    supervisor_tour(running, shooter)
    return shooter.taken


def agent_state(intake: IntakeScreen, reader: Any, shooter: Shooter) -> None:
    """代办: the applicant's card read first, then, with 代办 on, the agent's."""
    reader.place("resident")
    wait_until(lambda: bool(intake.identity.name.text()))
    reader.remove()
    identity = intake.identity
    identity.agent_switch.setChecked(True)
    reader.place("resident_uyghur")
    wait_until(lambda: bool(identity.agent.name.text()))
    reader.remove()
    identity.agent.relation.setCurrentIndex(identity.agent.relation.findData("子女"))
    shooter.shot("03a-intake-agent")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots")
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="counter-screenshots-") as tmp:
        home = Home(Path(tmp) / "home").claim(training=True)
        hall = TrainingHall(home)
        running: RunningApp | None = None
        try:
            config = hall.prepare(load_config(home))
            running = build(home, config, "zh", training=hall)
            running.window.show()
            for size in SIZES:
                run_tour(running, args.out, size)
            # English strings run ~30 % longer: the same tour shows the layouts hold.
            running.window.close()
            running.stop()
            running = build(home, config, "en", training=hall)
            running.window.show()
            run_tour(running, args.out, SIZES[0], "-en")
        finally:
            if running is not None:
                running.window.close()
                running.stop()
            hall.stop()
            QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
