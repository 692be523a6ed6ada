"""Dialogs made for one use are deleted once done, with everything they hold (a preview's
page images, a case's detail with its timers): the counter window stays open all day, and a
dialog that is only hidden when it closes stays in memory until the window goes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


def delete_on_close(dialog: D, held_by: object = None, attribute: str = "") -> D:
    """``dialog``, shown with ``show`` or ``open``, deleted once it closes. Its ``finished``
    (and ``accepted``, ``fileSelected``…) handlers still run first: read what it collected
    there. A worker job's answer for it after that is dropped (``ui.worker``). Whoever keeps
    a reference to it names itself and the attribute (``held_by``, ``attribute``): the
    attribute is set to None when this dialog, still the one held there, finishes."""
    from PySide6.QtCore import Qt  # the Qt namespace loads after the login's first paint

    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if held_by is not None:

        def forget(_result: int) -> None:
            if getattr(held_by, attribute) is dialog:
                setattr(held_by, attribute, None)

        dialog.finished.connect(forget)
    return dialog


@contextmanager
def deleted_after(dialog: D) -> Iterator[D]:
    """``with deleted_after(SomeDialog(…)) as dialog:`` for a dialog run with ``exec``: its
    answers are read inside the block, and it is deleted once the block is left, however
    it is left. (``delete_on_close`` would have ``exec`` delete it before they are read.)"""
    try:
        yield dialog
    finally:
        dialog.deleteLater()
