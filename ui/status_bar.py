"""The window's status bar: who is signed in (and in which role; a click changes their
password), the card reader's state, the Ctrl+L hint, a passing note (the last sign-in here,
a password changed), the queue ticket this window calls or serves with its steps (the ticket
bar), and the sync status, whose button opens the sync details.

The note is a widget of its own beside the others, not a ``QStatusBar`` message: a message
hides the user's name and the reader while it shows, and a hint shown again in the meantime
(the Ctrl+L one, at the next sign-in) is drawn under its text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolButton, QWidget

from ui.sync_status import SyncDetailsDialog, SyncStatusBridge, SyncStatusButton
from ui.widgets import data_tooltip, show_as_text

if TYPE_CHECKING:
    from counter_app.services.auth import User
    from ui.main_window import MainWindow

# The window's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


class StatusNote(QLabel):
    """A passing note: it takes the room the other items leave (none of theirs), elided at
    the right when that is short, the whole note in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusNote")
        show_as_text(self)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.say(""))

    def say(self, note: str, ms: int = 0) -> None:
        """Show ``note`` (for ``ms`` milliseconds; 0: until the next note)."""
        self.note = note
        self.setToolTip(data_tooltip(note) if note else "")  # none at the login (Qt namespace)
        self._elide()
        if ms:
            self.timer.start(ms)
        else:
            self.timer.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        if not self.note:  # as at the login, before the first frame (see ui/login.py)
            self.setText("")
            return
        from PySide6.QtCore import Qt  # its first use costs about 45 ms of CPU

        room = self.contentsRect().width()
        self.setText(self.fontMetrics().elidedText(self.note, Qt.TextElideMode.ElideRight, room))


def show_note(window: MainWindow, note: str, ms: int = 0) -> None:
    """A passing note in ``window``'s status bar (for ``ms`` milliseconds; 0: until the
    next one or the sign-out)."""
    window.status_note.say(note, ms)


def build_status_bar(window: MainWindow) -> None:
    bar = window.statusBar()
    bar.setObjectName("statusBar")
    # The signed-in user's name; a click opens the change of their own password.
    window.user_button = QToolButton()
    window.user_button.setObjectName("userButton")
    window.user_button.setAutoRaise(True)
    window.user_button.clicked.connect(window.change_password)
    window.reader_label = QLabel(translate("MainWindow", "读卡器：未连接"))
    window.reader_label.setObjectName("readerLabel")
    window.lock_hint = QLabel(translate("MainWindow", "Ctrl+L 锁屏"))
    window.status_note = StatusNote()
    show_user(window, None)
    window.sync_button = SyncStatusButton(window.session.lang, window.session.config)
    window.sync_bridge = SyncStatusBridge(window)
    window.sync_bridge.changed.connect(window.sync_button.update_status)
    window.sync_button.clicked.connect(window.show_sync_details)
    bar.addWidget(window.user_button)
    for label in (window.reader_label, window.lock_hint, window.status_note):
        label.setContentsMargins(6, 0, 10, 0)
        bar.addWidget(label, 1 if label is window.status_note else 0)
    bar.addPermanentWidget(window.sync_button)
    window.sync_dialog = None


def add_ticket_bar(window: MainWindow) -> None:
    """The ticket bar, at the status bar's right end. Not beside the tabs, where it was:
    an administrator's twelve tabs, named in English, need about 950 px, and beside the
    training hall's card tray the tab row has 1,130 px of a 1366 px screen, so the ticket bar
    (320 px, 540 with a called ticket) was squeezed and the tabs scrolled. Nor in a row of
    its own above the tabs: at 768 px the intake has 30 px to spare. The status bar spans the
    whole window, under the card tray too, and already holds the counter's state (reader,
    sync). Shown with the work area only, so F12 does nothing on the login or lock screen."""
    window.statusBar().addPermanentWidget(window.ticket_bar)
    # A method of the window, as the notices' banner's: disconnected with the window.
    window.stack.currentChanged.connect(window._show_ticket_bar)
    show_ticket_bar(window)


def show_ticket_bar(window: MainWindow) -> None:
    window.ticket_bar.setVisible(window.stack.currentWidget() is window.work)


def show_user(window: MainWindow, user: User | None) -> None:
    """The signed-in user's name and role; "未登录" when nobody is signed in (Ctrl+L, which
    locks a signed-in window only, is not offered then)."""
    window.lock_hint.setVisible(user is not None)
    window.user_button.setEnabled(user is not None)
    if user is None:
        window.status_note.say("")  # the last user's note is theirs
        window.user_button.setText(translate("MainWindow", "未登录"))
        window.user_button.setToolTip("")
        return
    from ui.labels import role_label  # after the first frame: a user has signed in

    window.user_button.setText(
        translate("MainWindow", "{name}（{role}）").format(
            name=user.display_name, role=role_label(user.role)
        )
    )
    window.user_button.setToolTip(translate("MainWindow", "点击修改密码"))


def show_sync_details(window: MainWindow) -> None:
    if window.sync_dialog is None:
        window.sync_dialog = SyncDetailsDialog(
            window.sync_button.status, window.session.lang, window.session.config, window
        )
        window.sync_bridge.changed.connect(window.sync_dialog.update_status)
        window.sync_dialog.sync_now.connect(window.session.sync_now_requested)
    window.sync_dialog.update_status(window.sync_button.status)
    window.sync_dialog.show()
    window.sync_dialog.raise_()


def set_reader_state(window: MainWindow, text: str) -> None:
    window.reader_label.setText(translate("MainWindow", "读卡器：{state}").format(state=text))
    if window.settings is not None:
        window.settings.show_reader_result(text)
