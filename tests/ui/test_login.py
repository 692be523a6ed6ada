"""Login, wrong password, idle lock that keeps the draft, unlock, language choice."""

from __future__ import annotations

from PySide6.QtCore import QTimer

import ui.app
from counter_app.config import load_config
from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, login
from ui.app import RunningApp
from ui.i18n import install_language


def test_wrong_password_says_so_and_keeps_the_username(qtbot, running) -> None:
    window = running.window
    window.login.username.setText(CLERK)
    window.login.password.setText("wrong-password")
    window.login.button.click()
    qtbot.waitUntil(window.login.error.isVisible, timeout=20_000)
    assert window.login.username.text() == CLERK
    assert window.login.password.text() == ""
    assert window.stack.currentWidget() is window.login


def test_a_sign_in_says_when_the_last_one_here_was_and_the_failed_attempts_since(
    qtbot, running
) -> None:
    window = running.window
    login(qtbot, running, CLERK, PASSWORD)
    assert window.status_note.note == ""  # the seeded hall's first sign-in here
    window.sign_out()
    window.login.username.setText(CLERK)
    window.login.password.setText("wrong-password")
    window.login.button.click()
    qtbot.waitUntil(window.login.error.isVisible, timeout=20_000)
    login(qtbot, running, CLERK, PASSWORD)
    said = window.status_note.note
    assert said.startswith("上次在本窗口登录：20")
    assert "此后有 1 次密码或动态口令错误，如非本人所为请告知管理员" in said


def test_the_sign_in_note_sits_beside_the_status_bar_items_never_over_them(
    qtbot, window_in: RunningApp
) -> None:
    """At 1366 px, in English too: the note of the last sign-in here takes the room the
    user's name, the reader and the Ctrl+L hint leave; all of them stay in sight, apart."""
    window = window_in.window
    login(qtbot, window_in, SUPERVISOR, PASSWORD)
    window.sign_out()
    login(qtbot, window_in, SUPERVISOR, PASSWORD)  # now there is a last sign-in to tell
    note = window.status_note
    assert note.note and note.toolTip() == note.note
    items = [window.user_button, window.reader_label, window.lock_hint, note]
    qtbot.waitUntil(lambda: all(item.isVisible() and item.width() > 0 for item in items))
    places = [item.geometry() for item in items]
    assert all(
        not places[i].intersects(places[j])
        for i in range(len(places))
        for j in range(i + 1, len(places))
    ), places
    assert note.text() == note.note or note.text().endswith("…")
    assert note.geometry().right() < window.sync_button.geometry().left()
    window.sign_out()
    assert note.note == ""  # the last user's note goes with them


def test_lock_keeps_the_draft_and_unlocks_with_the_password(qtbot, running) -> None:
    window = running.window
    assert window.lock_hint.isHidden()  # nobody signed in: nothing to lock
    login(qtbot, running)
    assert window.stack.currentWidget() is window.work and not window.lock_hint.isHidden()
    window.intake.identity.name.setText("测试𠮷·名")
    window.lock_screen()
    assert window.stack.currentWidget() is window.lock
    # A wrong password on the lock screen, whose member is known: the tries still left.
    window.lock.password.setText("not-the-password")
    window.lock.button.click()
    qtbot.waitUntil(window.lock.error.isVisible, timeout=20_000)
    tries = running.session.config.security.max_login_failures - 1
    assert window.lock.error.text() == f"密码不正确。再输错 {tries} 次，账号将被锁定。"
    window.lock.password.setText(PASSWORD)
    window.lock.button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.work, timeout=20_000)
    assert window.intake.identity.name.text() == "测试𠮷·名"


def test_choosing_english_reopens_the_window_in_english(qapp, seeded_home, monkeypatch) -> None:
    """The language is picked on the login screen; the window comes back in it at once,
    with the workers and the sync process started again, and the choice is kept."""
    home, config = seeded_home
    built: list[RunningApp] = []
    seen: dict[str, str] = {}
    real_build = ui.app.build

    def step(running: RunningApp) -> None:
        login = running.window.login
        if len(built) == 1:
            login.username.setText(CLERK)
            login.language.setCurrentIndex(login.language.findData("en"))
            login.language.activated.emit(login.language.currentIndex())
        else:
            seen.update(button=login.button.text(), lang=running.session.lang)
            running.app.quit()

    def watch(*args, **kwargs) -> RunningApp:
        running = real_build(*args, **kwargs)
        running.crash.uninstall()
        built.append(running)
        running.window.ready.connect(lambda: QTimer.singleShot(0, lambda: step(running)))
        return running

    monkeypatch.setattr(ui.app, "build", watch)
    # run() routes SIGINT/SIGTERM to the window: not in the test runner's process.
    monkeypatch.setattr(ui.app.signal, "signal", lambda *_args: None)
    guard = QTimer()  # never hang the suite
    guard.setSingleShot(True)
    guard.timeout.connect(qapp.quit)
    guard.start(60_000)
    try:
        assert ui.app.run(home, config, "zh") == 0
    finally:
        guard.stop()
        install_language("zh")
        built[-1].window.hide()  # run() has closed the others
        # Hiding the last window posts Qt's quit-on-last-window-closed event: deliver it
        # here, in a loop of this test's own, so it cannot end a later test's event loop.
        QTimer.singleShot(0, qapp.quit)
        qapp.exec()
    assert len(built) == 2 and all(running.stopped for running in built)
    assert seen == {"button": "Sign in (Enter)", "lang": "en"}
    assert load_config(home).ui.lang == "en"
