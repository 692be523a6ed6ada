"""Labels the style sheet colours by their ``state`` property ("ok", "bad", "partial" or none),
as the identity panel's hint, origin, chip authentication and expiry warning are."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.widgets import data_label


def state_label(name: str) -> QLabel:
    """A wrapping label named ``name``; its text (which may quote names and input) is shown
    as it is."""
    label = data_label()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def set_state(label: QLabel, state: str) -> None:
    """Set the ``state`` property the style sheet colours by, and re-apply the style."""
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)
