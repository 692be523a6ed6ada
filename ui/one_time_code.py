"""The one-time code's row (动态口令) of a form that signs someone in or proves who approves:
hidden until the core, having checked the password, asks for the code of an account whose
role needs one (``security.second_factor``), then shown under the password, which stays
typed.

The login screen builds it before the window's first frame, so this module does not touch
the ``Qt`` namespace (see ``ui.login``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from counter_app.errors import CounterError
from ui.i18n import error_text

# The core's refusals that concern the code: the form keeps the password and asks for a code.
CODE_REFUSALS = ("second_factor_required", "wrong_code", "malformed_code")


class CodeRow:
    """A row of ``form`` for the six digits of the authenticator app."""

    def __init__(self, form: QFormLayout, label: str, object_name: str) -> None:
        self.form = form
        self.field = QLineEdit()
        self.field.setObjectName(object_name)
        # Apps show the code as "123 456"; the core takes spaces.
        self.field.setMaxLength(8)
        self.field.setPlaceholderText("123456")
        form.addRow(QLabel(label), self.field)
        form.setRowVisible(self.field, False)
        self.shown = False

    def code(self) -> str | None:
        """What was typed, once the code was asked for; None before."""
        return self.field.text() if self.shown else None

    def asked(self, exc: BaseException) -> bool:
        """Whether ``exc`` is about the code: then the row is shown, emptied and focused (the
        form shows ``exc``'s words and keeps the password)."""
        if not (isinstance(exc, CounterError) and exc.code in CODE_REFUSALS):
            return False
        self.shown = True
        self.form.setRowVisible(self.field, True)
        self.field.clear()
        self.field.setFocus()
        return True

    def hide(self) -> None:
        """Back to the password alone (another account typed, the form reset)."""
        self.shown = False
        self.field.clear()
        self.form.setRowVisible(self.field, False)


def show_refusal(code: CodeRow, exc: BaseException, error: QLabel, password: QLineEdit) -> None:
    """``exc``'s words in ``error``: one about the one-time code keeps the password typed and
    asks for the code; any other starts again from the password."""
    error.setText(error_text(exc))
    error.show()
    if not code.asked(exc):
        code.hide()
        password.clear()
        password.setFocus()
