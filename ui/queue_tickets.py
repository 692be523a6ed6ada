"""The ticket bar (叫号) in the window's status bar: this window's current ticket and its
steps - call the next (F12), re-call (Shift+F12), no-show, start, close, redirect to another
window.

The steps need the hall's queue system; when it cannot be reached the bar says so and that
the clerk can go on serving without a ticket. A step whose answer did not come is sent again
with the same request id when the clerk presses it again, so it is never taken twice.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from ui.i18n import error_text
from ui.widgets import data_label

if TYPE_CHECKING:
    from counter_app.store.window_tickets import WindowTicket
    from sync.wire.tickets import TicketActionName
    from ui.window_session import Session


class TicketBar(QWidget):
    """In the window's status bar: the current ticket, 叫号 (F12) and the steps on the current
    ticket in a menu. ``changed`` after every answer of the queue system; ``problem`` with
    what the clerk should read when a step was not taken."""

    changed = Signal()
    problem = Signal(str)

    def __init__(self, session: Session, shortcuts_on: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ticketBar")
        self.session = session
        self.ticket: WindowTicket | None = None
        # Request ids of steps whose answer did not come, by step: pressed again, the same id.
        self.unanswered: dict[str, str] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.current = data_label()
        self.current.setObjectName("ticketCurrent")
        self.call_button = QPushButton(self.tr("叫号 (F12)"))
        self.call_button.setObjectName("ticketCall")
        self.call_button.clicked.connect(lambda: self.step("call"))
        menu = QMenu(self)
        self.step_actions: dict[str, QAction] = {}
        for action, text in (
            ("recall", self.tr("重呼 (Shift+F12)")),
            ("noshow", self.tr("未到")),
            ("start", self.tr("开始办理")),
            ("close", self.tr("办结")),
            ("redirect", self.tr("转窗口…")),
        ):
            item = menu.addAction(text)
            item.triggered.connect(lambda _=False, a=action: self._menu_step(a))
            self.step_actions[action] = item
        self.steps_button = QToolButton()
        self.steps_button.setObjectName("ticketSteps")
        self.steps_button.setText(self.tr("叫号操作"))
        self.steps_button.setMenu(menu)
        self.steps_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for widget in (self.current, self.call_button, self.steps_button):
            layout.addWidget(widget)
        for key, action in (("F12", "call"), ("Shift+F12", "recall")):
            shortcut = QShortcut(QKeySequence(key), shortcuts_on)
            shortcut.activated.connect(lambda a=action: self.step(a))
        self._show(None)

    def load(self) -> None:
        """Show the current ticket this workstation remembers (no queue system needed)."""
        self.session.worker.submit(
            lambda ws: ws.current_ticket(), self._show, self.session.report_error, name="ticket"
        )

    def _menu_step(self, action: TicketActionName) -> None:
        if action != "redirect":
            self.step(action)
            return
        window, chosen = QInputDialog.getText(
            self, self.tr("转窗口"), self.tr("转到本大厅的哪个窗口（窗口号）？")
        )
        if chosen and window.strip():
            self.step("redirect", window.strip().upper())

    def _enabled(self, action: str) -> bool:
        if action == "call":
            return self.call_button.isEnabled()
        return self.step_actions[action].isEnabled()

    def step(self, action: TicketActionName, to_window: str | None = None) -> None:
        # The keys act on the work area only (the bar is hidden on the login and lock screens).
        if not (self.isVisible() and self._enabled(action)):
            return
        request_id = self.unanswered.setdefault(action, str(uuid.uuid4()))

        def answered(ticket: WindowTicket | None) -> None:
            self.unanswered.pop(action, None)
            self._show(ticket)
            if action == "call" and ticket is None:
                self.problem.emit(self.tr("没有等候的号。"))

        def failed(exc: BaseException) -> None:
            from sync.errors import PlatformRefused

            if isinstance(exc, PlatformRefused):  # answered: a new press is a new request
                self.unanswered.pop(action, None)
            self.problem.emit(error_text(exc))

        self.session.platform_worker.submit(
            lambda desk: desk.ticket_step(action, request_id, to_window),
            answered,
            failed,
            name=f"ticket_{action}",
        )

    def _show(self, ticket: WindowTicket | None) -> None:
        self.ticket = ticket
        if ticket is None:
            self.current.setText(self.tr("当前无号"))
            self.current.setToolTip(self.tr("可以不叫号直接受理。"))
        else:
            state = self.tr("办理中") if ticket.state == "serving" else self.tr("已叫号")
            priority = self.tr(" · 预约优先") if ticket.priority else ""
            self.current.setText(
                self.tr("当前号：{number}{priority} · {state}").format(
                    number=ticket.number, priority=priority, state=state
                )
            )
            self.current.setToolTip("")
        now = ticket.state if ticket else None
        self.call_button.setEnabled(now is None)
        for action, enabled in (
            ("recall", now == "called"),
            ("noshow", now == "called"),
            ("start", now == "called"),
            ("close", now == "serving"),
            ("redirect", now is not None),
        ):
            self.step_actions[action].setEnabled(enabled)
        self.steps_button.setEnabled(now is not None)
        self.changed.emit()
