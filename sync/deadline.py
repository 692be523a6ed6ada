"""A deadline for one request to the platform that cuts a transfer too slow to finish.
``requests``' timeouts bound each wait on the socket, not the whole: an answer that
trickles in one byte a second (a failing link, a hostile or overloaded proxy) never trips
them, and held the sync, a command or the window's platform worker for minutes. A fixed
bound would cut a slow but working link too (a 1.6 MB catalog page at 400 kbit/s takes
longer than connect + read timeout), so the deadline moves on while the request moves at
least :data:`LEAST_RATE` bytes a second, averaged over one read timeout, in either direction.

:class:`DeadlineAdapter` makes the sessions' connections known to the request under way on
their thread; :func:`within` shuts that connection down when the deadline passes, so the
blocked read returns and the request fails, and tells the caller it was the deadline.
:func:`oldest_under_way` says which request a process that seems stuck is waiting on."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager
from urllib3.response import HTTPResponse

# The slowest transfer still worth waiting for: 2 KiB/s is a link at ~16 kbit/s, far below
# any working office line, far above an answer that drips (a byte a second).
LEAST_RATE = 2048
# A request body goes out in pieces this size, so that its progress is seen while it goes.
_SEND_PIECE = 16 * 1024

_local = threading.local()


class Watch:
    """One request under way, ``what`` (method and URL, no query) ``since`` when; its
    deadline: ``expired`` once it passed (and its connection was shut), ``cut_after`` the
    seconds from its start to that deadline."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.since = datetime.now(UTC)
        self.expired = False
        self.cut_after = 0.0
        self._sent = 0
        self._received: Callable[[], int] = lambda: 0
        self._connection: HTTPConnection | None = None
        self._lock = threading.Lock()

    def sent(self, count: int) -> None:
        """``count`` more bytes of the request went out."""
        self._sent += count

    def receiving(self, response: HTTPResponse) -> None:
        """The answer is ``response``; the bytes it has read off the wire count as progress."""
        self._received = response.tell

    def moved(self) -> int:
        """The bytes that went either way so far."""
        return self._sent + self._received()

    def attach(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connection = connection
            if self.expired:
                _shut(connection)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._connection is not None:
                _shut(self._connection)


def _shut(connection: HTTPConnection) -> None:
    """End the connection's socket for both directions: a read blocked on it returns. The
    plain socket's shutdown, also under TLS, whose own would drop its state under the read."""
    sock = connection.sock
    if sock is not None:
        with suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


# The requests under way in this process, for a sync that seems stuck to say what it waits on.
_under_way: set[Watch] = set()
_under_way_lock = threading.Lock()


@contextmanager
def within(first: float, window: float, what: str) -> Iterator[Watch]:
    """Run one request of this thread, ``what``, under a deadline ``first`` seconds away that
    moves on by ``window`` seconds each time the request moved at least :data:`LEAST_RATE`
    bytes a second over the last ``window`` (at the first deadline: the bytes so far)."""
    watch = Watch(what)
    done = threading.Event()
    keeper = threading.Thread(
        target=_keep, args=(watch, first, window, done), name="request deadline", daemon=True
    )
    _local.watch = watch
    with _under_way_lock:
        _under_way.add(watch)
    keeper.start()
    try:
        yield watch
    finally:
        done.set()
        keeper.join()
        _local.watch = None
        with _under_way_lock:
            _under_way.discard(watch)


def _keep(watch: Watch, first: float, window: float, done: threading.Event) -> None:
    wait, seen = first, 0
    while not done.wait(wait):
        watch.cut_after += wait
        moved = watch.moved()
        if moved - seen < LEAST_RATE * window:
            watch.expire()
            return
        wait, seen = window, moved


def oldest_under_way() -> Watch | None:
    """The request of this process that has been under way longest; None when none is."""
    with _under_way_lock:
        return min(_under_way, key=lambda watch: watch.since, default=None)


def _watched(connection: HTTPConnection) -> None:
    watch: Watch | None = getattr(_local, "watch", None)
    if watch is not None:
        watch.attach(connection)


def _send_counted(data: Any, send: Callable[[Any], None]) -> None:
    watch: Watch | None = getattr(_local, "watch", None)
    if watch is None or not isinstance(data, bytes | bytearray | memoryview):
        send(data)
        return
    view = memoryview(data)
    for start in range(0, len(view), _SEND_PIECE):
        piece = view[start : start + _SEND_PIECE]
        send(piece)
        watch.sent(len(piece))


def _receiving(response: HTTPResponse) -> HTTPResponse:
    watch: Watch | None = getattr(_local, "watch", None)
    if watch is not None:
        watch.receiving(response)
    return response


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watched(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watched(self)  # a kept-alive connection is not connected again
        super().request(*args, **kwargs)

    def send(self, data: Any) -> None:
        _send_counted(data, super().send)

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]  # as urllib3 does
        return _receiving(super().getresponse())


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watched(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watched(self)
        super().request(*args, **kwargs)

    def send(self, data: Any) -> None:
        _send_counted(data, super().send)

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]  # as urllib3 does
        return _receiving(super().getresponse())


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """The transport adapter whose connections, direct or through a proxy, :func:`within`
    can shut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager
