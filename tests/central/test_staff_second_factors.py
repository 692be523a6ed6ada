"""The platform's side of a member of the staff's one-time codes (动态口令), on SQLite and
PostgreSQL (``POST /v1/staff-second-factors``): the password proven against the register of
the device's own hall and a code of the new secret typed, the secret kept sealed and fed to
the hall's windows with every later state of the account until the operator's ``staff
reset-code``; neither password, secret nor code logged."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from central.cli import main as central_main
from central.simulator import SimulatedDevice
from central.store import CentralStore
from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at
from sync.wire.staff import SecondFactorSet, StaffAccount
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral
from tests.in_process import run_main

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
NEW_PASSWORD = "Counter-2027-new"
PATH = "/v1/staff-second-factors"


def set_up(device: SimulatedDevice, **body: Any) -> requests.Response:
    return device.request("POST", PATH, json.dumps({"username": "li.ming", **body}).encode())


def code_now(secret: str, steps: int = 0) -> str:
    """The code of ``secret`` an authenticator app shows now (``steps`` from now)."""
    return code_for_step(secret, step_at(datetime.now(UTC)) + steps)


def staff_items(device: SimulatedDevice) -> list[StaffAccount]:
    answer = device.feed("staff")
    assert answer.status_code == 200, answer.text
    return [StaffAccount.model_validate(item) for item in answer.json()["items"]]


def staff(central: RunningCentral, hall: str, action: str, *args: str, **kwargs: Any) -> Any:
    return central.cli("staff", action, "--hall", hall, "--name", "li.ming", *args, **kwargs)


def add_supervisor(central: RunningCentral, hall: str) -> None:
    staff(central, hall, "add", "--role", "supervisor", "--password-stdin", input=PASSWORD + "\n")


def listed(central: RunningCentral, hall: str) -> dict[str, Any]:
    (account,) = central.cli("staff", "list", "--hall", hall, "--json")["staff"]
    return dict(account)


def changes(store: CentralStore, hall: str) -> list[str]:
    with store.snapshot() as cur:
        rows = store._exec(
            cur, "SELECT change FROM staff_changes WHERE hall = ? ORDER BY seq", (hall,)
        ).fetchall()
    return [row[0] for row in rows]


def assert_not_logged(central: RunningCentral, *secrets: str) -> None:
    logged = central.log_path.read_text(encoding="utf-8")
    # A code as a number of its own: six digits also stand inside timestamps and ids.
    assert [s for s in secrets if re.search(rf"(?<![0-9]){re.escape(s)}(?![0-9])", logged)] == []


def test_a_member_sets_up_one_time_codes_on_their_halls_register(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    hall = unique_hall()
    device, stranger = enrol(hall=hall), enrol()
    add_supervisor(central, hall)
    assert staff_items(device)[-1].second_factor is None
    assert listed(central, hall)["second_factor_enrolled"] is False
    secret = new_secret()

    wrong = set_up(device, password="Not-it-1234", secret=secret, code=code_now(secret))
    assert (wrong.status_code, error_of(wrong)["code"]) == (403, "wrong_password")
    far_off = set_up(device, password=PASSWORD, secret=secret, code=code_now(secret, 10))
    assert (far_off.status_code, error_of(far_off)["code"]) == (422, "wrong_code")
    assert "动态口令不正确" in error_of(far_off)["message_zh"]
    well_formed = {"password": PASSWORD, "secret": secret, "code": "123456"}
    for malformed in ({"secret": secret.lower()}, {"code": "12345"}, {"code": "１２３４５６"}):
        refused = set_up(device, **(well_formed | malformed))
        assert (refused.status_code, error_of(refused)["code"]) == (422, "validation_failed")
    # Another hall's device does not learn whether the account exists, nor sets it up.
    other = set_up(stranger, password=PASSWORD, secret=secret, code=code_now(secret))
    assert (other.status_code, error_of(other)["code"]) == (404, "unknown_account")
    assert changes(store, hall) == ["add"]

    typed = code_now(secret)
    done = set_up(device, password=PASSWORD, secret=secret, code=typed)
    assert done.status_code == 200, done.text
    assert code_for_step(secret, SecondFactorSet.model_validate(done.json()).step) == typed
    assert staff_items(device)[-1].second_factor == secret
    assert staff_items(stranger) == []
    assert listed(central, hall)["second_factor_enrolled"] is True
    text = run_main(central_main, ["staff", "list", "--hall", hall, *central.store_args()])
    assert "已设动态口令 one-time codes" in text.stdout and secret not in text.stdout
    assert changes(store, hall) == ["add", "second_factor"]
    # Sealed at rest with the platform's key.
    with store.snapshot() as cur:
        (sealed,) = store._exec(
            cur,
            "SELECT f.secret_sealed FROM staff_second_factors f"
            " JOIN staff_changes s ON s.seq = f.seq WHERE s.hall = ?",
            (hall,),
        ).fetchone()
    assert secret.encode() not in bytes(sealed)
    assert_not_logged(central, PASSWORD, secret, typed)

    staff(central, hall, "disable")
    fresh = new_secret()
    disabled = set_up(device, password=PASSWORD, secret=fresh, code=code_now(fresh))
    assert (disabled.status_code, error_of(disabled)["code"]) == (404, "unknown_account")


def test_every_later_change_carries_the_secret_until_the_operator_resets_it(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    hall = unique_hall()
    device = enrol(hall=hall)
    add_supervisor(central, hall)
    first, second = new_secret(), new_secret()
    done = set_up(device, password=PASSWORD, secret=first, code=code_now(first))
    assert done.status_code == 200, done.text

    # The operator's changes and the member's own password keep the codes as they were.
    for action, args, stdin in (
        ("role", ("--role", "clerk"), None),
        ("reset", ("--password-stdin",), PASSWORD + "\n"),
        ("disable", (), None),
        ("enable", (), None),
    ):
        assert staff(central, hall, action, *args, input=stdin)["second_factor_enrolled"] is True
    own = device.request(
        "POST",
        "/v1/staff-passwords",
        json.dumps(
            {"username": "li.ming", "old_password": PASSWORD, "new_password": NEW_PASSWORD}
        ).encode(),
    )
    assert own.status_code == 200, own.text
    assert [item.second_factor for item in staff_items(device)] == [None] + [first] * 6
    # The same set-up sent again (its answer lost): done already, nothing appended.
    before = changes(store, hall)
    same = set_up(device, password=NEW_PASSWORD, secret=first, code=code_now(first))
    assert same.status_code == 200, same.text
    assert changes(store, hall) == before
    # Set up again with the password alone (a new phone, or whoever learnt the password):
    # refused, the codes stay; the operator's reset-code comes first.
    again = set_up(device, password=NEW_PASSWORD, secret=second, code=code_now(second))
    assert (again.status_code, error_of(again)["code"]) == (409, "second_factor_exists")
    assert staff_items(device)[-1].second_factor == first

    reset = staff(central, hall, "reset-code")
    assert reset["second_factor_enrolled"] is False
    staff(central, hall, "role", "--role", "supervisor")
    items = staff_items(device)
    assert [item.second_factor for item in items[-3:]] == [first, None, None]
    assert items[-1].verifier == items[-3].verifier  # the password stays the member's own
    assert listed(central, hall)["second_factor_enrolled"] is False
    assert changes(store, hall) == [
        "add",
        "second_factor",
        "role",
        "reset",
        "disable",
        "enable",
        "password",
        "reset-code",
        "role",
    ]
    # Set up anew after the reset, it travels again.
    third = new_secret()
    anew = set_up(device, password=NEW_PASSWORD, secret=third, code=code_now(third))
    assert anew.status_code == 200, anew.text
    assert staff_items(device)[-1].second_factor == third
    assert_not_logged(central, PASSWORD, NEW_PASSWORD, first, second, third)
