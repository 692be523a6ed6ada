"""The signed-in clerk changes their own password from the status bar (their name): the
current one first, the new one twice; a refusal says why and keeps what was typed, the field
at fault chosen; the next sign-in takes the new password. (A register account's change on
the platform: tests/sync/test_staff_passwords.py.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from counter_app.domain.staff import hash_password
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.auth import Accounts, InvalidCredentials
from counter_app.store.database import open_store
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import enrol_home
from tests.ui.conftest import CLERK, PASSWORD, login, training_home, window_on
from ui.password_change import PasswordChangeDialog

NEW_PASSWORD = "Counter-2027-new"


def test_the_clerk_changes_their_password_from_their_name_in_the_status_bar(
    qtbot, seeded_home
) -> None:
    home, config = seeded_home
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        window = app.window
        assert not window.user_button.isEnabled()  # nobody signed in: nothing to change
        login(qtbot, app, CLERK, PASSWORD)
        assert window.user_button.toolTip() == "点击修改密码"
        window.user_button.click()
        dialog = window.password_dialog
        assert isinstance(dialog, PasswordChangeDialog) and dialog.isVisible()

        dialog.current.setText("Not-the-one-1")
        dialog.new.setText(NEW_PASSWORD)
        dialog.repeat.setText("Counter-2027-neu")
        dialog.buttons.accepted.emit()
        assert dialog.error.text() == "两次输入的新密码不一致。"  # nothing sent
        dialog.repeat.setText(NEW_PASSWORD)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.error.text().startswith("当前密码不正确，密码没有更改。"))
        assert dialog.current.hasFocus() and dialog.new.text() == NEW_PASSWORD

        dialog.current.setText(PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=30_000):
            dialog.buttons.accepted.emit()
        assert window.status_note.note == "密码已修改，下次登录请使用新密码。"
    store = open_store(home, config)
    try:
        accounts = Accounts(store)
        assert accounts.authenticate(CLERK, NEW_PASSWORD).username == CLERK
        with pytest.raises(InvalidCredentials):
            accounts.authenticate(CLERK, PASSWORD)
    finally:
        store.close()


def test_a_password_someone_else_set_is_changed_before_any_work(qtbot, seeded_home) -> None:
    """An administrator's new account: right after signing in its member sets their own
    password, or is signed out (the dialog's other button, or the idle lock closing it)."""
    home, config = seeded_home
    store = open_store(home, config)
    try:
        Accounts(store).add_user("zhao.new", PASSWORD, "clerk", "赵新", initial=True)
    finally:
        store.close()
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        window = app.window
        for leave in ("sign out", "idle lock"):
            login(qtbot, app, "zhao.new", PASSWORD)
            dialog = window.password_dialog
            assert isinstance(dialog, PasswordChangeDialog)
            qtbot.waitUntil(dialog.isVisible)
            assert dialog.findChild(QLabel, "passwordChangeRequired") is not None
            cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            assert cancel.text() == "退出登录"
            if leave == "sign out":
                cancel.click()
            else:
                window.lock_screen()
            qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login)
            assert window.session.user is None

        login(qtbot, app, "zhao.new", PASSWORD)
        dialog = window.password_dialog
        assert isinstance(dialog, PasswordChangeDialog)
        dialog.current.setText(PASSWORD)
        dialog.new.setText(NEW_PASSWORD)
        dialog.repeat.setText(NEW_PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=30_000):
            dialog.buttons.accepted.emit()
        assert window.stack.currentWidget() is window.work
    store = open_store(home, config)
    try:
        assert not Accounts(store).authenticate("zhao.new", NEW_PASSWORD).must_change_password
    finally:
        store.close()


def test_offline_a_register_account_works_on_and_is_asked_again(
    qtbot, tmp_path: Path, central: RunningCentral
) -> None:
    """The operator's password of a register account, first used while the platform is down:
    the counter works offline, so its member works on unchanged, told so, and is asked again
    at the next sign-in."""
    home, config = training_home(tmp_path / "home")
    config = enrol_home(home, central, config.hall.hall_code, config.hall.window_code)
    store = open_store(home, config)
    try:
        Accounts(store).apply_platform_account(
            "li.ming",
            "李明",
            "clerk",
            disabled=False,
            verifier=hash_password(PASSWORD),
            must_change_password=True,
        )
    finally:
        store.close()
    central.stop()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        window = app.window
        login(qtbot, app, "li.ming", PASSWORD)
        dialog = window.password_dialog
        assert isinstance(dialog, PasswordChangeDialog)
        assert not dialog.continue_button.isVisible()  # only once the platform is out of reach
        dialog.current.setText(PASSWORD)
        dialog.new.setText(NEW_PASSWORD)
        dialog.repeat.setText(NEW_PASSWORD)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(dialog.continue_button.isVisible, timeout=30_000)
        assert "须在连接平台时更改密码" in dialog.error.text()
        dialog.continue_button.click()
        assert not dialog.isVisible() and window.stack.currentWidget() is window.work
        assert window.status_note.note.startswith("密码尚未修改")
        window.sign_out()
        login(qtbot, app, "li.ming", PASSWORD)  # unchanged: asked again
        again = window.password_dialog
        assert again is not dialog and isinstance(again, PasswordChangeDialog)
        qtbot.waitUntil(again.isVisible)


def test_an_old_password_is_changed_before_any_work(qtbot, seeded_home) -> None:
    home, config = seeded_home
    # The training hall's sample passwords never expire; a hall's do, after 90 days.
    config = replace(config, security=replace(config.security, password_max_age_days=90))
    store = open_store(home, config)
    try:
        long_ago = datetime.now(UTC) - timedelta(days=91)
        Accounts(store, now=lambda: long_ago).add_user("qian.old", PASSWORD, "clerk", "钱旧")
    finally:
        store.close()
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app, "qian.old", PASSWORD)
        dialog = app.window.password_dialog
        assert isinstance(dialog, PasswordChangeDialog)
        why = dialog.findChild(QLabel, "passwordChangeRequired")
        assert why is not None and why.text() == "您的密码已使用超过 90 天：请更换后再开始办理。"
        dialog.current.setText(PASSWORD)
        dialog.new.setText(NEW_PASSWORD)
        dialog.repeat.setText(NEW_PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=30_000):
            dialog.buttons.accepted.emit()


def test_guessing_the_current_password_locks_the_account_and_signs_out(qtbot, seeded_home) -> None:
    """Somebody at a window left signed in cannot guess its user's password without end: each
    wrong current password is a failed sign-in, and the lockout ends the session too."""
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        window = app.window
        login(qtbot, app, CLERK, PASSWORD)
        window.user_button.click()
        dialog = window.password_dialog
        assert isinstance(dialog, PasswordChangeDialog)
        dialog.new.setText(NEW_PASSWORD)
        dialog.repeat.setText(NEW_PASSWORD)
        for attempt in range(1, window.session.config.security.max_login_failures):
            dialog.current.setText(f"Guess-number-{attempt}")
            dialog.buttons.accepted.emit()
            qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.error.isVisible())
        dialog.current.setText("Guess-number-last")
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login)
        assert window.session.user is None and "锁定" in window.login.error.text()
