"""A wrong password at the sign-in is the person's mistake: one warning line in the log,
no traceback (the audit log keeps who and how many)."""

from __future__ import annotations

import logging

from tests.ui.conftest import CLERK
from ui.app import RunningApp


def test_a_wrong_password_is_one_warning_line_without_a_traceback(
    qtbot, running: RunningApp, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    window = running.window
    window.login.username.setText(CLERK)
    window.login.password.setText("wrong-password")
    window.login.button.click()
    qtbot.waitUntil(window.login.error.isVisible, timeout=20_000)
    [record] = [r for r in caplog.records if r.name == "ui.worker"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage().startswith("job login refused: Wrong username or password.")
