"""Small widgets every screen builds the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

# The result of a dialog the idle lock or a sign-out closed (not the person at the counter):
# what follows a dialog closed by hand (the evaluation after the preview) does not follow it.
CLOSED_FOR_LOCK = 2


def error_label() -> QLabel:
    """A hidden, wrapping label styled as an error (``#errorText`` in style.qss)."""
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.hide()
    return label


def close_dialogs(root: QWidget) -> None:
    """Close every open dialog under ``root`` (case detail, sync details, print preview,
    approvals, messages) with ``CLOSED_FOR_LOCK``, so nothing that shows case data stays on
    screen for whoever comes to the counter next. Innermost first: a dialog running its own
    event loop (``exec``) must end it itself, not just vanish with its parent."""
    for dialog in reversed(root.findChildren(QDialog)):
        if dialog.isVisible():
            dialog.done(CLOSED_FOR_LOCK)


def ok_cancel_buttons(ok_text: str, cancel_text: str) -> QDialogButtonBox:
    """OK and Cancel with the caller's (translated) labels."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    return buttons
