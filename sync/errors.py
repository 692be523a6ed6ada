"""Typed sync errors: each says in plain words (Chinese first, English too) what happened and what to do."""

from __future__ import annotations

from typing import Any

from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from counter_app.domain.text import amount_of_time
from counter_app.errors import AuthError, ConfigError, CounterError


class SyncError(CounterError):
    code = "sync"


# The code of a platform whose TLS certificate or handshake failed (``sync.transport``):
# unreachable, not a refusal, and said in words of its own.
TLS_VERIFY_FAILED = "tls_verify_failed"


class PlatformUnreachable(SyncError):
    """The platform could not be reached or answered with a transient failure; retried later."""

    code = "platform_unreachable"

    def __init__(self, zh: str, en: str, *, retry_after: float | None = None) -> None:
        super().__init__(zh, en)
        self.retry_after = retry_after


class NotThePlatform(PlatformUnreachable):
    """Something at the platform's address answered, but not the platform's API: a wrong
    path in ``sync.url``, a proxy's or firewall's error page, a redirect. Such an answer says
    nothing about any case, so the run fails with every case still pending; it is retried
    with backoff like an outage, but not within the same run (it will not clear in seconds)."""

    code = "not_the_platform"


class ClockSkew(SyncError):
    """The platform refused the request's timestamp: the workstation clock is off."""

    code = "clock_skew"

    def __init__(self, skew_seconds: float) -> None:
        zh_amount, en_amount = amount_of_time(abs(skew_seconds), days=True)
        direction_zh = "快" if skew_seconds > 0 else "慢"
        direction_en = "ahead of" if skew_seconds > 0 else "behind"
        super().__init__(
            f"本机时间与平台相差{zh_amount}（本机偏{direction_zh}）。{CHECK_AGAINST_A_PHONE[0]}，"
            f"然后再同步；{PLATFORM_CLOCK_WRONG[0]}已受理的办件都保存在本机，不会丢失。",
            f"This workstation's clock is {en_amount} {direction_en} the platform's. "
            f"{CHECK_AGAINST_A_PHONE[1]}, then sync again. {PLATFORM_CLOCK_WRONG[1]} Accepted "
            "cases stay safe on this machine.",
        )
        self.skew_seconds = skew_seconds


class PlatformRefused(SyncError):
    """The platform refused the request for good (authentication, wrong hall, bad request).

    ``platform_code`` is the wire error code (``wrong_hall``, ``unknown_device`` ...)."""

    code = "platform_refused"

    def __init__(
        self,
        platform_code: str,
        zh: str,
        en: str,
        *,
        status: int = 0,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            f"平台拒绝了请求（{platform_code}）：{zh}",
            f"The platform refused the request ({platform_code}): {en}",
        )
        self.platform_code = platform_code
        self.status = status
        self.details = details or {}


class ElicenceDocumentMismatch(SyncError):
    """The licence document the platform sent is not the file its lookup answer named (its
    SHA-256 differs): damaged on the way, or the register is inconsistent; not attached."""

    code = "elicence_document_mismatch"


class InsecureTransportRefused(ConfigError):
    code = "insecure_transport"


class NotEnrolled(SyncError):
    code = "not_enrolled"


class EnrolmentUnfinished(SyncError):
    """The credential names another hall or window than the store's last enrolment: one cut
    off after its record, before its credential. A sync with the old credential would read
    the old hall's staff and data back into a store cleared for the new hall."""

    code = "enrolment_unfinished"


class EnrolmentRefused(AuthError):
    code = "enrolment_refused"


class SyncAlreadyRunning(SyncError):
    code = "sync_already_running"
