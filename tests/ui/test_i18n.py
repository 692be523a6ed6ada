"""Qt's own strings follow the window's language: in the Chinese window a message box's
standard buttons and the error dialog's "Show Details..." are Chinese (Qt's
``qtbase_zh_CN.qm``, shipped with PySide6), in the English window English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from ui.crash import CrashDialog
from ui.i18n import install_language

Button = QMessageBox.StandardButton


@pytest.fixture
def chinese_afterwards(qapp) -> Iterator[None]:
    yield
    install_language("zh")


def details_button(dialog: QMessageBox) -> str:
    """The text of the button that shows the detailed text (Qt's, no standard button)."""
    standard = {dialog.button(button) for button in Button if dialog.button(button) is not None}
    (details,) = [b for b in dialog.findChildren(QPushButton) if b not in standard]
    return details.text()


def test_a_message_box_s_standard_buttons_are_chinese_in_the_chinese_window(
    qtbot, chinese_afterwards: None
) -> None:
    assert install_language("zh")
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(Button.Ok | Button.Cancel)
    assert box.button(Button.Ok).text() == "确定"
    assert box.button(Button.Cancel).text() == "取消"


def test_the_error_dialog_shows_its_details_button_in_the_window_s_language(
    qtbot, tmp_path: Path, chinese_afterwards: None
) -> None:
    assert install_language("zh")
    dialog = CrashDialog(tmp_path / "crash.log", "Traceback …")
    qtbot.addWidget(dialog)
    assert details_button(dialog).startswith("显示详情")
    assert install_language("en"), "run `make translations` first"
    english = CrashDialog(tmp_path / "crash.log", "Traceback …")
    qtbot.addWidget(english)
    assert details_button(english).startswith("Show Details")
