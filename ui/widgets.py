"""Small widgets every screen builds the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel


def error_label() -> QLabel:
    """A hidden, wrapping label styled as an error (``#errorText`` in style.qss)."""
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.hide()
    return label


def ok_cancel_buttons(ok_text: str, cancel_text: str) -> QDialogButtonBox:
    """OK and Cancel with the caller's (translated) labels."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    return buttons
