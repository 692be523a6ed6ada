"""Staff accounts' rules, shared by the window's accounts and the platform's staff register
(whose verifiers the windows keep for sign-in, offline too): roles, usernames, display
names, the password rule (published and recently used passwords refused too) and password
verifiers.

A verifier is ``scrypt$n=…,r=…,p=…$salt$digest`` (base64): salted, slow, its parameters
travelling with it; the password itself is never stored or sent.
"""

from __future__ import annotations

import base64
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from typing import Literal

from counter_app.domain.text import first_hiding
from counter_app.errors import ValidationError


@dataclass(frozen=True)
class ScryptCost:
    n: int
    r: int
    p: int


# scrypt cost: N=2**15, r=8, p=1 takes ~32 MiB and 0.1-0.3 s - slow for guessing, fine for a
# login. Parameters live in each hash, so raising them later keeps old hashes valid.
# ``SCRYPT_COST`` is read at each call: what new verifiers are made with (the test suite,
# which makes hundreds of accounts, lowers it for its own process).
SCRYPT_COST = ScryptCost(n=2**15, r=8, p=1)
_SCRYPT_MAXMEM = 64 * 1024 * 1024


Role = Literal["clerk", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("clerk", "supervisor", "admin")
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,31}$"
_USERNAME = re.compile(USERNAME_PATTERN)
_DISPLAY_NAME_MAX = 40
# The password rule's length where no hall setting applies (the platform's staff register);
# a window's ``security.password_min_length`` defaults to it.
PASSWORD_MIN_LENGTH = 10
# How many of an account's passwords, the current one and those before it, a new password of
# its member's may not repeat (等保: a password is not reused soon).
PASSWORD_HISTORY = 5
# The training hall's sample accounts' password, shown on its login screen: published, so no
# account outside the training hall may have it.
TRAINING_PASSWORD = "Peixun-2026!"  # noqa: S105 - published: refused, not a secret
PUBLISHED_PASSWORDS = (TRAINING_PASSWORD,)


class WeakPassword(ValidationError):
    code = "weak_password"


def hash_password(password: str, cost: ScryptCost | None = None) -> str:
    """``scrypt$n=…,r=…,p=…$salt$digest`` (base64): parameters travel with the hash;
    ``cost`` defaults to ``SCRYPT_COST``."""
    import hashlib  # here: the window imports this module (through its config) to start

    n, r, p = astuple(cost or SCRYPT_COST)
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
    # As in hash_password: OpenSSL's start (~3 ms, hmac's too) waits for the first use.
    import hashlib
    import hmac

    actual = hashlib.scrypt(
        _normalise(password), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=len(expected)
    )
    return hmac.compare_digest(actual, expected)


def _normalise(password: str) -> bytes:
    # The same password typed through different input methods must hash the same.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def password_rule(min_length: int) -> tuple[str, str]:
    """The length and character rule in words (Chinese, English): what a refusal says and
    what a form that takes a new password shows."""
    return (
        f"密码至少 {min_length} 位，并包含小写字母、大写字母、数字、符号中的至少三类。",
        f"The password needs at least {min_length} characters from at least three of: "
        "lower-case, upper-case, digits, symbols.",
    )


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
        raise WeakPassword(*password_rule(min_length), field="password")
    if username and username.lower() in password.lower():
        raise WeakPassword(
            "密码不能包含用户名。",
            "The password must not contain the username.",
            field="password",
        )


def check_not_published(password: str) -> None:
    """Refuse a password anyone can read (:data:`PUBLISHED_PASSWORDS`): for every account
    outside the training hall, whose sample accounts have it."""
    if _normalise(password) in {_normalise(published) for published in PUBLISHED_PASSWORDS}:
        raise WeakPassword(
            "该密码是公开的培训模式示例密码（培训登录界面上显示），不能用于正式账号，请另设密码。",
            "This password is published: the training hall's sample password, shown on its "
            "login screen. No account outside the training hall may have it; choose another.",
            field="password",
        )


def check_not_reused(password: str, recent_verifiers: Iterable[str]) -> None:
    """Refuse a member's new password that is one of the account's recent ones, given as
    their verifiers (at most :data:`PASSWORD_HISTORY`, the current one among them)."""
    if any(verify_password(password, verifier) for verifier in recent_verifiers):
        raise WeakPassword(
            f"新密码不能与最近{PASSWORD_HISTORY}次用过的密码相同。",
            f"The new password must differ from the last {PASSWORD_HISTORY} passwords used.",
            field="password",
        )


def check_own_new_password(new: str, current: str, username: str, min_length: int) -> None:
    """A member's own new password: the rule, and not the one it replaces (an initial or an
    expired password "changed" to itself would stay the operator's, or grow older)."""
    check_password_rules(new, username, min_length)
    if new == current:
        raise WeakPassword(
            "新密码不能与当前密码相同。",
            "The new password must differ from the current one.",
            field="password",
        )


def check_account(username: str, role: str, display_name: str) -> str:
    """Refuse a malformed username, an unknown role or an unusable display name; the display
    name to keep (the username when none is given)."""
    if not _USERNAME.match(username):
        raise ValidationError(
            "用户名应为 2-32 位小写字母、数字、点、下划线或连字符，以字母或数字开头。",
            "A username is 2-32 lower-case letters, digits, '.', '_' or '-', starting with a "
            "letter or digit.",
            field="username",
        )
    if role not in ROLES:
        raise ValidationError(
            f"角色应为 {' / '.join(ROLES)} 之一。",
            f"The role must be one of {', '.join(ROLES)}.",
            field="role",
        )
    display_name = display_name.strip() or username
    if len(display_name) > _DISPLAY_NAME_MAX:
        raise ValidationError(
            f"显示名称最多 {_DISPLAY_NAME_MAX} 个字符。",
            f"The display name has at most {_DISPLAY_NAME_MAX} characters.",
            field="display_name",
        )
    # The name rule's refusal (applicants' names refuse the same): a display name is how a
    # clerk appears in lists, histories and approvals, and a bidi override or a zero-width
    # character would let one account pose as another.
    hiding = first_hiding(display_name)
    if hiding is not None:
        code = f"U+{ord(hiding):04X}"
        raise ValidationError(
            f"显示名称中含有不可见或改变文字方向的字符 {code}，请删去后再提交。",
            f"The display name holds {code}, a character that is invisible or changes the "
            "direction of the text; remove it.",
            field="display_name",
        )
    return display_name
