"""Per-request device authentication: Ed25519 signature over ``sync.wire.signing.signing_string``,
clock-skew window, body digest, device status, rate limit. Replay protection (the nonce)
is committed by the store in the same transaction as the request's work.

Failed attempts are throttled per claimed device id and per client address
(``FailedAttempts``) before any work is done for them, so that guessing or a flood of bad
requests costs the platform nothing; every refusal is logged by ``central.refusal_log``."""

from __future__ import annotations

import base64
import binascii
import logging
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from starlette.requests import Request

from central.errors import AuthFailed, RateLimited
from central.ratelimit import DEFAULT_MAX_KEYS, RateLimiter
from central.store import CentralStore, Device
from central.store import devices as device_register
from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from sync.wire.problems import InstructionDraft, instruction_message
from sync.wire.signing import (
    HEADER_DEVICE,
    HEADER_DIGEST,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    MAX_CLOCK_SKEW_SECONDS,
    NONCE_PATTERN,
    body_digest,
    signing_string,
)

log = logging.getLogger("central.auth")

# ASCII digits only: str.isdigit() also accepts "²" and other Unicode digits, which int()
# then refuses (or reads as another number).
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class Authenticated:
    device: Device
    nonce: str


def request_target(request: Request) -> str:
    """The path and query exactly as they came over the wire (what the client signed)."""
    path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string") or b""
    target = path.decode("latin-1")
    return f"{target}?{query.decode('latin-1')}" if query else target


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    """Raises ``ValueError`` unless ``text`` is base64 of a raw 32-byte Ed25519 key."""
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


class FailedAttempts:
    """Failed authentications per key (a claimed device id at an address, an address): each
    failure spends a token of the key's bucket, and a key whose bucket is empty is refused
    (429) until a token is back, before its requests are looked at. Only failures spend, so a
    device that signs correctly never meets this limit; behind one NAT address the windows
    of a hall share the address's bucket, which is why it is larger than a device's.

    Both tables are bounded like ``RateLimiter``'s: the least recently throttled key goes."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self._until: OrderedDict[str, float] = OrderedDict()  # key -> monotonic time
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds ``key`` is refused for yet; 0 when it is not."""
        with self._lock:
            until = self._until.get(key)
            if until is None:
                return 0.0
            left = until - time.monotonic()
            if left <= 0:
                del self._until[key]
            return max(0.0, left)

    def failed(self, key: str) -> bool:
        """Count one failure of ``key``; True when this one empties its bucket."""
        wait = self.limiter.take(key)
        if wait <= 0:
            return False
        with self._lock:
            self._until[key] = time.monotonic() + wait
            self._until.move_to_end(key)
            while len(self._until) > DEFAULT_MAX_KEYS:
                self._until.popitem(last=False)
        return True


@dataclass(frozen=True)
class Throttles:
    """The failed-attempt limits of the platform: per claimed device id at a client address,
    per client address."""

    per_device: FailedAttempts
    per_address: FailedAttempts


def authenticate(
    request: Request,
    body: bytes,
    store: CentralStore,
    limiter: RateLimiter,
    *,
    throttles: Throttles,
    client: str,
) -> Authenticated:
    """The enrolled device that signed ``request``; ``AuthFailed`` (401) naming why not, or
    ``RateLimited`` (429) for a device id or client address (``client``) with too many
    failed attempts, or a device over its request rate."""
    device_id = request.headers.get(HEADER_DEVICE, "")
    # The device id is the client's word: keyed with the address, so that nobody elsewhere
    # can throttle a window by sending bad requests in its name.
    keys = ((throttles.per_device, f"{device_id[:64]}@{client}"), (throttles.per_address, client))
    wait = max(table.wait(key) for table, key in keys)
    if wait > 0:
        raise _throttled(wait)
    try:
        return _authenticated(request, body, store, limiter)
    except AuthFailed as refused:
        if refused.code != "clock_skew":  # an honest device's clock, not a guess
            for table, key in keys:
                if table.failed(key):
                    log.warning(
                        "failed authentications throttled: %r (last: %s)", key, refused.code
                    )
        raise


def _throttled(wait: float) -> RateLimited:
    return RateLimited(
        "本设备或本机地址的签名校验失败次数过多，平台暂时拒绝其请求，请稍后再试；如持续出现，"
        "请联系信息科检查设备登记。",
        "Too many failed authentications from this device or address; the platform refuses "
        "its requests for a while. If it goes on, ask IT to check the device's enrolment.",
        details={"retry_after_seconds": wait},
        headers={"Retry-After": RateLimiter.retry_after_header(wait)},
    )


def _authenticated(
    request: Request, body: bytes, store: CentralStore, limiter: RateLimiter
) -> Authenticated:
    headers = request.headers
    device_id = headers.get(HEADER_DEVICE, "")
    timestamp = headers.get(HEADER_TIMESTAMP, "")
    nonce = headers.get(HEADER_NONCE, "")
    digest = headers.get(HEADER_DIGEST, "")
    signature = headers.get(HEADER_SIGNATURE, "")
    if not (device_id and timestamp and nonce and digest and signature):
        raise AuthFailed(
            "auth_missing",
            "请求缺少设备签名信息，请先完成设备登记。",
            "The request carries no device signature; enrol this device first.",
            details={
                "required_headers": [
                    HEADER_DEVICE,
                    HEADER_TIMESTAMP,
                    HEADER_NONCE,
                    HEADER_DIGEST,
                    HEADER_SIGNATURE,
                ]
            },
        )
    now = int(time.time())
    if not _TIMESTAMP.fullmatch(timestamp):
        raise _bad_signature()
    if not NONCE_PATTERN.fullmatch(nonce):
        raise _bad_signature()
    if digest != body_digest(body):
        raise AuthFailed(
            "bad_digest",
            "请求内容摘要不符，内容可能在传输中被改动。",
            "The body digest does not match the body; it may have been altered in transit.",
        )
    device = device_register.device(store, device_id) if len(device_id) <= 64 else None
    request.state.device = device  # who the refusal log names, whatever follows
    if device is None:
        raise AuthFailed(
            "unknown_device",
            "平台不认识本设备，请重新登记设备。",
            "The platform does not know this device; enrol it again.",
        )
    if device.revoked_at is not None:
        raise AuthFailed(
            "device_revoked",
            "本设备的登记已被平台吊销，请联系信息科重新登记。",
            "This device's enrolment was revoked by the platform; ask IT to enrol it again.",
        )
    message = signing_string(
        method=request.method,
        path=request_target(request),
        timestamp=timestamp,
        nonce=nonce,
        digest=digest,
        device_id=device_id,
    )
    try:
        public_key_from_b64(device.public_key).verify(base64.b64decode(signature), message)
    except (InvalidSignature, ValueError, binascii.Error):
        raise _bad_signature() from None
    # The clock after the signature: a refusal for the clock is the device's own (its
    # timestamp is signed), which the refusal log keeps as the device's last refusal.
    skew = int(timestamp) - now
    if abs(skew) > MAX_CLOCK_SKEW_SECONDS:
        raise AuthFailed(
            "clock_skew",
            f"本机时钟与平台相差约 {abs(skew) // 60} 分钟（超过 5 分钟）。{CHECK_AGAINST_A_PHONE[0]}，"
            f"然后再同步；{PLATFORM_CLOCK_WRONG[0]}已受理的办件不会丢失。",
            f"This workstation's clock is about {abs(skew) // 60} minutes off the platform's "
            f"(more than 5 minutes allowed). {CHECK_AGAINST_A_PHONE[1]}, then sync again. "
            f"{PLATFORM_CLOCK_WRONG[1]} No accepted case is lost.",
            details={
                "server_timestamp": now,
                "server_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
                "skew_seconds": skew,
            },
        )
    wait = limiter.take(device_id)
    if wait > 0:
        raise RateLimited(
            "请求过于频繁，请稍后再试（将自动重试）。",
            "Too many requests from this device; it will retry shortly.",
            details={"retry_after_seconds": wait},
            headers={"Retry-After": RateLimiter.retry_after_header(wait)},
        )
    return Authenticated(device, nonce)


def _bad_signature() -> AuthFailed:
    return AuthFailed(
        "bad_signature",
        "设备签名校验失败，请确认本机的设备密钥与登记时一致，必要时重新登记。",
        "The device signature does not verify; check this workstation's device key matches "
        "its enrolment, or enrol again.",
    )


def check_instruction_signature(draft: InstructionDraft, device: Device) -> None:
    """Refuse (``bad_instruction_signature``) an instruction not signed by ``device``, the
    enrolled device that sent it: the window that carries it out checks the same signature,
    so nobody between them can alter it."""
    message = instruction_message(
        instruction_id=draft.instruction_id,
        case_id=draft.case_id,
        action=draft.action,
        reason=draft.reason,
        issued_by=draft.issued_by,
        issued_at=draft.issued_at,
        issuer_device_id=device.device_id,
    )
    try:
        signature = base64.b64decode(draft.signature, validate=True)
        public_key_from_b64(device.public_key).verify(signature, message)
    except (InvalidSignature, ValueError, binascii.Error):
        raise AuthFailed(
            "bad_instruction_signature",
            "指令签名校验失败：指令不是本设备签发的，或在途中被改动，已拒绝。",
            "The instruction's signature does not verify: it was not signed by this device "
            "or was altered on the way, and was refused.",
        ) from None
