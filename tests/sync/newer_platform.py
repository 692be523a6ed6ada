"""A platform of a newer release, as far as its case documents go: a real HTTP proxy on
127.0.0.1 in front of the reference platform that passes every request and answer through,
except that the whole case document of a ``platform-version`` answer about a case named in
``newer_cases`` gains a field this program does not know (``NEWER_FIELD``), as a later
release writes one. It stands in for what cannot run here (a release newer than this one);
everything else is the real platform's answer."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.sync.upstream_forward import forward

NEWER_FIELD = "written_by_a_newer_release"
NEWER_VALUE = "a value this program cannot hold"


class NewerPlatform:
    """``with NewerPlatform(central.url) as newer:`` point the window at ``newer.url``; add
    a case id to ``newer_cases`` to have its document carry ``NEWER_FIELD``."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.newer_cases: set[str] = set()
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> NewerPlatform:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        with self._lock:  # a client's kept-alive connection would hold its handler open
            for connection in self._connections:
                with contextlib.suppress(OSError):  # closed by the client meanwhile
                    connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        self._thread.join()

    def answer(self, path: str, status: int, body: bytes) -> bytes:
        """The platform's answer as the newer release sends it."""
        if status != 200 or not path.endswith("/platform-version"):
            return body
        answer = json.loads(body)
        if answer["case_id"] not in self.newer_cases or answer["document"] is None:
            return body
        answer["document"][NEWER_FIELD] = NEWER_VALUE
        answer["fields"].append({"path": NEWER_FIELD, "value": NEWER_VALUE})
        return json.dumps(answer, ensure_ascii=False).encode()

    def track(self, connection: socket.socket, *, open_: bool) -> None:
        with self._lock:
            (self._connections.add if open_ else self._connections.discard)(connection)


def _handler(proxy: NewerPlatform) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            proxy.track(self.connection, open_=True)

        def finish(self) -> None:
            proxy.track(self.connection, open_=False)
            super().finish()

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            response = forward(proxy.upstream, self.command, self.path, body, self.headers.items())
            answer = proxy.answer(self.path, response.status, response.body)
            self.send_response(response.status)
            for key, value in response.headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_GET = do_POST = do_PUT = do_DELETE = _forward

        def log_message(self, format: str, *args: object) -> None:
            """The platform behind logs the requests."""

    return Forward
