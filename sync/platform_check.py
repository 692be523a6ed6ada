"""``counter-app doctor``'s live look at the platform (``sync_platform``): one unsigned
``GET /v1/health`` with tight timeouts, as it stands now rather than as the sync process
last reported: whether it answers, and how far the platform's clock is from this one.

The offset is measured against the middle of the round trip. Past
``MAX_CLOCK_SKEW_SECONDS`` the platform refuses every signed request (fail); past a minute
the clock drifts and should be set before it gets there (warn).
"""

from __future__ import annotations

from counter_app.config import Config
from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.services.doctor import Check
from sync.clock import SystemClock
from sync.device_transport import platform_transport
from sync.scheduler import HEALTH_PATH
from sync.wire.enrolment import Health
from sync.wire.signing import MAX_CLOCK_SKEW_SECONDS

# Seconds to connect, and to answer: doctor is run by a person, who waits on it.
PROBE_TIMEOUTS = (3.0, 5.0)
CLOCK_DRIFT_WARNING_SECONDS = 60.0
_CLOCK_ADVICE_ZH = f"{CHECK_AGAINST_A_PHONE[0]}；{PLATFORM_CLOCK_WRONG[0]}"
_CLOCK_ADVICE_EN = f"{CHECK_AGAINST_A_PHONE[1]}. {PLATFORM_CLOCK_WRONG[1]}"


def platform_check(home: Home, config: Config, en: bool) -> Check:
    """The ``sync_platform`` check of an enrolled window (see the module)."""
    clock = SystemClock()
    transport = platform_transport(home, config, clock, timeouts=PROBE_TIMEOUTS)
    try:
        sent = clock.now()
        answer = transport.request_json("GET", HEALTH_PATH, signed=False)
        received = clock.now()
        health = transport.parsed(Health, answer)
    except CounterError as exc:
        return Check(
            "sync_platform",
            "fail",
            f"the platform does not answer now: {exc.en}"
            if en
            else f"中心平台现在没有应答：{exc.zh}",
        )
    finally:
        transport.close()
    offset = (health.server_time - (sent + (received - sent) / 2)).total_seconds()
    zh = f"中心平台 {transport.base_url} 有应答（版本 {health.version}），平台时钟与本机相差 {offset:+.1f} 秒"
    english = (
        f"the platform at {transport.base_url} answers (version {health.version}); its clock "
        f"is {offset:+.1f} s from this workstation's"
    )
    if abs(offset) > MAX_CLOCK_SKEW_SECONDS:
        return Check(
            "sync_platform",
            "fail",
            f"{english}: more than {MAX_CLOCK_SKEW_SECONDS} s, so the platform refuses every "
            f"upload. {_CLOCK_ADVICE_EN}"
            if en
            else f"{zh}，超过 {MAX_CLOCK_SKEW_SECONDS} 秒，平台将拒收所有上传：{_CLOCK_ADVICE_ZH}",
        )
    if abs(offset) > CLOCK_DRIFT_WARNING_SECONDS:
        return Check(
            "sync_platform",
            "warn",
            f"{english}; the platform refuses uploads past {MAX_CLOCK_SKEW_SECONDS} s. "
            f"{_CLOCK_ADVICE_EN}"
            if en
            else f"{zh}（相差超过 {MAX_CLOCK_SKEW_SECONDS} 秒时平台将拒收上传）：{_CLOCK_ADVICE_ZH}",
        )
    return Check("sync_platform", "ok", english if en else zh)


def not_enrolled_check(en: bool) -> Check:
    """``sync_platform`` where there is no enrolment to ask the platform with."""
    return Check(
        "sync_platform",
        "ok",
        "skipped: not enrolled, so the platform is not asked"
        if en
        else "已跳过：本机尚未登记，不向中心平台查询",
    )
