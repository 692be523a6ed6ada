"""Enrolment and per-request authentication against a real platform process, both stores."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store import devices as device_register
from sync.wire.signing import (
    HEADER_DEVICE,
    HEADER_DIGEST,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    public_key_b64,
    signed_headers,
)
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral, start_central

pytestmark = pytest.mark.integration


def test_health_needs_no_auth_and_reports_clock(central: RunningCentral) -> None:
    health = requests.get(f"{central.url}/v1/health", timeout=5).json()
    assert health["status"] == "ok" and health["protocol"] == 1
    assert abs(health["server_timestamp"] - time.time()) < 5
    assert health["limits"]["max_batch_cases"] == 50


def test_enrol_trades_a_code_once(central: RunningCentral, store: CentralStore) -> None:
    hall = unique_hall()
    code = central.enroll_code(hall, "W07")  # through the CLI
    device = SimulatedDevice(central.url)
    first = device.enroll(code.lower().replace("-", ""))  # typed sloppily still works
    assert first.status_code == 200, first.text
    assert (first.json()["hall"], first.json()["window"]) == (hall, "W07")
    again = SimulatedDevice(central.url).enroll(code)
    assert again.status_code == 409
    assert error_of(again)["code"] == "enroll_code_used"
    assert device_register.device(store, device.device_id) is not None


def test_expired_and_unknown_codes_are_refused(
    central: RunningCentral, store: CentralStore
) -> None:
    expired, _ = device_register.create_enroll_code(store, unique_hall(), "W1", ttl_minutes=-1)
    response = SimulatedDevice(central.url).enroll(expired)
    assert response.status_code == 410
    assert error_of(response)["code"] == "enroll_code_expired"
    response = SimulatedDevice(central.url).enroll("AAAA-BBBB-CCCC")
    assert response.status_code == 404
    assert error_of(response)["code"] == "enroll_code_unknown"


def test_malformed_public_key_is_refused(central: RunningCentral, store: CentralStore) -> None:
    code, _ = device_register.create_enroll_code(store, unique_hall(), "W1", 60)
    response = requests.post(
        f"{central.url}/v1/enroll",
        json={
            "code": code,
            "public_key": base64.b64encode(b"x" * 31).decode() + "AAAAAAAAAAAA",
            "number_devices": ["A1B2C3D4"],
        },
        timeout=5,
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_public_key"
    # The code was not spent by the failed attempt.
    assert SimulatedDevice(central.url).enroll(code).status_code == 200


def test_a_public_key_enrols_only_once(central: RunningCentral, store: CentralStore) -> None:
    key = Ed25519PrivateKey.generate()
    first = SimulatedDevice(central.url, key=key).enroll(
        device_register.create_enroll_code(store, "HX", "W1", 5)[0]
    )
    second = SimulatedDevice(central.url, key=key).enroll(
        device_register.create_enroll_code(store, "HX", "W2", 5)[0]
    )
    assert first.status_code == 200
    assert second.status_code == 400 and error_of(second)["code"] == "bad_public_key"


def test_signed_request_is_accepted(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    response = device.push([device.case()])
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "stored"


def test_bad_signature_is_refused(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    impostor = SimulatedDevice(device.base_url, device.device_id, device.hall, device.window)
    response = impostor.push([device.case()])  # signed with another key
    assert response.status_code == 401
    assert error_of(response)["code"] == "bad_signature"


def test_signature_covers_the_body(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    body = json.dumps({"cases": [device.case()]}).encode()
    tampered = body.replace(b'"data_version": 1', b'"data_version": 2')
    headers = signed_headers(
        device.key, device_id=device.device_id, method="POST", path="/v1/cases:batch", body=body
    )
    response = requests.post(
        f"{device.base_url}/v1/cases:batch", data=tampered, headers=headers, timeout=5
    )
    assert response.status_code == 401
    assert error_of(response)["code"] == "bad_digest"


def test_signature_covers_the_path(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    headers = signed_headers(
        device.key, device_id=device.device_id, method="GET", path="/v1/feeds/notices", body=b""
    )
    response = requests.get(f"{device.base_url}/v1/feeds/progress", headers=headers, timeout=5)
    assert response.status_code == 401
    assert error_of(response)["code"] == "bad_signature"


@pytest.mark.parametrize("offset", [-600, 600])
def test_clock_off_by_ten_minutes_is_clock_skew(
    enrol: Callable[..., SimulatedDevice], offset: int
) -> None:
    device = enrol()
    device.clock_offset = offset
    response = device.push([device.case()])
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "clock_skew" and not error["retryable"]
    assert abs(error["details"]["server_timestamp"] - time.time()) < 5
    assert error["details"]["skew_seconds"] == pytest.approx(offset, abs=5)
    assert "10" in error["message_zh"] and "10 minutes" in error["message_en"]


def test_replayed_nonce_is_refused(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    first = device.request("GET", "/v1/feeds/notices")
    assert first.status_code == 200
    replay = requests.get(
        f"{device.base_url}/v1/feeds/notices", headers=dict(first.request.headers), timeout=5
    )
    assert replay.status_code == 401
    assert error_of(replay)["code"] == "replayed_nonce"


def test_missing_headers_unknown_and_revoked_devices(
    central: RunningCentral, store: CentralStore, enrol: Callable[..., SimulatedDevice]
) -> None:
    response = requests.get(f"{central.url}/v1/feeds/notices", timeout=5)
    assert response.status_code == 401 and error_of(response)["code"] == "auth_missing"

    stranger = SimulatedDevice(central.url, device_id="dnotenrolled", hall="H", window="W")
    response = stranger.request("GET", "/v1/feeds/notices")
    assert response.status_code == 401 and error_of(response)["code"] == "unknown_device"

    device = enrol()
    device_register.revoke_device(store, device.device_id)
    response = device.request("GET", "/v1/feeds/notices")
    assert response.status_code == 401 and error_of(response)["code"] == "device_revoked"


def test_garbage_auth_headers_are_401_not_500(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    for name, value in (
        (HEADER_SIGNATURE, "%%%not-base64"),
        (HEADER_NONCE, "short"),
        ("X-Counter-Timestamp", "-12"),
        ("X-Counter-Device", "x" * 500),
    ):
        response = device.request("GET", "/v1/feeds/notices", headers={name: value})
        assert response.status_code == 401, (name, response.text)


@pytest.mark.parametrize(
    "value",
    ["²", "¹²³", "é" * 8, "１２３".encode(), "9" * 8000],
    ids=["superscript-two", "superscripts", "latin-1", "utf-8-bytes", "huge"],
)
def test_odd_auth_header_values_are_4xx_not_500(
    enrol: Callable[..., SimulatedDevice], value: str | bytes
) -> None:
    device = enrol()
    for name in (HEADER_DEVICE, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_DIGEST, HEADER_SIGNATURE):
        response = device.request("GET", "/v1/feeds/notices", headers={name: value})  # type: ignore[dict-item]
        assert 400 <= response.status_code < 500, (name, response.status_code, response.text)


def test_enrolment_rate_limit_keys_on_the_real_client(tmp_path: Path) -> None:
    """Behind a trusted proxy each client has its own bucket (burst 10), and what a client
    writes to the left of the proxy's entry changes nothing; without a trusted proxy the
    header is the client's own word and ignored. In memory, whatever the store: SQLite."""
    slow = ["--enroll-rate", "0.001"]
    proxied = start_central(
        tmp_path / "proxied", serve_args=[*slow, "--trusted-proxy", "127.0.0.1"]
    )
    direct = start_central(tmp_path / "direct", serve_args=slow)

    def attempts(central: RunningCentral, forwarded_for: list[str]) -> list[int]:
        return [
            requests.post(
                f"{central.url}/v1/enroll",
                json={
                    "code": "NOPE-NOPE-NOPE",
                    "public_key": public_key_b64(Ed25519PrivateKey.generate()),
                    "number_devices": ["A1B2C3D4"],
                },
                headers={"X-Forwarded-For": header},
                timeout=10,
            ).status_code
            for header in forwarded_for
        ]

    try:
        spoofing = [f"10.1.1.{n}, 203.0.113.5" for n in range(11)]
        assert attempts(proxied, spoofing) == [404] * 10 + [429]
        assert attempts(proxied, ["203.0.113.6"]) == [404]
        assert attempts(direct, [f"203.0.113.{n}" for n in range(11)]) == [404] * 10 + [429]
    finally:
        proxied.stop()
        direct.stop()


def test_device_cannot_write_another_halls_cases(enrol: Callable[..., SimulatedDevice]) -> None:
    mine, theirs = enrol(), enrol()
    foreign = theirs.case()
    response = mine.push([mine.case(), foreign])
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "wrong_hall" and error["details"]["case_ids"] == [foreign["case_id"]]
    # A case the other hall already stored cannot be overwritten by relabelling it either.
    assert theirs.push([foreign]).status_code == 200
    relabelled = mine.case(case_id=uuid.UUID(foreign["case_id"]), data_version=2)
    response = mine.push([relabelled])
    assert response.status_code == 403 and error_of(response)["code"] == "wrong_hall"


def test_device_cannot_read_another_halls_feeds(enrol: Callable[..., SimulatedDevice]) -> None:
    mine, theirs = enrol(), enrol()
    response = mine.feed("progress", hall=theirs.hall)
    assert response.status_code == 403 and error_of(response)["code"] == "wrong_hall"
    their_cursor = theirs.feed("progress").json()["cursor"]
    response = mine.feed("progress", cursor=their_cursor)
    assert response.status_code == 403 and error_of(response)["code"] == "wrong_hall"


def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    """The limiter is in memory, whatever the store: checked once, on SQLite."""
    limited = start_central(tmp_path, serve_args=["--rate", "1", "--burst", "3"])
    try:
        device = SimulatedDevice(limited.url)
        assert device.enroll(limited.enroll_code("HR", "W1")).status_code == 200
        statuses = [device.request("GET", "/v1/feeds/notices") for _ in range(6)]
        refused = [r for r in statuses if r.status_code == 429]
        assert [r.status_code for r in statuses[:3]] == [200, 200, 200]
        assert refused, [r.status_code for r in statuses]
        assert int(refused[0].headers["Retry-After"]) >= 1
        error = error_of(refused[0])
        assert error["code"] == "rate_limited" and error["retryable"]
    finally:
        limited.stop()


def test_wrong_public_key_encoding_on_enrol_is_422(central: RunningCentral) -> None:
    response = requests.post(f"{central.url}/v1/enroll", json={"code": 5}, timeout=5)
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_failed"
    response = requests.post(
        f"{central.url}/v1/enroll",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == 400 and error_of(response)["code"] == "bad_json"
