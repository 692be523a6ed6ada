"""Every refused request (401, 403, and 409 ``device_cloned``) is a line of the platform's
log: the reason (the wire error's ``code``: ``bad_signature``, ``device_revoked``,
``replayed_nonce``, ``wrong_hall``, ``consent_required`` ...), the device it claimed to be and
its hall when the platform knows the device, the client's address, the method and path.
Never the body nor the message: no personal data is logged. A refusal the platform is sure
is the device's, or about it, is also kept in the store as its last refusal
(``central.store.refused_contacts``), for ``devices``: ``device_revoked``, ``device_cloned``,
and ``clock_skew`` (the clock is checked once the request's signature verified). The rest
(``bad_signature``, ``unknown_device`` ...) anyone can send in any device's name: a line of
the log only, or a healthy window would show 被拒."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.client_address import ClientAddress
from central.store.refused_contacts import record_refused_contact
from sync.wire.signing import (
    HEADER_DEVICE,
)

log = logging.getLogger("central.refusals")

_LOGGED = frozenset((401, 403))
# A conflict is no refusal of the device, except this one.
_CLONED = (409, "device_cloned")
# Refusals kept as the device's: what it is (revoked, cloned), whoever asks in its name, and
# its clock (``central.auth`` checks the clock only once the signature verified).
_KEPT = frozenset(("device_revoked", "device_cloned", "clock_skew"))
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
        if claimed and reason in _KEPT:
            skew = (error.get("details") or {}).get("skew_seconds")
            await self._keep(request, claimed, reason, skew)

    @staticmethod
    async def _keep(request: Request, claimed: str, reason: str, skew: Any) -> None:
        store = request.app.state.platform.store
        skew_seconds = float(skew) if isinstance(skew, int | float) else None
        try:
            await run_in_threadpool(record_refused_contact, store, claimed, reason, skew_seconds)
        except Exception:  # the refusal is answered whatever; the log keeps it
            log.exception("the refusal of device %r could not be kept in the store", claimed)


def _error(body: bytes) -> dict[str, Any]:
    try:
        error = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        return {}
    return error if isinstance(error, dict) else {}
