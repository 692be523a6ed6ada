"""A member of the staff sets up one-time codes (动态口令) at the window: the secret their
authenticator app took, a code it shows now, and their password. An account made on this PC
keeps them here; an account of the hall's staff register on the platform (``POST
/v1/staff-second-factors``), which keeps the secret sealed and takes it to every window of
the hall with the ``staff`` feed. This window asks for the codes at once, offline too.

Offline a register account's codes are not set up: the platform holds the account, and a
secret kept at one window only would be asked for there and nowhere else (and the next
``staff`` feed would take it away again). The person reads why and sets them up once the
platform is reachable."""

from __future__ import annotations

from counter_app.domain.one_time_codes import check_secret, normalise_code
from counter_app.services.auth import Accounts, InvalidCredentials, User
from counter_app.services.second_factor import WrongCode
from counter_app.store.database import Store
from sync.device_transport import call_platform
from sync.errors import PlatformRefused, PlatformUnreachable, SyncError
from sync.transport import Timeouts
from sync.wire.staff import SecondFactorSet, SecondFactorSetUp

STAFF_SECOND_FACTORS_PATH = "/v1/staff-second-factors"


class SecondFactorNotSet(SyncError):
    """The one-time codes stay as they were: the password or the code was wrong, or the
    platform that holds the account could not be reached."""

    code = "second_factor_not_set"


class SecondFactorSetUpOffline(SecondFactorNotSet):
    """The platform that holds the account could not be reached: try again once it can.
    Meanwhile its member works without codes where the window lets them (the counter works
    offline) and is asked again at the next sign-in."""

    code = "second_factor_set_up_offline"


class SecondFactorSetUpElsewhere(SecondFactorNotSet):
    """The platform holds codes for the account already: set up at another window (or before
    the operator's ``reset-code`` reached this one), and this window has not taken them from
    the ``staff`` feed yet. Its member works on meanwhile; from this window's next sync the
    sign-in asks for those codes. A new phone needs the operator's ``reset-code`` first."""

    code = "second_factor_set_up_elsewhere"


def set_up_second_factor(
    store: Store,
    user: User,
    password: str,
    secret: str,
    code: str,
    *,
    timeouts: Timeouts | None = None,
) -> None:
    """Keep ``secret`` as ``user``'s one-time code secret after their ``password`` and the
    ``code`` their app shows now (its step used already here); audited here as the user (and
    kept on the platform for a register account).

    Raises :class:`SecondFactorNotSet` for a wrong password (``field`` ``password``; it
    counts towards the lockout, ``AccountLocked`` once it locks), a wrong code (``field``
    ``code``) or an unreachable platform; ``ValidationError`` for what cannot be a code or a
    secret, and any other refusal of the platform as ``PlatformRefused``."""
    code = normalise_code(code)
    check_secret(secret)
    accounts = Accounts(store)
    try:
        # Proven here first, as a sign-in (a wrong one counts towards the lockout), whoever
        # keeps the account: nobody at a window left signed in may guess it without end.
        accounts.prove_password(user.username, password)
        if user.source != "platform":
            accounts.enrol_second_factor(user.username, secret, code)
            return
    except InvalidCredentials:
        raise _wrong_password() from None
    except WrongCode:
        raise _wrong_code() from None
    set_up = SecondFactorSetUp(username=user.username, password=password, secret=secret, code=code)
    try:
        done = call_platform(
            store,
            "POST",
            STAFF_SECOND_FACTORS_PATH,
            set_up.model_dump(mode="json"),
            SecondFactorSet,
            timeouts=timeouts,
        )
    except PlatformUnreachable as exc:
        raise SecondFactorSetUpOffline(
            f"动态口令没有设置：{exc.zh} 本账号由平台统一管理，须在连接平台时设置动态口令。",
            f"The one-time codes were not set up: {exc.en} This account is kept by the "
            "platform; set them up while the platform is reachable.",
        ) from exc
    except PlatformRefused as exc:
        if exc.platform_code == "wrong_password":
            raise _wrong_password() from None
        if exc.platform_code == "wrong_code":
            raise _wrong_code() from None
        if exc.platform_code == "second_factor_exists":
            raise SecondFactorSetUpElsewhere(
                "您的账号已在平台设置过动态口令（例如在其他窗口），本窗口尚未同步到：可先继续办理，"
                "同步后登录时输入手机验证器上原有的动态口令。更换了手机请联系平台管理员重置"
                "（counter-central staff reset-code）。",
                "Your account has one-time codes on the platform already (set up at another "
                "window, say), which this window has not taken yet: work on, and after its next "
                "sync sign in with the code of the app you set them up with. For a new phone ask "
                "the platform's operator to reset them (counter-central staff reset-code).",
            ) from exc
        raise
    accounts.take_second_factor(user.username, secret, done.step, actor=user.username)


def _wrong_password() -> SecondFactorNotSet:
    return SecondFactorNotSet(
        "密码不正确，动态口令没有设置。连续多次错误将锁定账号。",
        "The password is not correct; the one-time codes were not set up. Repeated failures "
        "lock the account.",
        field="password",
    )


def _wrong_code() -> SecondFactorNotSet:
    return SecondFactorNotSet(
        "动态口令不正确，没有设置：请确认已在手机验证器中添加本次显示的密钥，并输入它当前显示的"
        " 6 位数字（手机时间须准确）。",
        "The one-time code is wrong; nothing was set up: add the secret shown now to your "
        "authenticator app, then type the six digits it shows (the phone's clock must be "
        "right).",
        field="code",
    )
