"""The window's sync behind a man in the middle that answers in the platform's place."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest

from central.store import open_store as open_central_store
from central.store.device_health import device_health
from counter_app.config import Config
from counter_app.errors import ConfigError
from counter_app.home import Home
from counter_app.store.database import Store
from sync.errors import NotThePlatform, PlatformUnreachable
from sync.transport import PlatformTransport, TransportSettings
from tests.central.server_fixture import RunningCentral
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, closed_address, make_engine, publish_catalog
from tests.sync.hostile_platform import hostile_platform, http_answer

BATCH = "POST /v1/cases:batch"
HEALTH = "POST /v1/device-health"
NO_RESULTS = http_answer("200 OK", b'{"results":[],"server_time":"2026-03-02T09:00:00+08:00"}')


def test_an_answer_that_leaves_the_cases_out_ends_the_run_and_backs_them_off(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A well-formed 200 without the batch's cases: once sent, never again in that run (it
    was resent 240,712 times in ten minutes), a failed attempt of each case, logged."""
    seed_cases(sync_store, 3, hall=HALL)
    caplog.set_level(logging.WARNING, logger="sync.push")
    with hostile_platform(central.url, {BATCH: NO_RESULTS}) as proxy:
        config = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url))
        summary = make_engine(home, config, sync_store).run_once(manual=True)
        sent_first = proxy.requests.count(BATCH)
        make_engine(home, config, sync_store).run_once(manual=False)
        sent_after_background_run = proxy.requests.count(BATCH)
    assert sent_first == 1
    # The background run waits out the cases' backoff: nothing is sent.
    assert sent_after_background_run == 1
    assert summary.error is not None and summary.pending == 3
    assert "漏掉了其中 3 个" in summary.error["message"]
    assert "left out 3 of them" in summary.error["message_en"]
    attempts = sync_store.db.execute(
        "SELECT state, attempts, next_attempt_at IS NOT NULL FROM outbox"
    ).fetchall()
    assert attempts == [("pending", 1, 1)] * 3
    assert any("left out 3 of them" in r.getMessage() for r in caplog.records)


def _transport(url: str, read_timeout: float = 5.0) -> PlatformTransport:
    settings = TransportSettings(url, allow_insecure_http=True, read_timeout=read_timeout)
    return PlatformTransport(settings.bounded((0.5, read_timeout)))


def test_an_answer_that_trickles_in_is_cut_at_the_requests_deadline(
    central: RunningCentral,
) -> None:
    """One byte every 0.05 s never trips the 0.5 s wait for the next byte: the whole
    request (connect 0.5 s + answer 0.5 s) is still cut after 1 s, a slow link named."""
    trickle = http_answer("200 OK", b'{"status":"ok","pad":"' + b"x" * 400 + b'"}')
    with hostile_platform(central.url, {"GET /v1/health": trickle}, drip_seconds=0.05) as proxy:
        transport = _transport(proxy.url, read_timeout=0.5)
        try:
            with pytest.raises(PlatformUnreachable) as info:
                transport.request_json("GET", "/v1/health", signed=False)
        finally:
            transport.close()
    assert not isinstance(info.value, NotThePlatform)
    assert "1 秒内未能传完" in info.value.zh and "代理太慢" in info.value.zh
    assert "did not arrive in full within 1 s" in info.value.en


def test_an_answer_that_arrives_steadily_on_a_slow_link_is_not_cut(
    central: RunningCentral,
) -> None:
    """A catalog page on a slow but working link takes longer than connect + read timeout:
    60 KiB in 2 KiB steps every 0.05 s (about 1.5 s, far above the least rate) arrives whole
    where the 1 s first deadline would have cut it."""
    pad = b"x" * (60 * 1024)
    steady = http_answer("200 OK", b'{"status":"ok","pad":"' + pad + b'"}')
    with hostile_platform(
        central.url, {"GET /v1/health": steady}, drip_seconds=0.05, drip_bytes=2048
    ) as proxy:
        transport = _transport(proxy.url, read_timeout=0.5)
        try:
            answer = transport.request_json("GET", "/v1/health", signed=False)
        finally:
            transport.close()
    assert answer["pad"] == pad.decode()


@pytest.mark.parametrize(
    ("answer", "zh", "en", "not_the_platform"),
    [
        (
            http_answer("502 Bad Gateway", b"<html>502</html>", "text/html"),
            "前面的网关或代理答复 HTTP 502，并非中心平台本身的应答",
            "A gateway or proxy in front of the platform address",
            False,
        ),
        (
            http_answer("504 Gateway Timeout", b"", "text/html"),
            "前面的网关或代理答复 HTTP 504",
            "answered HTTP 504, not the platform itself",
            False,
        ),
        (
            http_answer("200 OK", b"<html><form>login</form></html>", "text/html"),
            "可能是代理或上网认证的登录页",
            "(a proxy or login page?)",
            True,
        ),
        (
            # Announces 400 bytes, sends 10 and hangs up.
            http_answer("200 OK", b'{"status":"' + b"x" * 389)[:-380],
            "的应答在途中被截断",
            "was cut off on the way",
            False,
        ),
    ],
)
def test_what_answered_in_the_platforms_place_is_named(
    central: RunningCentral, answer: bytes, zh: str, en: str, not_the_platform: bool
) -> None:
    with hostile_platform(central.url, {"GET /v1/health": answer}) as proxy:
        transport = _transport(proxy.url)
        try:
            with pytest.raises(PlatformUnreachable) as info:
                transport.request_json("GET", "/v1/health", signed=False)
        finally:
            transport.close()
    assert zh in info.value.zh and en in info.value.en
    assert isinstance(info.value, NotThePlatform) is not_the_platform
    assert "繁忙" not in info.value.zh and "network down" not in info.value.en


def test_the_catalog_version_a_run_loaded_reaches_the_devices_list_in_that_run(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    tmp_path: Path,
) -> None:
    """The health report went up before the pull, so ``counter-central devices`` showed the
    catalog version one sync behind; a run that loads none sends one report only."""
    publish_catalog(central, tmp_path, 9)
    with hostile_platform(central.url, {}) as proxy:
        config = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url))
        make_engine(home, config, sync_store).run_once()
        assert proxy.requests.count(HEALTH) == 2
        make_engine(home, config, sync_store).run_once()
        assert proxy.requests.count(HEALTH) == 3
    platform = open_central_store(central.db, central.key_file)
    try:
        [row] = [r for r in device_health(platform) if r["window"] == "W01"]
    finally:
        platform.close()
    assert json.loads(row["report"])["catalog_version"] == 9


def test_the_platforms_requests_go_through_sync_proxy_and_never_the_environments(
    central: RunningCentral, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", closed_address())
    with hostile_platform(central.url, {}) as proxy:
        settings = TransportSettings(central.url, allow_insecure_http=True, proxy=proxy.url)
        transport = PlatformTransport(settings)
        try:
            assert transport.request_json("GET", "/v1/health", signed=False)
        finally:
            transport.close()
    assert proxy.requests == ["GET /v1/health"]


def test_a_proxy_that_cannot_be_reached_is_named_as_the_proxy(central: RunningCentral) -> None:
    nobody = closed_address()
    settings = TransportSettings(central.url, allow_insecure_http=True, proxy=nobody)
    transport = PlatformTransport(settings)
    try:
        with pytest.raises(PlatformUnreachable) as info:
            transport.request_json("GET", "/v1/health", signed=False)
    finally:
        transport.close()
    assert f"无法经代理 {nobody} 连接平台" in info.value.zh and "sync.proxy" in info.value.zh
    assert "no proxy is running at that address" in info.value.en


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "proxy.example:3128"])
def test_a_proxy_setting_that_is_no_http_url_is_refused_as_sync_proxy(proxy: str) -> None:
    with pytest.raises(ConfigError) as info:
        PlatformTransport(TransportSettings("https://platform.example.gov.cn", proxy=proxy))
    assert info.value.field == "sync.proxy" and "不用代理请留空" in info.value.zh


def test_a_proxy_password_is_never_shown() -> None:
    with pytest.raises(ConfigError) as info:
        PlatformTransport(
            TransportSettings("https://platform.example.gov.cn", proxy="ftp://clerk:s3cret@p:1")
        )
    assert "s3cret" not in info.value.zh and "s3cret" not in info.value.en
