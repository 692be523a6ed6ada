"""Every refused request (401, 403) is a line of the platform's log: the reason (the wire
error's ``code``: ``bad_signature``, ``device_revoked``, ``replayed_nonce``, ``wrong_hall``,
``consent_required`` ...), the device it claimed to be and its hall when the platform knows
the device, the client's address, the method and path. Never the body nor the message: no
personal data is logged."""

from __future__ import annotations

import json
import logging

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.client_address import ClientAddress
from sync.wire.signing import HEADER_DEVICE

log = logging.getLogger("central.refusals")

_LOGGED = frozenset((401, 403))
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
            elif status in _LOGGED and len(body) <= _MAX_ERROR_BODY:
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    self._log(scope, status, bytes(body))
            await send(message)

        await self.app(scope, receive, watching)

    def _log(self, scope: Scope, status: int, body: bytes) -> None:
        request = Request(scope)
        device = scope.get("state", {}).get("device")
        claimed = request.headers.get(HEADER_DEVICE, "")[:64]
        log.warning(
            "refused %d %s: device=%r hall=%s client=%s %s %r",
            status,
            _reason(body),
            claimed,
            device.hall if device is not None else "-",
            self.client_address.of(request),
            scope["method"],
            scope["path"][:200],
        )


def _reason(body: bytes) -> str:
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return "-"
    return code if isinstance(code, str) else "-"
