"""The offline policy (MOSIP-like, but off by default) and the sync bookkeeping it reads.

A warning after ``sync.offline_warn_hours`` without a successful sync; new intake paused
(:class:`IntakePaused`) only when IT set ``sync.hard_stop_days`` or ``sync.hard_stop_cases``
- a hall must never be stopped by default, and a training hall never is. The intake
service enforces the pause for every decision that creates a case, unless a supervisor at
the window approves that one decision past the limit (:class:`OverLimitApproval`); ``sync``
records each attempt here, so the core can judge without importing it. ``now`` is
injectable so the policy can be tested without waiting days.

Intake is also paused, in every hall but a training one, wherever the platform would
refuse every case taken now, whoever approved it: while the enrolment the store last
recorded names another hall or window than the config (an enrolment cut off before it
wrote the config), while the platform reports this device revoked (a PC replaced,
whose number prefix the replacement holds), and while it reports this device cloned (its
home copied to a second PC and both started: both number from one counter).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from counter_app.config import Config, HallConfig
from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from counter_app.domain.replacement_code import replacement_code_command
from counter_app.errors import CounterError
from counter_app.services.auth import User
from counter_app.services.clock_sanity import refused_skew, skew_words
from counter_app.store.database import Store
from counter_app.store.platform_clock import PlatformClockReading
from counter_app.store.restore_guards import (
    ENROLMENT_ACTION,
    RecordedEnrolment,
    recorded_enrolment,
)
from counter_app.store.sync_writes import UNSETTLED
from counter_app.store.timestamps import from_text, to_text, utc_now

META_LAST_SUCCESS = "sync.last_success_at"
META_LAST_ATTEMPT = "sync.last_attempt_at"
META_LAST_ERROR = "sync.last_error"
# When the platform last answered that this device is revoked ("" once a run succeeds).
META_REVOKED_AT = "sync.revoked_at"
# The code a sync run that the platform refused as a revoked device is recorded under.
DEVICE_REVOKED = "device_revoked"
# When the platform last answered that two PCs use this device's identity ("" once a run
# succeeds), and the code such a run is recorded under.
META_CLONED_AT = "sync.cloned_at"
DEVICE_CLONED = "device_cloned"


Limit = Literal["cases", "days", "enrolment"]


def enrol_again_words(device_id: str) -> tuple[str, str]:
    """What finishes an enrolment cut off half-way (Chinese, English): its code is used, and
    the device it made (``device_id``) holds the window's case-number prefix until revoked."""
    return (
        f"请平台管理员吊销未登记完成的设备 {device_id}（counter-central revoke {device_id}）并签发"
        "新的登记码，再由信息技术人员运行 counter-app enroll 平台地址 登记码 重新登记。",
        f"Ask the platform operator to revoke the half-enrolled device {device_id} "
        f"(counter-central revoke {device_id}) and issue a new enrolment code, then IT runs "
        "counter-app enroll URL CODE again.",
    )


class IntakePaused(CounterError):
    """Hall policy pauses new intake until the backlog reaches the central platform:
    ``reached`` unsynced cases or days without a sync against the ``allowed`` ``limit``;
    or (``limit`` ``"enrolment"``, both counts 0) until IT sees to the enrolment: finishes
    it, or stops using (or enrols again) a PC the platform revoked."""

    code = "intake_paused"

    def __init__(self, zh: str, en: str, *, limit: Limit, allowed: int, reached: int) -> None:
        super().__init__(zh, en)
        self.limit: Limit = limit
        self.allowed = allowed
        self.reached = reached


@dataclass(frozen=True)
class OverLimitApproval:
    """A supervisor's approval of ONE decision while intake is paused (超限受理审批): the
    supervisor authenticated by the caller, at the clerk's screen, and why. The intake
    service checks the role and four eyes and records it with the limit it passed."""

    supervisor: User
    reason: str


def backlog(store: Store) -> int:
    """Cases with a data version still waiting to be sent (a case edited twice counts once)."""
    return waiting_uploads(store)[0]


def waiting_uploads(store: Store) -> tuple[int, str | None]:
    """The ``backlog``, and when the oldest version still waiting to upload was queued
    (None: none waits), in one read of the waiting rows."""
    row = store.db.execute(
        "SELECT count(DISTINCT case_id), min(created_at) FROM outbox WHERE state = 'pending'"
    ).fetchone()
    return int(row[0]), (str(row[1]) if row[1] else None)


def needing_supervisor(store: Store) -> int:
    # Spelled as the partial index outbox_held is, so SQLite reads only the held rows.
    row = store.db.execute(
        "SELECT count(*) FROM outbox"  # noqa: S608 - a constant fragment
        f" WHERE state IN ('conflict', 'rejected') AND {UNSETTLED}"
    ).fetchone()
    return int(row[0])


def last_success(store: Store) -> datetime | None:
    value = store.meta(META_LAST_SUCCESS)
    return from_text(value) if value else None


def last_attempt(store: Store) -> str | None:
    return store.meta(META_LAST_ATTEMPT) or None


def record_success(store: Store, moment: datetime) -> None:
    with store.transaction():
        store.set_meta(META_LAST_SUCCESS, to_text(moment))
        store.set_meta(META_LAST_ATTEMPT, to_text(moment))
        store.set_meta(META_LAST_ERROR, "")
        store.set_meta(META_REVOKED_AT, "")
        store.set_meta(META_CLONED_AT, "")


def record_failure(store: Store, moment: datetime, code: str, zh: str, en: str) -> None:
    with store.transaction():
        store.set_meta(META_LAST_ATTEMPT, to_text(moment))
        if code == DEVICE_REVOKED:
            # Kept apart from the last error, which the next run offline overwrites: a
            # revoked PC unplugged must not take cases again.
            store.set_meta(META_REVOKED_AT, to_text(moment))
        if code == DEVICE_CLONED:  # kept apart for the same reason
            store.set_meta(META_CLONED_AT, to_text(moment))
        store.set_meta(
            META_LAST_ERROR,
            json.dumps(
                {"code": code, "zh": zh, "en": en, "at": to_text(moment)}, ensure_ascii=False
            ),
        )


def last_error(store: Store) -> dict[str, str] | None:
    value = store.meta(META_LAST_ERROR)
    return json.loads(value) if value else None


def _offline_since(store: Store) -> datetime | None:
    """Since when unsynced data has been waiting: the last success, or if there never was
    one, when the oldest pending case was queued."""
    success = last_success(store)
    if success is not None:
        return success
    row = store.db.execute("SELECT min(created_at) FROM outbox WHERE state = 'pending'").fetchone()
    return from_text(row[0]) if row and row[0] else None


def _by_the_platform(refused: PlatformClockReading | None, moment: datetime) -> datetime:
    """``moment`` (this clock's now) on the platform's clock while the platform's refusal of
    this clock stands (``refused``, :func:`refused_skew`): a clock days fast would count days
    nobody waited. The last success needs no such care: the platform took the clock's time
    then."""
    return moment if refused is None else refused.platform_now(moment)


def offline_warning(
    store: Store, config: Config, now: datetime | None = None
) -> tuple[str, str] | None:
    """``(zh, en)`` when the last successful sync is older than ``offline_warn_hours`` (by the
    platform's time while it refuses this clock: then the warning names the clock, not the
    network); it says whether intake goes on. While a hard stop pauses intake it says only
    that: the limit and the count are :func:`intake_pause`'s to say (doctor's ``intake``
    check, a refused decision), often right beside this warning."""
    hours = config.sync.offline_warn_hours
    if not config.sync.url or hours <= 0:
        return None
    since = _offline_since(store)
    refused = refused_skew(store)
    moment = _by_the_platform(refused, now or utc_now())
    offline_for = None if since is None else moment - since
    if offline_for is None or offline_for < timedelta(hours=hours):
        return None
    waited = int(offline_for.total_seconds() // 3600)
    if refused is not None:  # not the network: the clock, which also stops intake
        skew_zh, skew_en = skew_words(refused)
        return (
            f"已约{waited}小时（按中心平台的时间）未与中心平台同步成功：本机时钟{skew_zh}，"
            f"平台拒收本机的同步，新受理已暂停。{CHECK_AGAINST_A_PHONE[0]}，"
            f"然后同步一次，同步成功即恢复受理；{PLATFORM_CLOCK_WRONG[0]}",
            f"No successful sync with the central platform for about {waited} hours (by the "
            f"platform's time): the workstation's clock is {skew_en}, and the platform refuses "
            f"its syncs; new intake is paused. {CHECK_AGAINST_A_PHONE[1]}, then sync once; "
            f"intake resumes when it succeeds. {PLATFORM_CLOCK_WRONG[1]}",
        )
    zh = f"已约{waited}小时未与中心平台同步成功，请检查网络；"
    en = f"No successful sync with the central platform for about {waited} hours; check the network. "
    if _hard_stop(store, config, now, platform_now=moment) is not None:
        return (
            f"{zh}新受理已按大厅规定暂停，办件上传后自动恢复。",
            f"{en}New intake is paused under hall policy; it resumes by itself once the cases "
            "are uploaded.",
        )
    return (
        f"{zh}办件仍可照常受理，联网后自动上传。",
        f"{en}Intake continues as normal and cases upload automatically once online.",
    )


def intake_pause(store: Store, config: Config, now: datetime | None = None) -> IntakePaused | None:
    """Why new intake is paused: an unfinished enrolment (:func:`unfinished_enrolment`), a
    revoked device (:func:`revoked_device`), a cloned one (:func:`cloned_device`), or the
    configured hard stops; None by default
    (both stops are 0, and a training hall is never paused)."""
    if config.is_training:
        return None
    return (
        unfinished_enrolment(store, config)
        or revoked_device(store)
        or cloned_device(store)
        or _hard_stop(store, config, now)
    )


def revoked_device(store: Store) -> IntakePaused | None:
    """The pause once the platform answered that this device is revoked, until a run
    succeeds or the device enrols again (an enrolment after the refusal is a new device),
    however many runs failed offline since: a PC replaced (docs/operations.md §6), whose
    case-number prefix the replacement now holds."""
    if not _refusal_stands(store, META_REVOKED_AT):
        return None
    waiting = backlog(store)
    hand_zh, hand_en = (
        (
            f"本机待上传的 {waiting} 件办件须按第 6 节交给新电脑，请联系信息技术人员。",
            f"Its {waiting} case(s) waiting to upload must be handed over to the new PC as §6 "
            "says: call IT. ",
        )
        if waiting
        else ("", "")
    )
    return IntakePaused(
        "中心平台已吊销本机的登记，已暂停新受理：此时受理的办件再也无法上传。若本机已由另一台电脑"
        "替换（操作手册第 6 节），请停止使用本机，到新电脑上受理，不要重新登记本机（重新登记须"
        f"吊销正在使用的新电脑）。{hand_zh}本机未被替换的，按 counter-app doctor 的 sync 一项"
        "重新登记。已受理的办件仍可查询。",
        "The central platform revoked this workstation's enrolment, so new intake is paused: "
        "cases taken now could never upload. If this PC was replaced by another (operations "
        "§6), stop using it and take cases on the new PC; do not enrol this one again "
        "(enrolling it again would take revoking the new PC, which is in use). "
        f"{hand_en}If it was not replaced, enrol it again as sync in counter-app doctor says. "
        "Cases already taken can still be viewed.",
        limit="enrolment",
        allowed=0,
        reached=0,
    )


def cloned_device(store: Store) -> IntakePaused | None:
    """The pause once the platform answered that two PCs use this device's identity (a home
    copied and started), until a run succeeds or the PC enrols again: both give the same
    case numbers to different applicants' cases."""
    if not _refusal_stands(store, META_CLONED_AT):
        return None
    recorded = recorded_enrolment(store.db.conn)
    hall, window, device = (
        ("大厅", "窗口", "本机终端号")
        if recorded is None
        else (recorded.hall, recorded.window, recorded.device_id)
    )
    return IntakePaused(
        "中心平台发现两台电脑在以本机的终端身份工作（本机数据目录被整个复制到另一台电脑后两台都"
        "启动了），两台会给不同办件编出同一编号，已暂停新受理。请信息技术人员：只保留一台电脑在"
        f"本窗口，请平台管理员为它签发替换登记码（{replacement_code_command(hall, window, device)}）"
        "并在它上面重新登记（counter-app enroll）；另一台"
        "立即停用，切勿再启动复制来的数据目录，不要在它上面恢复备份。已受理的办件仍可查询。",
        "The central platform found two PCs working as this workstation's device (its home was "
        "copied whole to another PC and both were started): both give the same case numbers to "
        "different cases, so new intake is paused. IT: keep ONE PC on this window, have the "
        "platform operator issue it a replacement code "
        f"({replacement_code_command(hall, window, device)}) and enrol it again with it (counter-app "
        "enroll); stop the other PC now, never start the copied home again and restore no "
        "backup on it. Cases already taken can still be viewed.",
        limit="enrolment",
        allowed=0,
        reached=0,
    )


def _refusal_stands(store: Store, key: str) -> bool:
    """Whether the platform's refusal kept under ``key`` was made since the last enrolment
    (an enrolment after it is a new device)."""
    refused_at = store.meta(key)
    if not refused_at:
        return False
    # Read only while the refusal stands: the search goes back to the last enrolment.
    row = store.db.execute(
        "SELECT at FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1", (ENROLMENT_ACTION,)
    ).fetchone()
    return row is None or refused_at >= row[0]


def unfinished_enrolment(store: Store, config: Config) -> IntakePaused | None:
    """The pause while the store's last enrolment names another hall or window than the
    config (an enrolment cut off before it wrote the config): the platform would refuse
    every case taken meanwhile."""
    recorded = recorded_enrolment(store.db.conn)
    hall, window = config.hall.hall_code, config.hall.window_code
    if recorded is None or (recorded.hall, recorded.window) == (hall, window):
        return None
    if (hall, window) == (HallConfig.hall_code, HallConfig.window_code):
        return _replacement_unenrolled(recorded)
    again_zh, again_en = enrol_again_words(recorded.device_id)
    return IntakePaused(
        f"本机最近一次登记为大厅 {recorded.hall} 窗口 {recorded.window}，但配置为大厅 {hall} "
        f"窗口 {window}：登记没有完成，此时受理的办件平台将拒收，已暂停新受理。{again_zh}"
        "已受理的办件仍可查询和修改。",
        f"This workstation was last enrolled for hall {recorded.hall} window {recorded.window}, "
        f"but the config says hall {hall} window {window}: the enrolment did not finish and the "
        "platform would refuse cases taken now, so new intake is paused. "
        f"{again_en} Cases already taken can still be viewed and edited.",
        limit="enrolment",
        allowed=0,
        reached=0,
    )


def _replacement_unenrolled(recorded: RecordedEnrolment) -> IntakePaused:
    """The pause of a workstation whose config was never enrolled (the program's defaults)
    while its store records an enrolment: a replacement PC restored from another device's
    backup (docs/operations.md, a PC replaced), or a first enrolment cut off before the
    config. A replacement code for that device enrols this PC in its place either way."""
    device, hall, window = recorded.device_id, recorded.hall, recorded.window
    return IntakePaused(
        f"数据库记录的登记为设备 {device}（大厅 {hall} 窗口 {window}），但本机尚未登记（数据恢复自"
        "另一台电脑的备份，或登记中途中断），已暂停新受理。请平台管理员签发替换登记码"
        f"（{replacement_code_command(hall, window, device)}），"
        "再由信息技术人员运行 counter-app enroll 平台地址 登记码。已受理的办件仍可查询。",
        f"The database records the enrolment of device {device} (hall {hall} window "
        f"{window}), but this workstation is not enrolled (its data was restored from another "
        "PC's backup, or an enrolment was cut off), so new intake is paused. Ask the platform "
        f"operator for a replacement code ({replacement_code_command(hall, window, device)}), "
        "then IT runs counter-app enroll URL CODE. Cases "
        "already taken can still be viewed.",
        limit="enrolment",
        allowed=0,
        reached=0,
    )


def _hard_stop(
    store: Store, config: Config, now: datetime | None, *, platform_now: datetime | None = None
) -> IntakePaused | None:
    """Why new intake is paused under the configured hard stops, or None. ``platform_now``:
    ``now`` on the platform's clock (:func:`_by_the_platform`) when the caller has it."""
    sync = config.sync
    if config.is_training or (sync.hard_stop_days <= 0 and sync.hard_stop_cases <= 0):
        return None
    pending = backlog(store)
    if sync.hard_stop_cases > 0 and pending >= sync.hard_stop_cases:
        return IntakePaused(
            f"本机有{pending}件办件尚未上传（上限{sync.hard_stop_cases}件），按大厅规定暂停新受理；"
            "请恢复网络并同步，或联系值班长。已受理的办件仍可查询和修改。",
            f"{pending} cases on this workstation are not uploaded yet (limit {sync.hard_stop_cases}); "
            "hall policy pauses new intake. Restore the network and sync, or call the supervisor. "
            "Cases already taken can still be viewed and edited.",
            limit="cases",
            allowed=sync.hard_stop_cases,
            reached=pending,
        )
    if sync.hard_stop_days <= 0 or not pending:
        return None
    since = _offline_since(store)
    moment = platform_now or _by_the_platform(refused_skew(store), now or utc_now())
    if since is None or moment - since < timedelta(days=sync.hard_stop_days):
        return None
    days = (moment - since).days
    return IntakePaused(
        f"本机已{days}天未与中心平台同步成功（上限{sync.hard_stop_days}天），按大厅规定暂停新受理；"
        "请恢复网络并同步，或联系值班长。已受理的办件仍可查询和修改。",
        f"No successful sync for {days} days (limit {sync.hard_stop_days}); hall policy pauses new "
        "intake. Restore the network and sync, or call the supervisor. "
        "Cases already taken can still be viewed and edited.",
        limit="days",
        allowed=sync.hard_stop_days,
        reached=days,
    )
