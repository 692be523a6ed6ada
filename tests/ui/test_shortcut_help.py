"""F1: the window's keys as the signed-in role has them, read from the shortcuts themselves,
and the terms of 办件 in a line each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import CLERK, SUPERVISOR, login
from ui.app import RunningApp
from ui.shortcut_help import ShortcutHelpDialog, window_keys


def _help_on_f1(qtbot, running: RunningApp) -> ShortcutHelpDialog:
    window = running.window
    qtbot.keyClick(window.intake, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(ShortcutHelpDialog) is not None)
    dialog = window.findChild(ShortcutHelpDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _rows(dialog: ShortcutHelpDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [
        tuple(table.item(row, column).text() for column in range(3))  # type: ignore[misc]
        for row in range(table.rowCount())
    ]


def test_f1_lists_the_keys_each_screen_defines_and_explains_the_terms(
    qtbot, running: RunningApp
) -> None:
    login(qtbot, running, CLERK)
    dialog = _help_on_f1(qtbot, running)
    rows = _rows(dialog)
    assert rows[0] == ("F1", "任何页面", "本窗口的快捷键与常用术语")
    for row in (
        ("Ctrl+L", "任何页面", "锁屏（离开窗口时）"),
        ("Ctrl+2", "任何页面", "打开「案件」页"),
        ("F12", "任何页面", "叫号"),
        ("F2", "受理", "读卡"),
        ("F5", "受理", "受理"),
        ("F6", "受理", "一次性告知"),
        ("F8", "受理", "不予受理"),
        ("Ctrl+R", "受理", "必需材料全部收取"),
        ("Alt+D", "受理", "代办（他人到场办理）"),
        ("F5", "案件", "刷新列表"),
        ("Ctrl+F", "案件", "查找办件（办件编号、证件号码、手机号或姓名）"),
    ):
        assert row in rows, row
    # Each key a screen binds is said what it does, by that screen's own words; the main
    # keyboard's Return and the keypad's Enter are one key to a clerk.
    assert all(what for _key, _where, what in rows)
    assert ("Ctrl+Enter", "受理", "办理一件事") in rows
    assert not any("Return" in key for key, _where, _what in rows)
    keys_on_intake = [key for key, where, _what in rows if where == "受理"]
    assert keys_on_intake[:8] == ["F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"]
    # A clerk has no supervisor's tab, so no key for one.
    assert not any(key in ("Ctrl+D", "Ctrl+4", "Ctrl+T") for key, _where, _what in rows)
    terms = dialog.terms.text()
    for term in ("容缺受理", "一次性告知", "告知承诺", "免交（电子证照）", "即办件 / 承诺件"):
        assert f"<b>{term}</b>" in terms


def test_a_supervisors_help_names_their_tabs_keys(qtbot, running: RunningApp) -> None:
    login(qtbot, running, SUPERVISOR)
    keys = window_keys(running.window)
    assert ("Ctrl+D", "任何页面", "打开「容缺到期」页") in keys
    assert ("Alt+V", "大厅队列", "审核") in keys


def test_f1_does_nothing_on_the_login_screen(qtbot, running: RunningApp) -> None:
    window = running.window
    qtbot.keyClick(window.login.username, Qt.Key.Key_F1)
    QApplication.processEvents()
    assert window.findChild(ShortcutHelpDialog) is None
