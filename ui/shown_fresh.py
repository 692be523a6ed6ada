"""Tabs whose rows or figures follow the hall queue's marker (a case here changed, or the
platform's hall queue feed brought something): read again when shown, or while shown when
a sync run reports, only if the marker moved since they were read."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from ui.window_session import Session


class MarkedScreen(Protocol):
    session: Session
    shown_at: tuple[int, int]  # the marker when what is shown was read

    def isVisible(self) -> bool: ...

    def refresh(self) -> None: ...


def refresh_if_changed(screen: MarkedScreen) -> None:
    """``screen.refresh()`` when the marker moved since ``screen.shown_at``; nothing for a
    hidden screen (nobody would see the rows: it checks when it is shown) or with nobody
    signed in. A quiet sync run costs one small query."""
    if screen.session.username is None or not screen.isVisible():
        return
    screen.session.worker.submit(
        lambda ws: ws.hall_queue_marker(),
        lambda marker: screen.refresh() if marker != screen.shown_at else None,
        screen.session.report_error,
        name="hall_queue_marker",
    )


def as_of_text(read_at: datetime) -> str:
    """When the figures shown were read (hall time), as their screen says it: 统计时间 09:41."""
    return QCoreApplication.translate("shown_fresh", "统计时间 {time}").format(
        time=read_at.strftime("%H:%M")
    )
