"""The hall's staff: the ``staff`` feed's accounts, the login lockouts a window reports
(``POST /v1/staff-lockouts``), a staff member's own new password (``POST
/v1/staff-passwords``) and their one-time codes (``POST /v1/staff-second-factors``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from counter_app.domain.one_time_codes import BASE32_PATTERN, CODE_PATTERN, SECRET_LENGTHS
from counter_app.domain.staff import USERNAME_PATTERN
from sync.wire.base import NO_CONTROL_CHARACTERS, WireModel


class StaffAccount(BaseModel):
    """One item of the ``staff`` feed: an account of the device's hall as it stands after a
    change on the platform (``counter-central staff …``). ``verifier`` is a salted scrypt
    verifier (``counter_app.domain.staff``) for sign-in at any window of the hall, offline
    too; the password never travels. A reader keeps the newest item per ``username``."""

    sequence: int
    username: str
    display_name: str
    role: Literal["clerk", "supervisor", "admin"]
    disabled: bool
    verifier: str
    changed_at: datetime
    unlocked_at: datetime | None = None
    """The platform's newest unlock of the account (``counter-central staff unlock``): a
    window lifts its lockouts of the account made at or before then. None: never unlocked
    there (and from a platform that predates unlocking)."""
    must_change_password: bool = False
    """The password is the operator's (``staff add`` or ``reset``), not one its member set
    (``POST /v1/staff-passwords``): the window has its member change it at their next
    sign-in. False from a platform that predates it."""
    second_factor: str | None = None
    """The account's one-time code secret (RFC 6238, base32), which its member set up at a
    window of the hall (``POST /v1/staff-second-factors``): every window asks for its codes,
    offline too. None: none set up, or reset by the operator (``staff reset-code``); and from
    a platform that predates it."""


class LockoutReport(WireModel):
    """``POST /v1/staff-lockouts``, at the sync after a lockout at the window and after its
    lifting there: one login lockout of an account of the platform's staff register, as it
    now is. The same ``lockout_id`` again updates nothing but a lifting not yet held."""

    lockout_id: uuid.UUID
    username: Annotated[str, StringConstraints(pattern=USERNAME_PATTERN)]
    locked_at: AwareDatetime
    until: AwareDatetime
    failed_attempts: Annotated[int, Field(ge=1, le=10_000)]
    """The failed sign-ins in a row that locked the account."""
    lifted_at: AwareDatetime | None = None
    lifted_by: (
        Annotated[
            str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
        ]
        | None
    ) = None
    """Who lifted it at the window (an administrator's name, or ``platform``)."""


class LockoutResult(BaseModel):
    """``stored`` (first report, or a lifting the platform did not hold) or ``duplicate``
    (held as it is), with when the platform first received the lockout."""

    status: Literal["stored", "duplicate"]
    received_at: datetime


# The longest password either side takes: a pass phrase, not a file.
PASSWORD_MAX_CHARS = 128


class PasswordChange(WireModel):
    """``POST /v1/staff-passwords``: a member of the hall's staff changes their own password
    at a window of the hall, the old one typed first. Over TLS only; the platform checks the
    old one against the register's verifier and keeps a new verifier, never a password, and
    neither password is logged on either side."""

    username: Annotated[str, StringConstraints(pattern=USERNAME_PATTERN)]
    old_password: Annotated[str, StringConstraints(min_length=1, max_length=PASSWORD_MAX_CHARS)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=PASSWORD_MAX_CHARS)]


class PasswordChanged(BaseModel):
    """The account's new verifier and when it changed: the window signs its staff member in
    with it at once, offline too; every other window of the hall takes it from the ``staff``
    feed."""

    verifier: str
    changed_at: datetime


class SecondFactorSetUp(WireModel):
    """``POST /v1/staff-second-factors``: a member of the hall's staff sets up one-time codes
    (动态口令) at a window of the hall: the secret their authenticator app took, a code it
    shows now (proof that the phone has it), and their password. Over TLS only; the platform
    checks the password against the register's verifier and the code against the secret, and
    logs none of the three."""

    username: Annotated[str, StringConstraints(pattern=USERNAME_PATTERN)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=PASSWORD_MAX_CHARS)]
    secret: Annotated[
        str,
        StringConstraints(
            min_length=SECRET_LENGTHS[0], max_length=SECRET_LENGTHS[1], pattern=BASE32_PATTERN
        ),
    ]
    code: Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
    """Six ASCII digits: the window sends the code as typed, normalised."""


class SecondFactorSet(BaseModel):
    """When the register took the secret, and the time step (RFC 6238) the code was of: the
    window keeps the secret with that step as used, so the code typed to set it up does not
    sign in there again; every other window of the hall takes the secret from the ``staff``
    feed."""

    changed_at: datetime
    step: int
