"""When a window's first frame is on screen: the moment the counter counts as started (the
start-up benchmark measures to it, and the rest of the counter is started from it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class FirstFrame(QObject):
    """Emits ``painted`` on the next turn of the event loop after ``widget`` was first painted
    (the frame is on screen and queued input is being handled), then stops watching."""

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self.painted.emit)
        return False
