"""The second factor of a staff account at this window (等保 level 3): its one-time code
secret kept sealed with the PII key, bound to the account's row; a typed code checked against
the platform's time as well as this clock's; and the refusals about codes, which a form
answers by asking for the code again (the password stays typed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.domain.one_time_codes import matching_step
from counter_app.errors import AuthError
from counter_app.store.database import Store
from counter_app.store.platform_clock import platform_offset


class SecondFactorRequired(AuthError):
    """The password is right; the account's one-time code is asked for (``field`` ``code``).
    Neither a success nor a failure: the sign-in is tried again with the code."""

    code = "second_factor_required"


class SecondFactorExists(AuthError):
    """The account has codes set up already: only a reset lets new ones be set up."""

    code = "second_factor_exists"


class WrongCode(AuthError):
    """The one-time code is not the account's current one (or was used already here)."""

    code = "wrong_code"


def code_required() -> SecondFactorRequired:
    return SecondFactorRequired(
        "请输入手机验证器上显示的 6 位动态口令。",
        "Type the six-digit one-time code your authenticator app shows.",
        field="code",
    )


def wrong_code() -> WrongCode:
    return WrongCode(
        "动态口令不正确或已用过（每个口令只能用一次，刚用过的请等验证器换下一个）："
        "请输入验证器上当前显示的 6 位数字。连续多次错误将锁定账号。",
        "The one-time code is wrong or used already (each code works once: after using one, "
        "wait for the app to show the next): type the six digits it shows now. Repeated "
        "failures lock the account.",
        field="code",
    )


def code_step(store: Store, secret: str, code: str, now: datetime, after: int = -1) -> int | None:
    """The time step ``code`` is of, around the platform's time (this clock less the offset
    the platform last measured: the phone keeps good time, a hall PC may not) or, for a clock
    set right since, around this clock's; None when it is neither or was used (``after``)."""
    moments = [now]
    offset = platform_offset(store)
    if offset:
        moments.insert(0, now - timedelta(seconds=offset))
    for moment in moments:
        step = matching_step(secret, code, moment, after=after)
        if step is not None:
            return step
    return None


def seal_secret(store: Store, username: str, secret: str) -> bytes:
    return store.pii.encrypt_text(secret, _context(username))


def open_secret(store: Store, username: str, sealed: bytes) -> str:
    return store.pii.decrypt_text(sealed, _context(username))


def _context(username: str) -> bytes:
    """What a sealed one-time code secret is bound to: its account's row."""
    return f"users.second_factor:{username}".encode()
