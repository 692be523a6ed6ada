"""The core worker: a failing job is logged with its traceback even when a screen handles
the error, and the clerk still reads plain words."""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel

from sync.errors import PlatformUnreachable
from ui.i18n import error_text
from ui.worker import CoreWorker


@pytest.fixture
def worker(qtbot) -> Iterator[CoreWorker[dict[str, str]]]:
    core: CoreWorker[dict[str, str]] = CoreWorker(lambda: {"known": "value"})
    yield core
    core.stop()


def _look_up_missing(context: dict[str, str]) -> str:
    return context["missing"]


def test_a_handled_job_error_is_logged_with_its_traceback(qtbot, caplog, worker) -> None:
    shown: list[str] = []
    caplog.set_level(logging.WARNING, logger="ui.worker")
    with qtbot.waitSignal(worker.idle, timeout=20_000):
        worker.submit(_look_up_missing, None, lambda exc: shown.append(error_text(exc)))

    [record] = [r for r in caplog.records if r.name == "ui.worker"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    # The log points at the line that failed, not only at the exception's name.
    assert "_look_up_missing" in caplog.text and "KeyError" in caplog.text
    assert len(shown) == 1 and "KeyError" in shown[0] and "Traceback" not in shown[0]


def test_an_unhandled_job_error_is_logged_once_and_reported(qtbot, caplog, worker) -> None:
    failures: list[BaseException] = []
    worker.failed.connect(failures.append)
    caplog.set_level(logging.WARNING, logger="ui.worker")
    with qtbot.waitSignal(worker.idle, timeout=20_000):
        worker.submit(_look_up_missing)

    [record] = [r for r in caplog.records if r.name == "ui.worker"]
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    assert "_look_up_missing" in caplog.text
    assert [type(exc) for exc in failures] == [KeyError]


def test_a_job_failing_as_the_window_quits_is_logged(caplog, worker) -> None:
    """The window stops its workers after the event loop ends, so the answer of a job still
    running never reaches the GUI thread; its failure is in the log all the same."""
    caplog.set_level(logging.WARNING, logger="ui.worker")
    worker.submit(_look_up_missing, None, lambda exc: None, name="look_up")
    worker.stop()  # no event processed: the job's answer is never delivered

    [record] = [r for r in caplog.records if r.name == "ui.worker"]
    assert record.getMessage() == "job look_up failed"
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_the_same_typed_failure_again_is_one_line_until_the_job_succeeds(
    qtbot, caplog, worker
) -> None:
    """A poll meeting the platform down every minute for an hour: one traceback, then a line
    with the count; a success ends the streak, and a bug always has its traceback."""
    caplog.set_level(logging.WARNING, logger="ui.worker")
    answers = iter(["down", "down", "down", "up", "down", "bug", "bug"])

    def poll(_context: dict[str, str]) -> str:
        answer = next(answers)
        if answer == "down":
            raise PlatformUnreachable("平台未启动。", "The platform is not running.")
        if answer == "bug":
            raise KeyError("missing")
        return answer

    with qtbot.waitSignal(worker.idle, timeout=20_000):
        for _ in range(7):
            worker.submit(poll, None, lambda exc: None, name="poll")

    records = [r for r in caplog.records if r.name == "ui.worker"]
    assert [(r.getMessage(), r.exc_info is not None) for r in records] == [
        ("job poll failed", True),
        ("job poll failed again (2 in a row): The platform is not running.", False),
        ("job poll failed again (3 in a row): The platform is not running.", False),
        ("job poll failed", True),  # after the success: a new streak
        ("job poll failed", True),  # a bug
        ("job poll failed", True),  # ... every time
    ]


def test_results_come_back_on_the_gui_thread_in_order(qtbot, worker) -> None:
    results: list[str] = []
    with qtbot.waitSignal(worker.idle, timeout=20_000):
        worker.submit(lambda ctx: ctx["known"], results.append)
        worker.submit(lambda ctx: ctx["known"].upper(), results.append)
    assert results == ["value", "VALUE"]


class _Screen(QLabel):
    """A screen whose job answers after it was deleted (a supervisor's tab at sign-out)."""

    def show_result(self, text: str) -> None:
        self.setText(text)

    def show_error(self, exc: BaseException) -> None:
        self.setText(error_text(exc))


def test_a_job_answering_a_deleted_screen_is_dropped(qtbot, worker) -> None:
    screen = _Screen()
    gate = threading.Event()

    def wait_then(value: str) -> str:
        gate.wait(timeout=20)
        return value

    worker.submit(lambda ctx: wait_then(ctx["known"]), screen.show_result)
    worker.submit(lambda ctx: wait_then(ctx["missing"]), None, screen.show_error)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    with qtbot.waitSignal(worker.idle, timeout=20_000):
        gate.set()  # neither callback may touch the deleted label


def test_a_callback_that_captured_a_deleted_screen_is_dropped(qtbot, worker) -> None:
    """Screens answer through lambdas that keep only the latest request's answer
    (``lambda stats: self._show(stats) if request == self.requested else None``): the screen
    they captured may be gone by then too."""
    screen = _Screen()
    gate = threading.Event()
    latest = 1

    def wait_then(value: str) -> str:
        gate.wait(timeout=20)
        return value

    worker.submit(
        lambda ctx: wait_then(ctx["known"]),
        lambda text: screen.show_result(text) if latest == 1 else None,
    )
    worker.submit(
        lambda ctx: wait_then(ctx["missing"]),
        None,
        lambda exc: screen.show_error(exc) if latest == 1 else None,
    )
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    with qtbot.waitSignal(worker.idle, timeout=20_000):
        gate.set()  # neither callback may touch the deleted label


def test_a_job_that_meets_a_full_disk_is_reported_as_the_disk(qtbot, worker) -> None:
    """Not "操作没有完成：OSError": the clerk is told the disk is full, and where."""

    def write_onto_a_full_disk(_context: dict[str, str]) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/home/counter/x.pdf")

    shown: list[str] = []
    with qtbot.waitSignal(worker.idle, timeout=20_000):
        worker.submit(write_onto_a_full_disk, None, lambda exc: shown.append(error_text(exc)))
    assert len(shown) == 1 and "已满" in shown[0] and "/home/counter/x.pdf" in shown[0]
