"""Staff accounts: roles, scrypt password hashes, complexity rule, login-failure lockout.

MLPS 2.0 (等保) level 3 asks for unique accounts, complex passwords and lockout after
repeated failures; every login success, failure, lockout, unlock and password change is
written to the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Literal

from sqlite_utils import Database

from counter_app.errors import AuthError, ValidationError
from counter_app.store.audit import UNKNOWN_USER
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, to_text, utc_now

Role = Literal["clerk", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("clerk", "supervisor", "admin")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_DISPLAY_NAME_MAX = 40
# scrypt cost: N=2**15, r=8, p=1 takes ~32 MiB and ~0.1 s here - slow for guessing, fine
# for a login. Parameters live in each hash, so raising them later keeps old hashes valid.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024


class InvalidCredentials(AuthError):
    code = "invalid_credentials"


class AccountLocked(AuthError):
    code = "account_locked"


class AccountDisabled(AuthError):
    code = "account_disabled"


class WeakPassword(ValidationError):
    code = "weak_password"


class UserExists(AuthError):
    code = "user_exists"


class UnknownUser(AuthError):
    code = "unknown_user"


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: Role
    locked_until: datetime | None
    disabled: bool


def hash_password(
    password: str, *, n: int = _SCRYPT_N, r: int = _SCRYPT_R, p: int = _SCRYPT_P
) -> str:
    """``scrypt$n=…,r=…,p=…$salt$digest`` (base64): parameters travel with the hash."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        _normalise(password), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    return f"scrypt$n={n},r={r},p={p}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, params, salt_text, digest_text = encoded.split("$")
        settings = dict(item.split("=") for item in params.split(","))
        n, r, p = int(settings["n"]), int(settings["r"]), int(settings["p"])
        salt, expected = base64.b64decode(salt_text), base64.b64decode(digest_text)
    except (ValueError, KeyError):
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(
        _normalise(password), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=len(expected)
    )
    return hmac.compare_digest(actual, expected)


def _normalise(password: str) -> bytes:
    # The same password typed through different input methods must hash the same.
    return unicodedata.normalize("NFC", password).encode("utf-8")


@cache
def _dummy_hash() -> str:
    """Compared against when the user does not exist, so "no such user" costs the same time."""
    return hash_password("timing-equaliser")


def check_password_rules(password: str, username: str, min_length: int) -> None:
    """MLPS rule: at least ``min_length`` characters from 3 of 4 classes, not the username."""
    classes = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if len(password) < min_length or classes < 3:
        raise WeakPassword(
            f"密码至少 {min_length} 位，并包含小写字母、大写字母、数字、符号中的至少三类。",
            f"The password needs at least {min_length} characters from at least three of: lower-case, "
            "upper-case, digits, symbols.",
            field="password",
        )
    if username and username.lower() in password.lower():
        raise WeakPassword(
            "密码不能包含用户名。",
            "The password must not contain the username.",
            field="password",
        )


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
    ) -> User:
        if not _USERNAME.match(username):
            raise ValidationError(
                "用户名应为 2-32 位小写字母、数字、点、下划线或连字符，以字母或数字开头。",
                "A username is 2-32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.",
                field="username",
            )
        if role not in ROLES:
            raise ValidationError(
                f"角色应为 {' / '.join(ROLES)} 之一。",
                f"The role must be one of {', '.join(ROLES)}.",
                field="role",
            )
        display_name = display_name.strip() or username
        if len(display_name) > _DISPLAY_NAME_MAX or any(
            unicodedata.category(c) == "Cc" for c in display_name
        ):
            raise ValidationError(
                f"显示名称最多 {_DISPLAY_NAME_MAX} 个字符，且不能含控制字符。",
                f"The display name has at most {_DISPLAY_NAME_MAX} characters and no control characters.",
                field="display_name",
            )
        check_password_rules(password, username, self.security.password_min_length)
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
                "INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (username, display_name, role, password_hash, at, at),
            )
            self.store.audit.record(actor, "user.add", username, {"role": role})
        return self.get(username)

    def get(self, username: str) -> User:
        row = self.store.db.execute(
            "SELECT username, display_name, role, locked_until, disabled FROM users WHERE username = ?",
            (username,),
        ).fetchone()
        if row is None:
            raise UnknownUser(
                f"没有用户 {username}。", f"There is no user {username}.", field="username"
            )
        return _user(row)

    def list_users(self) -> list[User]:
        rows = self.store.db.execute(
            "SELECT username, display_name, role, locked_until, disabled FROM users ORDER BY username"
        )
        return [_user(row) for row in rows]

    def authenticate(self, username: str, password: str) -> User:
        """The user, when the password is right and the account usable; else a typed AuthError.

        Failures count towards the lockout; the last allowed failure locks the account for
        ``security.lockout_minutes``. The message never says whether the user exists.
        """
        now = self.now()
        # Errors are raised after the transaction commits: the failure count, the lockout
        # and their audit entries must persist although the caller sees an error.
        with self.store.transaction() as db:
            error = self._attempt_login(db, username, password, now)
            if error is None:
                return self.get(username)
        raise error

    def _attempt_login(
        self, db: Database, username: str, password: str, now: datetime
    ) -> AuthError | None:
        audit = self.store.audit
        row = db.execute(
            "SELECT password_hash, failed_attempts, locked_until, disabled FROM users WHERE username = ?",
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
            return _invalid_credentials()
        password_hash, failures, locked_until_text, disabled = row
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
        if verify_password(password, password_hash):
            db.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?",
                (username,),
            )
            audit.record(username, "login.success", username)
            return None
        # A lockout that has expired starts a fresh count.
        failures = (0 if locked_until is not None else failures) + 1
        audit.record(username, "login.failure", username, {"failures": failures})
        if failures < self.security.max_login_failures:
            db.execute(
                "UPDATE users SET failed_attempts = ? WHERE username = ?", (failures, username)
            )
            return _invalid_credentials()
        until = now + timedelta(minutes=self.security.lockout_minutes)
        db.execute(
            "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?",
            (failures, to_text(until), username),
        )
        audit.record("system", "user.lockout", username, {"until": to_text(until)})
        return _locked(until)

    def change_password(
        self, username: str, new_password: str, *, actor: str, old_password: str | None = None
    ) -> None:
        """Set a new password. Users changing their own pass ``old_password``; an admin resetting
        another's passes ``None`` (the CLI runs as the machine's administrator)."""
        if old_password is not None and not verify_password(old_password, self._hash(username)):
            self.store.audit.record(actor, "user.password_change_refused", username)
            raise _invalid_credentials()
        check_password_rules(new_password, username, self.security.password_min_length)
        password_hash = hash_password(new_password)
        with self.store.transaction() as db:
            self.get(username)
            db.execute(
                "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE username = ?",
                (password_hash, to_text(self.now()), username),
            )
            self.store.audit.record(actor, "user.password_change", username)

    def unlock(self, username: str, *, actor: str) -> None:
        with self.store.transaction() as db:
            self.get(username)
            db.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?",
                (username,),
            )
            self.store.audit.record(actor, "user.unlock", username)

    def _hash(self, username: str) -> str:
        row = self.store.db.execute(
            "SELECT password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            raise UnknownUser(
                f"没有用户 {username}。", f"There is no user {username}.", field="username"
            )
        return str(row[0])


def _user(row: tuple[str, str, Role, str | None, int]) -> User:
    username, display_name, role, locked_until, disabled = row
    return User(
        username,
        display_name,
        role,
        from_text(locked_until) if locked_until else None,
        bool(disabled),
    )


def _invalid_credentials() -> InvalidCredentials:
    return InvalidCredentials(
        "用户名或密码不正确。连续多次错误将锁定账号。",
        "Wrong username or password. Repeated failures lock the account.",
        field="password",
    )


def _locked(until: datetime) -> AccountLocked:
    local = until.astimezone().strftime("%H:%M")
    return AccountLocked(
        f"账号因多次密码错误已锁定，请在 {local} 后重试，或请值班长/管理员解锁。",
        f"The account is locked after repeated wrong passwords; try again after {local} or ask a "
        "supervisor or administrator to unlock it.",
        field="username",
    )
