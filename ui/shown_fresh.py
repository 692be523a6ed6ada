"""Tabs whose rows or figures follow the hall queue's marker (a case here changed, or the
platform's hall queue feed brought something): read again when shown, or while shown when
a sync run reports, only if the marker moved since they were read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.window_session import Session


class ShownFreshScreen(QWidget):
    """A tab that reads its rows or figures afresh when shown, and while shown when a sync
    run reports, only if the hall queue's marker moved since ``shown_at`` (the marker its
    ``refresh`` read with them; (-1, -1): never read, or to be read again)."""

    session: Session
    shown_at: tuple[int, int] = (-1, -1)
    # Reads the rows or figures afresh, and with them the marker: each tab's own method.
    refresh: Callable[[], None]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_if_changed()

    def refresh_if_changed(self) -> None:
        """``refresh()`` when the marker moved since ``shown_at``; nothing while hidden
        (nobody would see the rows: it checks when it is shown) or with nobody signed in. A
        quiet sync run costs one small query."""
        if self.session.username is None or not self.isVisible():
            return
        self.session.worker.submit(
            lambda ws: ws.hall_queue_marker(),
            lambda marker: self.refresh() if marker != self.shown_at else None,
            self.session.report_error,
            name="hall_queue_marker",
        )


def as_of_text(read_at: datetime) -> str:
    """When the figures shown were read (hall time), as their screen says it: 统计时间 09:41."""
    return QCoreApplication.translate("shown_fresh", "统计时间 {time}").format(
        time=read_at.strftime("%H:%M")
    )
