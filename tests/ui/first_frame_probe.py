"""Run by tests/ui/test_app.py: ``python -m tests.ui.first_frame_probe HOME [OPTIONS]``
opens the counter window as ``counter-app-gui --home HOME [OPTIONS]`` does and prints one
JSON line once the login's first frame is on screen (``MainWindow.ready``), then quits:

- ``events``: the login's first paint and the store worker's start, in the order they came;
- ``loaded``: what the process had loaded when the first of the store worker's start and
  ``ready`` came (``modules``, and whether the ``Qt`` namespace had been built);
- ``interactive``: whether the login took input at ``ready``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import PySide6.QtCore
from PySide6.QtCore import QEvent, QObject

import ui.app
import ui.worker
from ui.cli import main

events: list[str] = []
loaded: dict[str, Any] = {}


def _take_stock() -> None:
    if not loaded:
        loaded["qt_namespace"] = "Qt" in vars(PySide6.QtCore)
        loaded["modules"] = sorted(sys.modules)


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            events.append("login painted")
        return False


real_start = ui.worker.CoreWorker.start


def _start(worker: ui.worker.CoreWorker[Any]) -> None:
    if not loaded:  # the first worker to start is the store's
        events.append("store worker starts")
        _take_stock()
    real_start(worker)


real_build = ui.app.build


def _build(*args: Any, **kwargs: Any) -> ui.app.RunningApp:
    running = real_build(*args, **kwargs)
    login = running.window.login
    first_paint = _FirstPaint(login)
    login.installEventFilter(first_paint)

    def ready() -> None:
        _take_stock()
        report = {"events": events, "loaded": loaded, "interactive": login.username.isEnabled()}
        print(json.dumps(report), flush=True)
        running.app.quit()

    running.window.ready.connect(ready)
    return running


if __name__ == "__main__":
    ui.worker.CoreWorker.start = _start  # type: ignore[method-assign]
    ui.app.build = _build
    sys.exit(main(["--home", *sys.argv[1:]]))
