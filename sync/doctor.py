"""``counter-app doctor`` check for sync (entry point ``counter_app.doctor_checks``): the
status, and a store found behind the platform or an audit chain it refused
(``sync.rollback``)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Literal

from counter_app.config import Config
from counter_app.domain.hall_time import hall_time_text
from counter_app.domain.text import amount_of_time
from counter_app.file_lock import written_holder
from counter_app.home import Home
from counter_app.services.doctor import Check
from counter_app.services.offline_policy import enrol_again_words
from counter_app.store.database import Store, open_store
from counter_app.store.restore_guards import RecordedEnrolment, recorded_enrolment
from counter_app.store.timestamps import from_text, utc_now
from sync.credential import DeviceIdentity, load_identity
from sync.provisioning import NO_CATALOG_AFTER_SYNC, platform_catalog_loaded
from sync.rollback import chain_fork_check, store_behind_check
from sync.status import (
    CONNECTIVITY_NAMES,
    SyncStatus,
    read_status,
    restore_words,
    revoked_words,
    stalled_after,
)

# A CA file whose first certificate expires within this is warned of (renew it meanwhile).
CA_EXPIRY_WARNING = timedelta(days=30)
# A process as /proc tells it: "stopped" by SIGSTOP; "unknown" where there is no /proc.
ProcessState = Literal["running", "stopped", "gone", "unknown"]


def sync_checks(home: Home, config: Config) -> list[Check]:
    """Enrolment, and the sync status: backlog, last success, last error, offline warning;
    on a production window also the platform's catalog."""
    en = config.ui.lang == "en"
    identity = load_identity(home)
    if not config.sync.url and config.is_training:
        return [
            Check(
                "sync",
                "ok",
                "no platform configured (training hall)" if en else "未配置中心平台（培训大厅）",
            )
        ]
    if not config.sync.url:  # a production window before its first start
        return [
            Check(
                "sync",
                "warn",
                "no platform configured: this workstation is not enrolled yet; open the window "
                "(its first start enrols it) or run counter-app provision FILE"
                if en
                else "未配置中心平台：本机尚未登记。请打开窗口按首次启动的提示登记，"
                "或运行 counter-app provision 配置文件",
            ),
            *ca_file_check(config, en),  # what counter-app enroll will trust
        ]
    if identity is None and config.is_training:
        # A platform address from the system file, which the training hall ignores: it is
        # never enrolled with that platform (``sync.enrolment.refuse_training_home``).
        return [
            Check(
                "sync",
                "ok",
                "training hall: not enrolled by design; it syncs only with its own training "
                "platform, with which its window enrols itself, never with a production platform"
                if en
                else "培训大厅：按设计不登记；只与培训大厅自带的培训平台同步（由培训窗口自行登记），"
                "从不登记到正式平台",
            )
        ]
    from sync.platform_check import not_enrolled_check, platform_check  # loads requests

    if identity is None:
        return [
            Check(
                "sync",
                "warn",
                "not enrolled: run counter-app enroll URL CODE"
                if en
                else "本机尚未登记：请运行 counter-app enroll 平台地址 登记码",
            ),
            not_enrolled_check(en),
            *ca_file_check(config, en),
        ]
    checks: list[Check] = ca_file_check(config, en)
    store = open_store(home, config)
    try:
        checks.extend(_unfinished_enrolment(identity, config, recorded_enrolment(store.db.conn)))
        status = read_status(home, config, store)
        if not config.is_training:
            checks.extend(_platform_catalog(store, status, en))
        named = {check.name for check in checks}
        checks.extend(c for c in _refused_documents(status, en) if c.name not in named)
        checks.extend(store_behind_check(store, en))
        checks.extend(chain_fork_check(store, en))
    finally:
        store.close()
    checks.insert(0, _sync_status(config, status, en, _stalled(home, config, status, en)))
    checks.insert(1, platform_check(home, config, en))
    return checks


def ca_file_check(config: Config, en: bool) -> list[Check]:
    """``sync_ca_file``: the CA file the window trusts for the platform (``sync.ca_bundle``)
    and the config layer that set it; how many certificates it holds and when the first
    expires: a warning within ``CA_EXPIRY_WARNING``, a failure once one expired or the file
    cannot be read as PEM certificates. None set: the system's certificates, no check."""
    from sync.ca_file import CaFile, read_ca_file, setting_origin

    path = config.sync.ca_bundle
    if not path:
        return []
    origin = setting_origin(config, "ca_bundle") or ("?", "?")
    held = read_ca_file(path)
    if not isinstance(held, CaFile):
        zh, english = held
        return [
            Check(
                "sync_ca_file",
                "fail",
                f"{english} (sync.ca_bundle, set in {origin[1]}): no secure connection to the "
                "platform can be made; set it to the CA file the platform operator gave you"
                if en
                else f"{zh}（sync.ca_bundle，设置于 {origin[0]}）：无法与平台建立安全连接，请改为"
                "平台管理员提供的 CA 证书文件",
            )
        ]
    expires = hall_time_text(held.earliest_expiry.isoformat())
    left = held.earliest_expiry - utc_now()
    zh = (
        f"CA 证书文件 {path}（sync.ca_bundle，设置于 {origin[0]}）含 {held.certificates} 个证书"
        f"（其中 CA 证书 {held.authorities} 个），最早到期 {expires}"
    )
    english = (
        f"CA file {path} (sync.ca_bundle, set in {origin[1]}) holds {held.certificates} "
        f"certificate(s) ({held.authorities} of them CA), the first expiring {expires}"
    )
    status: Literal["ok", "warn", "fail"] = "ok"
    if left <= timedelta(0):
        status = "fail"
        zh += "，已过期：请换成平台管理员提供的新 CA 证书文件（换证期间可放入新旧两个 CA）"
        english += (
            ", expired: replace it with the platform operator's new CA file (during a "
            "renewal it may hold both the old and the new CA)"
        )
    elif left <= CA_EXPIRY_WARNING:
        status = "warn"
        zh += "，即将到期：请向平台管理员索取新的 CA 证书，与旧的一并放入该文件"
        english += (
            ", soon: ask the platform operator for the new CA certificate and put it in this "
            "file beside the old one"
        )
    if held.authorities < held.certificates:
        status = "fail" if status == "fail" else "warn"
        zh += "；其中有不是 CA 的证书（如平台服务器自己的证书）：该文件应包含签发平台证书的 CA"
        english += (
            "; some are no CA certificate (the platform server's own?): the file must hold "
            "the CA that issued the platform's certificate"
        )
    return [Check("sync_ca_file", status, english if en else zh)]


def _unfinished_enrolment(
    identity: DeviceIdentity, config: Config, recorded: RecordedEnrolment | None
) -> list[Check]:
    """An enrolment cut off half-way: the credential names another hall or window than the
    config, or than the store's last enrolment; the platform refuses the cases meanwhile,
    and the next step is to enrol again."""
    enrolled = (identity.hall, identity.window)
    configured = (config.hall.hall_code, config.hall.window_code)
    if enrolled != configured:
        zh = f"本机登记为大厅 {identity.hall} 窗口 {identity.window}，但配置为 {'/'.join(configured)}"
        en = (
            f"enrolled for hall {identity.hall} window {identity.window}, but the config says "
            f"{'/'.join(configured)}"
        )
    elif recorded is not None and (recorded.hall, recorded.window) != enrolled:
        zh = (
            f"本机登记为大厅 {identity.hall} 窗口 {identity.window}，但数据库最近一次登记为大厅 "
            f"{recorded.hall} 窗口 {recorded.window}"
        )
        en = (
            f"enrolled for hall {identity.hall} window {identity.window}, but the database was "
            f"last enrolled for hall {recorded.hall} window {recorded.window}"
        )
    else:
        return []
    again_zh, again_en = enrol_again_words(
        identity.device_id if recorded is None else recorded.device_id
    )
    detail = (
        f"{en}: the enrolment did not finish and the platform will refuse these cases; {again_en}"
        if config.ui.lang == "en"
        else f"{zh}：登记没有完成，平台将拒收办件；{again_zh}"
    )
    return [Check("sync_hall", "fail", detail)]


def _sync_status(config: Config, status: SyncStatus, en: bool, stalled: str | None) -> Check:
    # What the sync process last reported (doctor does not reach the platform itself), the
    # times in the hall's wall clock as ``sync status`` shows them.
    last = hall_time_text(status.last_success_at) if status.last_success_at else None
    counts = (
        f"backlog {status.backlog}, needing a supervisor {status.needs_supervisor}, last "
        f"success {last or 'never'}"
        if en
        else f"待上传 {status.backlog} 件，待值班长处理 {status.needs_supervisor} 件，上次成功同步 "
        f"{last or '从未'}"
    )
    if status.revoked:
        # Nothing reaches the platform until IT enrols this window again: that comes first,
        # and the run that heard it is no "online" to speak of.
        revoked_zh, revoked_en = revoked_words(config, status.backlog)
        return Check("sync", "fail", "; ".join([revoked_en if en else revoked_zh, counts]))
    zh_state, en_state = CONNECTIVITY_NAMES[status.connectivity]
    parts = [
        f"as last reported: {en_state}, {counts}"
        if en
        else f"最近一次同步报告：{zh_state}，{counts}"
    ]
    from sync.transport import unusable_ca_file  # not at start-up: it loads requests

    unusable = unusable_ca_file(config.sync.ca_bundle)
    if unusable is not None:  # every run fails at once, whatever the last one reported
        parts.insert(0, unusable[1] if en else unusable[0])
    if status.platform_address and len(config.sync.url.split()) > 1:
        parts.append(
            f"platform address in use {status.platform_address}"
            if en
            else f"当前使用的平台地址 {status.platform_address}"
        )
    state = "ok"
    for zh, english in (
        (status.last_error_zh, status.last_error_en),
        (status.offline_warning_zh, status.offline_warning_en),
    ):
        if zh and english:
            parts.append(english if en else zh)
            state = "warn"
    restored = restore_words(status)  # told, not warned: the window repairs itself
    if restored is not None:
        parts.append(restored[1] if en else restored[0])
    if stalled is not None:
        parts.append(stalled)
        state = "warn"
    if status.needs_supervisor:
        parts.append(
            "to list them: counter-app queue --problems"
            if en
            else "列出这些办件：counter-app queue --problems"
        )
        state = "warn"
    if unusable is not None:
        state = "fail"
    return Check("sync", state, "; ".join(parts))  # type: ignore[arg-type]


def _stalled(home: Home, config: Config, status: SyncStatus, en: bool) -> str | None:
    """Why the sync seems to have stopped making progress, in the chosen language; None
    while it goes on. A sync goes round once a ``sync.interval_seconds``; stalled after
    :func:`stalled_after`:

    - the last attempt to sync (a run, or offline a probe of the platform) that long ago,
      or none ever while a program is there to make one, or cases wait: said with whether
      a sync process runs (:func:`_sync_process_words`); where processes cannot be told
      (no /proc: Windows), only while a program is there or cases wait;
    - the oldest case waiting to upload has waited that long (the last error, if any, says
      why), unless the platform is out of reach: cases wait out an outage, and the offline
      warning tells of a long one."""
    now, limit = utc_now(), stalled_after(config)
    every = f"{config.sync.interval_seconds:g}"
    waiting, attempt = status.oldest_waiting_at, status.last_attempt_at
    window, (pid, state) = _holder(home.window_lock_path), _sync_process(home)
    zh: list[str] = []
    english: list[str] = []
    outage = status.connectivity == "offline"
    if waiting is not None and not outage and now - from_text(waiting) > limit:
        waited_zh, waited_en = amount_of_time((now - from_text(waiting)).total_seconds())
        zh.append(f"最早的待上传办件自 {hall_time_text(waiting)} 起已等待{waited_zh}")
        english.append(
            f"the oldest case waiting to upload has waited since {hall_time_text(waiting)} "
            f"({waited_en})"
        )
    sync_expected = window is not None or state in ("running", "stopped") or bool(zh)
    attempt_stale = attempt is not None and now - from_text(attempt) > limit
    # A sync tried once and not since is stale whether or not a program is there to try
    # again (operations §4), unless this system cannot tell processes (Windows) and nothing
    # waits: a closed window there is the expected state, not a stopped sync.
    if (sync_expected and (attempt is None or attempt_stale)) or (
        attempt_stale and _process_state(os.getpid()) != "unknown"
    ):
        since_zh, since_en = (
            (hall_time_text(attempt), hall_time_text(attempt)) if attempt else ("从未", "never")
        )
        process_zh, process_en = _sync_process_words(window, pid, state)
        zh.append(f"上次同步尝试 {since_zh}（每 {every} 秒同步一次）：{process_zh}")
        english.append(f"last sync attempt {since_en} (a sync runs every {every} s): {process_en}")
    if not zh:
        return None
    return "; ".join(english) if en else "；".join(zh)


def _holder(lock_path: Path) -> int | None:
    """The process holding the lock file at ``lock_path`` (``FileLock`` writes its holder's
    pid into it), when it still runs; None when it does not, or the pid cannot be read (on
    Windows the held byte cannot be read)."""
    pid = written_holder(lock_path)
    return pid if pid is not None and _process_state(pid) in ("running", "stopped") else None


def _sync_process(home: Home) -> tuple[int | None, ProcessState]:
    """The last process to sync this home (the window's sync process or ``counter-app
    sync``: whichever last held the sync lock) and how it is now."""
    pid = written_holder(home.sync_lock_path)
    return (None, "gone") if pid is None else (pid, _process_state(pid))


def _process_state(pid: int) -> ProcessState:
    """How the process ``pid`` is, as Linux's /proc tells it ("unknown" elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return "gone" if Path("/proc/self/stat").exists() else "unknown"
    except OSError:
        return "unknown"
    letter = stat.rsplit(")", 1)[-1].split()[0]
    if letter in ("T", "t"):
        return "stopped"
    return "gone" if letter in ("Z", "X") else "running"


def _sync_process_words(
    window: int | None, pid: int | None, state: ProcessState
) -> tuple[str, str]:
    """Whether a sync process is there, and what IT does (Chinese, English)."""
    if state == "stopped":
        return (
            f"同步进程 {pid} 已被暂停（SIGSTOP），kill -CONT {pid} 可让它继续",
            f"the sync process {pid} is stopped (SIGSTOP); kill -CONT {pid} resumes it",
        )
    if state == "running":
        return (
            f"同步进程 {pid} 在运行但没有进展（可能卡在网络或数据库操作上）：请查看 logs/sync.log，"
            "必要时关闭并重新打开柜台窗口",
            f"the sync process {pid} is running but makes no progress (stuck on the network or "
            "the database?): see logs/sync.log; if it stays so, close and reopen the counter "
            "window",
        )
    if state == "unknown":
        return (
            "无法判断同步进程是否在运行：请查看 logs/sync.log",
            "whether a sync process runs cannot be told here: see logs/sync.log",
        )
    if window is not None:
        return (
            f"柜台窗口（进程 {window}）开着，但没有同步进程在运行：请查看 logs/gui.log 和 "
            "logs/sync.log，并关闭后重新打开柜台窗口",
            f"the counter window (process {window}) is open, but no sync process runs: see "
            "logs/gui.log and logs/sync.log, and close and reopen the counter window",
        )
    return (
        "柜台窗口没有打开，也没有 counter-app sync 在运行：打开窗口（或运行 counter-app sync）"
        "后办件才会上传",
        "the counter window is not open and no counter-app sync runs: cases upload once the "
        "window is opened (or counter-app sync runs)",
    )


def _refused_documents(status: SyncStatus, en: bool) -> list[Check]:
    """A catalog (``sync_catalog``) or calendar (``sync_calendar``) the platform published
    that this window could not load: it goes on with an older one until a newer one loads."""
    return [
        Check(f"sync_{refused.feed}", "warn", refused.words()[1 if en else 0])
        for refused in status.refused_documents
    ]


def _platform_catalog(store: Store, status: SyncStatus, en: bool) -> list[Check]:
    """An enrolled production window accepts nothing until the platform's catalog is in
    (the bundled sample a command loaded does not count: the next sync removes it); when
    the platform's could not be loaded, the check says why."""
    if platform_catalog_loaded(store):
        return []
    if status.last_success_at is None:
        detail = (
            "no service catalog from the platform yet: run counter-app sync --once"
            if en
            else "尚未从平台取得事项目录：请运行 counter-app sync --once"
        )
        return [Check("sync_catalog", "warn", detail)]
    zh, english = NO_CATALOG_AFTER_SYNC
    for refused in status.refused_documents:  # why: the platform's own could not load
        if refused.feed == "catalog":
            zh, english = refused.words()
    return [Check("sync_catalog", "fail", english if en else zh)]
