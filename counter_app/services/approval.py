"""Who did it, proven: a supervisor types their credentials on the clerk's screen (or gives
them to a command) to allow 容缺 acceptance, a void or a reprint; a command that records who
acted authenticates that user too. Roles are checked here, not only by hiding a tab, and
nobody approves their own case or request (four eyes). Granted or refused, it is audited."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from counter_app.domain.four_eyes import own_approval_words
from counter_app.errors import AuthError
from counter_app.services.auth import Accounts, Role, User
from counter_app.store.audit import AuditLog

SUPERVISOR_ROLES: tuple[Role, ...] = ("supervisor", "admin")
ADMIN_ROLES: tuple[Role, ...] = ("admin",)
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "clerk": ("受理员", "clerk"),
    "supervisor": ("值班长", "supervisor"),
    "admin": ("管理员", "administrator"),
}


class WrongRole(AuthError):
    code = "wrong_role"


class SamePerson(AuthError):
    code = "four_eyes"


class NoSecondFactor(AuthError):
    """The account's role approves with a one-time code, and it has none set up yet
    (``User.must_enrol_second_factor``): its member sets them up at a window first."""

    code = "no_second_factor"


class InitialPassword(AuthError):
    """The password is one someone else set (``User.must_change_password``): it proves who
    acts only once its member has set their own."""

    code = "initial_password"


def may_approve(user: User | None) -> bool:
    """Whether ``user`` (authenticated by the caller) may approve 容缺, voids and reprints."""
    return user is not None and user.role in SUPERVISOR_ROLES and not user.disabled


def require_role(
    audit: AuditLog, user: User, roles: Collection[Role], *, action: str, target: str | None = None
) -> None:
    """Raise ``WrongRole`` (audited) unless ``user`` holds one of ``roles``."""
    if user.role in roles and not user.disabled:
        return
    audit.record(user.username, "authorisation.refused", target, {"action": action})
    raise _wrong_role(user, roles)


def _wrong_role(user: User, roles: Collection[Role]) -> WrongRole:
    allowed_zh = "或".join(ROLE_NAMES[r][0] for r in roles)
    allowed_en = " or ".join(ROLE_NAMES[r][1] for r in roles)
    role_zh, role_en = ROLE_NAMES.get(user.role, (user.role, user.role))
    return WrongRole(
        f"账号 {user.username} 是{role_zh}，不能执行此操作：须由{allowed_zh}本人输入账号和密码。",
        f"{user.username} is a {role_en} and cannot do this: a {allowed_en} signs in themselves.",
        field="username",
    )


def refuse_own_approval(approver: User, requesters: Iterable[str]) -> None:
    """Four eyes: ``SamePerson`` when the approver made the case or asked for the approval."""
    if approver.username in set(requesters):
        raise SamePerson(*own_approval_words(approver.username), field="username")


def authorise(
    accounts: Accounts,
    username: str,
    password: str,
    *,
    roles: Collection[Role],
    action: str,
    target: str | None = None,
    code: str | None = None,
    signed_in: User | None = None,
) -> User:
    """The user who acts, authenticated (failures count towards the lockout), with a password
    of their own (and the one-time ``code`` their role needs), and holding one of ``roles``;
    the action's own audit entry names them. ``signed_in``: who is signed in where they act
    (the window); when it is they, in their own session, the password alone proves them
    again, as it unlocks the idle-locked window: both factors opened the session, and a
    supervisor deciding a run of requests in the inbox need not wait for a fresh code each
    time (a code is used once)."""
    user = _proven(
        accounts, username, password, code, action=action, target=target, signed_in=signed_in
    )
    require_role(accounts.store.audit, user, roles, action=action, target=target)
    return user


def _proven(
    accounts: Accounts,
    username: str,
    password: str,
    code: str | None,
    *,
    action: str,
    target: str | None,
    signed_in: User | None = None,
) -> User:
    """``username`` authenticated by ``password`` and, where their role needs it and they are
    not ``signed_in`` themselves, the one-time ``code`` (``SecondFactorRequired`` without
    it). Refused (audited) while the
    password is one an administrator or the platform's operator set: they know it too, so it
    would let them approve or act in its member's name (``security.require_own_password``);
    while a role that needs one-time codes has none set up; and while the password has
    expired (``PasswordExpired``: changed at a window first)."""
    if signed_in is not None and signed_in.username == username.lower():
        user = accounts.prove_password(username, password)
    else:
        user = accounts.authenticate(username, password, code)
    if user.must_enrol_second_factor:
        accounts.store.audit.record(
            user.username,
            "authorisation.refused",
            target,
            {"action": action, "reason": "no_second_factor"},
        )
        raise NoSecondFactor(
            f"账号 {user.username} 尚未设置动态口令，不能用来审批或证明操作人："
            "请本人先登录窗口，按提示用手机验证器设置动态口令。",
            f"{user.username} has no one-time codes set up and cannot approve or prove who acts: "
            "they sign in at a window first and set them up with an authenticator app.",
            field="username",
        )
    if user.must_change_password:
        accounts.store.audit.record(
            user.username, "authorisation.refused", target, {"action": action, "reason": "initial"}
        )
        raise InitialPassword(
            f"账号 {user.username} 的密码是别人为其设置的初始密码，不能用来审批或证明操作人："
            "请本人先登录窗口，改为自己的密码。",
            f"The password of {user.username} is an initial one someone else set and cannot approve "
            "or prove who acts: they sign in at a window first and set their own.",
            field="username",
        )
    if signed_in is None or signed_in.username != user.username:
        # Signed in here, the member changed an expired password at sign-in: one that
        # expires during their shift waits for their next sign-in.
        accounts.refuse_expired(user, action=action, target=target)
    return user


def approve(
    accounts: Accounts,
    username: str,
    password: str,
    *,
    action: str,
    target: str,
    requesters: Iterable[str] = (),
    code: str | None = None,
) -> User:
    """The supervisor who approved ``action`` on ``target`` (a case id or a request id).

    Authentication failures raise the ``Accounts.authenticate`` errors (and count towards the
    lockout; ``SecondFactorRequired`` asks for the one-time ``code``); a password someone
    else set raises ``InitialPassword``, a role without its one-time codes set up
    ``NoSecondFactor``; an account without the supervisor role raises ``WrongRole``; the
    clerk who made the case or asked for the approval (``requesters``) cannot approve it
    (``SamePerson``).
    """
    user = _proven(accounts, username, password, code, action=action, target=target)
    audit = accounts.store.audit
    if not may_approve(user):
        audit.record(user.username, "approval.refused", target, {"action": action})
        raise _wrong_role(user, SUPERVISOR_ROLES)
    try:
        refuse_own_approval(user, requesters)
    except SamePerson:
        audit.record(
            user.username, "approval.refused", target, {"action": action, "reason": "four_eyes"}
        )
        raise
    audit.record(user.username, "approval.granted", target, {"action": action})
    return user
