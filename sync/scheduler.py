"""The background sync thread (plain ``threading``, no Qt): when to run :class:`SyncEngine`.

Triggers: after each accepted case (``notify_new_case``), periodically (``interval_seconds``),
when connectivity returns (while offline, ``/v1/health`` is probed with full-jitter backoff
and a run starts as soon as it answers), and "sync now" (``sync_now``). A run that finds the
home's sync lock taken (``counter-app sync`` running beside the GUI) is skipped, not queued.

After every run and every probe the scheduler beats (``SyncStatus.heartbeat_at``; a run
also beats after each batch and page, ``SyncEngine.beat``): the window's runner takes a
sync that stops beating for a hung or stopped one (``sync.background``). A failed probe is
an attempt to sync, recorded as one (``sync.last_attempt_at``): doctor, reading the store,
sees a sync that goes on trying through an outage, not one that stopped.

After every run and every failed probe the store is checkpointed (``Store.checkpoint``)
once its WAL holds ``IDLE_CHECKPOINT_FRAMES`` frames: the window's connection never
checkpoints, so the clerk never waits for one.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

import requests

from counter_app.errors import CounterError, StoreError
from counter_app.services.offline_policy import META_LAST_ATTEMPT
from counter_app.store.database import IDLE_CHECKPOINT_FRAMES, SchemaTooNew
from counter_app.store.timestamps import to_text
from sync.backoff import Backoff
from sync.engine import SyncEngine
from sync.errors import SyncAlreadyRunning

log = logging.getLogger(__name__)

HEALTH_PATH = "/v1/health"
# A just-accepted case waits this long so a burst of cases travels in one batch.
NEW_CASE_DELAY_SECONDS = 1.0


class SyncScheduler:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        interval_seconds: float = 30.0,
        probe_backoff: Backoff | None = None,
        checkpoint_frames: int = IDLE_CHECKPOINT_FRAMES,
    ) -> None:
        self.engine = engine
        self.checkpoint_frames = checkpoint_frames
        self.interval_seconds = interval_seconds
        self.probe_backoff = probe_backoff or Backoff(
            base_seconds=2.0, cap_seconds=interval_seconds
        )
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._manual = False
        self._due_at: float | None = None
        self._state_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="counter-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the current batch (never mid-commit) and join the thread."""
        self._stopping.set()
        self.engine.request_stop()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def sync_now(self) -> None:
        """Run as soon as possible, including rows still waiting out their backoff."""
        with self._state_lock:
            self._manual = True
            self._due_at = self.engine.clock.monotonic()
        self._wake.set()

    def notify_new_case(self) -> None:
        """A case was accepted: sync it shortly (several in a row travel together)."""
        with self._state_lock:
            soon = self.engine.clock.monotonic() + NEW_CASE_DELAY_SECONDS
            if self._due_at is None or soon < self._due_at:
                self._due_at = soon
        self._wake.set()

    def _loop(self) -> None:
        clock = self.engine.clock
        next_periodic = clock.monotonic()
        # Failed probes and failed runs in a row: the pause before the next probe grows with
        # them, also when the probe gets through but the run fails (a firewall that lets
        # /v1/health pass and blocks uploads would otherwise bring a run every second or two).
        failures = 0
        while not self._stopping.is_set():
            with self._state_lock:
                due = min(
                    next_periodic, self._due_at if self._due_at is not None else next_periodic
                )
            wait = due - clock.monotonic()
            if wait > 0:
                self._wake.wait(wait)
                self._wake.clear()
                continue
            with self._state_lock:
                manual, self._manual, self._due_at = self._manual, False, None
            if self.engine.board.status.connectivity == "offline" and not manual:
                if not self._probe():
                    failures += 1
                    next_periodic = clock.monotonic() + self.probe_backoff.delay(failures)
                    self._probed_in_vain()
                    self._checkpoint()
                    continue
                # Back online: what waited out the outage goes now, not after its row backoff.
                manual = True
            self._run(manual)
            self._checkpoint()
            # A run skipped for another program's reports nothing else.
            self.engine.beat()
            if self.engine.board.status.connectivity == "offline":
                # Unreachable: probe the platform soon (backing off) instead of a full interval.
                failures += 1
                next_periodic = clock.monotonic() + self.probe_backoff.delay(failures)
            else:
                failures = 0
                next_periodic = clock.monotonic() + self.interval_seconds

    def _probe(self) -> bool:
        """Cheap connectivity check while offline: does ``/v1/health`` answer?"""
        try:
            transport = self.engine.transport()
        except CounterError:
            return False
        try:
            transport.request_json("GET", HEALTH_PATH, signed=False, timeout=(3.0, 5.0))
        except (CounterError, requests.RequestException):
            return False
        finally:
            transport.close()
        log.info("platform reachable again")
        return True

    def _probed_in_vain(self) -> None:
        """Record the failed probe as the last attempt to sync, in the store and the status
        (which beats). The last error stays the last run's: it says why better than a probe."""
        at = to_text(self.engine.clock.now())
        try:
            self.engine.store.set_meta(META_LAST_ATTEMPT, at)
        except StoreError as exc:  # a full or failing disk: the next probe tries again
            log.warning("the failed probe could not be recorded in the store: %s", exc.en)
        self.engine.beat(last_attempt_at=at)

    def _checkpoint(self) -> None:
        try:
            self.engine.store.checkpoint(min_frames=self.checkpoint_frames)
        except sqlite3.Error:
            # Nothing is lost (commits are durable in the WAL); the next round tries again.
            log.exception("checkpoint failed")

    def _run(self, manual: bool) -> None:
        try:
            self.engine.run_once(manual=manual)
            self.runs += 1
        except SyncAlreadyRunning:
            log.info("sync skipped: another program is syncing this home")
        except SchemaTooNew as exc:
            # Upgraded under this process: no later run can do better, the new program's can.
            log.error("sync stopped for good: %s", exc.en)
            self._stopping.set()
        except Exception:
            # The thread must survive anything one run throws; the status shows the error.
            log.exception("sync run failed unexpectedly")
