"""Backoff, the per-home sync lock, the status board, the TLS policy, the transport's words for
a platform that does not answer, and the fault proxy itself."""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from sync.backoff import Backoff
from sync.errors import InsecureTransportRefused, PlatformRefused, PlatformUnreachable
from sync.lock import SyncLock
from sync.status import StatusBoard, SyncStatus
from sync.transport import PlatformTransport, TransportSettings, check_platform_url
from tests.sync import fault_proxy as fp


def test_backoff_full_jitter_is_capped_and_honours_retry_after() -> None:
    backoff = Backoff(base_seconds=1.0, cap_seconds=60.0, rng=random.Random(7))
    for attempt in range(1, 40):
        delay = backoff.delay(attempt)
        assert 0.0 <= delay <= min(60.0, 2 ** (attempt - 1))
    assert backoff.ceiling(1) == 1.0 and backoff.ceiling(3) == 4.0 and backoff.ceiling(30) == 60.0
    assert all(backoff.delay(1, retry_after=5.0) >= 5.0 for _ in range(50))
    assert backoff.delay(1, retry_after=10_000.0) == 60.0
    # Full jitter actually spreads: many windows do not retry at the same moment.
    assert len({round(backoff.delay(8), 3) for _ in range(50)}) > 40


_HOLDER = """
import sys, time
from pathlib import Path
from sync.lock import SyncLock
lock = SyncLock(Path(sys.argv[1]))
assert lock.acquire()
print("locked", flush=True)
sys.stdin.read()
"""


def test_sync_lock_excludes_a_second_process_and_is_freed_by_kill_9(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            lock = SyncLock(tmp_path)
            assert lock.acquire(timeout=0.2) is False
            with pytest.raises(Exception, match="already running"):
                lock.acquire_or_raise(timeout=0.0)
            os.kill(holder.pid, signal.SIGKILL)
            holder.wait(timeout=10)
            assert lock.acquire(timeout=5.0) is True
            assert (tmp_path / "sync.lock").stat().st_mode & 0o777 == 0o600
            lock.release()
        finally:
            if holder.poll() is None:
                holder.kill()
                holder.wait(timeout=10)


def test_status_board_notifies_listeners_and_survives_a_broken_one() -> None:
    board = StatusBoard()
    seen: list[SyncStatus] = []

    def broken(status: SyncStatus) -> None:
        raise RuntimeError("closed window")

    board.subscribe(broken)
    unsubscribe = board.subscribe(seen.append)
    board.update(connectivity="syncing", backlog=3)
    unsubscribe()
    board.update(connectivity="online", backlog=0)
    assert [(s.connectivity, s.backlog) for s in seen] == [("syncing", 3)]
    assert board.status.connectivity == "online"


@pytest.mark.parametrize(
    ("url", "allow", "ok"),
    [
        ("https://platform.example.gov.cn", False, True),
        ("http://platform.example.gov.cn", True, False),
        ("http://127.0.0.1:8000", False, False),
        ("http://127.0.0.1:8000", True, True),
        ("http://localhost:8000/", True, True),
        ("http://[::1]:8000", True, True),
        ("ftp://x", True, False),
        ("https://platform.example:99999/", False, False),  # no such port
        ("https://platform.example:abc/", False, False),
        ("http://[::1", True, False),  # an unclosed IPv6 address
    ],
)
def test_plain_http_only_for_loopback_with_the_explicit_setting(
    url: str, allow: bool, ok: bool
) -> None:
    if ok:
        assert check_platform_url(url, allow).startswith(url.split(":", maxsplit=1)[0])
    else:
        with pytest.raises(InsecureTransportRefused) as info:
            check_platform_url(url, allow)
        assert info.value.zh and info.value.en and info.value.field == "sync.url"


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).hits += 1
        answer = json.dumps({"echo": len(body), "pad": "x" * 200}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def echo_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_fault_proxy_injects_each_fault_as_the_client_sees_it(
    echo_server: ThreadingHTTPServer,
) -> None:
    faults = [fp.RESET_BEFORE, fp.RESET_AFTER, fp.TRUNCATE, fp.CANNED_503, fp.CANNED_429, fp.DELAY]
    _Echo.hits = 0
    with fp.FaultProxy(
        "127.0.0.1", echo_server.server_address[1], fp.ScriptedFaults(faults)
    ) as proxy:
        transport = PlatformTransport(
            TransportSettings(proxy.url, allow_insecure_http=True, read_timeout=5)
        )
        outcomes = []
        for _ in range(len(faults) + 1):
            try:
                outcomes.append(
                    transport.request_json("POST", "/x", {"a": 1}, signed=False)["echo"]
                )
            except PlatformUnreachable as exc:
                outcomes.append(exc.retry_after if exc.retry_after is not None else "unreachable")
        transport.close()
    assert outcomes == ["unreachable", "unreachable", "unreachable", "unreachable", 1.0, 7, 7]
    # reset_after and truncate reached the server: the platform did the work, the answer was lost.
    assert _Echo.hits == 4
    assert proxy.counts[fp.PASS] == 1


def test_random_fault_plan_is_bounded() -> None:
    plan = fp.RandomFaults(rate=1.0, max_faults=5, seed=1)
    drawn = [plan() for _ in range(20)]
    assert sum(kind != fp.PASS for kind in drawn) == 5 and drawn[5:] == [fp.PASS] * 15


def test_transport_does_not_follow_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    transport = PlatformTransport(TransportSettings("https://platform.example.gov.cn"))
    assert transport.session.trust_env is False
    assert isinstance(transport.session, requests.Session)
    transport.close()


@pytest.mark.parametrize(
    ("settings", "zh_then"),
    [(lambda s: s, "稍后自动重试"), (lambda s: s.bounded((5.0, 0.5)), "请稍后重试")],
)
def test_an_answer_of_the_wrong_shape_is_transient_logged_and_sent_to_it(
    settings: Callable[[TransportSettings], TransportSettings],
    zh_then: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A platform of another version: no crash, where the answer differs in the log (never
    its values), and words that send the person to IT, then what happens next."""
    from sync.wire.case_push import BatchResult

    transport = PlatformTransport(settings(TransportSettings("https://platform.example.gov.cn")))
    caplog.set_level(logging.WARNING, logger="sync.transport")
    with pytest.raises(PlatformUnreachable) as info:
        transport.parsed(BatchResult, {"results": [{"case_id": "310104199001011234"}]})
    transport.close()
    assert "版本可能不配套" in info.value.zh and "信息技术人员" in info.value.zh
    assert info.value.zh.endswith(f"，{zh_then}。") and "tell IT" in info.value.en
    [record] = [r for r in caplog.records if r.name == "sync.transport"]
    assert "BatchResult" in record.getMessage() and "results.0.case_id" in record.getMessage()
    assert "310104199001011234" not in caplog.text


@pytest.mark.parametrize(
    ("who", "settings", "zh_then", "en_then"),
    [
        ("the background sync", lambda s: s, "稍后自动重试", "retrying later"),
        (
            "a window's poll",
            lambda s: s.bounded((5.0, 0.5), asks_again=True),
            "稍后自动重试",
            "retrying later",
        ),
        (
            "a person at the window",
            lambda s: s.bounded((5.0, 0.5)),
            "请稍后重试",
            "try again in a moment",
        ),
    ],
)
def test_a_platform_that_does_not_answer_is_reported_in_words_right_for_who_asked(
    who: str, settings: Callable[[TransportSettings], TransportSettings], zh_then: str, en_then: str
) -> None:
    """The sync and a poll ask again on their own; a person at the window has to, so the
    window is never promised a retry that nothing makes."""
    # Listening, never accepting: the kernel takes the connection, nobody answers it.
    with socket.create_server(("127.0.0.1", 0)) as hung:
        url = f"http://127.0.0.1:{hung.getsockname()[1]}"
        base = TransportSettings(url, allow_insecure_http=True, read_timeout=0.5)
        transport = PlatformTransport(settings(base))
        try:
            with pytest.raises(PlatformUnreachable) as info:
                transport.request_json("GET", "/v1/health", signed=False)
        finally:
            transport.close()
    assert (
        info.value.zh == f"连接平台超时（{url}，已连接，但 0.5 秒内平台没有答复），{zh_then}。"
    ), who
    assert info.value.en == (
        f"The platform at {url} did not answer in time (connected, but no answer within 0.5 s); "
        f"{en_then}."
    ), who


def _answered(status: int, code: str, *, retryable: bool) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    error = {"code": code, "message_zh": "中文", "message_en": "English", "retryable": retryable}
    response._content = json.dumps({"error": error}).encode()
    return response


def test_a_429_the_platform_will_never_answer_is_a_refusal_not_an_outage() -> None:
    """holder_limit (the device's quota of e-licence holders) is not the platform being busy:
    taken for an outage, it left F4's materials 待核验 and every later verification stopped
    with the platform reported unreachable. A retryable 429 is still an outage to wait out."""
    transport = PlatformTransport(TransportSettings("https://platform.example.gov.cn"))
    try:
        with pytest.raises(PlatformRefused) as refused:
            transport._answer(_answered(429, "holder_limit", retryable=False))
        assert (refused.value.platform_code, refused.value.status) == ("holder_limit", 429)
        with pytest.raises(PlatformUnreachable):
            transport._answer(_answered(429, "rate_limited", retryable=True))
    finally:
        transport.close()
