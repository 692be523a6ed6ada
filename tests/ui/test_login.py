"""Login, wrong password, idle lock that keeps the draft, unlock."""

from __future__ import annotations

from tests.ui.conftest import CLERK, PASSWORD, login


def test_wrong_password_says_so_and_keeps_the_username(qtbot, running) -> None:
    window = running.window
    window.login.username.setText(CLERK)
    window.login.password.setText("wrong-password")
    window.login.button.click()
    qtbot.waitUntil(window.login.error.isVisible, timeout=20_000)
    assert window.login.username.text() == CLERK
    assert window.login.password.text() == ""
    assert window.stack.currentWidget() is window.login


def test_lock_keeps_the_draft_and_unlocks_with_the_password(qtbot, running) -> None:
    window = running.window
    login(qtbot, running)
    assert window.stack.currentWidget() is window.work
    window.intake.identity.name.setText("测试𠮷·名")
    window.lock_screen()
    assert window.stack.currentWidget() is window.lock
    window.lock.password.setText(PASSWORD)
    window.lock.button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.work, timeout=20_000)
    assert window.intake.identity.name.text() == "测试𠮷·名"
