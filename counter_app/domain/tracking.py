"""The secret behind a receipt's QR code: the public progress page (``/track/TOKEN``) finds
the case by it, so it must be unguessable and say nothing about the case.

The window makes it with the case (offline too: the receipt prints before any sync) and
the case document carries it to the platform, which keeps only its digest.
"""

from __future__ import annotations

import hashlib
import re
import secrets

# 192 random bits: far beyond guessing, even at the page's rate limit for years.
TOKEN_BYTES = 24
# What ``secrets.token_urlsafe(TOKEN_BYTES)`` yields: 32 URL-safe characters. Use it with
# ``fullmatch``: ``$`` would let a trailing newline through.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")


def new_track_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """SHA-256 hex of a token: what the platform stores and looks up, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
