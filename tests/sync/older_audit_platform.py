"""A platform of a release older than the audit-chain proof (``AuditHeadReport.continues``):
a real HTTP proxy on 127.0.0.1 in front of the reference platform that passes every request
through, except a ``POST /v1/audit-head`` carrying the proof, which it refuses itself as the
older program's strict model does (422 ``validation_failed``, ``extra_forbidden``). It stands
in for what cannot run here (an older release); everything else is the real platform's."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.sync.upstream_forward import forward

REFUSED = {
    "error": {
        "code": "validation_failed",
        "message_zh": "请求内容不符合格式。",
        "message_en": "The request does not match the schema.",
        "retryable": False,
        "details": {"errors": [{"loc": ["continues"], "type": "extra_forbidden"}]},
    }
}


class OlderAuditPlatform:
    """``with OlderAuditPlatform(central.url) as older:`` point the window at ``older.url``;
    ``refused`` counts the reports it refused for their proof, ``passed`` those it let by."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.refused = 0
        self.passed = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> OlderAuditPlatform:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def _handler(proxy: OlderAuditPlatform) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if self.command == "POST" and self.path == "/v1/audit-head":
                if body is not None and "continues" in json.loads(body):
                    proxy.refused += 1
                    self._send(422, [("Content-Type", "application/json")], REFUSED)
                    return
                proxy.passed += 1
            response = forward(proxy.upstream, self.command, self.path, body, self.headers.items())
            self._send(response.status, response.headers, response.body)

        def _send(self, status: int, headers: list[tuple[str, str]], body: object) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.close_connection = True

        do_GET = do_POST = _forward

        def log_message(self, format: str, *args: object) -> None:
            """The platform behind logs the requests."""

    return Forward
