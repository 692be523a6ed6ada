"""A platform the window cannot reach is named with the address tried and why, in words IT
can act on, in the log and in the last error ``sync status`` and doctor show; a TLS failure
is no refusal of the platform (which was never reached): its own words, and ``sync --once``
exits 3 as for any platform out of reach."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.config import Config, update_user_config
from counter_app.home import Home
from sync.errors import PlatformUnreachable
from sync.transport import PlatformTransport, TransportSettings
from tests.in_process import CliResult
from tests.sync.tls_server import other_ca, tls_server


def test_a_name_that_does_not_resolve_is_named_with_the_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    address = "https://platform.nonexistent.invalid"
    transport = PlatformTransport(TransportSettings(address))
    try:
        with (
            caplog.at_level(logging.WARNING, logger="sync.transport"),
            pytest.raises(PlatformUnreachable) as info,
        ):
            transport.request_json("GET", "/v1/health", signed=False)
    finally:
        transport.close()
    assert info.value.zh.startswith(f"无法连接平台 {address}（无法解析主机名")
    assert info.value.en.startswith(f"Cannot reach the platform at {address} (the host name")
    [logged] = caplog.records
    assert logged.levelno == logging.WARNING
    assert address in logged.getMessage() and "gaierror" in logged.getMessage()


def test_a_certificate_that_fails_is_told_as_tls_exits_3_and_stays_in_the_status(
    home: Home, enrolled: Config, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    with tls_server(tmp_path / "platform") as url:
        update_user_config(home, {"sync": {"url": url, "ca_bundle": str(other_ca(tmp_path))}})
        failed = cli("sync", "--once")
    assert failed.returncode == 3, failed.stderr
    told = f"无法与平台 {url} 建立安全连接（TLS）：平台的证书未通过验证"
    assert failed.stderr.startswith(told), failed.stderr
    assert "拒绝" not in failed.stderr and "refused" not in failed.stderr

    status = json.loads(cli("sync", "status", "--json").stdout)
    assert status["connectivity"] == "offline" and status["last_error_code"] == "tls_verify_failed"
    assert status["last_error_zh"].startswith(told)
    doctor = json.loads(cli("doctor", "--json").stdout)
    [check] = [c for c in doctor["checks"] if c["name"] == "sync"]
    assert check["status"] == "warn" and told in check["detail"], check
