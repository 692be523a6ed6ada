"""Every request body is bounded while it is read, before routing or authentication: a body
over the limit (declared, or streamed with chunked encoding) is answered ``413
body_too_large`` as soon as it crosses the limit, without being buffered whole.

Nothing is read for a request no route takes (the app answers it, 404 or 405, unread). Only a
route that checks the device signature over its body (``_takes_signed_body``), sent with a
signature, reads up to ``limit``; every other body (an enrolment, a rating form, whatever
headers come with it) is bounded by the much smaller ``unsigned_limit``. A client that stops sending in the middle of its body is
answered ``408 body_timeout`` after ``idle_timeout`` seconds without a byte, and only
``max_large`` bodies over ``large_bytes`` are read at a time (``503 uploads_busy`` for more),
so stalled or hostile clients cannot hold the platform's memory."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

from fastapi.routing import iter_route_contexts
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Match, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.errors import BodyTimeout, PlatformError, TooLarge, UploadsBusy
from central.request_bodies import json_body
from sync.wire.signing import HEADER_SIGNATURE


def body_too_large(limit: int) -> TooLarge:
    return TooLarge(
        "body_too_large",
        f"请求内容超过 {limit} 字节的上限，请分批提交。",
        f"The request body exceeds the {limit}-byte limit; split the batch.",
        details={"limit_bytes": limit},
    )


@dataclass(frozen=True)
class BodyBounds:
    """How much of a body is read, for how long, and how many large ones at once."""

    limit: int
    unsigned_limit: int = 64 * 1024
    idle_timeout: float = 20.0
    large_bytes: int = 1024 * 1024
    max_large: int = 8


class BodyLimit:
    """ASGI middleware: reads the body (within ``bounds``) and hands it to the app."""

    def __init__(self, app: ASGIApp, bounds: BodyBounds, router: Router) -> None:
        self.app = app
        self.bounds = bounds
        self.router = router
        # FastAPI keeps an included router's routes behind it; ``iter_route_contexts`` lists
        # each one the app serves (the stack is built at the first request, all included).
        self.signed_routes = [
            c.original_route
            for c in iter_route_contexts(router.routes)
            if _takes_signed_body(c.original_route)
        ]
        self.large_now = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope["headers"]) if scope["type"] == "http" else {}
        declared = headers.get(b"content-length", b"0")
        chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        # No body, or a request no route takes (answered 404 or 405 without its body).
        if (declared in (b"", b"0") and not chunked) or not _taken(self.router.routes, scope):
            await self.app(scope, receive, send)
            return
        # Chosen by the route, before authentication: a signature header alone raises nothing.
        signed = HEADER_SIGNATURE.lower().encode() in headers
        limit = (
            self.bounds.limit
            if signed and _taken(self.signed_routes, scope)
            else self.bounds.unsigned_limit
        )
        # The HTTP server has already refused a Content-Length that is not ASCII digits.
        size = int(declared) if declared.isdigit() else None
        if size is not None and size > limit:
            await _refuse(body_too_large(limit), scope, receive, send)
            return
        large = limit > self.bounds.large_bytes and (size is None or size > self.bounds.large_bytes)
        if large and self.large_now >= self.bounds.max_large:
            await _refuse(_busy(), scope, receive, send)
            return
        self.large_now += large
        try:
            body = await self._read(receive, limit)
        finally:
            self.large_now -= large
        if isinstance(body, PlatformError):
            await _refuse(body, scope, receive, send)
        elif body is not None:
            await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive, limit: int) -> bytes | PlatformError | None:
        """The body; the refusal when it is too large or stalls; None when the client went
        away before its body was complete."""
        body = bytearray()
        while True:
            try:
                message = await asyncio.wait_for(receive(), self.bounds.idle_timeout)
            except TimeoutError:
                return _stalled(self.bounds.idle_timeout)
            if message["type"] != "http.request":
                return None
            body += message.get("body", b"")
            if len(body) > limit:
                return body_too_large(limit)
            if not message.get("more_body", False):
                return bytes(body)


def _taken(routes: Iterable[BaseRoute], scope: Scope) -> bool:
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


def _takes_signed_body(route: BaseRoute) -> bool:
    """Whether ``route`` takes a signed body: one it declares with ``json_body``, parsed by
    hand after the device signature is checked over it (every route that takes a body the
    signature covers does). Any other route, one added later included, is unsigned."""
    extra = getattr(route, "openapi_extra", None) or {}
    content = extra.get("requestBody", {}).get("content", {})
    ref = str(content.get("application/json", {}).get("schema", {}).get("$ref", ""))
    return bool(ref) and extra == json_body(ref.rpartition("/")[2])


async def _refuse(error: PlatformError, scope: Scope, receive: Receive, send: Send) -> None:
    # Close the connection: the rest of the body is never read.
    headers = {**error.headers, "Connection": "close"}
    response = JSONResponse(error.body(), error.status, headers=headers)
    await response(scope, receive, send)


def _stalled(seconds: float) -> BodyTimeout:
    return BodyTimeout(
        f"请求内容在 {seconds:g} 秒内没有继续发送，平台已断开连接；请检查网络后重试。",
        f"The request body stalled for {seconds:g} seconds; the platform closed the "
        "connection. Check the network and try again.",
    )


def _busy() -> UploadsBusy:
    return UploadsBusy(
        "平台正在接收其他大批量提交，请稍后自动重试。",
        "The platform is receiving other large submissions; it will be retried shortly.",
        headers={"Retry-After": "5"},
    )


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the app the body read already, then the client's own events
    (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
