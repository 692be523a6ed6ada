"""The body limit holds no memory for hostile or stalled clients: nothing is read for a path
no route takes, an unsigned body is bounded small, a body that stops arriving is answered
408, and only so many large bodies are read at once (503 for more). Driven at the ASGI
level: the client's events are queued by the test, so nothing waits on the clock but the
stall itself."""

from __future__ import annotations

import asyncio
import json
import socket
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Message

from central.body_limit import BodyBounds, BodyLimit
from central.request_bodies import json_body
from sync.wire.signing import HEADER_SIGNATURE
from tests.central.server_fixture import RunningCentral

SIGNED = [(HEADER_SIGNATURE.lower().encode(), b"c2ln")]


APP = FastAPI()


# A route that checks a signature over its body, as the platform declares one, and one that
# takes an unsigned body (as enrolment does).
@APP.post("/v1/cases:batch", openapi_extra=json_body("CaseBatch"))
@APP.post("/v1/enroll")
async def _echo(request: Request) -> JSONResponse:
    return JSONResponse({"read": len(await request.body())})


def limited(**bounds: Any) -> BodyLimit:
    return BodyLimit(APP, BodyBounds(**{"limit": 8_000_000, **bounds}), APP.router)


class Client:
    """One request: its events queued by the test, the answer kept."""

    def __init__(self, path: str, length: int | None, headers: list[tuple[bytes, bytes]]):
        sized = [(b"content-length", str(length).encode())] if length is not None else []
        chunked = [] if length is not None else [(b"transfer-encoding", b"chunked")]
        self.scope = {
            "type": "http",
            "method": "POST",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [*sized, *chunked, *headers],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 80),
            "scheme": "http",
            "http_version": "1.1",
        }
        self.events: asyncio.Queue[Message] = asyncio.Queue()
        self.received = 0  # how many of the queued events the platform took
        self.answer: list[Message] = []

    def send_body(self, data: bytes, more: bool) -> None:
        self.events.put_nowait({"type": "http.request", "body": data, "more_body": more})

    async def receive(self) -> Message:
        message = await self.events.get()
        self.received += 1
        return message

    async def send(self, message: Message) -> None:
        self.answer.append(message)

    @property
    def status(self) -> int:
        return int(self.answer[0]["status"])

    @property
    def code(self) -> str:
        body = b"".join(m.get("body", b"") for m in self.answer[1:])
        return str(json.loads(body)["error"]["code"])

    def closes(self) -> bool:
        return (b"connection", b"close") in self.answer[0]["headers"]


def test_a_body_for_a_path_no_route_takes_is_never_read() -> None:
    async def run() -> Client:
        client = Client("/no/such/path", 8_000_000, SIGNED)
        client.send_body(b"x" * 1000, True)
        await limited()(client.scope, client.receive, client.send)
        return client

    client = asyncio.run(run())
    assert client.status == 404 and client.received == 0


def test_an_unsigned_body_is_bounded_by_the_small_limit_before_it_is_read() -> None:
    async def run() -> tuple[Client, Client]:
        declared = Client("/v1/cases:batch", 7_000_000, [])
        await limited(unsigned_limit=1000)(declared.scope, declared.receive, declared.send)
        streamed = Client("/v1/cases:batch", None, [])
        for _ in range(3):
            streamed.send_body(b"x" * 600, True)
        await limited(unsigned_limit=1000)(streamed.scope, streamed.receive, streamed.send)
        return declared, streamed

    declared, streamed = asyncio.run(run())
    assert (declared.status, declared.code, declared.received) == (413, "body_too_large", 0)
    assert (streamed.status, streamed.received) == (413, 2)  # refused once past the limit
    assert declared.closes() and streamed.closes()


def test_a_signature_header_does_not_raise_the_limit_of_an_unsigned_route() -> None:
    async def run() -> tuple[Client, Client]:
        declared = Client("/v1/enroll", 7_000_000, SIGNED)
        await limited(unsigned_limit=1000)(declared.scope, declared.receive, declared.send)
        streamed = Client("/v1/enroll", None, SIGNED)
        for _ in range(3):
            streamed.send_body(b"x" * 600, True)
        await limited(unsigned_limit=1000)(streamed.scope, streamed.receive, streamed.send)
        return declared, streamed

    declared, streamed = asyncio.run(run())
    assert (declared.status, declared.code, declared.received) == (413, "body_too_large", 0)
    assert (streamed.status, streamed.received) == (413, 2)


def test_a_body_that_stops_arriving_is_answered_408_and_its_connection_closed() -> None:
    async def run() -> Client:
        client = Client("/v1/cases:batch", 7_000_000, SIGNED)
        client.send_body(b"x" * 1000, True)  # and then nothing
        await limited(idle_timeout=0.05)(client.scope, client.receive, client.send)
        return client

    client = asyncio.run(run())
    assert (client.status, client.code, client.received) == (408, "body_timeout", 1)
    assert client.closes()


def test_only_so_many_large_bodies_are_read_at_once() -> None:
    async def run() -> tuple[list[Client], Client, Client, Client]:
        middleware = limited(max_large=2)
        slow = [Client("/v1/cases:batch", 2_000_000, SIGNED) for _ in range(2)]
        reading = [asyncio.create_task(middleware(c.scope, c.receive, c.send)) for c in slow]
        while middleware.large_now < 2:
            await asyncio.sleep(0)  # let both start reading
        third = Client("/v1/cases:batch", 2_000_000, SIGNED)
        await middleware(third.scope, third.receive, third.send)
        small = Client("/v1/cases:batch", 10, SIGNED)
        small.send_body(b"0123456789", False)
        await middleware(small.scope, small.receive, small.send)
        for client in slow:
            client.send_body(b"x" * 2_000_000, False)
        await asyncio.gather(*reading)
        after = Client("/v1/cases:batch", 2_000_000, SIGNED)
        after.send_body(b"y" * 2_000_000, False)
        await middleware(after.scope, after.receive, after.send)
        return slow, third, small, after

    slow, third, small, after = asyncio.run(run())
    assert (third.status, third.code, third.received) == (503, "uploads_busy", 0)
    assert (b"retry-after", b"5") in third.answer[0]["headers"]
    assert small.status == 200  # small bodies are not held back
    assert [c.status for c in (*slow, after)] == [200, 200, 200]


@pytest.mark.integration
def test_stalled_uploads_to_no_route_are_answered_at_once_over_real_sockets(
    central: RunningCentral,
) -> None:
    """The probe's attack, bounded: sockets declare 8 MB for a path no route takes and send
    none of it; each is answered 404 from its headers alone."""
    host, port = central.url.removeprefix("http://").rsplit(":", 1)
    with ExitStack() as sockets:
        conns = [
            sockets.enter_context(socket.create_connection((host, int(port)), timeout=30))
            for _ in range(5)
        ]
        for conn in conns:
            conn.sendall(
                b"POST /no/such/path HTTP/1.1\r\nHost: platform\r\n"
                b"Content-Type: application/json\r\nContent-Length: 8000000\r\n\r\n"
            )
        heads = [answer_head(conn) for conn in conns]
    assert all(head.startswith(b"HTTP/1.1 404") for head in heads), heads


def answer_head(conn: socket.socket) -> bytes:
    answer = b""
    while b"\r\n\r\n" not in answer and (data := conn.recv(4096)):
        answer += data
    return answer
