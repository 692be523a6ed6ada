"""``counter-app doctor`` check for sync (entry point ``counter_app.doctor_checks``)."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.domain.hall_time import hall_time_text
from counter_app.home import Home
from counter_app.services.doctor import Check
from counter_app.services.offline_policy import enrol_again_words
from counter_app.store.database import Store, open_store
from counter_app.store.restore_guards import RecordedEnrolment, recorded_enrolment
from sync.credential import DeviceIdentity, load_identity
from sync.provisioning import NO_CATALOG_AFTER_SYNC, platform_catalog_loaded
from sync.status import (
    CONNECTIVITY_NAMES,
    SyncStatus,
    read_status,
    restore_words,
    revoked_words,
)


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
            )
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
    if identity is None:
        return [
            Check(
                "sync",
                "warn",
                "not enrolled: run counter-app enroll URL CODE"
                if en
                else "本机尚未登记：请运行 counter-app enroll 平台地址 登记码",
            )
        ]
    checks: list[Check] = []
    store = open_store(home, config)
    try:
        checks.extend(_unfinished_enrolment(identity, config, recorded_enrolment(store.db.conn)))
        status = read_status(home, config, store)
        if not config.is_training:
            checks.extend(_platform_catalog(store, status, en))
        named = {check.name for check in checks}
        checks.extend(c for c in _refused_documents(status, en) if c.name not in named)
    finally:
        store.close()
    checks.insert(0, _sync_status(config, status, en))
    return checks


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


def _sync_status(config: Config, status: SyncStatus, en: bool) -> Check:
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
    if status.needs_supervisor:
        state = "warn"
    if unusable is not None:
        state = "fail"
    return Check("sync", state, "; ".join(parts))  # type: ignore[arg-type]


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
