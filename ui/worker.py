"""Run core work off the GUI thread: one worker QThread owns the store's writer connection.

The pattern is Electrum's ``TaskThread``: jobs go into a queue, one thread runs them in
order, and each result comes back to the GUI thread as a queued signal, where the job's
callbacks run. The thread builds its context (opens the store) itself, because an SQLite
connection must be used on the thread that opened it.

A job is typed by its context and result (``Job[C, R]``), so mypy checks a screen's
``submit(lambda ws: ws.case_detail(case_id), on_done=self._show)`` against the workstation.
A job that fails is logged with its traceback whether or not a screen handles the error,
on the worker thread as it fails (``_FailureLog``).
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from counter_app.errors import AuthError, CounterError

log = logging.getLogger(__name__)

C = TypeVar("C")
R = TypeVar("R")
SLOW_CALLBACK_MS = 30


@dataclass(eq=False)
class Job(Generic[C, R]):
    """One unit of core work; ``fn`` receives the worker's context (e.g. the workstation).

    ``error`` keeps its ``__traceback__``: ``on_error`` gets the exception as raised."""

    fn: Callable[[C], R]
    on_done: Callable[[R], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    name: str = ""
    error: BaseException | None = None
    # A one-tuple, so a job whose result is None is told apart from one that has not run.
    outcome: tuple[R] | None = None

    def run(self, context: C) -> None:
        """Run ``fn`` (on the worker thread), keeping its result or the exception raised."""
        try:
            self.outcome = (self.fn(context),)
        except BaseException as exc:
            self.error = exc

    def finish(self) -> None:
        """Run the callback for how the job ended (on the GUI thread), unless it belongs to a
        widget deleted meanwhile (a supervisor's tab removed at sign-out): nobody is there
        to be told, and touching it would crash the window."""
        if self.error is not None:
            if self.on_error is not None and _receiver_alive(self.on_error):
                self.on_error(self.error)
        elif (
            self.on_done is not None and self.outcome is not None and _receiver_alive(self.on_done)
        ):
            self.on_done(self.outcome[0])


def _receiver_alive(callback: Callable[..., None]) -> bool:
    """False when the widget the callback answers is deleted: the object of a bound method,
    or any widget a lambda or nested function captured (screens keep only their latest
    request's answer with ``lambda r: self._show(r) if request == self.requested else None``)."""
    owner = getattr(callback, "__self__", None)
    if owner is not None:
        return not isinstance(owner, QObject) or shiboken6.isValid(owner)
    return all(
        shiboken6.isValid(captured)
        for captured in _captured(callback)
        if isinstance(captured, QObject)
    )


def _captured(callback: Callable[..., None]) -> list[object]:
    """What a closure captured (nothing for other callables); a cell not yet filled holds
    nothing."""
    values = []
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    return values


class _WorkerThread(QThread, Generic[C]):
    """The thread itself; it lives (as a QObject) in the GUI thread, runs jobs in ``run``."""

    job_done = Signal(object)
    context_failed = Signal(object)

    def __init__(
        self,
        make_context: Callable[[], C],
        close_context: Callable[[C], None] | None,
        jobs: queue.SimpleQueue[Job[C, Any] | None],
        hold: Callable[[C], AbstractContextManager[object]] | None,
    ) -> None:
        super().__init__()
        self._make_context = make_context
        self._close_context = close_context
        self._jobs = jobs
        self._hold = hold

    def run(self) -> None:
        try:
            context = self._make_context()
        except BaseException as exc:
            log.exception("worker context could not be created")
            self.context_failed.emit(exc)
            # Drain: every later job fails with the same error rather than hanging.
            while (job := self._jobs.get()) is not None:
                job.error = exc
                self.job_done.emit(job)
            return
        try:
            failures = _FailureLog()
            while (job := self._jobs.get()) is not None:
                if self._hold is None:
                    job.run(context)
                else:
                    with self._hold(context):
                        job.run(context)
                failures.record(job.name, job.error)
                self.job_done.emit(job)
        finally:
            if self._close_context is not None:
                self._close_context(context)


class CoreWorker(QObject, Generic[C]):
    """Submit callables to run on the worker thread; callbacks run back on the GUI thread.

    Create it on the GUI thread. ``finished_job`` and ``idle`` are emitted on the GUI
    thread after a job's callbacks ran, so tests can wait on them safely. ``stop()`` joins
    the thread (and closes the context on it); call it before the application quits.
    ``hold`` (given the context) is entered around each job: the store worker holds the
    store's lock through a job, so another thread on its connection never runs between.
    """

    finished_job = Signal(object)
    idle = Signal()
    failed = Signal(object)  # an error no job callback handled

    def __init__(
        self,
        make_context: Callable[[], C],
        close_context: Callable[[C], None] | None = None,
        parent: QObject | None = None,
        *,
        start: bool = True,
        name: str = "core-worker",
        hold: Callable[[C], AbstractContextManager[object]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[Job[C, Any] | None] = queue.SimpleQueue()
        self._pending = 0
        self._thread: _WorkerThread[C] = _WorkerThread(
            make_context, close_context, self._jobs, hold
        )
        self._thread.setObjectName(name)
        self._thread.job_done.connect(self._on_job_done)
        self._thread.context_failed.connect(self.failed)
        if start:
            self._thread.start()

    def start(self) -> None:
        """Start the thread (jobs submitted before it starts wait in the queue)."""
        if not self._thread.isRunning() and not self._thread.isFinished():
            self._thread.start()

    @property
    def pending(self) -> int:
        return self._pending

    def submit(
        self,
        fn: Callable[[C], R],
        on_done: Callable[[R], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        name: str = "",
    ) -> Job[C, R]:
        job = Job(fn, on_done, on_error, name or getattr(fn, "__name__", "job"))
        self._pending += 1
        self._jobs.put(job)
        return job

    @Slot(object)
    def _on_job_done(self, job: Job[C, Any]) -> None:
        self._pending -= 1
        started = time.perf_counter()
        try:
            if job.error is not None and job.on_error is None:
                self.failed.emit(job.error)
            job.finish()
        finally:
            spent_ms = (time.perf_counter() - started) * 1000
            if spent_ms > SLOW_CALLBACK_MS:
                # A callback this slow freezes the window: it belongs on the worker.
                log.warning("GUI callback of job %s took %.0f ms", job.name, spent_ms)
            self.finished_job.emit(job)
            if self._pending == 0:
                self.idle.emit()

    def stop(self, timeout_ms: int = 30_000) -> None:
        if not self._thread.isRunning() and not self._thread.isFinished():
            return  # never started: nothing was opened
        if self._thread.isRunning():
            self._jobs.put(None)
            if not self._thread.wait(timeout_ms):
                log.error("%s did not stop within %d ms", self._thread.objectName(), timeout_ms)


class _FailureLog:
    """Logs a worker's failed jobs as they fail (on its thread, before any screen turns the
    error into plain words; a job failing while the window quits is logged too), each with
    its traceback. A typed core error is the person's to act on (the platform down): a
    warning; a refused sign-in or approval (``AuthError``) one line without a traceback;
    anything else is a bug: an error, for the crash log's readers.

    One exception: the same typed error again from the same job, which a poll meets for as
    long as the platform is down (a supervisor's inbox asks every minute), is one line with
    the count, not the same traceback again, until that job succeeds or fails otherwise."""

    def __init__(self) -> None:
        self._streaks: dict[str, tuple[type[BaseException], int]] = {}

    def record(self, name: str, error: BaseException | None) -> None:
        if error is None:
            self._streaks.pop(name, None)
            return
        if isinstance(error, AuthError):
            # A wrong password or a locked account: the person's mistake, in the audit log
            # with who and how many; the log says it in a line, without a traceback.
            self._streaks.pop(name, None)
            log.warning("job %s refused: %s", name, error.en)
            return
        kind, count = self._streaks.get(name, (None, 0))
        if isinstance(error, CounterError) and type(error) is kind:
            self._streaks[name] = (kind, count + 1)
            log.warning("job %s failed again (%d in a row): %s", name, count + 1, error.en)
            return
        self._streaks[name] = (type(error), 1)
        level = logging.WARNING if isinstance(error, CounterError) else logging.ERROR
        log.log(level, "job %s failed", name, exc_info=(type(error), error, error.__traceback__))
