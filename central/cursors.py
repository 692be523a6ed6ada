"""Opaque, tamper-evident change-feed cursors.

A cursor is ``base64url(v1|feed|hall|sequence) . base64url(HMAC-SHA256 tag)`` keyed with a
secret kept in the store: clients cannot forge or edit one, and a cursor from one feed or
hall is refused on another. Catalog and calendar cursors are for every hall (``*``).

A backup holds the secret too, so after a restore the windows' cursors, issued past what
the backup holds, would still pass: ``counter-central restored`` draws a new secret
(``CentralStore.mark_restored``) and every cursor issued before is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from central.errors import BadCursor, WrongHall

_VERSION = "v1"
_TAG_BYTES = 16
MAX_CURSOR_CHARS = 256


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _tag(secret: bytes, raw: bytes) -> bytes:
    return hmac.new(secret, raw, hashlib.sha256).digest()[:_TAG_BYTES]


def encode_cursor(secret: bytes, feed: str, hall: str, sequence: int) -> str:
    raw = f"{_VERSION}|{feed}|{hall}|{sequence}".encode()
    return f"{_b64(raw)}.{_b64(_tag(secret, raw))}"


def decode_cursor(secret: bytes, cursor: str, feed: str, hall: str) -> int:
    """The sequence a cursor stands for; ``BadCursor`` for anything not issued by us for this
    feed, ``WrongHall`` for a genuine cursor of another hall's feed."""
    bad = BadCursor(
        "同步位置标记（cursor）无效，请不带 cursor 重新从头拉取。",
        "The feed cursor is not valid; pull again from the start without a cursor.",
    )
    if len(cursor) > MAX_CURSOR_CHARS or cursor.count(".") != 1:
        raise bad
    body, tag = cursor.split(".")
    try:
        raw, given = _unb64(body), _unb64(tag)
        version, cursor_feed, cursor_hall, sequence = raw.decode("ascii").split("|")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not hmac.compare_digest(_tag(secret, raw), given) or version != _VERSION:
        raise bad
    if cursor_feed != feed or not sequence.isdigit():
        raise bad
    if cursor_hall != hall:
        raise WrongHall(
            "该同步位置标记属于其他大厅，本设备无权读取。",
            "This cursor belongs to another hall's feed; this device may not read it.",
        )
    return int(sequence)
