"""Supervisor approval in place: a supervisor types their credentials on the clerk's screen
to allow 容缺 acceptance, a void or a reprint. Granted or refused, the approval is audited."""

from __future__ import annotations

from counter_app.errors import AuthError
from counter_app.services.auth import Accounts, User

_SUPERVISOR_ROLES = ("supervisor", "admin")


def may_approve(user: User | None) -> bool:
    """Whether ``user`` (authenticated by the caller) may approve 容缺, voids and reprints."""
    return user is not None and user.role in _SUPERVISOR_ROLES and not user.disabled


class NotASupervisor(AuthError):
    code = "not_supervisor"


def approve(accounts: Accounts, username: str, password: str, *, action: str, target: str) -> User:
    """The supervisor who approved ``action`` on ``target`` (a case id or a request id).

    Authentication failures raise the ``Accounts.authenticate`` errors (and count towards the
    lockout); a valid account without the supervisor role raises ``NotASupervisor``.
    """
    user = accounts.authenticate(username, password)
    audit = accounts.store.audit
    if not may_approve(user):
        audit.record(username, "approval.refused", target, {"action": action})
        raise NotASupervisor(
            f"账号 {username} 不是值班长，不能审批此操作；请值班长本人输入账号和密码。",
            f"{username} is not a supervisor and cannot approve this; the supervisor signs in.",
            field="username",
        )
    audit.record(username, "approval.granted", target, {"action": action})
    return user
