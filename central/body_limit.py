"""Every request body is bounded while it is read, before routing or authentication: a body
over the limit (declared, or streamed with chunked encoding) is answered ``413
body_too_large`` as soon as it crosses the limit, without being buffered whole."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.errors import TooLarge


def body_too_large(limit: int) -> TooLarge:
    return TooLarge(
        "body_too_large",
        f"请求内容超过 {limit} 字节的上限，请分批提交。",
        f"The request body exceeds the {limit}-byte limit; split the batch.",
        details={"limit_bytes": limit},
    )


class BodyLimit:
    """ASGI middleware: reads the body (at most ``limit`` bytes) and hands it to the app."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        # The HTTP server has already refused a Content-Length that is not ASCII digits.
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before its body was complete
            body += message.get("body", b"")
            if len(body) > self.limit:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = body_too_large(self.limit)
        # Close the connection: the rest of the body is never read.
        response = JSONResponse(error.body(), error.status, headers={"Connection": "close"})
        await response(scope, receive, send)


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
