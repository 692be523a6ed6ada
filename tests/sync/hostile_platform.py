"""A man in the middle on 127.0.0.1 in front of a real central platform (a real HTTP
server, not a mock): it forwards every request to the platform unchanged, except those a
test gives an answer of its own for, keyed by request line (``"POST /v1/cases:batch"``;
:data:`EVERY_REQUEST` for all the others).
It serves as the outgoing HTTP proxy too (``sync.proxy``) for a platform on ``http://``.
An answer is raw HTTP bytes, sent at once or, with ``drip_seconds``, ``drip_bytes`` (one)
at a time with that pause between (a link or proxy that lets an answer trickle in, or a
slow but working one). Every
request line it read is kept in ``requests``."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# The key of an answer given to every request the test names no answer for.
EVERY_REQUEST = "*"
# Headers that belong to one hop, not forwarded.
_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "host", "content-length"})


def http_answer(status: str, body: bytes, content_type: str = "application/json") -> bytes:
    """A whole HTTP/1.1 answer with ``status`` ("200 OK") and ``body``."""
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


class HostilePlatform(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, upstream: str, answers: dict[str, bytes], drip_seconds: float, drip_bytes: int = 1
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.answers = answers
        self.drip_seconds = drip_seconds
        self.drip_bytes = drip_bytes
        self.requests: list[str] = []
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: HostilePlatform
    protocol_version = "HTTP/1.1"

    def _any(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        # Asked as a proxy, the request names the whole URL.
        parts = urlsplit(self.path)
        self.path = parts.path + (f"?{parts.query}" if parts.query else "")
        line = f"{self.command} {parts.path}"
        self.server.requests.append(line)
        canned = self.server.answers.get(line, self.server.answers.get(EVERY_REQUEST))
        if canned is None:
            self.wfile.write(self._forwarded(body))
            return
        self.close_connection = True
        if not self.server.drip_seconds:
            self.wfile.write(canned)
            return
        step = self.server.drip_bytes
        for index in range(0, len(canned), step):
            if self.server.stopping.wait(self.server.drip_seconds):
                return
            self.wfile.write(canned[index : index + step])
            self.wfile.flush()

    do_GET = do_POST = do_PUT = do_DELETE = _any

    def _forwarded(self, body: bytes) -> bytes:
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=30)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
            head = [f"HTTP/1.1 {answer.status} {answer.reason}"]
            head += [f"{k}: {v}" for k, v in answer.getheaders() if k.lower() not in _HOP]
            head.append(f"Content-Length: {len(content)}")
            return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + content
        finally:
            upstream.close()

    def log_message(self, *args: object) -> None:
        return


@contextmanager
def hostile_platform(
    upstream: str, answers: dict[str, bytes], *, drip_seconds: float = 0.0, drip_bytes: int = 1
) -> Iterator[HostilePlatform]:
    """A :class:`HostilePlatform` in front of ``upstream``, stopped and joined on exit."""
    server = HostilePlatform(upstream, answers, drip_seconds, drip_bytes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
