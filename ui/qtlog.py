"""Route Qt's own messages (qDebug, qWarning, ...) into Python logging, as qutebrowser does."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

# Harmless noise from platform plugins on headless machines; everything else is kept.
IGNORED = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
    "QFont::fromString",
)


def _handler(msg_type: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if any(message.startswith(prefix) for prefix in IGNORED):
        return
    where = f"{context.file}:{context.line}" if context.file else ""
    log.log(_LEVELS.get(msg_type, logging.WARNING), "%s%s", message, f" ({where})" if where else "")


def install() -> None:
    """Install the handler; call once, before the QApplication is created."""
    qInstallMessageHandler(_handler)
