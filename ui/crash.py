"""Unhandled exceptions: write a crash log under the home, save the draft, tell the clerk what to do.

Installed as ``sys.excepthook`` and ``threading.excepthook``. The dialog is shown only on
the GUI thread; a crash on another thread is logged and reported through the same path
by a queued call.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app import __version__
from ui.dialog_lifetime import deleted_after

log = logging.getLogger(__name__)


def write_crash_log(
    crash_dir: Path, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path:
    """Write the traceback (no local variables, so no personal data) and return the file;
    only the newest :data:`~counter_app.crash_reports.CRASH_REPORTS_KEPT` reports are kept."""
    # Here, not at the top: the window's start imports this module.
    import platform

    from counter_app.crash_reports import crash_report_path, prune_crash_reports

    crash_dir.mkdir(parents=True, exist_ok=True)
    path = crash_report_path(crash_dir, datetime.now(UTC))
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    path.write_text(
        f"counter-app {__version__}\npython {platform.python_version()} on {platform.platform()}\n"
        f"thread {threading.current_thread().name}\n\n{text}",
        encoding="utf-8",
    )
    path.chmod(0o600)
    prune_crash_reports(crash_dir)
    return path


class CrashDialog(QMessageBox):
    """Says what happened in plain words and what to do next."""

    def __init__(self, log_path: Path, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("程序遇到意外错误"))
        self.setText(self.tr("很抱歉，程序遇到了一个意外错误。您正在办理的内容已自动保存。"))
        self.setInformativeText(
            self.tr(
                "您可以继续工作；如果界面异常，请退出后重新打开，未完成的受理会自动恢复。\n"
                "请把下面的错误记录文件告诉信息技术人员：\n{path}"
            ).format(path=str(log_path))
        )
        self.setDetailedText(summary)
        self.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Close)
        self.button(QMessageBox.StandardButton.Ok).setText(self.tr("继续工作"))
        self.button(QMessageBox.StandardButton.Close).setText(self.tr("退出程序"))


class CrashHandler(QObject):
    """Owns the hooks; ``before_report`` saves the draft (it must not raise)."""

    crashed = Signal(str, str)  # log path, summary

    def __init__(
        self,
        crash_dir: Path,
        before_report: Callable[[], None] | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__()
        self.crash_dir = crash_dir
        self.before_report = before_report
        self.show_dialog = show_dialog
        self.last_log: Path | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.crashed.connect(self._report)

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        self.handle(exc_type, exc, tb)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> Path:
        try:
            path = write_crash_log(self.crash_dir, exc_type, exc, tb)
        except OSError:
            log.exception("could not write the crash log")
            path = self.crash_dir
        self.last_log = path
        log.critical("unhandled %s; crash log %s", exc_type.__name__, path)
        # Emitting from another thread queues the report onto the GUI thread.
        self.crashed.emit(
            str(path), "".join(traceback.format_exception_only(exc_type, exc)).strip()
        )
        return path

    @Slot(str, str)
    def _report(self, path: str, summary: str) -> None:
        if self.before_report is not None:
            try:
                self.before_report()
            except Exception:
                log.exception("saving the draft after a crash failed")
        app = QApplication.instance()
        if not self.show_dialog or app is None or QThread.currentThread() is not app.thread():
            return
        with deleted_after(CrashDialog(Path(path), summary, QApplication.activeWindow())) as dialog:
            if dialog.exec() == QMessageBox.StandardButton.Close:
                QCoreApplication.exit(70)
