"""Every refused request (401, 403, and 409 ``device_cloned``) is a line of the platform's
log: the reason (the wire error's ``code``: ``bad_signature``, ``device_revoked``,
``replayed_nonce``, ``wrong_hall``, ``consent_required`` ...), the device it claimed to be and
its hall when the platform knows the device, the client's address, the method and path.
Never the body nor the message: no personal data is logged. A refusal the platform is sure
is the device's, or about it, is also kept in the store as its last refusal
(``central.store.refused_contacts``), for ``devices``: ``device_revoked``, ``device_cloned``,
and ``clock_skew`` when the request's signature verifies (the clock is checked before the
signature). The rest (``bad_signature``, ``unknown_device`` ...) anyone can send in any
device's name: a line of the log only, or a healthy window would show 被拒."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Any

from cryptography.exceptions import InvalidSignature
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.auth import public_key_from_b64, request_target
from central.client_address import ClientAddress
from central.store import CentralStore, Device
from central.store import devices as device_register
from central.store.refused_contacts import record_refused_contact
from sync.wire.signing import (
    HEADER_DEVICE,
    HEADER_DIGEST,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    signing_string,
)

log = logging.getLogger("central.refusals")

_LOGGED = frozenset((401, 403))
# A conflict is no refusal of the device, except this one.
_CLONED = (409, "device_cloned")
# Refusals kept as the device's: what it is (revoked, cloned), whoever asks in its name.
_ABOUT_THE_DEVICE = frozenset(("device_revoked", "device_cloned"))
# Kept only when the request is signed by the device's key.
_SIGNED_ONLY = "clock_skew"
# An error body is a few hundred bytes; more is not an error body of this platform.
_MAX_ERROR_BODY = 16 * 1024


class RefusalLog:
    """ASGI middleware: logs the refusals the app answers with (see the module)."""

    def __init__(self, app: ASGIApp, client_address: ClientAddress) -> None:
        self.app = app
        self.client_address = client_address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0
        body = bytearray()

        async def watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif status in (*_LOGGED, _CLONED[0]) and len(body) <= _MAX_ERROR_BODY:
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._refused(scope, status, bytes(body))
            await send(message)

        await self.app(scope, receive, watching)

    async def _refused(self, scope: Scope, status: int, body: bytes) -> None:
        error = _error(body)
        code = error.get("code")
        reason = code if isinstance(code, str) else "-"
        if status not in _LOGGED and (status, reason) != _CLONED:
            return
        request = Request(scope)
        device = scope.get("state", {}).get("device")
        claimed = request.headers.get(HEADER_DEVICE, "")[:64]
        log.warning(
            "refused %d %s: device=%r hall=%s client=%s %s %r",
            status,
            reason,
            claimed,
            device.hall if device is not None else "-",
            self.client_address.of(request),
            scope["method"],
            scope["path"][:200],
        )
        if claimed and (reason in _ABOUT_THE_DEVICE or reason == _SIGNED_ONLY):
            skew = (error.get("details") or {}).get("skew_seconds")
            await self._keep(request, claimed, reason, skew)

    @staticmethod
    async def _keep(request: Request, claimed: str, reason: str, skew: Any) -> None:
        store = request.app.state.platform.store
        skew_seconds = float(skew) if isinstance(skew, int | float) else None
        try:
            await run_in_threadpool(_keep_if_sure, store, request, claimed, reason, skew_seconds)
        except Exception:  # the refusal is answered whatever; the log keeps it
            log.exception("the refusal of device %r could not be kept in the store", claimed)


def _keep_if_sure(
    store: CentralStore, request: Request, claimed: str, reason: str, skew: float | None
) -> None:
    """Keep the refusal as ``claimed``'s unless it is a clock refusal of a request its key
    did not sign."""
    if reason == _SIGNED_ONLY:
        device = device_register.device(store, claimed)
        if device is None or not _signed_by(request, device):
            return
    record_refused_contact(store, claimed, reason, skew)


def _signed_by(request: Request, device: Device) -> bool:
    """Whether ``device``'s key signed ``request`` (its headers: what a device signs)."""
    headers = request.headers
    message = signing_string(
        method=request.method,
        path=request_target(request),
        timestamp=headers.get(HEADER_TIMESTAMP, ""),
        nonce=headers.get(HEADER_NONCE, ""),
        digest=headers.get(HEADER_DIGEST, ""),
        device_id=device.device_id,
    )
    try:
        signature = base64.b64decode(headers.get(HEADER_SIGNATURE, ""))
        public_key_from_b64(device.public_key).verify(signature, message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def _error(body: bytes) -> dict[str, Any]:
    try:
        error = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        return {}
    return error if isinstance(error, dict) else {}
