"""What the screenshot tour's parts share (``ui.screenshots`` and its sibling modules): waiting
for the window, grabbing it, signing in, asking the window's core through its worker, and
accepting a filled form through the clerk's dialogs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ui.app import RunningApp
from ui.intake.dialogs import ConfirmDecisionDialog, EarlierCasesDialog

log = logging.getLogger(__name__)

SETTLE_MS = 250
# The clerk asked whether to take a second case of the same item for the applicant.
EARLIER_CASES_SHOT = "06b-earlier-cases"
R = TypeVar("R")


def settle(ms: int = SETTLE_MS) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        settle(50)


class Shooter:
    def __init__(self, running: RunningApp, out: Path, size: tuple[int, int], suffix: str) -> None:
        self.running = running
        self.window = running.window
        self.out = out
        self.size = size
        self.suffix = suffix
        self.taken: list[Path] = []

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        settle()
        target = widget or self.window
        screen = QApplication.primaryScreen()
        geometry = self.window.frameGeometry()
        if widget is not None and not geometry.contains(widget.frameGeometry()):
            geometry = geometry.united(widget.frameGeometry())
        pixmap = screen.grabWindow(
            0, geometry.x(), geometry.y(), geometry.width(), geometry.height()
        )
        if pixmap.isNull() or pixmap.width() == 0:
            pixmap = target.grab()
        path = self.out / f"{name}-{self.size[0]}x{self.size[1]}{self.suffix}.png"
        pixmap.save(str(path))
        self.taken.append(path)
        log.info("saved %s", path)


def on_worker(window: Any, fn: Callable[[Any], R]) -> R:
    """``fn(workstation)`` run on the window's worker, as its screens run their jobs; its
    result once done (its error raised here)."""
    done: list[R] = []
    failed: list[BaseException] = []
    window.session.worker.submit(fn, done.append, failed.append, name="screenshots")
    wait_until(lambda: bool(done or failed))
    if failed:
        raise failed[0]
    return done[0]


def shoot_loaded(shooter: Shooter, screen: Any, name: str) -> None:
    """Show ``screen`` (a tab with a ``loaded`` signal), refresh it, shoot it once loaded."""
    assert screen is not None
    loaded: list[bool] = []
    screen.loaded.connect(lambda *_: loaded.append(True))
    shooter.window.work.setCurrentWidget(screen)
    screen.refresh()
    wait_until(lambda: bool(loaded))
    shooter.shot(name)


def login(window: Any, username: str, password: str) -> None:
    done: list[bool] = []
    window.signed_in.connect(lambda: done.append(True))
    window.login.username.setText(username)
    window.login.password.setText(password)
    window.login.button.click()
    wait_until(lambda: bool(done))
    window.signed_in.disconnect()


def accept_filled_form(
    intake: Any,
    shooter: Shooter,
    *,
    confirmation: str | None = None,
    preview: str | None = None,
    evaluation: str | None = None,
) -> None:
    """Accept the intake form as the clerk does (F5): confirm, the receipt's preview (printed
    later), the applicant's rating. The dialogs named are shot under those names on the way;
    the evaluation, when shot, is a 差评 with its reason, else 非常满意."""

    def confirm_exec(dialog: ConfirmDecisionDialog) -> int:
        if confirmation is not None:
            dialog.show()
            shooter.shot(confirmation, dialog)
            dialog.hide()
        return QDialog.DialogCode.Accepted

    def earlier_exec(dialog: EarlierCasesDialog) -> int:
        # The tour takes the sample applicant more than once: the clerk goes on, and the
        # question is shot the first time it comes.
        if not any(path.name.startswith(EARLIER_CASES_SHOT) for path in shooter.taken):
            dialog.show()
            shooter.shot(EARLIER_CASES_SHOT, dialog)
            dialog.hide()
        return QMessageBox.StandardButton.Yes

    ConfirmDecisionDialog.exec = confirm_exec  # type: ignore[method-assign,assignment]
    EarlierCasesDialog.exec = earlier_exec  # type: ignore[method-assign,assignment]
    intake.decide("accept")
    wait_until(lambda: intake.preview is not None and intake.preview.pages_layout.count() > 1)
    shown = intake.preview
    assert shown is not None
    if preview is not None:
        shooter.shot(preview, shown)
    shown.accept()
    question = shown.unprinted_question  # not printed here: the clerk prints it later
    assert question is not None
    question.button(QMessageBox.StandardButton.Yes).click()
    wait_until(lambda: intake.evaluation is not None and intake.evaluation.isVisible())
    rating = intake.evaluation
    assert rating is not None
    if evaluation is None:
        rating.choose(5)  # 非常满意, sent at once: no follow-up for the supervisor
    else:
        rating.choose(2)
        rating.reasons.button(1).click()
        shooter.shot(evaluation, rating)
        rating.submit.click()
    settle()
