"""What the UI and ``counter-app doctor`` show about sync: online/offline/syncing, backlog, last
success, last error; a disk running out of space, which would stop new cases being saved; and,
for a day after it, the platform's restore from a backup that put acknowledged cases back in
the backlog.

Listeners are plain callables invoked on the thread that changed the status; the GUI wraps
them in a Qt signal on its side (this package never imports Qt).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from counter_app.config import Config
from counter_app.domain.hall_time import hall_time_text
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.services import disk_space, offline_policy
from counter_app.store.database import Store
from counter_app.store.platform_cases import last_recovery
from counter_app.store.restore_guards import recorded_enrolment
from counter_app.store.sync_writes import LAST_RESTORE_META
from counter_app.store.timestamps import to_text, utc_now
from sync.clock import Clock
from sync.credential import DeviceIdentity, load_identity
from sync.errors import TLS_VERIFY_FAILED, NotThePlatform, PlatformRefused, PlatformUnreachable
from sync.restored_home import CODE as RESTORED_UNENROLLED
from sync.restored_home import restored_unenrolled_words
from sync.status_refusals import RefusedDocument, refused_documents

log = logging.getLogger(__name__)

Connectivity = Literal["online", "offline", "syncing", "unknown"]
# Each in words (Chinese, English): the running ``counter-app sync``'s lines; the window's
# sync button says the same (``ui.sync_status.SyncStatusButton.connectivity_labels``).
CONNECTIVITY_NAMES: dict[Connectivity, tuple[str, str]] = {
    "online": ("在线", "online"),
    "offline": ("离线", "offline"),
    "syncing": ("同步中", "syncing"),
    "unknown": ("未知", "unknown"),
}
# Failures that mean the platform's API was not reached (the engine's "offline"): the
# last is ``sync.transport.SecureConnectionFailed``'s, named here without loading requests.
OFFLINE_CODES = frozenset({PlatformUnreachable.code, NotThePlatform.code, TLS_VERIFY_FAILED})
# The platform address that answered last (``sync.url`` may list several instances).
META_PLATFORM_ADDRESS = "sync.platform_address"
# The platform's refusal of a revoked device: a failed run is recorded under it, so that
# status and doctor show the enrolment as revoked until the workstation is enrolled again.
REVOKED = offline_policy.DEVICE_REVOKED
# The platform's refusal of a device whose identity two PCs use (a home copied): recorded
# under it, so that intake pauses until a run succeeds.
CLONED = offline_policy.DEVICE_CLONED
# How long the status tells of the platform's restore (``sync.platform_restored``): the
# re-sending takes minutes, and a clerk or IT asking the same day why so many cases showed
# 待上传 still finds the answer.
RESTORE_TOLD_FOR = timedelta(days=1)
# A sync that has gone this many of its intervals (``sync.interval_seconds``) without going
# round (a run, or offline a probe of the platform), or a case that has waited to upload
# this long, means a sync that stopped making progress: a hung, stopped (SIGSTOP) or never
# started process. The window's runner logs it; doctor warns of it.
STALLED_AFTER_INTERVALS = 5


@dataclass(frozen=True)
class SyncStatus:
    connectivity: Connectivity = "unknown"
    backlog: int = 0
    needs_supervisor: int = 0
    last_success_at: str | None = None
    last_attempt_at: str | None = None
    last_error_zh: str | None = None
    last_error_en: str | None = None
    last_error_code: str | None = None
    clock_skew_seconds: float | None = None
    offline_warning_zh: str | None = None
    offline_warning_en: str | None = None
    enrolled: bool = False
    revoked: bool = False  # enrolled, but the platform revoked the enrolment
    platform_address: str | None = None
    disk_warning_zh: str | None = None
    disk_warning_en: str | None = None
    # The platform's last restore from a backup, within RESTORE_TOLD_FOR: when this window
    # learnt of it, and how many acknowledged versions it put back in the outbox for it.
    platform_restored_at: str | None = None
    resent_after_restore: int = 0
    # The platform's catalog or calendar versions this window could not load, until a
    # newer one loads (``sync.status_refusals``).
    refused_documents: tuple[RefusedDocument, ...] = ()
    # This workstation's cases fetched back from the platform after its store was restored
    # from an older backup (``sync.own_cases``), within RESTORE_TOLD_FOR: when the walk
    # ended, and how many.
    recovered_at: str | None = None
    recovered_from_platform: int = 0
    # When the oldest case version still waiting to upload was queued (None: none waits).
    oldest_waiting_at: str | None = None
    # When the running sync last went round (``sync.scheduler``) or got on with a run (a
    # batch, a page: ``SyncEngine.beat``): the heartbeat the window's runner watches
    # (``sync.background``); None in a status read from the store.
    heartbeat_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


StatusListener = Callable[[SyncStatus], None]


class StatusBoard:
    """Holds the current :class:`SyncStatus` and tells listeners about every change."""

    def __init__(self, initial: SyncStatus | None = None) -> None:
        self._status = initial or SyncStatus()
        self._listeners: list[StatusListener] = []
        self._lock = threading.Lock()

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def update(self, **changes: Any) -> SyncStatus:
        with self._lock:
            self._status = replace(self._status, **changes)
            status, listeners = self._status, list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:
                # A broken listener (e.g. a closed window) must not stop the sync itself.
                log.exception("sync status listener failed")
        return status


def stalled_after(config: Config) -> timedelta:
    """How long a sync may go without progress before it counts as stalled
    (:data:`STALLED_AFTER_INTERVALS` of ``sync.interval_seconds``)."""
    return timedelta(seconds=STALLED_AFTER_INTERVALS * config.sync.interval_seconds)


def disk_warning(home: Home) -> tuple[str | None, str | None]:
    """The status's low-disk warning (zh, en), measured now: with every sync run."""
    return disk_space.low_disk_warning(home, disk_space.free_bytes(home)) or (None, None)


def failure_code(exc: CounterError) -> str:
    """The code a failed run is recorded under: the platform's own for its refusal of a
    revoked device (:data:`REVOKED`) or of one whose identity two PCs share
    (:data:`CLONED`: intake pauses on it), else the error's own."""
    if isinstance(exc, PlatformRefused) and exc.platform_code in (REVOKED, CLONED):
        return exc.platform_code
    return exc.code


def is_revoked(identity: DeviceIdentity | None, store: Store) -> bool:
    """The platform refused ``identity``'s device as revoked at the last attempt, made
    since that enrolment (an enrolment after the refusal is a new device)."""
    error = offline_policy.last_error(store)
    return (
        identity is not None
        and error is not None
        and error.get("code") == REVOKED
        and error.get("at", "") >= identity.enrolled_at
    )


def revoked_words(config: Config, backlog: int) -> tuple[str, str]:
    """What a revoked window tells IT to do, in Chinese and English (status and doctor)."""
    hall, window = config.hall.hall_code, config.hall.window_code
    again = f"counter-app enroll 平台地址 登记码{' --despite-backlog' if backlog else ''}"
    again_en = f"counter-app enroll URL CODE{' --despite-backlog' if backlog else ''}"
    return (
        "本机在中心平台的登记已被吊销（device_revoked）：办件不能上传，也收不到更新；办件都保存"
        "在本机。若本机已由另一台电脑替换（操作手册第 6 节），请停止使用本机，不要重新登记"
        "（重新登记须吊销正在使用的新电脑），待上传的办件按第 6 节交给新电脑。本机未被替换的，"
        f"请平台管理员为大厅 {hall} 窗口 {window} 签发新的登记码（counter-central "
        f"enroll-code --hall {hall} --window {window}），再重新登记本机（{again}），待上传的 "
        f"{backlog} 件随后上传。",
        "The central platform revoked this workstation's enrolment (device_revoked): cases "
        "do not upload and no updates arrive; every case stays safe here. If this PC was "
        "replaced by another (operations §6), stop using it and do not enrol it again "
        "(enrolling it again would take revoking the new PC, which is in use): hand its "
        "waiting cases over as §6 says. If it was not replaced, ask the platform "
        f"operator for a new code for hall {hall} window {window} (counter-central "
        f"enroll-code --hall {hall} --window {window}), then enrol again ({again_en}); the "
        f"{backlog} waiting case(s) upload after it.",
    )


def restore_words(status: SyncStatus) -> tuple[str, str] | None:
    """Why acknowledged cases wait again (zh, en), while the status tells of a restore of the
    platform from a backup (``counter-app sync status``, the sync button's tooltip); else
    None."""
    if status.platform_restored_at is None:
        return None
    at, count = hall_time_text(status.platform_restored_at), status.resent_after_restore
    return (
        f"中心平台已于 {at} 从备份恢复：本机已确认的 {count} 个版本重新上传，"
        "平台答复之前这些办件显示待上传，无需处理。",
        f"The central platform was restored from a backup at {at}: this window sends its "
        f"{count} acknowledged case version(s) again; until the platform answers, those cases "
        "show as waiting to upload. Nothing to do.",
    )


def recovered_words(count: int) -> tuple[str, str]:
    """What a sync run (or the status, for a day after it) says of this workstation's cases
    fetched back from the platform, in Chinese and English."""
    return (
        f"从平台取回 {count} 件办件：本机数据是从较早的备份恢复的，备份之后已同步的本窗口"
        "办件已按平台保存的版本和状态取回。",
        f"Fetched {count} case(s) back from the platform: this workstation's data was "
        "restored from an older backup, and this window's cases synced after it are back as "
        "the platform holds them.",
    )


def _recent_recovery(store: Store, now: datetime) -> tuple[str, int] | None:
    """The last walk that fetched cases back (``sync.own_cases``), when it ended within
    :data:`RESTORE_TOLD_FOR`: (when, cases)."""
    last = last_recovery(store)
    return last if last is not None and last[1] and _told(last[0], now) else None


def _recent_restore(store: Store, now: datetime) -> tuple[str, int] | None:
    """The last restore of the platform this window re-sent for (``requeue_acknowledged``)
    when newer than :data:`RESTORE_TOLD_FOR`: (when, versions requeued)."""
    kept = store.meta(LAST_RESTORE_META)
    if kept is None:
        return None
    last = json.loads(kept)
    return (str(last["at"]), int(last["requeued"])) if _told(last["at"], now) else None


def _told(at: str, now: datetime) -> bool:
    """Whether what happened ``at`` is recent enough to tell (:data:`RESTORE_TOLD_FOR`)."""
    return at >= to_text(now - RESTORE_TOLD_FOR)


def read_status(home: Home, config: Config, store: Store, clock: Clock | None = None) -> SyncStatus:
    """The status as another process sees it (doctor, ``counter-app sync status``): from the
    store. A home not enrolled whose store records an enrolment (``sync.restored_home``)
    shows no last success or attempt, which were the other device's, and says what to do."""
    error = offline_policy.last_error(store)
    identity = load_identity(home)
    connectivity: Connectivity = "unknown"
    if error and error.get("code") in OFFLINE_CODES:
        connectivity = "offline"
    elif offline_policy.last_success(store) is not None:
        connectivity = "online"
    disk_zh, disk_en = disk_warning(home)
    status = SyncStatus(
        connectivity=connectivity,
        last_attempt_at=offline_policy.last_attempt(store),
        last_error_zh=error.get("zh") if error else None,
        last_error_en=error.get("en") if error else None,
        last_error_code=error.get("code") if error else None,
        enrolled=identity is not None,
        revoked=is_revoked(identity, store),
        platform_address=store.meta(META_PLATFORM_ADDRESS) or None,
        disk_warning_zh=disk_zh,
        disk_warning_en=disk_en,
    )
    status = with_stored_facts(status, config, store, clock)
    recorded = None if identity is not None else recorded_enrolment(store.db.conn)
    if recorded is None:
        return status
    # Restored from another PC's backup, not enrolled: its history is that device's.
    zh, en = restored_unenrolled_words(recorded)
    return replace(
        status,
        connectivity="unknown",
        last_success_at=None,
        last_attempt_at=None,
        last_error_zh=zh,
        last_error_en=en,
        last_error_code=RESTORED_UNENROLLED,
        offline_warning_zh=None,
        offline_warning_en=None,
    )


def with_stored_facts(
    status: SyncStatus, config: Config, store: Store, clock: Clock | None = None
) -> SyncStatus:
    """``status`` with what the store says, whichever program ran the last sync: the backlog
    and since when its oldest case waits, the problem cases held for a supervisor, the last success, the offline warning, a
    recent restore of the platform from a backup and the platform's documents this window
    could not load.

    A run's own status holds only what that run saw: a window started offline never saw the
    success of an earlier run, nor the problems it left, and no run measures the time offline.
    """
    now = clock.now() if clock else None
    warning = offline_policy.offline_warning(store, config, now)
    success = offline_policy.last_success(store)
    restored_at, resent = _recent_restore(store, now or utc_now()) or (None, 0)
    recovered_at, recovered = _recent_recovery(store, now or utc_now()) or (None, 0)
    waiting, oldest = offline_policy.waiting_uploads(store)
    return replace(
        status,
        backlog=waiting,
        oldest_waiting_at=oldest,
        needs_supervisor=offline_policy.needing_supervisor(store),
        last_success_at=to_text(success) if success else None,
        offline_warning_zh=warning[0] if warning else None,
        offline_warning_en=warning[1] if warning else None,
        platform_restored_at=restored_at,
        resent_after_restore=resent,
        recovered_at=recovered_at,
        recovered_from_platform=recovered,
        refused_documents=refused_documents(store),
    )
