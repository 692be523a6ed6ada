"""Crash handling with draft recovery, English, and 容缺 with a supervisor."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QDialog

from tests.ui.conftest import PASSWORD, login, restarted
from tests.ui.intake_steps import (
    approve_as_supervisor,
    confirm_automatically,
    fill_from_card_and_choose_item,
)
from ui.approval import SupervisorApprovalDialog
from ui.i18n import install_language
from ui.intake.dialogs import MrzDialog
from ui.login import LoginScreen


def test_crash_writes_a_log_and_the_draft_comes_back_next_start(
    qtbot, running, seeded_home
) -> None:
    home = seeded_home[0]
    window = running.window
    login(qtbot, running)
    window.intake.identity.name.setText("𪚥·测试")
    window.intake.identity.id_number.setText("110101199003070035")
    running.crash.show_dialog = False
    running.crash.install()
    try:
        raise RuntimeError("simulated failure")
    except RuntimeError as exc:
        with qtbot.waitSignal(running.session.worker.idle, timeout=20_000):
            running.crash.handle(type(exc), exc, exc.__traceback__)
    log_file = running.crash.last_log
    assert log_file is not None and log_file.parent == home.crash_dir
    assert "simulated failure" in log_file.read_text(encoding="utf-8")
    assert (log_file.stat().st_mode & 0o777) == 0o600
    # The draft is stored encrypted: the ID number is not in the database in clear.
    raw = sqlite3.connect(home.db_path).execute("SELECT content_enc FROM drafts").fetchone()[0]
    assert b"110101199003070035" not in raw
    with restarted(qtbot, running) as again:
        login(qtbot, again)
        qtbot.waitUntil(
            lambda: again.window.intake.identity.name.text() == "𪚥·测试", timeout=20_000
        )
        assert again.window.intake.identity.id_number.text() == "110101199003070035"


def test_english_translation_is_built_and_used(qtbot) -> None:
    assert install_language("en")
    try:
        screen = LoginScreen("Hall")
        qtbot.addWidget(screen)
        assert screen.button.text() == "Sign in (Enter)"
    finally:
        install_language("zh")
    screen = LoginScreen("Hall")
    qtbot.addWidget(screen)
    assert screen.button.text() == "登录 (Enter)"


def test_deferred_acceptance_needs_a_supervisor_on_the_clerks_screen(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    approvals: list[SupervisorApprovalDialog] = []

    def exec_(dialog: SupervisorApprovalDialog) -> int:
        approvals.append(dialog)
        dialog.username.setText("clerk01")  # a clerk cannot approve
        dialog.password.setText(PASSWORD)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=20_000)
        return approve_as_supervisor(qtbot, dialog)

    monkeypatch.setattr(SupervisorApprovalDialog, "exec", exec_)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    optional = [row for row in intake.checklist.rows if not row.material.core]
    assert optional, "the chosen item has a non-core material"
    target = optional[0]
    target.status.setCurrentIndex(target.status.findData("deferred"))
    assert intake.summary.can_defer
    with qtbot.waitSignal(intake.case_stored, timeout=30_000, raising=False) as stored:
        intake.decide("defer")
    warning = getattr(intake, "warning", None)
    assert stored.signal_triggered, warning.text() if warning is not None else "no case stored"
    assert approvals
    cases = running.window.cases
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    row = next(r for r in cases.model.rows if r.case_id == stored.args[0])
    assert row.state == "accepted_deferred"


# ICAO 9303 Part 4 specimen, and the same with one digit of the document number mistyped.
SPECIMEN_MRZ = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
MISTYPED_MRZ = SPECIMEN_MRZ.replace("L898902C3", "L898903C3")


def test_a_typed_mrz_with_a_wrong_check_digit_is_refused_and_kept(
    qtbot, running, monkeypatch
) -> None:
    login(qtbot, running)
    identity = running.window.intake.identity
    identity.phone.setText("13912340000")
    seen: list[tuple[str, str, int]] = []

    def exec_(self: MrzDialog) -> int:
        """The clerk types the MRZ with a typo, presses 解析, reads the error, fixes it."""
        self.text.setPlainText(MISTYPED_MRZ)
        self.buttons.accepted.emit()
        seen.append((self.error.text(), self.text.toPlainText(), self.result()))
        self.text.setPlainText(SPECIMEN_MRZ)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(MrzDialog, "exec", exec_)
    running.window.intake.open_mrz()
    [(error, kept, result)] = seen
    assert "证件号码校验位错误" in error
    assert kept == MISTYPED_MRZ and result != QDialog.DialogCode.Accepted
    assert identity.id_number.text() == "L898902C3"
    assert identity.phone.text() == "13912340000"


def test_a_typed_mrz_of_the_wrong_length_is_explained_as_typing_and_kept(
    qtbot, running, monkeypatch
) -> None:
    login(qtbot, running)
    identity = running.window.intake.identity
    short = SPECIMEN_MRZ[:-1]
    seen: list[tuple[str, str, int]] = []

    def exec_(self: MrzDialog) -> int:
        """The clerk misses the last character, reads the error, then types it again with a
        Chinese input method in Chinese punctuation mode ("<" comes out as 《)."""
        self.text.setPlainText(short)
        self.buttons.accepted.emit()
        seen.append((self.error.text(), self.text.toPlainText(), self.result()))
        self.text.setPlainText(SPECIMEN_MRZ.replace("<", "《"))
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(MrzDialog, "exec", exec_)
    running.window.intake.open_mrz()
    [(error, kept, result)] = seen
    assert "第2行应为44个字符，实际43个" in error and "读卡" not in error
    assert kept == short and result != QDialog.DialogCode.Accepted
    assert identity.id_number.text() == "L898902C3"
