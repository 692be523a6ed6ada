"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 dropped a reference to
``None`` on every Qt call that returns nothing, so a window on Python 3.11 aborted ("Fatal
Python error: none_dealloc") after enough of them — a day at the counter paints millions.
pyproject pins a release without it; this keeps an upgrade from bringing it back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

CALLS = 1000


def test_qt_calls_returning_nothing_keep_none_s_references(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("预热")  # first calls may cache what later ones reuse
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("受理")
    # A leak loses one per call; the interpreter's own traffic moves a few either way.
    assert sys.getrefcount(None) - before > -CALLS // 2
