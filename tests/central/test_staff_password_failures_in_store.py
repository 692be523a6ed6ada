"""The platform counts wrong passwords in its store, not in a process: a restart (or another
worker process) goes on from the same count, so five guesses in a row lock the account
however the platform is served; ``staff unlock`` starts the count again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store.staff import PASSWORD_FAILURES
from tests.central.conftest import STORES, error_of, new_store_url, unique_hall
from tests.central.server_fixture import start_central

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"


def guess(device: SimulatedDevice, password: str) -> str:
    """The answer's error code to a password change proving ``password``."""
    body = {"username": "li.si", "old_password": password, "new_password": "Counter-2027-new"}
    answer: requests.Response = device.request(
        "POST", "/v1/staff-passwords", json.dumps(body).encode()
    )
    return str(error_of(answer)["code"])


@pytest.mark.parametrize("kind", STORES)
def test_wrong_passwords_before_a_restart_count_towards_the_lockout(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    hall = unique_hall()
    central = start_central(tmp_path, new_store_url(kind, tmp_path, request))
    try:
        central.cli(
            "staff", "add", "--hall", hall, "--name", "li.si", "--role", "clerk",
            "--password-stdin", input=PASSWORD + "\n",
        )  # fmt: skip
        device = SimulatedDevice(central.url)
        assert device.enroll(central.enroll_code(hall, "W1")).status_code == 200
        before = [guess(device, f"Guess-{n}-wrong") for n in range(PASSWORD_FAILURES - 1)]
        assert before == ["wrong_password"] * (PASSWORD_FAILURES - 1)

        central = central.restart()
        device.base_url = central.url
        assert guess(device, "Guess-last-wrong") == "account_locked"
        assert guess(device, PASSWORD) == "account_locked"

        central.cli("staff", "unlock", "--hall", hall, "--name", "li.si")
        assert guess(device, "Again-wrong") == "wrong_password"
        central.cli("staff", "unlock", "--hall", hall, "--name", "li.si")
        after = [guess(device, f"Again-{n}-wrong") for n in range(PASSWORD_FAILURES - 1)]
        assert after == ["wrong_password"] * (PASSWORD_FAILURES - 1)
    finally:
        central.stop()
