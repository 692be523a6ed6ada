"""The window's lock: after the configured minutes without a key or mouse event (or Ctrl+L)
the lock screen covers the work area, the draft saved and the case windows closed (a decided
applicant's receipt preview among them, and their form with it: the case is stored, the
receipt a keypress away, F9); the signed-in clerk's password opens it again. A card read
meanwhile changes nothing and asks nothing there: the last one is held, and offered to the
form at the unlock as if placed then (another applicant's card on a worked-on form asks the
clerk first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ui.i18n import error_text
from ui.widgets import close_dialogs

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow

    from counter_app.identity.document import IdentityDocument
    from ui.main_window import MainWindow

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Restarts a timer on every key or mouse event in the application; ``idle`` when it fires.

    It watches the top-level windows (where input arrives from the system), not the whole
    application: a filter on the application would run Python, and so wait for the GIL the
    sync and print threads hold, for every paint and layout event of every widget.
    """

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, round(minutes * 60_000)))
        self.timer.timeout.connect(self.idle)

    def watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # once per window: Qt ignores a repeat

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


def watch_idle(window: MainWindow, minutes: float) -> None:
    """Lock the screen after ``minutes`` without a key or mouse event."""
    window.idle = IdleWatcher(minutes, window)
    window.ready.connect(lambda: window.idle.watch(window.windowHandle()))  # exists once shown
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.focusWindowChanged.connect(window.idle.watch)  # dialogs too, as they get the focus
    window.idle.idle.connect(window.lock_screen)


@dataclass
class HeldCard:
    """The last card read while the window was locked, and whether it has been taken off
    the reader since."""

    document: IdentityDocument
    removed: bool = False


def hold_card(window: MainWindow, document: IdentityDocument) -> None:
    """Keep ``document`` (read while locked) for the unlock; the lock screen says a card
    waits, not whose."""
    window.session.held_card = HeldCard(document)
    window.lock.show_card_held()


def lock_screen(window: MainWindow) -> None:
    user = window.session.user
    if user is None or window.stack.currentWidget() is window.lock:
        return
    window.save_draft()
    window.idle.timer.stop()
    window.session.locked = True
    close_dialogs(window)
    window.lock.lock_for(user.display_name, user.username)
    window.stack.setCurrentWidget(window.lock)


def unlock(window: MainWindow, password: str) -> None:
    window.session.worker.submit(
        lambda ws: ws.unlock(password),
        lambda _user: unlocked(window),
        lambda exc: refused(window, exc),
        name="unlock",
    )


def refused(window: MainWindow, exc: BaseException) -> None:
    """The lock screen asks for the password only: a wrong one is said so (the core's words
    name the username too, which the clerk did not type here)."""
    from counter_app.services.auth import InvalidCredentials

    if isinstance(exc, InvalidCredentials):
        window.lock.wrong_password(exc.tries_left)
    else:
        window.lock.show_error(error_text(exc))


def unlocked(window: MainWindow) -> None:
    window.session.locked = False
    window.stack.setCurrentWidget(window.work)
    window.idle.timer.start()
    held, window.session.held_card = window.session.held_card, None
    if held is not None:
        window.card_read(held.document)
        if held.removed:
            window.card_removed()
