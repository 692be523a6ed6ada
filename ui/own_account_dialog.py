"""What the dialogs for a signed-in member's own account share (修改密码, 设置动态口令): the
refusal under the form with the field at fault chosen and what was typed kept, and for a step
required before any work, 退出登录 in place of 取消 and, once the platform that holds a
register account proved out of reach, a button to work on meanwhile (the counter works
offline; its member is asked again at the next sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout

from counter_app.errors import CounterError
from ui.i18n import error_text
from ui.sign_in import sign_out_unless_done, signed_out_by_lockout
from ui.status_bar import show_note
from ui.widgets import error_label, ok_cancel_buttons

if TYPE_CHECKING:
    from counter_app.services.auth import User
    from ui.main_window import MainWindow
    from ui.platform_facade import PlatformDesk


class OwnAccountDialog(QDialog):
    """Subclasses build their form, then call :meth:`add_buttons`. ``continued``: the
    member works on without the step, which the platform could not take now."""

    continued = Signal()

    def add_buttons(
        self, layout: QVBoxLayout, ok_text: str, cancel_text: str, continue_text: str
    ) -> None:
        """The error label and the buttons under ``layout``'s form, in the subclass's words
        (its own translation context); the continue button hidden until offered."""
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(ok_text, cancel_text)
        self.buttons.rejected.connect(self.reject)
        self.continue_button = QPushButton(continue_text)
        self.continue_button.setObjectName("continueWithout")
        self.continue_button.clicked.connect(self._continue)
        self.buttons.addButton(self.continue_button, self.buttons.ButtonRole.ActionRole)
        self.continue_button.hide()  # after addButton, which shows it
        layout.addWidget(self.buttons)

    def set_refusals(
        self,
        at_fault: dict[str, QLineEdit],
        otherwise: QLineEdit,
        work_on_after: tuple[type[BaseException], ...],
    ) -> None:
        """How :meth:`show_error` shows a refusal: the field named by the error's ``field``
        (else ``otherwise``) chosen; after one of ``work_on_after`` (the platform out of
        reach) the member may work on without the step."""
        self.at_fault, self.otherwise, self.work_on_after = at_fault, otherwise, work_on_after

    def show_error(self, exc: BaseException) -> None:
        """The refusal in its words, the field at fault chosen; what was typed stays."""
        field = exc.field if isinstance(exc, CounterError) else None
        self.refuse(error_text(exc), self.at_fault.get(field or "", self.otherwise))
        if isinstance(exc, self.work_on_after):
            self.continue_button.show()

    def required_before_work(self, window: MainWindow, user: User, unchanged_text: str) -> None:
        """The step must be done before any work: closed any other way than done, it signs
        ``user`` out; worked on without it (offline), the status bar says ``unchanged_text``."""
        sign_out_unless_done(window, user, self)
        self.continued.connect(lambda: show_note(window, unchanged_text))

    def run_on_platform(
        self,
        window: MainWindow,
        user: User,
        job: Callable[[PlatformDesk], None],
        *,
        name: str,
        done_text: str,
        then: Callable[[], None] | None = None,
    ) -> None:
        """``job`` on the platform worker. Done: the dialog closes, the status bar says
        ``done_text`` and ``then`` runs. Refused: the dialog says why, unless the refusal
        locked the account (a password guessed at a window left signed in): the session ends
        too."""

        def done(_: None) -> None:
            self.accept()
            show_note(window, done_text, 10_000)
            if then is not None:
                then()

        def refused(exc: BaseException) -> None:
            if not signed_out_by_lockout(window, user, self, exc):
                self.show_error(exc)

        window.session.platform_worker.submit(job, done, refused, name=name)

    def _continue(self) -> None:
        self.accept()
        self.continued.emit()

    def refuse(self, text: str, field: QLineEdit) -> None:
        """``text`` under the form; ``field``, at fault, chosen and its text selected."""
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        field.setFocus()
        field.selectAll()
