"""Staff accounts: roles, scrypt password hashes, complexity rule, login-failure lockout.

MLPS 2.0 (等保) level 3 asks for unique accounts, complex passwords and lockout after
repeated failures; every login success, failure, lockout, unlock and password change is
written to the audit log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Literal

from sqlite_utils import Database

from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.domain.one_time_codes import check_secret
from counter_app.domain.staff import (
    PASSWORD_HISTORY,
    Role,
    check_account,
    check_not_published,
    check_not_reused,
    check_password_rules,
    hash_password,
    verify_password,
)
from counter_app.errors import AuthError
from counter_app.services.second_factor import (
    SecondFactorExists,
    SecondFactorRequired,
    WrongCode,
    code_required,
    code_step,
    open_secret,
    seal_secret,
    wrong_code,
)
from counter_app.store.audit import UNKNOWN_USER
from counter_app.store.database import Store
from counter_app.store.lockouts import (
    Lockout,
    forget_platform_lockouts,
    lift_lockouts,
    record_lockout,
    running_lockout,
)
from counter_app.store.timestamps import from_text, to_text, utc_now

if TYPE_CHECKING:
    from counter_app.config import SecurityConfig

log = logging.getLogger(__name__)


class InvalidCredentials(AuthError):
    code = "invalid_credentials"
    # Wrong passwords the account still takes before it locks: known only for an account
    # that exists, and said only where the member is known already (the lock screen), never
    # at the sign-in, whose words must not tell whether the account exists.
    tries_left: int | None = None


class AccountLocked(AuthError):
    code = "account_locked"


class AccountDisabled(AuthError):
    code = "account_disabled"


class UserExists(AuthError):
    code = "user_exists"


class UnknownUser(AuthError):
    code = "unknown_user"


class PlatformAccount(AuthError):
    code = "platform_account"


class PasswordExpired(AuthError):
    """The password is older than ``security.password_max_age_days``
    (``User.password_expired``): it proves who acts at the command line only once its member
    has changed it at a window, where signing in asks for that."""

    code = "password_expired"


class AccountWithdrawn(AuthError):
    """The signed-in member's account was disabled or removed since they signed in (by the
    platform's staff register, taken at a sync, or by an administrator here): nothing more is
    done in its name. ``reason``: ``disabled_by_platform``, ``disabled`` or ``removed``."""

    code = "account_withdrawn"

    def __init__(self, zh: str, en: str, *, reason: str) -> None:
        super().__init__(zh, en, field="username")
        self.reason = reason


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: Role
    locked_until: datetime | None
    disabled: bool
    source: str = "local"  # made on this PC; "platform": from the hall's staff register
    # Its password was set by someone else (an administrator, the platform's operator) and
    # ``security.require_own_password`` holds: its member changes it at their next sign-in at
    # the window, and it approves nothing until then.
    must_change_password: bool = False
    # Its password is older than ``security.password_max_age_days``: changed at its member's
    # next sign-in at the window, and it proves nobody at the command line until then.
    password_expired: bool = False
    # Its role signs in and approves with a one-time code too (``security.second_factor``).
    second_factor_required: bool = False
    # It has a one-time code secret (enrolled at a window; a register account's from the
    # platform).
    second_factor_enrolled: bool = False
    # Its last sign-in at this window (None: never): IT finds accounts nobody uses.
    last_signed_in_at: datetime | None = None
    # Set by a sign-in: the account's sign-in before it at this window (None: its first here)
    # and the failed attempts since, which its member is told, to notice someone else's use.
    previous_sign_in_at: datetime | None = None
    failures_since: int = 0

    @property
    def must_enrol_second_factor(self) -> bool:
        """Its member sets up the one-time codes at the window before any work, and it
        approves nothing until then."""
        return self.second_factor_required and not self.second_factor_enrolled


@cache
def _dummy_hash() -> str:
    """Compared against when the user does not exist, so "no such user" costs the same time."""
    return hash_password("timing-equaliser")


class Accounts:
    """Staff accounts in the store. ``now`` is injectable so lockout can be tested exactly."""

    def __init__(self, store: Store, now: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.now = now
        self.security = store.config.security

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        display_name: str = "",
        *,
        actor: str = "system",
        initial: bool = False,
    ) -> User:
        """A new account made on this PC; ``initial``: its password is the administrator's,
        which its member changes at their first sign-in at the window."""
        display_name = check_account(username, role, display_name)
        self._check_password(password, username)
        self._refuse_local_beside_platform(username)
        password_hash = hash_password(password)
        at = to_text(self.now())
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
                raise UserExists(
                    f"用户 {username} 已存在。",
                    f"The user {username} already exists.",
                    field="username",
                )
            db.execute(
                "INSERT INTO users (username, display_name, role, password_hash, created_at,"
                " password_changed_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (username, display_name, role, password_hash, at, at, int(initial)),
            )
            self.store.audit.record(actor, "user.add", username, {"role": role})
        return self.get(username)

    def _refuse_local_beside_platform(self, username: str) -> None:
        """A window that holds the platform's staff register takes its accounts from there:
        one made here would be taken over by the platform's of the same name at a sync."""
        if self.store.db.execute("SELECT 1 FROM users WHERE source = 'platform'").fetchone():
            raise PlatformAccount(
                f"本窗口的账号由中心平台的人员名册统一管理，本机不能新建账号 {username}：请管理员在平台"
                "添加（counter-central staff add），下次同步后在本大厅各窗口生效。",
                f"This window's accounts come from the central platform's staff register; no "
                f"account {username} can be made on this PC: ask the administrator to add it on "
                "the platform (counter-central staff add); every window of the hall takes it at "
                "its next sync.",
                field="username",
            )

    def get(self, username: str) -> User:
        return self._user(self._row(username))

    def list_users(self) -> list[User]:
        rows = self.store.db.execute(
            f"SELECT {_USER_COLUMNS} FROM users ORDER BY username"  # noqa: S608 - constant
        )
        return [self._user(row) for row in rows]

    def _row(self, username: str) -> _UserRow:
        row = self.store.db.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE username = ?",  # noqa: S608 - constant
            (username,),
        ).fetchone()
        if row is None:
            raise UnknownUser(
                f"没有用户 {username}。", f"There is no user {username}.", field="username"
            )
        return row  # the columns of _USER_COLUMNS

    def _user(self, row: _UserRow) -> User:
        """The account as the counter treats it: a password someone else set must be
        changed only while ``security.require_own_password`` says so, and one older than
        ``security.password_max_age_days`` is expired (the one place either rule is applied:
        the window's sign-in, approvals, ``--by``, ``user list`` and ``doctor`` read the
        flags)."""
        (
            username,
            display_name,
            role,
            locked_until,
            disabled,
            source,
            must_change,
            enrolled,
            signed_in_at,
            changed_at,
        ) = row
        return User(
            username,
            display_name,
            role,
            from_text(locked_until) if locked_until else None,
            bool(disabled),
            source,
            bool(must_change) and self.security.require_own_password,
            password_expired=self._expired(changed_at),
            second_factor_required=self.second_factor_required(role),
            second_factor_enrolled=bool(enrolled),
            last_signed_in_at=from_text(signed_in_at) if signed_in_at else None,
        )

    def in_force(self, user: User) -> User:
        """``user`` (signed in at the window) with the name and role their account has now,
        read again (one row by its key) before anything is done in their name:
        :class:`AccountWithdrawn` once the account is disabled or removed, so a sign-in holds
        no longer than the account does, at the window's next sync."""
        row = self.store.db.execute(
            "SELECT display_name, role, disabled, source FROM users WHERE username = ?",
            (user.username,),
        ).fetchone()
        if row is None:
            raise AccountWithdrawn(
                f"账号 {user.username} 已从本大厅的账号中移除，不能再以它办理业务。",
                f"The account {user.username} has been removed from this hall's accounts: "
                "nothing more can be done with it.",
                reason="removed",
            )
        display_name, role, disabled, source = row
        if disabled and source == "platform":
            raise AccountWithdrawn(
                f"账号 {user.username} 已被平台停用，不能再以它办理业务。",
                f"The platform has disabled the account {user.username}: nothing more can be "
                "done with it.",
                reason="disabled_by_platform",
            )
        if disabled:
            raise AccountWithdrawn(
                f"账号 {user.username} 已被管理员停用，不能再以它办理业务。",
                f"An administrator has disabled the account {user.username}: nothing more can "
                "be done with it.",
                reason="disabled",
            )
        if (display_name, role) == (user.display_name, user.role):
            return user
        return replace(user, display_name=display_name, role=role)

    def second_factor_required(self, role: Role) -> bool:
        """Whether ``role`` signs in and approves with a one-time code here: the one place
        ``security.second_factor`` is applied (never in the training hall, whose sample
        accounts anyone may try)."""
        policy = self.security.second_factor
        if policy == "off" or self.store.config.is_training:
            return False
        return role == "admin" or (policy == "privileged" and role == "supervisor")

    def authenticate(self, username: str, password: str, code: str | None = None) -> User:
        """The user, when the password is right and the account usable; else a typed AuthError.

        Failures count towards the lockout; the last allowed failure locks the account for
        ``security.lockout_minutes``. The message never says whether the user exists. An
        account whose role needs a second factor and that has one enrolled also needs its
        one-time ``code``: without it, after a right password, :class:`SecondFactorRequired`;
        a wrong one is a failure (:class:`WrongCode`). ``username`` is taken in lower case,
        as every account's name is (``Li.Ming`` typed at the login, the lock screen or a
        ``--by`` is ``li.ming``).
        """
        username = username.lower()
        now = self.now()
        # Errors are raised after the transaction commits: the failure count, the lockout
        # and their audit entries must persist although the caller sees an error.
        with self.store.transaction() as db:
            before = db.execute(
                "SELECT last_signed_in_at, failed_attempts FROM users WHERE username = ?",
                (username,),
            ).fetchone()
            error = self._attempt_login(db, username, password, now, code)
            if error is None:
                db.execute(
                    "UPDATE users SET last_signed_in_at = ? WHERE username = ?",
                    (to_text(now), username),
                )
                return replace(
                    self.get(username),
                    previous_sign_in_at=from_text(before[0]) if before[0] else None,
                    failures_since=before[1],
                )
        raise error

    def _expired(self, changed_at: str) -> bool:
        """Whether a password set (or taken from the platform) here at ``changed_at`` is
        older than ``security.password_max_age_days`` now."""
        days = self.security.password_max_age_days
        return days > 0 and from_text(changed_at) + timedelta(days=days) <= self.now()

    def refuse_expired(self, user: User, *, action: str, target: str | None = None) -> None:
        """Raise :class:`PasswordExpired` (audited) when ``user``'s password has expired: it
        then proves nobody but its member signing in at a window, which has it changed
        first, so that no password outlives ``security.password_max_age_days`` by being used
        only with ``--by``."""
        if not user.password_expired:
            return
        self.store.audit.record(
            user.username,
            "authorisation.refused",
            target,
            {"action": action, "reason": "password_expired"},
        )
        days = self.security.password_max_age_days
        raise PasswordExpired(
            f"账号 {user.username} 的密码已使用超过 {days} 天，已过期，不能用来证明操作人："
            "请本人先登录窗口，按提示更换密码，再执行。",
            f"The password of {user.username} is more than {days} days old and has expired, "
            "so it cannot prove who acts: they sign in at a window first, change it as asked "
            "there, and run this again.",
            field="password",
        )

    def prove_password(self, username: str, password: str) -> User:
        """The signed-in member's password proven again (to unlock the idle-locked window, to
        change it, to approve in their own session), as a sign-in proves it but without the
        one-time code the sign-in took: a wrong one counts towards the lockout, so nobody at
        a window left signed in may guess it without end. The account as it now is. The name
        is taken in lower case, as at sign-in (``authenticate``)."""
        username = username.lower()
        with self.store.transaction() as db:
            error = self._attempt_login(db, username, password, self.now(), second_factor=False)
            if error is None:
                return self._user(self._row(username))
        raise error

    def _attempt_login(
        self,
        db: Database,
        username: str,
        password: str,
        now: datetime,
        code: str | None = None,
        *,
        second_factor: bool = True,
    ) -> AuthError | None:
        audit = self.store.audit
        row = db.execute(
            "SELECT password_hash, failed_attempts, locked_until, disabled, role, second_factor,"
            " second_factor_step FROM users WHERE username = ?",
            (username,),
        ).fetchone()
        if row is None:
            verify_password(password, _dummy_hash())
            audit.record(
                UNKNOWN_USER,
                "login.failure",
                None,
                {
                    "reason": "unknown_user",
                    "username_hash": self.store.pii.blind_index(username, "audit.username"),
                },
            )
            return _invalid_credentials(self.security)
        password_hash, failures, locked_until_text, disabled, role, sealed, used_step = row
        locked_until = from_text(locked_until_text) if locked_until_text else None
        if locked_until is not None and locked_until > now:
            audit.record(username, "login.refused_locked", username)
            return _locked(locked_until)
        if disabled:
            audit.record(username, "login.refused_disabled", username)
            return AccountDisabled(
                "该账号已停用，请联系管理员。",
                "This account is disabled; ask an administrator.",
                field="username",
            )
        wrong: AuthError = _invalid_credentials(self.security)
        if verify_password(password, password_hash):
            with_code = second_factor and sealed is not None and self.second_factor_required(role)
            refused = (
                self._spend_code(db, username, code, sealed=sealed, used_step=used_step, now=now)
                if with_code
                else None
            )
            if refused is None:
                self._clear_lock(db, username)
                audit.record(
                    username,
                    "login.success",
                    username,
                    {"second_factor": True} if with_code else None,
                )
                return None
            if isinstance(refused, SecondFactorRequired):
                return refused  # neither a success nor a failure: tried again with the code
            wrong = refused
        # A lockout that has expired starts a fresh count.
        failures = (0 if locked_until is not None else failures) + 1
        details: dict[str, object] = {"failures": failures}
        if isinstance(wrong, WrongCode):
            details["reason"] = "wrong_code"
        audit.record(username, "login.failure", username, details)
        if failures < self.security.max_login_failures:
            db.execute(
                "UPDATE users SET failed_attempts = ? WHERE username = ?", (failures, username)
            )
            if isinstance(wrong, InvalidCredentials):
                wrong.tries_left = self.security.max_login_failures - failures
            return wrong
        until = now + timedelta(minutes=self.security.lockout_minutes)
        db.execute(
            "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?",
            (failures, to_text(until), username),
        )
        record_lockout(db, username, to_text(now), to_text(until), failures)
        audit.record("system", "user.lockout", username, {"until": to_text(until)})
        return _locked(until)

    def _spend_code(
        self,
        db: Database,
        username: str,
        code: str | None,
        *,
        sealed: bytes,
        used_step: int,
        now: datetime,
    ) -> AuthError | None:
        """None when ``code`` is the account's one-time code now, its step then kept as used
        (spent: it opens nothing again); else ``SecondFactorRequired`` (no code yet) or
        ``WrongCode``."""
        if code is None:
            return code_required()
        step = code_step(
            self.store, open_secret(self.store, username, sealed), code, now, after=used_step
        )
        if step is None:
            return wrong_code()
        db.execute("UPDATE users SET second_factor_step = ? WHERE username = ?", (step, username))
        return None

    def apply_platform_account(
        self,
        username: str,
        display_name: str,
        role: Role,
        *,
        disabled: bool,
        verifier: str,
        unlocked_at: datetime | None = None,
        must_change_password: bool = False,
        second_factor: str | None = None,
    ) -> None:
        """Take an account of the hall's staff register as the platform now states it (the
        ``staff`` feed, inside its page's transaction): name, role, disabling, password
        verifier and one-time code secret (``second_factor``; None: none set up). Failed sign-ins and a lockout stay this PC's own, but a lockout made here
        at or before ``unlocked_at`` (the platform's newest unlock of the account) is
        lifted. An account made on this PC under the same name is replaced by the platform's,
        afresh and audited (``_replace_local_account``).
        ``must_change_password``: the verifier is the operator's (``staff add``, ``reset``),
        not one its member set."""
        at = to_text(self.now())
        with self.store.transaction() as db:
            held = db.execute(
                "SELECT password_hash, second_factor, source FROM users WHERE username = ?",
                (username,),
            ).fetchone()
            if held is not None and held[2] != "platform":
                self._replace_local_account(db, username, at)
                held = None
            db.execute(
                "INSERT INTO users (username, display_name, role, password_hash, disabled,"
                " created_at, password_changed_at, must_change_password, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'platform')"
                " ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,"
                " role = excluded.role, password_hash = excluded.password_hash,"
                " disabled = excluded.disabled, source = 'platform',"
                " must_change_password = excluded.must_change_password, password_changed_at ="
                " CASE WHEN users.password_hash = excluded.password_hash"
                " THEN users.password_changed_at ELSE excluded.password_changed_at END",
                (
                    username,
                    display_name,
                    role,
                    verifier,
                    int(disabled),
                    at,
                    at,
                    int(must_change_password),
                ),
            )
            held_secret = open_secret(self.store, username, held[1]) if held and held[1] else None
            if held_secret != second_factor:
                self._take_platform_second_factor(db, username, second_factor)
            changes = {
                "role": role,
                "disabled": disabled,
                "new": held is None,
                "password_changed": held is not None and held[0] != verifier,
            }
            self.store.audit.record("platform", "user.platform_update", username, changes)
            if unlocked_at is not None and lift_lockouts(
                db, username, at, "platform", made_by=to_text(unlocked_at)
            ):
                self._clear_lock(db, username)
                self.store.audit.record("platform", "user.unlock", username)

    def _replace_local_account(self, db: Database, username: str, at: str) -> None:
        """The platform's account of ``username`` replaces one made on this PC under the same
        name, without anything it carried (failed sign-ins, lockouts, last sign-in,
        one-time codes, password history): the platform's starts fresh. Audited and logged
        with when and by whom the local one was made, for the administrator to tell its
        member that their local password no longer signs in."""
        role, created_at = db.execute(
            "SELECT role, created_at FROM users WHERE username = ?", (username,)
        ).fetchone()
        made = db.execute(
            "SELECT actor FROM audit_log WHERE action = 'user.add' AND target = ?"
            " ORDER BY seq DESC LIMIT 1",
            (username,),
        ).fetchone()
        lift_lockouts(db, username, at, "platform", made_by=at)
        db.execute(
            "UPDATE users SET failed_attempts = 0, locked_until = NULL, last_signed_in_at = NULL,"
            " second_factor = NULL, second_factor_step = -1, earlier_password_hashes = '[]',"
            " created_at = ?, password_changed_at = ? WHERE username = ?",
            (at, at, username),
        )
        detail = {"role": role, "created_at": created_at, "created_by": made and made[0]}
        self.store.audit.record("platform", "user.local_replaced", username, detail)
        log.warning(
            "the platform's account %s replaced the account of that name made on this PC "
            "(role %s, made %s by %s): its local password no longer signs in",
            username,
            role,
            created_at,
            detail["created_by"] or "?",
        )

    def _take_platform_second_factor(self, db: Database, username: str, secret: str | None) -> None:
        """The register's one-time code secret (None: reset there) in place of the one held,
        audited as the platform's. The newest step used here stays: steps are the clock's, so
        no code of any secret is due at one already used, and the code typed here must not
        sign in again when the same secret comes back (a page of the feed may bring the
        account as it was before this window set the codes up, then the set-up)."""
        sealed = None if secret is None else seal_secret(self.store, username, secret)
        db.execute("UPDATE users SET second_factor = ? WHERE username = ?", (sealed, username))
        action = "user.second_factor_enrol" if secret else "user.second_factor_reset"
        self.store.audit.record("platform", action, username)

    def forget_platform_accounts(self) -> None:
        """The hall changed (a new enrolment): the old hall's staff may not sign in here; the
        new hall's come with the next pull of the ``staff`` feed."""
        with self.store.transaction() as db:
            forget_platform_lockouts(db)
            db.execute("DELETE FROM users WHERE source = 'platform'")

    def change_password(
        self, username: str, new_password: str, *, actor: str, old_password: str | None = None
    ) -> None:
        """Set a new password. Users changing their own pass ``old_password``, proven as a
        sign-in proves it (a wrong one counts towards the lockout: nobody at a window left
        signed in may guess it without end); an admin resetting another's passes ``None``
        (the CLI runs as the machine's administrator), and the account's member changes that
        one at their next sign-in. A member's own new password is none of the account's last
        ``PASSWORD_HISTORY`` (``WeakPassword``); every change keeps the verifier it replaces
        among them. The platform's accounts are reset on the platform only (``counter-central
        staff reset``), which keeps their history for their members' own changes."""
        self._refuse_platform_account(username, "重置密码", "reset", "reset")
        if old_password is not None:
            try:
                self.prove_password(username, old_password)
            except AuthError:
                with self.store.transaction():
                    self.store.audit.record(actor, "user.password_change_refused", username)
                raise
        self._check_password(new_password, username)
        if old_password is not None:
            check_not_reused(new_password, _recent_password_hashes(self.store.db, username))
        password_hash = hash_password(new_password)
        with self.store.transaction() as db:
            self.get(username)
            earlier = _recent_password_hashes(db, username)[: PASSWORD_HISTORY - 1]
            db.execute(
                "UPDATE users SET password_hash = ?, earlier_password_hashes = ?,"
                " password_changed_at = ?, must_change_password = ? WHERE username = ?",
                (
                    password_hash,
                    json.dumps(earlier),
                    to_text(self.now()),
                    int(old_password is None),
                    username,
                ),
            )
            self.store.audit.record(actor, "user.password_change", username)

    def _check_password(self, password: str, username: str) -> None:
        """The password rule for ``username``'s new password; outside the training hall a
        published password (its sample accounts') is refused too."""
        check_password_rules(password, username, self.security.password_min_length)
        if not self.store.config.is_training:
            check_not_published(password)

    def take_own_platform_password(self, username: str, verifier: str) -> None:
        """The new verifier of a platform account whose member changed their own password
        at this window (``sync.staff_passwords``), as the platform answered it: it signs in
        here at once; the ``staff`` feed brings the same verifier to every window."""
        with self.store.transaction() as db:
            db.execute(
                "UPDATE users SET password_hash = ?, password_changed_at = ?,"
                " must_change_password = 0 WHERE username = ? AND source = 'platform'",
                (verifier, to_text(self.now()), username),
            )
            self.store.audit.record(username, "user.password_change", username)

    def enrol_second_factor(self, username: str, secret: str, code: str) -> None:
        """``username``'s member (an account made on this PC) set up one-time codes with
        ``secret`` on their phone and typed its current ``code`` to show it
        (:class:`WrongCode` otherwise; not a failed sign-in: they are signed in). A register
        account's secret goes to the platform instead (``sync.staff_second_factors``). Codes
        set up already are replaced only after an administrator's :meth:`reset_second_factor`
        (:class:`SecondFactorExists`): a password alone must never replace them."""
        if self.get(username).second_factor_enrolled:
            raise SecondFactorExists(
                f"账号 {username} 已设置动态口令：更换手机须先由管理员重置"
                "（counter-app user reset-code）。",
                f"{username} has one-time codes set up already: for a new phone an "
                "administrator resets them first (counter-app user reset-code).",
                field="code",
            )
        step = code_step(self.store, check_secret(secret), code, self.now())
        if step is None:
            raise WrongCode(
                "动态口令不正确：请确认已在手机验证器中添加本账号，并输入它当前显示的 6 位数字。",
                "The one-time code is wrong: add this account in your authenticator app, then "
                "type the six digits it shows now.",
                field="code",
            )
        self.take_second_factor(username, secret, step, actor=username)

    def take_second_factor(self, username: str, secret: str, step: int, *, actor: str) -> None:
        """Keep ``secret`` as ``username``'s one-time code secret, sealed, set up by ``actor``
        with the code of ``step``, the newest step already used with it."""
        sealed = seal_secret(self.store, username, secret)
        with self.store.transaction() as db:
            db.execute(
                "UPDATE users SET second_factor = ?, second_factor_step = ? WHERE username = ?",
                (sealed, step, username),
            )
            self.store.audit.record(actor, "user.second_factor_enrol", username)

    def record_sign_out(self, username: str, *, switch: bool, reason: str | None = None) -> None:
        """``username`` left the window: signed out, or ``switch`` (退出登录（换人） at the lock
        screen, for the next member); ``reason`` when the window ended the session itself
        (``account_withdrawn``: the account was disabled or removed meanwhile)."""
        with self.store.transaction():
            self.store.audit.record(
                "system" if reason else username,
                "login.switch" if switch else "login.sign_out",
                username,
                {"reason": reason} if reason else None,
            )

    def record_lock(self, username: str) -> None:
        """The window locked over ``username``'s work (idle, or Ctrl+L); its unlock is a
        ``login.success`` (:meth:`prove_password`)."""
        with self.store.transaction():
            self.store.audit.record(username, "login.locked", username)

    def reset_second_factor(self, username: str, *, actor: str) -> None:
        """Forget an account's one-time codes made on this PC (its phone lost or replaced): its
        member sets them up again at their next sign-in. A register account's are reset on
        the platform (``counter-central staff reset-code``)."""
        self._refuse_platform_account(username, "重置动态口令", "reset", "reset-code")
        with self.store.transaction() as db:
            self.get(username)
            db.execute(
                "UPDATE users SET second_factor = NULL, second_factor_step = -1 WHERE username = ?",
                (username,),
            )
            self.store.audit.record(actor, "user.second_factor_reset", username)

    def set_disabled(self, username: str, disabled: bool, *, actor: str) -> None:
        """Stop (``disabled``) or allow again sign-in with an account made on this PC, at
        the window and for every ``--by``. The platform's accounts are disabled on the
        platform (``counter-central staff disable``), for every window of the hall."""
        action = "disable" if disabled else "enable"
        self._refuse_platform_account(username, "停用或启用", "disabled or enabled", action)
        with self.store.transaction() as db:
            if self.get(username).disabled == disabled:
                return  # as asked already: nothing to record
            db.execute(
                "UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), username)
            )
            self.store.audit.record(actor, f"user.{action}", username)

    def unlock(self, username: str, *, actor: str) -> None:
        """Lift ``username``'s lockout here; a platform account's lifting goes to the
        platform with the next sync."""
        with self.store.transaction() as db:
            self.get(username)
            self._clear_lock(db, username)
            lift_lockouts(db, username, to_text(self.now()), actor)
            self.store.audit.record(actor, "user.unlock", username)

    def running_lockout(self, username: str) -> Lockout | None:
        """``username``'s lockout at this window now, if one runs."""
        return running_lockout(self.store.db, username, to_text(self.now()))

    @staticmethod
    def _clear_lock(db: Database, username: str) -> None:
        db.execute(
            "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?",
            (username,),
        )

    def _refuse_platform_account(self, username: str, zh: str, en: str, action: str) -> None:
        """A platform account is changed on the platform only: ``zh``/``en`` say what may not
        be done here, ``action`` is the ``counter-central staff`` action that does it."""
        if self._source(username) == "platform":
            own_zh, own_en = "", ""
            if action == "reset":
                own_zh = "本人可在窗口点击状态栏中自己的名字修改密码；"
                own_en = " Its member changes it themselves: their name in the window's status bar."
            raise PlatformAccount(
                f"{username} 是平台统一管理的账号，本机不能{zh}：{own_zh}请管理员在平台操作"
                f"（counter-central staff {action}），下次同步后在本大厅各窗口生效。",
                f"{username} is an account of the platform's staff register and cannot be "
                f"{en} on this PC: ask the administrator to do it on the platform "
                f"(counter-central staff {action}); every window of the hall takes it at its "
                f"next sync.{own_en}",
                field="username",
            )

    def _source(self, username: str) -> str:
        row = self.store.db.execute(
            "SELECT source FROM users WHERE username = ?", (username,)
        ).fetchone()
        return "local" if row is None else str(row[0])


# Who may do what only an administrator may (staff accounts, a backup with the PII key, a
# restore, the audit log): "administrator", an account of that role here that is not
# disabled; "nobody", the platform's staff register has arrived and holds none; "os_account",
# neither yet (a new or freshly restored PC before the register arrives): whoever is at the
# window's OS account stands in, which is how the first administrator is made.
Administration = Literal["administrator", "nobody", "os_account"]


def administration(users: Iterable[User]) -> Administration:
    """Who administers the PC holding ``users`` (:data:`Administration`). A lockout passes;
    a member who has yet to set their own password or codes still counts: until then whoever
    made the account could otherwise take it over from the shell. The register counts once
    any account of it is held, disabled or not: a hall whose register has no administrator
    must not leave the OS account's stand-in open."""
    held = list(users)
    if any(user.role == "admin" and not user.disabled for user in held):
        return "administrator"
    return "nobody" if any(user.source == "platform" for user in held) else "os_account"


def add_administrator_step(hall: str) -> tuple[str, str]:
    """What to do, in Chinese and English, where the hall's register has no administrator."""
    command = f"counter-central staff add --hall {hall} --name 用户名 --role admin --password-stdin"
    command_en = command.replace("用户名", "USER")
    return (
        f"请平台管理员在名册中添加一名管理员：{command}，本机同步（counter-app sync --once）后"
        "由其用 --by 证明身份",
        f"ask the platform's operator to add an administrator to the register: {command_en}; "
        "once this PC has synced (counter-app sync --once), they prove who they are with --by",
    )


_USER_COLUMNS = (
    "username, display_name, role, locked_until, disabled, source, must_change_password,"
    " second_factor IS NOT NULL, last_signed_in_at, password_changed_at"
)
_UserRow = tuple[str, str, Role, str | None, int, str, int, int, str | None, str]


def _recent_password_hashes(db: Database, username: str) -> list[str]:
    """The verifiers of the existing account ``username``'s recent passwords, newest first:
    its current one and those before it that are kept (at most ``PASSWORD_HISTORY``; an
    account older than the history has only its current one until its next change)."""
    current, earlier = db.execute(
        "SELECT password_hash, earlier_password_hashes FROM users WHERE username = ?",
        (username,),
    ).fetchone()
    return [current, *json.loads(earlier)][:PASSWORD_HISTORY]


def _invalid_credentials(security: SecurityConfig) -> InvalidCredentials:
    """The same words for a name no account has and for an account's wrong password, so
    they never tell whether the user exists: the lockout rule, not the account's own count
    of the tries left (which a name without an account has not)."""
    tries, minutes = security.max_login_failures, security.lockout_minutes
    return InvalidCredentials(
        f"用户名或密码不正确。同一账号连续 {tries} 次输错，将锁定 {minutes} 分钟。",
        f"Wrong username or password. {tries} failures in a row lock the account for "
        f"{minutes} minutes.",
        field="password",
    )


def _locked(until: datetime) -> AccountLocked:
    local = until.astimezone(HALL_TIMEZONE).strftime("%H:%M")  # the hall's clock, not the PC's
    return AccountLocked(
        f"账号因多次密码错误已锁定，请在 {local} 后重试，或请值班长/管理员解锁。",
        f"The account is locked after repeated wrong passwords; try again after {local} or ask a "
        "supervisor or administrator to unlock it.",
        field="username",
    )
