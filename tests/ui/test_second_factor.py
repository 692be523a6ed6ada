"""One-time codes at the window (等保 level 3, ``security.second_factor``): a supervisor
without them sets them up right after signing in (QR code, then password and the app's code),
or is signed out; from then on the login screen and the supervisor's approval on a clerk's
screen ask for the code after the right password, keeping the password typed. (A register
account's set-up on the platform: tests/sync/test_staff_second_factors.py.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtWidgets import QDialogButtonBox

from counter_app.config import Config
from counter_app.domain.one_time_codes import code_for_step, step_at
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.auth import Accounts
from counter_app.store.database import open_store
from tests.ui.conftest import CLERK, PASSWORD, login, window_on
from ui.approval import SupervisorApprovalDialog, verify_on_worker
from ui.second_factor_setup import SecondFactorSetUpDialog

SUPERVISOR = "zhou.sup"
# Their own (a production window refuses the training hall's published password).
SUPERVISOR_PASSWORD = "Counter-2026-ok"


def _production(seeded_home: tuple[Home, Config]) -> tuple[Home, Config]:
    """The seeded hall as a production window whose privileged roles need one-time codes
    (the training hall never asks for them), with a supervisor made on this PC."""
    home, config = seeded_home
    config = replace(
        config,
        hall=replace(config.hall, training=False),
        security=replace(config.security, second_factor="privileged"),
    )
    store = open_store(home, config)
    try:
        Accounts(store).add_user(SUPERVISOR, SUPERVISOR_PASSWORD, "supervisor", "周值班")
    finally:
        store.close()
    return home, config


def _code(secret: str, steps: int = 0) -> str:
    return code_for_step(secret, step_at(datetime.now(UTC)) + steps)


def _sign_in(qtbot, window, username: str) -> None:
    window.login.username.setText(username)
    window.login.password.setText(SUPERVISOR_PASSWORD)
    window.login.button.click()


def test_a_supervisor_sets_up_codes_before_any_work_then_signs_in_with_one(
    qtbot, seeded_home
) -> None:
    home, config = _production(seeded_home)
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        window = app.window
        # Signing out instead (or the idle lock) ends the session.
        login(qtbot, app, SUPERVISOR, SUPERVISOR_PASSWORD)
        dialog = window.second_factor_dialog
        assert isinstance(dialog, SecondFactorSetUpDialog)
        qtbot.waitUntil(dialog.isVisible)
        cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "退出登录"
        cancel.click()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login)

        login(qtbot, app, SUPERVISOR, SUPERVISOR_PASSWORD)
        dialog = window.second_factor_dialog
        assert isinstance(dialog, SecondFactorSetUpDialog)
        assert not dialog.findChild(type(dialog.secret), "secondFactorQr").pixmap().isNull()
        secret = dialog.secret.text().split("：")[-1].replace(" ", "")
        assert len(secret) == 32
        dialog.password.setText(SUPERVISOR_PASSWORD)
        dialog.code.setText(_code(secret, 5))
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.error.text().startswith("动态口令不正确"), timeout=30_000)
        assert dialog.code.hasFocus() and dialog.password.text() == SUPERVISOR_PASSWORD
        dialog.code.setText(_code(secret))
        with qtbot.waitSignal(dialog.accepted, timeout=30_000):
            dialog.buttons.accepted.emit()
        assert window.status_note.note.startswith("动态口令已设置")
        assert window.stack.currentWidget() is window.work
        window.sign_out()

        # The password alone asks for the code and stays typed; the code signs in.
        _sign_in(qtbot, window, SUPERVISOR)
        login_screen = window.login
        qtbot.waitUntil(lambda: login_screen.code.shown, timeout=30_000)
        assert login_screen.error.text() == "请输入手机验证器上显示的 6 位动态口令。"
        assert login_screen.password.text() == SUPERVISOR_PASSWORD
        assert window.focusWidget() is login_screen.code.field  # once the window is active
        login_screen.code.field.setText(_code(secret, 1))
        with qtbot.waitSignal(window.signed_in, timeout=30_000):
            login_screen.button.click()
        assert window.second_factor_dialog is dialog  # not asked to set up again
        # The idle lock opens again with the password alone: the code proved them at sign-in.
        window.lock_screen()
        window.lock.password.setText(SUPERVISOR_PASSWORD)
        window.lock.button.click()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.work, timeout=30_000)
        window.sign_out()
        assert not login_screen.code.shown  # the next person starts from the password


def test_a_supervisors_approval_on_a_clerks_screen_asks_for_the_code(qtbot, seeded_home) -> None:
    home, config = _production(seeded_home)
    store = open_store(home, config)
    try:
        from counter_app.domain.one_time_codes import new_secret

        secret = new_secret()
        Accounts(store).enrol_second_factor(SUPERVISOR, secret, _code(secret))
    finally:
        store.close()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        window = app.window
        login(qtbot, app, CLERK, PASSWORD)
        dialog = SupervisorApprovalDialog("超量受理", "", need_reason=False, parent=window)
        approved = []
        verify_on_worker(
            dialog,
            window.session.worker,
            "over_limit",
            "target-1",
            lambda supervisor, _reason: approved.append(supervisor.username),
        )
        dialog.show()
        dialog.username.setText(SUPERVISOR)
        dialog.password.setText(SUPERVISOR_PASSWORD)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.code.shown, timeout=30_000)
        assert (
            "6 位动态口令" in dialog.error.text() and dialog.password.text() == SUPERVISOR_PASSWORD
        )
        dialog.code.field.setText(_code(secret, -5))
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.error.text().startswith("动态口令不正确"), timeout=30_000)
        assert dialog.password.text() == SUPERVISOR_PASSWORD  # only the code is typed again
        dialog.code.field.setText(_code(secret, 1))
        with qtbot.waitSignal(dialog.accepted, timeout=30_000):
            dialog.buttons.accepted.emit()
        assert approved == [SUPERVISOR]
