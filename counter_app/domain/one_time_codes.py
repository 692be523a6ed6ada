"""One-time codes (动态口令) for the second factor of privileged use (等保 level 3): time-based
codes of RFC 6238 (HMAC-SHA1, 30-second steps, six digits), the kind every authenticator app
on a phone makes from a secret it scanned once as an ``otpauth://`` QR code.

Shared by the window (its accounts, offline too) and the platform's staff register (which
keeps a register account's secret for every window of its hall). A code is taken for its own
step or the one either side (a phone's clock a little off, a code typed as it turned over),
and a step once used is not taken again by the same account at the same place.
"""

from __future__ import annotations

import base64
import hmac
import os
import re
import unicodedata
from datetime import datetime
from urllib.parse import quote

from counter_app.errors import ValidationError

STEP_SECONDS = 30
DIGITS = 6
# Steps either side of the current one that a code is taken for.
DRIFT_STEPS = 1
# 160 bits, as RFC 4226 recommends: 32 base32 characters.
SECRET_BYTES = 20
ISSUER = "一网通办窗口"
# A secret as base32 without padding, and a code as typed once normalised: the platform's wire
# models check the same (``sync.wire.staff``). ASCII digits only: ``hmac.compare_digest`` takes
# no other.
# Whole groups of 8 characters, then a tail of 2, 4, 5 or 7: the lengths base32 of whole
# bytes can have (a tail of 1, 3 or 6 decodes to nothing).
BASE32_PATTERN = r"^(?:[A-Z2-7]{8})*(?:[A-Z2-7]{2}|[A-Z2-7]{4,5}|[A-Z2-7]{7})?$"
SECRET_LENGTHS = (16, 128)
CODE_PATTERN = r"^[0-9]{6}$"
_BASE32 = re.compile(BASE32_PATTERN)
_CODE = re.compile(CODE_PATTERN)


class MalformedCode(ValidationError):
    code = "malformed_code"


def new_secret() -> str:
    """A fresh secret, base32 without padding (what authenticator apps type and scan)."""
    return base64.b32encode(os.urandom(SECRET_BYTES)).decode("ascii").rstrip("=")


def check_secret(secret: str) -> str:
    """``secret`` as base32 without padding, or ``ValidationError``."""
    shortest, longest = SECRET_LENGTHS
    if not (shortest <= len(secret) <= longest and _BASE32.match(secret)):
        raise ValidationError(
            "动态口令密钥格式不正确。", "The one-time code secret is malformed.", field="secret"
        )
    return secret


def step_at(at: datetime) -> int:
    """The RFC 6238 time step that ``at`` (timezone-aware) falls in."""
    return int(at.timestamp()) // STEP_SECONDS


def code_for_step(secret: str, step: int) -> str:
    """The six-digit code of ``step`` (RFC 4226's dynamic truncation of HMAC-SHA1)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.digest(key, step.to_bytes(8, "big"), "sha1")
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def normalise_code(typed: str) -> str:
    """The code as typed, spaces and hyphens removed (apps show ``123 456``) and full-width
    digits (a Chinese input method's ``１２３４５６``) made ASCII; six digits, or
    :class:`MalformedCode`."""
    code = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", typed))
    if not _CODE.match(code):
        raise MalformedCode(
            "动态口令应为手机验证器上显示的 6 位数字。",
            "The one-time code is the six digits your authenticator app shows.",
            field="code",
        )
    return code


def matching_step(secret: str, typed: str, at: datetime, *, after: int = -1) -> int | None:
    """The step whose code ``typed`` is, among the steps around ``at``; None when it is none
    of them or only of a step at or before ``after`` (a code already used). Raises
    :class:`MalformedCode` for what cannot be a code."""
    code = normalise_code(typed)
    now = step_at(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > after and hmac.compare_digest(code_for_step(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, hall_code: str) -> str:
    """The ``otpauth://totp/…`` address an authenticator app scans: the issuer and the
    account (the username at ``hall_code``) name the entry on the phone. SHA-1, six digits
    and 30 seconds are the format's defaults, left out: the shorter the address, the coarser
    the QR code's modules and the easier a phone reads it from a screen."""
    label = quote(f"{ISSUER}:{account}@{hall_code}", safe="@")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(ISSUER)}"


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
