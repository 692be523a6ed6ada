"""A fault-injecting HTTP/1.1 TCP proxy on 127.0.0.1 for sync tests (a real proxy, not a mock).

It sits between the sync client and the central platform, frames each HTTP request and
response (Content-Length or chunked) and, per request, either forwards it or injects one
fault: a connection reset before or after the platform saw the request (the second is the
"response lost after the platform stored the batch" case that causes resends), a delay,
a truncated response, a canned 503, a canned 429 with Retry-After, or the platform's own
error body for a 422 that names no entry of the batch. Faults are bounded:
a plan gives at most ``max_faults`` of them, then everything passes.

It can also stand in for what sits in front of a platform and answers in its place: a
proxy's or firewall's HTML error page (401, 403, 404) or a 307 redirect to ``redirect_to``.
With ``only``, the plan is asked only for requests whose request line starts with it
(``"POST "``: a firewall that blocks uploads); the others pass. Every request read is
logged in ``requests`` with the number of the client connection that carried it.

A hold stops one request at a known point until the test calls ``release()``, so a test can
kill -9 the client there instead of at a guessed moment: before the request reaches the
platform, while the platform has it (forwarded, its answer not read yet), or once the
platform answered (the answer kept from the client). ``held`` is set when the request is
stopped there; ``hold_over`` once the proxy is done with it (after ``release()``, the platform's
answer read, the client's connection closed).
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

PASS = "pass"
RESET_BEFORE = "reset_before"  # client's request never reaches the platform
RESET_AFTER = "reset_after"  # platform processed the request; the response is lost
DELAY = "delay"
TRUNCATE = "truncate"
CANNED_503 = "503"
CANNED_429 = "429"
ALL_FAULTS = (RESET_BEFORE, RESET_AFTER, DELAY, TRUNCATE, CANNED_503, CANNED_429)
# Answers of something in front of the platform (the request never reaches it).
PAGE_401 = "401 Unauthorized"
PAGE_403 = "403 Forbidden"
PAGE_404 = "404 Not Found"
REDIRECT_307 = "307 Temporary Redirect"
PAGES = (PAGE_401, PAGE_403, PAGE_404)
# The platform's own 422 about a request as a whole (no entry named), as a platform of
# another protocol version would answer; the request never reaches the platform behind.
PLATFORM_422_BATCH = "422 Unprocessable Entity"
# Holds: the request stops at this point until ``FaultProxy.release()``.
HOLD_REQUEST = "hold_request"  # before the platform sees it
HOLD_AT_PLATFORM = "hold_at_platform"  # forwarded; the platform's answer not read yet
HOLD_ANSWER = "hold_answer"  # the platform answered; the answer not sent to the client
HOLDS = (HOLD_REQUEST, HOLD_AT_PLATFORM, HOLD_ANSWER)


@dataclass
class RandomFaults:
    """Each request gets a fault with probability ``rate`` until ``max_faults`` were injected."""

    rate: float = 0.3
    max_faults: int = 40
    kinds: Sequence[str] = ALL_FAULTS
    seed: int = 0
    injected: int = 0
    _rng: random.Random = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def __call__(self) -> str:
        with self._lock:
            if self.injected >= self.max_faults or self._rng.random() >= self.rate:
                return PASS
            self.injected += 1
            return self._rng.choice(list(self.kinds))


class ScriptedFaults:
    """Faults in a fixed order, one per request, then pass-through."""

    def __init__(self, faults: Sequence[str]) -> None:
        self._faults = list(faults)
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            return self._faults.pop(0) if self._faults else PASS


class _Closed(Exception):
    pass


def _read_until(sock: socket.socket, buffer: bytearray, marker: bytes) -> bytes:
    while marker not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buffer += chunk
    end = buffer.index(marker) + len(marker)
    head = bytes(buffer[:end])
    del buffer[:end]
    return head


def _read_exact(sock: socket.socket, buffer: bytearray, size: int) -> bytes:
    while len(buffer) < size:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buffer += chunk
    data = bytes(buffer[:size])
    del buffer[:size]
    return data


def _header(head: bytes, name: bytes) -> bytes | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def _read_message(sock: socket.socket, buffer: bytearray, *, is_response: bool) -> bytes:
    """One whole HTTP/1.1 message (head and body) as raw bytes."""
    head = _read_until(sock, buffer, b"\r\n\r\n")
    length = _header(head, b"content-length")
    if length is not None:
        return head + _read_exact(sock, buffer, int(length))
    if (_header(head, b"transfer-encoding") or b"").lower() == b"chunked":
        body = bytearray()
        while True:
            size_line = _read_until(sock, buffer, b"\r\n")
            body += size_line
            size = int(size_line.split(b";")[0].strip(), 16)
            body += _read_exact(sock, buffer, size + 2)
            if size == 0:
                return head + bytes(body)
    if is_response and not head.split(b" ", 2)[1].startswith((b"1", b"204", b"304")):
        body = bytearray(buffer)
        buffer.clear()
        while chunk := sock.recv(65536):
            body += chunk
        return head + bytes(body)
    return head


def _canned(status: str, extra_headers: str = "") -> bytes:
    body = b'{"detail":"injected by fault proxy"}'
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra_headers}"
        f"content-length: {len(body)}\r\n\r\n"
    ).encode() + body


def _platform_422() -> bytes:
    body = json.dumps(
        {
            "error": {
                "code": "validation_failed",
                "message_zh": "请求内容不符合接口格式：cases: Field required",
                "message_en": "The request does not match the API schema: cases: Field required",
                "retryable": False,
                "details": {
                    "errors": [{"loc": ["cases"], "type": "missing", "msg": "Field required"}]
                },
            }
        }
    ).encode()
    return (
        f"HTTP/1.1 {PLATFORM_422_BATCH}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    ).encode() + body


def _html_page(status: str) -> bytes:
    body = f"<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: text/html\r\ncontent-length: {len(body)}\r\n\r\n"
    ).encode() + body.encode()


def _redirect(location: str) -> bytes:
    return (
        f"HTTP/1.1 {REDIRECT_307}\r\nlocation: {location}\r\ncontent-length: 0\r\n\r\n"
    ).encode()


def _reset(sock: socket.socket) -> None:
    # SO_LINGER with a zero timeout turns close() into a TCP RST: "connection reset by peer".
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    """Listen on 127.0.0.1 (a free port) and forward to ``upstream`` with faults from ``plan``."""

    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        plan: Callable[[], str] | None = None,
        *,
        delay_seconds: float = 0.3,
        retry_after_seconds: int = 1,
        redirect_to: str = "",
        only: str = "",
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.plan = plan or (lambda: PASS)
        self.delay_seconds = delay_seconds
        self.retry_after_seconds = retry_after_seconds
        self.redirect_to = redirect_to
        self.only = only
        self.counts: Counter[str] = Counter()
        # (client connection number, request line) of every request read, in order.
        self.requests: list[tuple[int, str]] = []
        self._connections = 0
        self._counts_lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: set[socket.socket] = set()
        self._sockets_lock = threading.Lock()
        self.held = threading.Event()
        self.hold_over = threading.Event()
        self._released = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def release(self) -> None:
        """Let the held request go on (the test has done what it held it for)."""
        self.held.clear()
        self._released.set()

    def rearm(self) -> None:
        """Ready for the next hold, once the previous one is over (``hold_over`` set)."""
        assert self.hold_over.is_set() and not self.held.is_set()
        self.hold_over.clear()
        self._released.clear()

    def _hold(self) -> None:
        self.held.set()
        self._released.wait()

    def stop(self) -> None:
        self._stopping.set()
        self._released.set()  # a held request goes on and its thread ends
        with self._sockets_lock:
            for sock in list(self._sockets):
                # shutdown (not close) wakes a thread blocked in recv() on that socket.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._sockets_lock:
            self._sockets.add(sock)
        return sock

    def _accept_loop(self) -> None:
        self._listener.settimeout(0.1)
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            self._connections += 1
            thread = threading.Thread(
                target=self._serve, args=(self._track(client), self._connections), daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _serve(self, client: socket.socket, connection: int) -> None:
        upstream: socket.socket | None = None
        client_buffer, upstream_buffer = bytearray(), bytearray()
        held_here = False
        try:
            while not self._stopping.is_set():
                request = _read_message(client, client_buffer, is_response=False)
                line = request.split(b"\r\n", 1)[0].decode("latin-1")
                fault = self.plan() if line.startswith(self.only) else PASS
                with self._counts_lock:
                    self.counts[fault] += 1
                    self.requests.append((connection, line))
                held_here = held_here or fault in HOLDS
                if fault in PAGES:
                    client.sendall(_html_page(fault))
                    continue
                if fault == PLATFORM_422_BATCH:
                    client.sendall(_platform_422())
                    continue
                if fault == REDIRECT_307:
                    client.sendall(_redirect(self.redirect_to + line.split(" ")[1]))
                    continue
                if fault == HOLD_REQUEST:
                    self._hold()
                if fault in (RESET_BEFORE, HOLD_REQUEST):
                    _reset(client)
                    return
                if fault == CANNED_503:
                    client.sendall(_canned("503 Service Unavailable"))
                    continue
                if fault == CANNED_429:
                    client.sendall(
                        _canned(
                            "429 Too Many Requests", f"retry-after: {self.retry_after_seconds}\r\n"
                        )
                    )
                    continue
                if fault == DELAY:
                    time.sleep(self.delay_seconds)
                if upstream is None:
                    upstream = self._track(socket.create_connection(self.upstream, timeout=30))
                upstream.sendall(request)
                if fault == HOLD_AT_PLATFORM:
                    self._hold()
                response = _read_message(upstream, upstream_buffer, is_response=True)
                if fault == HOLD_ANSWER:
                    self._hold()
                if fault == RESET_AFTER:
                    _reset(client)
                    return
                if fault == TRUNCATE:
                    client.sendall(response[: max(1, len(response) // 2)])
                    client.close()
                    return
                client.sendall(response)
        except (_Closed, OSError):
            return
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()
                    with self._sockets_lock:
                        self._sockets.discard(sock)
            if held_here:
                self.hold_over.set()
