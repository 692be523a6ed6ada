"""Refused requests are logged and failed authentications throttled: every 401 and 403 is a
line of the platform's log naming the reason, the device it claimed to be, its hall and the
client's address (never the request's contents); a device id that keeps failing from one
address is refused unread (429) while other devices there go on."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.auth import FailedAttempts
from central.ratelimit import RateLimiter
from central.simulator import SimulatedDevice
from tests.central.conftest import error_of
from tests.central.server_fixture import RunningCentral
from tests.waiting import wait_until

pytestmark = pytest.mark.integration

DEVICE_BURST = 30  # failures a device id may make at once (``central.platform``)


def logged(central: RunningCentral, pattern: str) -> list[str]:
    return re.findall(pattern, central.log_path.read_text(encoding="utf-8", errors="replace"))


def test_a_device_id_that_keeps_failing_is_refused_unread_and_logged(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    guessed, neighbour = enrol(), enrol()
    guessed.key = Ed25519PrivateKey.generate()  # not the key it enrolled with
    codes = [guessed.feed("notices").status_code for _ in range(DEVICE_BURST + 3)]
    assert codes == [401] * (DEVICE_BURST + 1) + [429, 429]
    refused = guessed.feed("notices")
    assert error_of(refused)["code"] == "rate_limited" and "Retry-After" in refused.headers
    assert neighbour.feed("notices").status_code == 200  # the same address, another device

    line = (
        rf"refused 401 bad_signature: device='{guessed.device_id}' hall={guessed.hall} "
        r"client=127\.0\.0\.1 GET '/v1/feeds/notices'"
    )
    wait_until(lambda: len(logged(central, line)) == DEVICE_BURST + 1, "the refusals logged")
    assert logged(central, rf"failed authentications throttled: '{guessed.device_id}@")


def test_refusals_after_the_signature_are_logged_with_their_reason(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device, other = enrol(), enrol()
    answer = device.feed("notices", hall=other.hall)
    assert answer.status_code == 403 and error_of(answer)["code"] == "wrong_hall"
    line = rf"refused 403 wrong_hall: device='{device.device_id}' hall={device.hall} client="
    wait_until(lambda: logged(central, line), "the wrong-hall refusal logged")


def test_a_key_is_refused_from_the_failure_that_empties_its_bucket_until_it_refills() -> None:
    attempts = FailedAttempts(RateLimiter(1 / 3600, 2))  # two failures, then one an hour
    assert [attempts.failed("a") for _ in range(3)] == [False, False, True]
    assert attempts.wait("a") > 3000 and attempts.wait("b") == 0
