"""One sync run (push the outbox, report the audit head and the window's health, deliver
end-of-day sign-offs, login lockouts and the cases accepted from pre-applications, pull the
feeds) and the summary it reports. A health answer with a new platform store epoch (the
platform was restored from a backup) sends every acknowledged version again in the same run.
Overdue 容缺 deferrals end in a run the platform's health answer confirmed the clock in (or
an earlier one, the boot clock vouching for the time since): never on a clock moved ahead
offline.

``SyncEngine.run_once`` is what ``counter-app sync --once``, the GUI's "sync now" and the
scheduler all call. It holds the per-home :class:`SyncLock` for the whole run, so the GUI
and the command line never sync the same home at the same time.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, deque
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CounterError, StoreError
from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.services.deferrals import EXPIRY_ACTOR, expire_overdue
from counter_app.services.retention import purge_once_a_day
from counter_app.store.arrivals import purge_past_arrivals
from counter_app.store.catalog import current_catalog_version
from counter_app.store.database import Store, refuse_newer_schema
from counter_app.store.platform_clock import ClockNow, lift_refusal, record_platform_offset
from counter_app.store.restore_guards import recorded_enrolment
from counter_app.store.sync_writes import requeue_acknowledged
from counter_app.store.timestamps import now_text, to_text
from printing.archive import purge_daily
from sync.approval_requests import pull_decisions
from sync.arrivals import report_consumptions
from sync.audit_head import report_audit_head
from sync.backoff import Backoff
from sync.clock import Clock, SystemClock
from sync.credential import load_credential, load_identity
from sync.day_sign_offs import deliver_sign_offs
from sync.device_health import report_device_health
from sync.device_transport import platform_transport
from sync.elicences import verify_pending
from sync.errors import (
    ClockSkew,
    EnrolmentUnfinished,
    NotEnrolled,
    NotThePlatform,
    PlatformRefused,
    PlatformUnreachable,
)
from sync.instructions import carry_out
from sync.lock import SyncLock
from sync.lockouts import report_lockouts
from sync.own_cases import ask_again_for_left_for_newer, recover_own_cases
from sync.provisioning import make_way_for_the_platform_catalog
from sync.pull import CURSOR_AHEAD, Feed, FeedPull
from sync.push import ACTOR, CasesUnanswered, OutboxPush, OutboxRow
from sync.reviews import deliver_reviews
from sync.status import (
    META_PLATFORM_ADDRESS,
    REVOKED,
    Connectivity,
    StatusBoard,
    disk_warning,
    failure_code,
)
from sync.status_refusals import refused_documents
from sync.transport import PlatformTransport

log = logging.getLogger(__name__)

# Within one run, a transient failure is retried after a short full-jitter pause, a few
# times, before the run gives up and leaves the rest to the per-row backoff.
RUN_RETRIES = 6
RUN_BACKOFF = Backoff(base_seconds=0.25, cap_seconds=4.0)
ROW_BACKOFF = Backoff(base_seconds=5.0, cap_seconds=900.0)
# Batches on their way at once: the one being answered and the next, already sent.
PIPELINE_DEPTH = 2
# The platform store's epoch this window last saw (``DeviceHealthResult.store_epoch``).
META_PLATFORM_EPOCH = "platform_store_epoch"


@dataclass
class SyncSummary:
    pushed: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    pending: int = 0
    pulled: int = 0
    pulled_by_feed: dict[str, int] = field(default_factory=dict)
    deferrals_terminated: int = 0
    day_sign_offs: int = 0
    lockouts_reported: int = 0  # login lockouts (or their liftings) the platform took
    preapps_reported: int = 0
    elicences_verified: int = 0
    instructions: int = 0  # a supervisor's instructions carried out for this device's cases
    reviews: int = 0  # supervisors' reviews given here that reached the platform
    # Decisions on this window's approval requests made (or expired) while nobody waited.
    approval_decisions: int = 0
    resent_after_restore: int = 0  # versions sent again: the platform was restored
    # This workstation's cases fetched back from the platform: its store was restored from
    # a backup older than them (``sync.own_cases``).
    recovered_from_platform: int = 0
    # The platform held a higher audit head than the local log reaches: the store was put
    # back to an older copy; its case numbers were moved and recovery started
    # (``sync.rollback.StoreBehind.to_dict``). None: not found in this run.
    store_behind_platform: dict[str, Any] | None = None
    # The platform's catalog or calendar versions this window could not load and goes on
    # without (``sync.status_refusals``), each with the version it still uses.
    refused_documents: list[dict[str, Any]] = field(default_factory=list)
    reachable: bool = True
    error: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SyncEngine:
    """Runs syncs for one home. ``store`` is used only from the thread that calls ``run_once``."""

    def __init__(
        self,
        home: Home,
        config: Config,
        store: Store,
        feeds: Mapping[str, Feed],
        *,
        clock: Clock | None = None,
        board: StatusBoard | None = None,
        row_backoff: Backoff = ROW_BACKOFF,
        run_backoff: Backoff = RUN_BACKOFF,
        run_retries: int = RUN_RETRIES,
    ) -> None:
        self.home = home
        self.config = config
        self.store = store
        self.feeds = feeds
        self.clock = clock or SystemClock()
        self.board = board or StatusBoard()
        self.row_backoff = row_backoff
        self.run_backoff = run_backoff
        self.run_retries = run_retries
        self.lock = SyncLock(home.root)
        self.stop_event = threading.Event()

    def transport(self) -> PlatformTransport:
        transport = platform_transport(self.home, self.config, self.clock)
        transport.prefer(self.store.meta(META_PLATFORM_ADDRESS))
        return transport

    def run_once(
        self, *, manual: bool = True, lock_timeout: float = 0.0, push_only: bool = False
    ) -> SyncSummary:
        """Push the backlog and pull every feed. ``manual`` ("sync now", ``--once``) sends rows
        still waiting out their backoff too. Raises :class:`SyncAlreadyRunning` when another
        program holds the home's sync lock beyond ``lock_timeout`` seconds."""
        self.lock.acquire_or_raise(lock_timeout)
        try:
            # A newer program may have upgraded the store since this one opened it (installed
            # under a running sync service): pull nothing into a schema this code does not
            # know, whose feeds it would read and move past without applying them.
            refuse_newer_schema(
                self.store.schema_versions(), self.home.db_path, self.home.backups_dir
            )
            return self._run(manual=manual, push_only=push_only)
        finally:
            self.lock.release()

    def _run(self, *, manual: bool, push_only: bool) -> SyncSummary:
        summary = SyncSummary()
        disk_zh, disk_en = disk_warning(self.home)
        self.board.update(
            connectivity="syncing",
            backlog=offline_policy.backlog(self.store),
            disk_warning_zh=disk_zh,
            disk_warning_en=disk_en,
        )
        transport: PlatformTransport | None = None
        try:
            self._refuse_unfinished_enrolment()
            # Yesterday's appointments go even when the platform cannot be reached.
            purge_past_arrivals(self.store, hall_today(self.clock.now()))
            transport = self.transport()
            self._push(self._outbox_push(transport), summary, manual)
            behind = report_audit_head(self.store, self.home, transport)
            summary.store_behind_platform = None if behind is None else behind.to_dict()
            catalog_reported = current_catalog_version(self.store)
            health = report_device_health(self.home, self.config, self.store, transport, self.clock)
            if health is not None:
                reading = self._clock_now()
                record_platform_offset(
                    self.store, health.clock_offset_seconds, reading.wall, boot=reading.boot
                )
                summary.resent_after_restore = self._resend_if_restored(health.store_epoch)
            # Overdue 容缺 deferrals end once the platform has confirmed the clock (an end
            # cannot be undone), so never in an offline run; their ends go out in this run,
            # in the one push that also takes what a restore put back in the outbox.
            reading = self._clock_now()
            ended = expire_overdue(
                self.store, actor=EXPIRY_ACTOR, now=reading.wall, boot=reading.boot
            )
            summary.deferrals_terminated = len(ended)
            if ended or summary.resent_after_restore:
                self._push(self._outbox_push(transport), summary, manual)
            self._housekeeping()
            summary.day_sign_offs = deliver_sign_offs(self.store, transport, self.clock.now())
            summary.lockouts_reported = report_lockouts(self.store, transport)
            consumptions = report_consumptions(self.store, transport, self.clock.now())
            summary.preapps_reported = consumptions.delivered
            summary.rejected += consumptions.duplicates  # held for a supervisor, as rejected
            # Materials marked 待核验 offline are looked up once the cases are on the platform.
            summary.elicences_verified = verify_pending(self.store, transport, self.clock.now())
            summary.reviews = deliver_reviews(self.store, transport)
            summary.approval_decisions = pull_decisions(self.store, transport)
            if not push_only:
                self._pull(transport, summary, manual)
                if current_catalog_version(self.store) != catalog_reported:
                    # The health went up before the pull loaded this catalog version: without
                    # another report, IT's list of devices stays one sync behind.
                    report_device_health(self.home, self.config, self.store, transport, self.clock)
        except CounterError as exc:
            self._failed(summary, exc)
        except Exception:
            # A fault in this program, not in the network: say so, never stay "syncing".
            self.board.update(
                connectivity="unknown",
                last_error_zh="同步程序内部错误，已记录日志，请联系技术支持。",
                last_error_en="Internal error in the sync program; it was logged. Call IT support.",
                last_error_code="internal_error",
            )
            raise
        finally:
            if transport is not None:
                transport.close()
                self._remember_address(transport.base_url)
        summary.pending = offline_policy.backlog(self.store)
        if summary.error is None:
            self._succeeded(summary)
        log.info(
            "sync run: pushed=%d duplicates=%d conflicts=%d rejected=%d pending=%d pulled=%d",
            summary.pushed,
            summary.duplicates,
            summary.conflicts,
            summary.rejected,
            summary.pending,
            summary.pulled,
        )
        return summary

    def _succeeded(self, summary: SyncSummary) -> None:
        now = self.clock.now()
        try:
            with self.store.transaction():
                offline_policy.record_success(self.store, now)
                # The platform took this clock's time: a refusal of it ends here, even when
                # the platform refused the health report that would have measured it again.
                lift_refusal(self.store)
        except StoreError as exc:  # the disk filled up or failed at this run's last write
            self._failed(summary, exc)
            return
        self.board.update(
            connectivity="online",
            backlog=summary.pending,
            needs_supervisor=offline_policy.needing_supervisor(self.store),
            last_success_at=to_text(now),
            last_attempt_at=to_text(now),  # as record_success keeps it for `sync status`
            last_error_zh=None,
            last_error_en=None,
            last_error_code=None,
            clock_skew_seconds=None,
            enrolled=True,
            revoked=False,
        )

    def _clock_now(self) -> ClockNow:
        """This engine's clocks read together: every decision on the clock compares the wall
        clock with the boot clock of the same timeline."""
        return ClockNow(self.clock.now(), self.clock.boot())

    def _housekeeping(self) -> None:
        """The purges, each once a hall day on a clock the platform confirmed (they check
        both themselves): the archived PDFs past printing.retention_days (a window that
        issues nothing purges too) and the personal data past [retention]
        personal_data_days of the cases finished here and safe on the platform. A purge
        that fails is logged with its traceback and tried again at the next run; the
        sign-offs, reports and the pull of this run go on."""
        purges = {
            "archive": lambda: purge_daily(self.store, self.config, self.home, self._clock_now()),
            "personal data": lambda: purge_once_a_day(self.store, now=self._clock_now()),
        }
        for name, purge in purges.items():
            try:
                purge()
            except (CounterError, OSError):
                log.exception("the %s purge failed; the sync run goes on", name)

    def _refuse_unfinished_enrolment(self) -> None:
        """Raise :class:`EnrolmentUnfinished` while the credential's hall or window is not
        the one the store last recorded an enrolment for; nothing is sent or read."""
        identity = load_identity(self.home)
        recorded = recorded_enrolment(self.store.db.conn)
        if identity is None or recorded is None:
            return
        if (identity.hall, identity.window) == (recorded.hall, recorded.window):
            return
        again_zh, again_en = offline_policy.enrol_again_words(recorded.device_id)
        raise EnrolmentUnfinished(
            f"本机的同步凭据属于大厅 {identity.hall} 窗口 {identity.window}，但数据库最近一次登记为"
            f"大厅 {recorded.hall} 窗口 {recorded.window}：登记没有完成，不能同步（否则会把原大厅的"
            f"账号和数据取回本机）。{again_zh}已受理的办件仍保存在本机。",
            f"This workstation's sync credential is for hall {identity.hall} window "
            f"{identity.window}, but the database was last enrolled for hall {recorded.hall} "
            f"window {recorded.window}: the enrolment did not finish, so no sync runs (it "
            f"would bring the old hall's accounts and data back). {again_en} Cases already "
            "taken stay on this workstation.",
        )

    def _resend_if_restored(self, epoch: str | None) -> int:
        """When the platform's store epoch is not the one this window last saw, IT restored
        the platform from a backup (``counter-central restored``): every version it had
        acknowledged goes back to the outbox, with the new epoch, in one transaction, and is
        sent again in batches this run. The first epoch a window sees is only kept. Returns
        the versions requeued."""
        held = self.store.meta(META_PLATFORM_EPOCH)
        if epoch is None or epoch == held:
            return 0
        if held is None:
            self.store.set_meta(META_PLATFORM_EPOCH, epoch)
            return 0
        with self.store.transaction() as db:
            requeued = requeue_acknowledged(
                db, self.store.audit, epoch=epoch, actor=ACTOR, at=now_text()
            )
            self.store.set_meta(META_PLATFORM_EPOCH, epoch)
        log.warning(
            "the platform was restored from a backup (store epoch %s, was %s): "
            "sending %d acknowledged case versions again",
            epoch,
            held,
            requeued,
        )
        return requeued

    def _resend_after_cursor_ahead(self) -> int:
        """A feed's cursor ran past its end (``cursor_ahead``): the platform's store was put
        back to a backup without ``counter-central restored``, so its epoch is the same and
        :meth:`_resend_if_restored` saw nothing. A restore all the same: every version it
        had acknowledged goes back to the outbox, sent again this run. Returns the versions
        requeued."""
        with self.store.transaction() as db:
            requeued = requeue_acknowledged(
                db, self.store.audit, epoch=CURSOR_AHEAD, actor=ACTOR, at=now_text()
            )
        log.warning(
            "the platform's store was put back (a feed cursor past its end): sending %d "
            "acknowledged case versions again",
            requeued,
        )
        return requeued

    def _outbox_push(self, transport: PlatformTransport) -> OutboxPush:
        return OutboxPush(
            self.store,
            transport,
            batch_max_cases=self.config.sync.batch_max_cases,
            batch_max_bytes=self.config.sync.batch_max_bytes,
            backoff=self.row_backoff,
        )

    def _pull(self, transport: PlatformTransport, summary: SyncSummary, manual: bool) -> None:
        """Fetch back this window's own cases its store lacks, read every feed (and fetch
        back those the progress feed named); then tell the catalog or calendar the window
        could not load, and carry out a supervisor's instructions."""
        if "catalog" in self.feeds and not self.config.is_training:
            make_way_for_the_platform_catalog(self.store)
        if "progress" in self.feeds:  # this window's own cases first, so their steps apply
            summary.recovered_from_platform = ask_again_for_left_for_newer(
                self.store, transport
            ) + recover_own_cases(self.store, transport, beat=self.beat)
        feed_pull = FeedPull(self.store, transport, self.feeds, self.clock, beat=self.beat)
        pulled = feed_pull.pull_all()
        if feed_pull.cursor_ahead:
            summary.resent_after_restore += self._resend_after_cursor_ahead()
            self._push(self._outbox_push(transport), summary, manual)
        if "progress" in self.feeds:  # the feed named an own case the store lacks
            summary.recovered_from_platform += recover_own_cases(
                self.store, transport, catalog_read="catalog" in self.feeds, beat=self.beat
            )
        summary.pulled_by_feed = pulled
        summary.pulled = sum(pulled.values())
        refused = refused_documents(self.store)
        summary.refused_documents = [asdict(r) for r in refused]
        if "instructions" in self.feeds:
            self._carry_out_instructions(transport, summary, manual)

    def _carry_out_instructions(
        self, transport: PlatformTransport, summary: SyncSummary, manual: bool
    ) -> None:
        """A supervisor's instructions for this device's cases, carried out once each; the
        versions they wrote go out in this run, so the console sees them soon."""
        device_id = load_credential(self.home, self.clock).identity.device_id
        summary.instructions = carry_out(self.store, transport, device_id)
        if summary.instructions:
            self._push(self._outbox_push(transport), summary, manual)
            summary.reviews += deliver_reviews(self.store, transport)

    def _remember_address(self, address: str) -> None:
        """Keep the address that answered last, for the next run and for doctor/status."""
        if self.store.meta(META_PLATFORM_ADDRESS) != address:
            self.store.set_meta(META_PLATFORM_ADDRESS, address)
            self.board.update(platform_address=address)

    def _push(self, push: OutboxPush, summary: SyncSummary, manual: bool) -> None:
        """Send batches with one more already on its way while the answer of the previous one
        is committed: the store work and the platform's work overlap. Each batch's answer is
        still committed on this thread, in its own transaction, before its rows are done."""
        failures = 0
        in_flight: deque[tuple[list[OutboxRow], Future[dict[str, Any]]]] = deque()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-send") as sender:
            try:
                while True:
                    while len(in_flight) < PIPELINE_DEPTH and not self.stop_event.is_set():
                        busy = [row for rows, _ in in_flight for row in rows]
                        rows = push.next_batch(self.clock.now(), ignore_backoff=manual, busy=busy)
                        if not rows:
                            break
                        in_flight.append((rows, sender.submit(push.post, push.body(rows))))
                    if not in_flight:
                        return
                    rows, answer = in_flight.popleft()
                    try:
                        counts = self._settle(push, rows, answer)
                    except CasesUnanswered as exc:
                        # Sent again at once, they would be left out again: the run ends.
                        _add_counts(summary, exc.counts)
                        raise
                    except PlatformUnreachable as exc:
                        failures += 1
                        if failures > self.run_retries or isinstance(exc, NotThePlatform):
                            raise
                        pause = self.run_backoff.delay(failures, exc.retry_after)
                        log.info("push attempt failed (%s); retrying in %.2fs", exc.code, pause)
                        self.stop_event.wait(pause)
                        continue
                    failures = 0
                    _add_counts(summary, counts)
                    self.beat(backlog=offline_policy.backlog(self.store))
            finally:
                # Leaving early (error, stop): every batch already sent gets its answer recorded.
                for rows, answer in in_flight:
                    try:
                        self._settle(push, rows, answer)
                    except CounterError:
                        log.info(
                            "batch answer after the run ended: %d cases stay pending", len(rows)
                        )

    def _settle(
        self, push: OutboxPush, rows: list[OutboxRow], answer: Future[dict[str, Any]]
    ) -> Counter[str]:
        """Record one batch's answer; a transient failure is recorded and re-raised."""
        try:
            return push.record_answer(rows, answer.result(), self.clock.now())
        except PlatformRefused as exc:
            return push.handle_refusal(rows, exc, self.clock.now())
        except CasesUnanswered:
            raise  # the cases left out are recorded already
        except PlatformUnreachable as exc:
            push.record_transient_failure(rows, exc, self.clock.now())
            raise

    def _failed(self, summary: SyncSummary, exc: CounterError) -> None:
        summary.reachable = not isinstance(exc, PlatformUnreachable)
        code = failure_code(exc)
        summary.error = {"code": code, "message": exc.zh, "message_en": exc.en}
        reading = self._clock_now()
        now = reading.wall
        log.warning("sync run failed: %s (%s)", exc.en, code)
        # The status first: on a full or failing disk the record below fails too, and the
        # window must not go on saying "syncing".
        self.board.update(
            connectivity=_connectivity_after(exc),
            backlog=offline_policy.backlog(self.store),
            last_attempt_at=to_text(now),
            last_error_zh=exc.zh,
            last_error_en=exc.en,
            last_error_code=code,
            clock_skew_seconds=self._clock_skew_after(exc),
            enrolled=not isinstance(exc, NotEnrolled),
            revoked=code == REVOKED,
        )
        try:
            if isinstance(exc, ClockSkew):  # the refusal measured the clock: intake stops
                record_platform_offset(
                    self.store, exc.skew_seconds, now, refused=True, boot=reading.boot
                )
            offline_policy.record_failure(self.store, now, code, exc.zh, exc.en)
        except StoreError as unrecorded:
            log.warning("the failed run could not be recorded in the store: %s", unrecorded.en)

    def _clock_skew_after(self, exc: CounterError) -> float | None:
        """The clock's offset as the platform last measured it: this run's refusal for it;
        the last one's when the platform was not reached (nothing says the clock was set
        since); else none (the platform answered without refusing the time, or was never
        asked)."""
        if isinstance(exc, ClockSkew):
            return exc.skew_seconds
        if isinstance(exc, PlatformUnreachable):
            return self.board.status.clock_skew_seconds
        return None

    def request_stop(self) -> None:
        self.stop_event.set()

    def beat(self, **changes: Any) -> None:
        """Tell the status's listeners, with ``changes``, that this sync goes on
        (``SyncStatus.heartbeat_at``): after each pushed batch, each feed page and each page
        of a walk, so that a run longer than :func:`sync.status.stalled_after` (a restore's
        re-sending, a walk of a thousand cases) is not taken for a hung one; and after each
        turn of the scheduler."""
        self.board.update(heartbeat_at=to_text(self.clock.now()), **changes)


def _add_counts(summary: SyncSummary, counts: Counter[str]) -> None:
    """A batch's per-case outcomes, added to the run's summary."""
    summary.pushed += counts["stored"]
    summary.duplicates += counts["duplicate"]
    summary.conflicts += counts["conflict"]
    summary.rejected += counts["rejected"]


def _connectivity_after(exc: CounterError) -> Connectivity:
    """Unreachable is offline; a refusal means the platform answered; not enrolled, or not
    asked for an enrolment left unfinished: unknown."""
    if isinstance(exc, PlatformUnreachable):
        return "offline"
    return "unknown" if isinstance(exc, NotEnrolled | EnrolmentUnfinished) else "online"
