"""The platform refuses a member's own new password that is one of the account's last five
(the verifiers its register rows keep), and the training hall's published sample password
for any account of its register, added or reset by the operator or set by its member."""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from central.cli import main as central_main
from central.simulator import SimulatedDevice
from counter_app.domain.staff import TRAINING_PASSWORD
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

PASSWORDS = [f"Window-{year}-ok" for year in range(2026, 2032)]
PATH = "/v1/staff-passwords"


def change(device: SimulatedDevice, old: str, new: str) -> requests.Response:
    body: dict[str, Any] = {"username": "li.ming", "old_password": old, "new_password": new}
    return device.request("POST", PATH, json.dumps(body).encode())


def _member_at_a_window(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> tuple[str, SimulatedDevice]:
    """A new hall with an enrolled window and li.ming, a clerk on ``PASSWORDS[0]``."""
    hall = unique_hall()
    device = enrol(hall=hall)
    central.cli(
        "staff", "add", "--hall", hall, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", input=PASSWORDS[0] + "\n",
    )  # fmt: skip
    return hall, device


def test_a_member_may_not_go_back_to_any_of_their_last_five_passwords(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    hall, device = _member_at_a_window(enrol, central)
    first = change(device, PASSWORDS[0], PASSWORDS[1])
    assert first.status_code == 200, first.text
    back = change(device, PASSWORDS[1], PASSWORDS[0])
    assert (back.status_code, error_of(back)["code"]) == (422, "weak_password")
    assert "不能与最近5次用过的密码相同" in error_of(back)["message_zh"]
    # A role change carries the verifier over: one password, however many rows.
    central.cli("staff", "role", "--hall", hall, "--name", "li.ming", "--role", "supervisor")
    for old, new in itertools.pairwise(PASSWORDS[1:5]):
        assert change(device, old, new).status_code == 200
    # The last five are PASSWORDS[0:5]: the first is still refused, then it drops out.
    again = change(device, PASSWORDS[4], PASSWORDS[0])
    assert (again.status_code, error_of(again)["code"]) == (422, "weak_password")
    assert change(device, PASSWORDS[4], PASSWORDS[5]).status_code == 200
    assert change(device, PASSWORDS[5], PASSWORDS[0]).status_code == 200


def test_the_published_training_password_is_refused_for_the_register(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    _hall, device = _member_at_a_window(enrol, central)
    own = change(device, PASSWORDS[0], TRAINING_PASSWORD)
    assert (own.status_code, error_of(own)["code"]) == (422, "weak_password")
    assert "培训" in error_of(own)["message_zh"]


@pytest.mark.parametrize("action", [("add", "--role", "clerk"), ("reset",)])
def test_the_operator_may_not_give_an_account_the_published_training_password(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    action: tuple[str, ...],
) -> None:
    db = ["--db", str(tmp_path / "central.sqlite3")]
    account = ["--hall", "H1", "--name", "clerk01"]
    if action[0] == "reset":
        monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORDS[0] + "\n"))
        assert (
            central_main(["staff", "add", *account, "--role", "clerk", "--password-stdin", *db])
            == 0
        )
        capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(TRAINING_PASSWORD + "\n"))
    assert central_main(["staff", *action, *account, "--password-stdin", *db]) == 1
    said = capsys.readouterr().err
    assert "公开的培训模式示例密码" in said and "the training hall's sample password" in said
    assert central_main(["staff", "history", *account, "--json", *db]) == (
        0 if action[0] == "reset" else 1
    )
    if action[0] == "reset":
        history = json.loads(capsys.readouterr().out)["changes"]
        assert [change["change"] for change in history] == ["add"]
