"""The clerk's side of a remote approval: while a request sent to the hall's supervisors
waits, its window asks the platform for the decision every ``ANSWER_POLL_SECONDS`` (a small
signed GET; the normal sync interval would keep the applicant waiting for minutes), backing
off while the platform does not answer, until the decision arrives or the clerk withdraws
the request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ui.i18n import error_text

if TYPE_CHECKING:
    from ui.facade_types import ApprovalAnswer
    from ui.window_session import Session

# Both in seconds: polls after failures wait longer, up to this (a poll costs the worker).
_MAX_POLL_SECONDS = 15.0


class ApprovalWait(QObject):
    """Emits ``decided(ApprovalAnswer)`` once, when a supervisor approved or refused the
    request (not when this window applied that decision before, nor after ``withdraw``), and
    ``trouble(text)`` when a poll or the withdrawal failed (polling goes on)."""

    decided = Signal(object)
    trouble = Signal(str)

    def __init__(self, session: Session, request_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from sync.approval_requests import ANSWER_POLL_SECONDS

        self.session = session
        self.request_id = request_id
        self.base = self.every = ANSWER_POLL_SECONDS
        self.in_flight = False
        self.done = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()

    def poll(self) -> None:
        if self.in_flight or self.done:
            return
        self.in_flight = True
        request_id = self.request_id
        self.session.platform_worker.submit(
            lambda desk: desk.check_approval(request_id),
            self._answered,
            self._failed,
            name="check_approval",
        )

    def withdraw(self) -> None:
        """The clerk withdraws the request: no decision is acted on here any more. A
        withdrawal that cannot reach the platform is reported; a supervisor's later decision
        is then ignored by this window."""
        if self.done:
            return
        self.done = True
        self.timer.stop()
        request_id = self.request_id
        self.session.platform_worker.submit(
            lambda desk: desk.cancel_approval(request_id),
            None,
            lambda exc: self.trouble.emit(error_text(exc)),
            name="cancel_approval",
        )

    def _answered(self, answer: ApprovalAnswer | None) -> None:
        self.in_flight = False
        if self.done:
            return
        if answer is None:
            self.every = self.base
            self.timer.start(round(self.every * 1000))
            return
        self.done = True
        if answer.applied:
            self.decided.emit(answer)

    def _failed(self, exc: BaseException) -> None:
        self.in_flight = False
        if self.done:
            return
        self.every = min(self.every * 2, _MAX_POLL_SECONDS)
        self.timer.start(round(self.every * 1000))
        self.trouble.emit(error_text(exc))
