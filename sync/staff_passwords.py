"""A member of the staff changes their own password at the window, the current one typed
first: an account made on this PC here; an account of the hall's staff register on the
platform (``POST /v1/staff-passwords``), which keeps the new verifier and takes it to every
window of the hall with the ``staff`` feed. This window signs its member in with the new
one at once, offline too.

Offline a register account's password is not changed: the platform holds the account, and a
password changed at one window only would sign in there and nowhere else. The person reads
why and changes it once the platform is reachable."""

from __future__ import annotations

from counter_app.domain.staff import check_own_new_password
from counter_app.services.auth import Accounts, InvalidCredentials, User
from counter_app.store.database import Store
from sync.device_transport import call_platform
from sync.errors import PlatformRefused, PlatformUnreachable, SyncError
from sync.transport import Timeouts
from sync.wire.staff import PasswordChange, PasswordChanged

STAFF_PASSWORDS_PATH = "/v1/staff-passwords"


class PasswordNotChanged(SyncError):
    """The password stays as it was: the current one was wrong, or the platform that holds
    the account could not be reached."""

    code = "password_not_changed"


class PasswordChangeOffline(PasswordNotChanged):
    """The platform that holds the account could not be reached: try again once it can.
    A password that must be changed before work lets its member work on meanwhile (the
    counter works offline), and asks again at the next sign-in."""

    code = "password_change_offline"


def change_own_password(
    store: Store, user: User, current: str, new: str, *, timeouts: Timeouts | None = None
) -> None:
    """Set ``user``'s own password to ``new`` after ``current``; audited here as the user
    (and on the platform for a register account).

    Raises :class:`PasswordNotChanged` for a wrong current password (``field``
    ``current_password``; it counts towards the lockout, ``AccountLocked`` once it locks) or
    an unreachable platform, ``ValidationError`` for a new password the rule refuses, and any
    other refusal of the platform as ``PlatformRefused``."""
    check_own_new_password(new, current, user.username, store.config.security.password_min_length)
    accounts = Accounts(store)
    try:
        if user.source != "platform":
            accounts.change_password(user.username, new, actor=user.username, old_password=current)
            return
        # Proven here first, as a sign-in (a wrong one counts towards the lockout): this window
        # signed its member in with the verifier it holds, so that one is the one they know.
        accounts.prove_password(user.username, current)
    except InvalidCredentials:
        raise _wrong_current_password() from None
    change = PasswordChange(username=user.username, old_password=current, new_password=new)
    try:
        changed = call_platform(
            store,
            "POST",
            STAFF_PASSWORDS_PATH,
            change.model_dump(mode="json"),
            PasswordChanged,
            timeouts=timeouts,
        )
    except PlatformUnreachable as exc:
        raise PasswordChangeOffline(
            f"密码没有更改：{exc.zh} 本账号由平台统一管理，须在连接平台时更改密码。",
            f"The password was not changed: {exc.en} This account is kept by the platform; "
            "change its password while the platform is reachable.",
        ) from exc
    except PlatformRefused as exc:
        if exc.platform_code == "wrong_password":
            raise _wrong_current_password() from None
        raise
    accounts.take_own_platform_password(user.username, changed.verifier)


def _wrong_current_password() -> PasswordNotChanged:
    return PasswordNotChanged(
        "当前密码不正确，密码没有更改。连续多次错误将锁定账号。",
        "The current password is not correct; the password was not changed. Repeated "
        "failures lock the account.",
        field="current_password",
    )
