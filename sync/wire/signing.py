"""Request signing: the headers, the signed string and the body digest both sides compute.

Every endpoint except ``/v1/health`` and ``/v1/enroll`` is signed:

- The device holds an Ed25519 private key it generated itself; only the public key was sent
  at enrolment, so the platform stores nothing that could impersonate a device.
- Headers: ``X-Counter-Device``, ``X-Counter-Timestamp`` (Unix seconds), ``X-Counter-Nonce``
  (16-64 of ``[A-Za-z0-9_-]``, fresh for every attempt, retries included),
  ``X-Counter-Content-SHA256`` (hex digest of the exact body bytes, ``body_digest``) and
  ``X-Counter-Signature`` (base64 Ed25519 signature over ``signing_string``).
- The path is the request target exactly as sent on the wire: path plus ``?query`` when
  there is one (``requests``: ``PreparedRequest.path_url``).
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SIGNATURE_SCHEME = "COUNTER-ED25519-1"

HEADER_DEVICE = "X-Counter-Device"
HEADER_TIMESTAMP = "X-Counter-Timestamp"
HEADER_NONCE = "X-Counter-Nonce"
HEADER_DIGEST = "X-Counter-Content-SHA256"
HEADER_SIGNATURE = "X-Counter-Signature"

#: A request whose timestamp is further than this from the platform's clock is refused
#: with ``clock_skew``; nonces are remembered at least this long (times two) to stop replays.
MAX_CLOCK_SKEW_SECONDS = 300

NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def body_digest(body: bytes) -> str:
    """The ``X-Counter-Content-SHA256`` value: SHA-256 hex of the exact body bytes."""
    return hashlib.sha256(body).hexdigest()


def signing_string(
    *, method: str, path: str, timestamp: str, nonce: str, digest: str, device_id: str
) -> bytes:
    """The exact bytes a device signs and the platform verifies."""
    return "\n".join(
        [SIGNATURE_SCHEME, method.upper(), path, timestamp, nonce, digest, device_id]
    ).encode("utf-8")


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def public_key_b64(private_key: Ed25519PrivateKey) -> str:
    """The raw 32-byte public key, base64: what ``EnrollRequest.public_key`` carries."""
    return base64.b64encode(private_key.public_key().public_bytes_raw()).decode("ascii")


def signed_headers(
    private_key: Ed25519PrivateKey,
    *,
    device_id: str,
    method: str,
    path: str,
    body: bytes,
    now: float | None = None,
) -> dict[str, str]:
    """All authentication headers for one request attempt (fresh nonce every call)."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = new_nonce()
    digest = body_digest(body)
    message = signing_string(
        method=method,
        path=path,
        timestamp=timestamp,
        nonce=nonce,
        digest=digest,
        device_id=device_id,
    )
    return {
        HEADER_DEVICE: device_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_DIGEST: digest,
        HEADER_SIGNATURE: base64.b64encode(private_key.sign(message)).decode("ascii"),
    }
