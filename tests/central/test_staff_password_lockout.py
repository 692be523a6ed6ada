"""A password proven at the platform is not guessed freely: after five wrong ones in a row
the platform locks the account (403 ``account_locked``, the right password refused too),
lists the lockout in ``staff list`` and lifts it with ``staff unlock``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store.staff import PASSWORD_FAILURES
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
NEW_PASSWORD = "Counter-2027-new"


def change(device: SimulatedDevice, old: str) -> requests.Response:
    body = {"username": "wang.wu", "old_password": old, "new_password": NEW_PASSWORD}
    return device.request("POST", "/v1/staff-passwords", json.dumps(body).encode())


def codes(answers: list[requests.Response]) -> list[tuple[int, str]]:
    return [(a.status_code, error_of(a)["code"]) for a in answers]


def test_wrong_passwords_in_a_row_lock_the_account_until_the_operator_unlocks_it(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    hall = unique_hall()
    device = enrol(hall=hall, window="W3")
    central.cli(
        "staff", "add", "--hall", hall, "--name", "wang.wu", "--role", "clerk",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    guesses = [change(device, f"Guess-{n}-wrong") for n in range(PASSWORD_FAILURES)]
    assert codes(guesses) == [(403, "wrong_password")] * (PASSWORD_FAILURES - 1) + [
        (403, "account_locked")
    ]
    assert codes([change(device, PASSWORD)]) == [(403, "account_locked")]
    set_up = {"username": "wang.wu", "password": PASSWORD, "secret": "A" * 32, "code": "123456"}
    second = device.request("POST", "/v1/staff-second-factors", json.dumps(set_up).encode())
    assert codes([second]) == [(403, "account_locked")]

    (account,) = central.cli("staff", "list", "--hall", hall, "--json")["staff"]
    lockout: dict[str, Any] = account["lockouts"][0]
    assert (lockout["state"], lockout["window"], lockout["failed_attempts"]) == (
        "active",
        "W3",
        PASSWORD_FAILURES,
    )
    assert "locked at the platform" in central.log_path.read_text(encoding="utf-8")

    central.cli("staff", "unlock", "--hall", hall, "--name", "wang.wu")
    done = change(device, PASSWORD)
    assert done.status_code == 200, done.text
