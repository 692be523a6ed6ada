"""``counter-app doctor`` check for sync (entry point ``counter_app.doctor_checks``)."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.doctor import Check
from counter_app.store.database import open_store
from sync.credential import load_identity
from sync.status import read_status


def sync_checks(home: Home, config: Config) -> list[Check]:
    """Enrolment, and the sync status: backlog, last success, last error, offline warning."""
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
    if (identity.hall, identity.window) != (config.hall.hall_code, config.hall.window_code):
        checks.append(
            Check(
                "sync_hall",
                "fail",
                (
                    f"enrolled for hall {identity.hall} window {identity.window}, but the config says "
                    f"{config.hall.hall_code}/{config.hall.window_code}; the platform will refuse these cases"
                )
                if en
                else (
                    f"本机登记为大厅 {identity.hall} 窗口 {identity.window}，但配置为 "
                    f"{config.hall.hall_code}/{config.hall.window_code}，平台将拒收办件"
                ),
            )
        )
    store = open_store(home, config)
    try:
        status = read_status(home, config, store)
    finally:
        store.close()
    parts = [
        f"{status.connectivity}, backlog {status.backlog}, needing a supervisor {status.needs_supervisor}, "
        f"last success {status.last_success_at or 'never'}"
        if en
        else f"{status.connectivity}，待上传 {status.backlog} 件，待值班长处理 {status.needs_supervisor} 件，"
        f"上次成功同步 {status.last_success_at or '从未'}"
    ]
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
    if status.needs_supervisor:
        state = "warn"
    checks.insert(0, Check("sync", state, "; ".join(parts)))  # type: ignore[arg-type]
    return checks
