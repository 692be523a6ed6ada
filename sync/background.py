"""The counter window's sync, in a child process of its own at a lower CPU priority.

Run on a thread of the window's process, the sync shared the GIL with the GUI thread: while
5,000 cases went out, each batch's JSON, crypto and SQLite bookkeeping kept the window
waiting 20-40 ms at a time. In a child process it waits for nothing of the window's, and
its lower priority (``nice``) lets the kernel give a CPU to the window first. A sync fault
cannot end the window either: the child is started again after a pause.

The child runs the same :class:`SyncScheduler` as ever, on its own store connection. Two
one-way pipes join it to the window: commands in ("sync now", "a case was accepted",
"stop"), every :class:`SyncStatus` out, completed from the store as ``counter-app sync
status`` reads it. When the window's process ends however it ends,
the command pipe closes and the child stops after its current batch.

A child that has reported nothing for :func:`sync.status.stalled_after` (its scheduler
beats at least once an interval, and a run after each batch and page: ``SyncEngine.beat``)
is hung or stopped (``kill -STOP``): that is logged and shown, never acted on; a child that
ends is started again. A child waiting on a request to the platform for longer than an
interval logs it (``sync.log``) and tells the window (:class:`WaitingOn`), which names it
if the silence becomes a stall.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from typing import Any

from counter_app.config import Config
from counter_app.domain.hall_time import hall_time_text
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.store.timestamps import to_text
from sync.deadline import Watch, oldest_under_way
from sync.priority import BACKGROUND_NICE, lower_priority
from sync.status import StatusBoard, SyncStatus, read_status, stalled_after, with_stored_facts

log = logging.getLogger(__name__)

# A child that died is started again after this many seconds (doubling, at most the cap).
RESTART_BASE_SECONDS = 2.0
RESTART_CAP_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 30.0

SYNC_NOW, NEW_CASE, STOP = "sync_now", "new_case", "stop"
StatusListener = Callable[[SyncStatus], None]


@dataclass(frozen=True)
class WaitingOn:
    """The child's word that a request to the platform, ``what`` (method and URL), has been
    under way since ``since`` (stored time text) for longer than an interval. No
    heartbeat: the window still takes a child that waits this long for stalled."""

    what: str
    since: str


def run_child(
    home: Home, config: Config, commands: Connection, statuses: Connection, nice: int
) -> None:
    """The child process: the scheduler, fed by ``commands``, reporting on ``statuses``.
    A failure (the store cannot be opened, say) is logged to ``sync.log`` before the child
    ends; the window then reports it and starts the child again."""
    # Ctrl+C in a terminal reaches the whole process group: the window handles it and
    # stops this process through the command pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority(by=nice)
    home.log_to_file("sync.log")
    try:
        _serve(home, config, commands, statuses)
    except Exception:
        log.exception("the sync process failed")
        raise


def _serve(home: Home, config: Config, commands: Connection, statuses: Connection) -> None:
    from counter_app.store.database import open_store
    from sync.engine import SyncEngine
    from sync.feeds import DEFAULT_FEEDS
    from sync.scheduler import SyncScheduler

    send_lock = threading.Lock()
    store = open_store(home, config, role="sync")
    try:
        # From its first status on, the window says what ``counter-app sync status`` says.
        engine = SyncEngine(
            home, config, store, DEFAULT_FEEDS, board=StatusBoard(read_status(home, config, store))
        )

        def send(message: SyncStatus | WaitingOn) -> None:
            with send_lock:
                statuses.send(message)

        def report(status: SyncStatus) -> None:
            # On the thread that uses the store. Every status is completed from it: a run
            # started offline never learns of the last success nor of the problems held for
            # a supervisor, and no run measures how long the window has been offline.
            try:
                status = with_stored_facts(status, config, store, engine.clock)
            except (CounterError, sqlite3.Error):
                # A failing disk: the window must still learn how the run went.
                log.exception("the sync status could not be completed from the store")
            send(status)

        engine.board.subscribe(report)
        report(engine.board.status)
        scheduler = SyncScheduler(engine, interval_seconds=config.sync.interval_seconds)
        scheduler.start()
        done = threading.Event()
        threading.Thread(
            target=_tell_long_waits,
            args=(send, config.sync.interval_seconds, done),
            name="sync-waits",
            daemon=True,
        ).start()
        try:
            while True:
                try:
                    command = commands.recv()
                except (EOFError, OSError):
                    break  # the window's process is gone
                if command == SYNC_NOW:
                    scheduler.sync_now()
                elif command == NEW_CASE:
                    scheduler.notify_new_case()
                elif command == STOP:
                    break
        finally:
            done.set()
            scheduler.stop(STOP_TIMEOUT_SECONDS)
    finally:
        store.close()


def _tell_long_waits(
    send: Callable[[WaitingOn], None], interval: float, done: threading.Event
) -> None:
    """Each ``interval`` until ``done``: a request to the platform under way for longer is
    told to the window, and logged once."""
    logged: Watch | None = None
    while not done.wait(interval):
        watch = oldest_under_way()
        if watch is None or (datetime.now(UTC) - watch.since).total_seconds() < interval:
            continue
        since = to_text(watch.since)
        if watch is not logged:
            logged = watch
            log.warning("still waiting on the platform: %s, under way since %s", watch.what, since)
        try:
            send(WaitingOn(watch.what, since))
        except OSError:
            return  # the window's process is gone


class SyncProcess:
    """The window's handle on the sync child: start, commands, status, supervised restarts.

    ``on_status`` is called on a reader thread of this process for every status the child
    reports (the GUI hands it to a Qt signal). ``monotonic`` is the clock the child's
    silence is measured on.
    """

    def __init__(
        self,
        home: Home,
        config: Config,
        on_status: StatusListener,
        *,
        nice: int = BACKGROUND_NICE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.home = home
        self.config = config
        self.on_status = on_status
        self.nice = nice
        self._monotonic = monotonic
        # When the child last reported (or was started), on ``monotonic``; and whether its
        # silence since has been told.
        self._heard_at = monotonic()
        self._stall_told = False
        # spawn, not fork: forking a process that runs Qt and several threads is unsafe.
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._process: Any = None
        self._commands: Connection | None = None
        self._reader: threading.Thread | None = None
        self._last_status = SyncStatus()
        # The request the child last said it waits on, until it reports again.
        self._waiting: WaitingOn | None = None
        self.restarts = 0

    def start(self) -> None:
        with self._lock:
            self._spawn()
        threading.Thread(target=self._watch, name="sync-watch", daemon=True).start()

    def _spawn(self) -> None:
        commands_out, commands_in = self._context.Pipe(duplex=False)
        statuses_out, statuses_in = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=run_child,
            args=(self.home, self.config, commands_out, statuses_in, self.nice),
            name="counter-sync",
            daemon=True,
        )
        process.start()
        # The child holds its own ends now; closing ours makes EOF mean "the other side
        # is gone" in both directions.
        commands_out.close()
        statuses_in.close()
        if self._commands is not None:
            self._commands.close()  # the previous child's, after a restart
        self._process, self._commands = process, commands_in
        self._heard_at, self._stall_told, self._waiting = self._monotonic(), False, None
        self._reader = threading.Thread(
            target=self._read, args=(process, statuses_out), name="sync-status", daemon=True
        )
        self._reader.start()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def sync_now(self) -> None:
        self._send(SYNC_NOW)

    def case_accepted(self) -> None:
        self._send(NEW_CASE)

    def _send(self, command: str) -> None:
        with self._lock:
            if self._commands is None or self._stopping.is_set():
                return
            try:
                self._commands.send(command)
            except OSError:
                log.info("sync process not reachable for %r; it is being restarted", command)

    def _read(self, process: Any, statuses: Connection) -> None:
        while True:
            try:
                status = statuses.recv()
            except (EOFError, OSError):
                break
            if isinstance(status, WaitingOn):
                self._waiting = status
                continue
            stall_was_told, before = self._stall_told, self._last_status
            self._heard(status)
            # A heartbeat alone is for the stall watch (``_heard``): the window's screens,
            # which reload on each status, hear only news (or the end of a stall they showed).
            if stall_was_told or not _only_a_beat(before, status):
                self._publish(status)
        statuses.close()
        process.join(STOP_TIMEOUT_SECONDS)
        if self._stopping.is_set():
            return
        self._restart_later(process.exitcode)

    def _heard(self, status: SyncStatus) -> None:
        quiet = self._monotonic() - self._heard_at
        self._last_status, self._heard_at, self._waiting = status, self._monotonic(), None
        if self._stall_told:
            self._stall_told = False
            log.warning(
                "sync process %s reports again after %.0f s without progress", self.pid, quiet
            )

    def _watch(self) -> None:
        while not self._stopping.wait(self.config.sync.interval_seconds):
            self.check_progress()

    def check_progress(self) -> None:
        """Log (ERROR) and show, once, a child that has reported nothing for
        :func:`stalled_after`: hung (in a call that never returns) or stopped (SIGSTOP).
        Nothing is killed: a child slow for a reason this process cannot see would lose its
        batch, and a stopped one resumes where it was (``kill -CONT``)."""
        quiet = self._monotonic() - self._heard_at
        limit = stalled_after(self.config).total_seconds()
        if self._stall_told or quiet < limit or self._stopping.is_set():
            return
        self._stall_told = True
        pid, minutes, waiting = self.pid, max(1, round(quiet / 60)), self._waiting
        log.error(
            "sync process %s has reported nothing for %.0f s (it beats at least every %g s; last "
            "heartbeat %s; %s): left running, nothing is killed",
            pid,
            quiet,
            self.config.sync.interval_seconds,
            self._last_status.heartbeat_at or "none",
            "hung or stopped (kill -STOP?)"
            if waiting is None
            else f"waiting on the platform: {waiting.what}, under way since {waiting.since}",
        )
        if waiting is None:
            why_zh, why_en = "可能卡住或被暂停", "it may be hung or paused"
        else:
            since = hall_time_text(waiting.since)
            why_zh = f"自 {since} 起一直在等平台的应答（{waiting.what}），网络或代理可能有问题"
            why_en = (
                f"it has been waiting since {since} on the platform ({waiting.what}); the "
                "network or a proxy may be at fault"
            )
        self._publish(
            replace(
                self._last_status,
                connectivity="unknown",
                last_error_code="sync_process_stalled",
                last_error_zh=(
                    f"同步程序（进程 {pid}）已约 {minutes} 分钟没有进展：{why_zh}。"
                    "已受理的办件不受影响；请联系信息技术人员查看 logs/sync.log，"
                    "必要时关闭并重新打开柜台窗口。"
                ),
                last_error_en=(
                    f"The sync program (process {pid}) has made no progress for about {minutes} "
                    f"min: {why_en}. Accepted cases are safe; ask IT to look at "
                    "logs/sync.log and, if need be, close and reopen the counter window."
                ),
            )
        )

    def _publish(self, status: SyncStatus) -> None:
        try:
            self.on_status(status)
        except Exception:
            log.exception("sync status listener failed")

    def _restart_later(self, exitcode: int | None) -> None:
        """The child ended on its own: say so in the status, then start it again."""
        self.restarts += 1
        # No child to hear from until the restart: no silence to tell (``_spawn`` counts anew).
        self._heard_at = math.inf
        pause = min(RESTART_CAP_SECONDS, RESTART_BASE_SECONDS * 2 ** (self.restarts - 1))
        log.error(
            "sync process ended unexpectedly (exit code %s); restarting in %.0f s", exitcode, pause
        )
        self._publish(
            replace(
                self._last_status,
                connectivity="unknown",
                last_error_code="sync_process_ended",
                last_error_zh=f"同步程序意外退出，{pause:.0f} 秒后自动重启；已受理的办件不受影响。",
                last_error_en=(
                    f"The sync program stopped unexpectedly; it restarts in {pause:.0f} s. "
                    "Accepted cases are safe."
                ),
            )
        )
        if self._stopping.wait(pause):
            return
        with self._lock:
            if not self._stopping.is_set():
                self._spawn()

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """Ask the child to finish its current batch and end; wait for it, then make sure."""
        self._stopping.set()
        with self._lock:
            process, commands = self._process, self._commands
            self._commands = None
        if commands is not None:
            with contextlib.suppress(OSError):  # the child is already gone
                commands.send(STOP)
            commands.close()
        # The status reader sees the child's end of the pipe close and reaps the child: only
        # one thread waits on it. Two racing for its exit status made a child that had
        # stopped look alive (a false "did not stop", and a SIGTERM to its reaped pid).
        reader = self._reader
        if reader is None:
            return
        reader.join(timeout)
        # Once the reader is done nobody else waits on the child: asking is safe then.
        if process is not None and (reader.is_alive() or process.is_alive()):
            log.warning("sync process did not stop within %.0f s; terminating it", timeout)
            process.terminate()
            (reader if reader.is_alive() else process).join(5)


def _only_a_beat(before: SyncStatus, after: SyncStatus) -> bool:
    """``after`` says nothing ``before`` did not, but for its heartbeat."""
    return replace(after, heartbeat_at=before.heartbeat_at) == before
