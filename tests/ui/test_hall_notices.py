"""Hall notices in the real window, with a real platform: a notice published to the hall
arrives with the next sync and shows in the banner (Ctrl+J reads it) and the notices tab
(Enter reads one); a supervisor publishes from the window (Ctrl+G) and the notice
reaches another window of the hall; a clerk reads notices but cannot publish."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from central.store import open_store as open_central_store
from central.store import publishing
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.database import open_store
from counter_app.store.hall_notices import hall_notices
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG
from tests.sync.conftest import enrol_home, make_engine
from tests.ui.conftest import SUPERVISOR, activate, login
from ui.app import RunningApp
from ui.hall_notices import NoticeComposeDialog

pytestmark = pytest.mark.integration

SUPERVISOR_NAME = "李建国"  # the training hall's sample supervisor


def platform_publishes(central: RunningCentral, hall: str, title: str, body: str) -> None:
    store = open_central_store(central.db, central.key_file)
    try:
        publishing.publish_notice(store, hall, title, body)
    finally:
        store.close()


def test_a_notice_shows_in_the_banner_and_the_list_and_is_read_by_keyboard(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    login(qtbot, enrolled_window)  # a clerk
    banner, notices = window.notice_banner, window.notices
    assert notices is not None and not banner.isVisible()
    hall = window.session.config.hall.hall_code
    platform_publishes(central, hall, "系统升级", "")  # the operator's may have no text
    platform_publishes(central, hall, "午间暂停", "请各窗口知悉。\n第二段。")

    enrolled_window.session.sync_now_requested.emit()
    qtbot.waitUntil(banner.isVisible, timeout=60_000)
    assert "午间暂停" in banner.text.text()  # the newest unread first
    activate(qtbot, window)
    assert [notices.table.item(r, 1).text() for r in range(notices.table.rowCount())] == [
        "午间暂停",
        "系统升级",
    ]
    assert [notices.table.item(r, 2).text() for r in range(2)] == ["平台", "平台"]  # the operator's

    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "系统升级" in banner.text.text(), timeout=20_000)
    assert notices.table.item(0, 0).text() == "已读"

    # The notices tab: Enter on the older one reads it, and the banner goes.
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.work.currentWidget() is notices
    assert notices.body.toPlainText() == "请各窗口知悉。\n第二段。"  # the newest, selected
    notices.table.setCurrentCell(1, 0)
    assert notices.body.toPlainText() == ""
    qtbot.keyClick(notices.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20_000)
    assert [notices.table.item(r, 0).text() for r in range(2)] == ["已读", "已读"]

    # Read state is the user's: the supervisor signing in here has both unread.
    window.sign_out()
    assert not banner.isVisible()
    login(qtbot, enrolled_window, SUPERVISOR)
    qtbot.waitUntil(banner.isVisible, timeout=20_000)
    assert "午间暂停" in banner.text.text()


def test_a_supervisor_publishes_and_the_notice_reaches_another_window(
    qtbot, tmp_path: Path, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    login(qtbot, enrolled_window, SUPERVISOR)
    notices = window.notices
    assert notices is not None and notices.publish_button.isVisibleTo(notices)
    activate(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier,
    )
    dialog = notices.compose_dialog
    assert isinstance(dialog, NoticeComposeDialog) and dialog.isVisible()
    dialog.title.setText("暂停取号")
    dialog.body.setPlainText("12:00-13:00 暂停取号。")
    with qtbot.waitSignal(notices.published, timeout=30_000):
        dialog.ok_button().click()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: notices.table.rowCount() == 1, timeout=20_000)
    assert notices.table.item(0, 1).text() == "暂停取号"
    assert notices.table.item(0, 0).text() == "已读"  # its publisher has read it
    assert notices.table.item(0, 2).text() == SUPERVISOR_NAME
    assert not window.notice_banner.isVisible()

    # Window W02 of the same hall gets it with its next sync.
    home2 = Home(tmp_path / "home-w02").ensure()
    home2.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    config2 = enrol_home(home2, central, window.session.config.hall.hall_code, "W02")
    store2 = open_store(home2, config2)
    try:
        make_engine(home2, config2, store2).run_once()
        # Who published it comes along: by name where this PC knows the account, else as
        # the user name.
        [notice] = hall_notices(store2, "clerk2")
        assert (notice.title, notice.read) == ("暂停取号", False)
        assert (notice.published_by, notice.publisher_name) == (SUPERVISOR, SUPERVISOR)
        Accounts(store2).add_user(SUPERVISOR, "Counter-2026-ok", "supervisor", SUPERVISOR_NAME)
        [notice] = hall_notices(store2, "clerk2")
        assert notice.publisher_name == SUPERVISOR_NAME
    finally:
        store2.close()


def test_publishing_offline_is_refused_in_the_dialog(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    login(qtbot, enrolled_window, SUPERVISOR)
    assert window.notices is not None
    central.stop()
    window.notices.compose()
    dialog = window.notices.compose_dialog
    assert dialog is not None
    dialog.title.setText("暂停取号")
    dialog.body.setPlainText("12:00-13:00 暂停取号。")
    dialog.ok_button().click()
    qtbot.waitUntil(dialog.error.isVisible, timeout=30_000)
    assert "通知未发布" in dialog.error.text()
    assert dialog.isVisible() and dialog.ok_button().isEnabled()


def test_a_clerk_reads_notices_but_cannot_publish(qtbot, enrolled_window: RunningApp) -> None:
    window = enrolled_window.window
    login(qtbot, enrolled_window)
    notices = window.notices
    assert notices is not None
    assert not notices.publish_button.isVisibleTo(notices)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.work.currentWidget() is notices  # the notices tab is theirs too
    qtbot.keyClick(
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier,
    )
    assert notices.compose_dialog is None
