"""The platform's side of a member of the staff's own new password, on SQLite and
PostgreSQL (``POST /v1/staff-passwords``): the old one proven against the register of the
device's own hall, the rule applied, a new verifier kept and fed to the hall's windows as the
member's own (``must_change_password`` false until the operator resets it)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from central.cli import main as central_main
from central.simulator import SimulatedDevice
from counter_app.domain.staff import verify_password
from tests.central.conftest import error_of, unique_hall
from tests.central.server_fixture import RunningCentral
from tests.in_process import run_main

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
NEW_PASSWORD = "Counter-2027-new"
PATH = "/v1/staff-passwords"


def change(device: SimulatedDevice, **body: Any) -> requests.Response:
    return device.request("POST", PATH, json.dumps(body).encode())


def newest_account(device: SimulatedDevice) -> dict[str, Any]:
    answer = device.feed("staff")
    assert answer.status_code == 200, answer.text
    item: dict[str, Any] = answer.json()["items"][-1]
    return item


def test_a_member_sets_their_own_password_on_their_halls_register(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    hall = unique_hall()
    device, stranger = enrol(hall=hall), enrol()
    central.cli(
        "staff", "add", "--hall", hall, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    assert newest_account(device)["must_change_password"] is True
    listed = run_main(central_main, ["staff", "list", "--hall", hall, *central.store_args()])
    assert "待本人改密码 password to change" in listed.stdout

    wrong = change(device, username="li.ming", old_password="Not-it-123", new_password=NEW_PASSWORD)
    assert (wrong.status_code, error_of(wrong)["code"]) == (403, "wrong_password")
    for weak_one in ("short", PASSWORD):  # the rule, and not the password it replaces
        weak = change(device, username="li.ming", old_password=PASSWORD, new_password=weak_one)
        assert (weak.status_code, error_of(weak)["code"]) == (422, "weak_password")
    # Another hall's device does not learn whether the account exists, nor change it.
    other = change(stranger, username="li.ming", old_password=PASSWORD, new_password=NEW_PASSWORD)
    assert (other.status_code, error_of(other)["code"]) == (404, "unknown_account")

    done = change(device, username="li.ming", old_password=PASSWORD, new_password=NEW_PASSWORD)
    assert done.status_code == 200, done.text
    assert verify_password(NEW_PASSWORD, done.json()["verifier"])
    item = newest_account(device)
    assert item["verifier"] == done.json()["verifier"] and item["must_change_password"] is False
    (account,) = central.cli("staff", "list", "--hall", hall, "--json")["staff"]
    assert account["must_change_password"] is False
    assert NEW_PASSWORD not in central.log_path.read_text(encoding="utf-8")

    central.cli("staff", "disable", "--hall", hall, "--name", "li.ming")
    disabled = change(
        device, username="li.ming", old_password=NEW_PASSWORD, new_password="Counter-2028-x"
    )
    assert (disabled.status_code, error_of(disabled)["code"]) == (404, "unknown_account")


def test_the_history_of_an_account_names_who_made_each_change(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    """An auditor's question: who reset this password, and when? The operator's changes are
    the server's OS user's, a member's own the member's at their window; never a verifier."""
    import getpass

    hall = unique_hall()
    device = enrol(hall=hall, window="W07")
    central.cli(
        "staff", "add", "--hall", hall, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    done = change(device, username="li.ming", old_password=PASSWORD, new_password=NEW_PASSWORD)
    assert done.status_code == 200, done.text
    central.cli("staff", "role", "--hall", hall, "--name", "li.ming", "--role", "supervisor")
    history = central.cli("staff", "history", "--hall", hall, "--name", "li.ming", "--json")
    operator = f"operator:{getpass.getuser()}"
    assert [(c["change"], c["role"], c["changed_by"]) for c in history["changes"]] == [
        ("add", "clerk", operator),
        ("password", "clerk", "li.ming@W07"),
        ("role", "supervisor", operator),
    ]
    assert "verifier" not in json.dumps(history)
    words = run_main(
        central_main,
        ["staff", "history", "--hall", hall, "--name", "li.ming", *central.store_args()],
    )
    assert "li.ming@W07" in words.stdout and words.stdout.count(operator) == 2
    unknown = run_main(
        central_main,
        ["staff", "history", "--hall", hall, "--name", "nobody", *central.store_args()],
    )
    assert unknown.returncode != 0 and "staff add" in unknown.stderr


@pytest.mark.parametrize("action", [("add", "--role", "clerk"), ("reset",)])
def test_no_password_on_stdin_is_refused_in_words(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    action: tuple[str, ...],
) -> None:
    """A closed stdin (``<&-``: None), an empty one, an empty line, a line that is not UTF-8
    (with surrogate escapes, PEP 540, or strict): each said in words, nothing stored."""
    db = tmp_path / "central.sqlite3"
    argv = ["staff", *action, "--hall", "H1", "--name", "li.ming", "--password-stdin"]
    none = "错误：标准输入没有密码：第一行应为密码。"
    garbled = "错误：标准输入第一行的密码不是有效的 UTF-8 文字：请检查终端或脚本的编码。"
    for stdin, said in (
        (None, none),
        (io.StringIO(""), none),
        (io.StringIO("\n"), none),
        (io.TextIOWrapper(io.BytesIO(b"\xff\xfe\n"), "utf-8", "surrogateescape"), garbled),
        (io.TextIOWrapper(io.BytesIO(b"\xff\xfe\n"), encoding="utf-8"), garbled),
    ):
        monkeypatch.setattr(sys, "stdin", stdin)
        assert central_main([*argv, "--db", str(db)]) == 1
        assert capsys.readouterr().err.splitlines()[0] == said
    assert not db.exists()


def test_a_first_line_longer_than_any_password_is_refused_unread_beyond_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large file given as stdin by mistake: its first line is read no further than the
    longest password (1024 characters), refused naming the line; nothing stored."""
    db = tmp_path / "central.sqlite3"
    argv = ["staff", "add", "--hall", "H1", "--name", "li.ming", "--role", "clerk"]
    rest = "\n".join(["second line"] * 100)
    stdin = io.StringIO("Aa1-" * 10_000 + "\n" + rest)
    monkeypatch.setattr(sys, "stdin", stdin)
    assert central_main([*argv, "--password-stdin", "--db", str(db)]) == 1
    chinese, english = capsys.readouterr().err.splitlines()
    assert chinese == (
        "错误：标准输入第 1 行超过 1024 个字符，不像密码：第一行应只有密码"
        "（是否把别的文件接到了标准输入？）。"
    )
    assert english.startswith("Error: Line 1 of standard input is longer than 1024 characters")
    assert stdin.tell() == 1026  # the bound and its line ending, no more
    assert not db.exists()

    longest = ("Aa1-" * 256)[:1024]
    monkeypatch.setattr(sys, "stdin", io.StringIO(longest + "\r\n" + rest))
    assert central_main([*argv, "--password-stdin", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["username"] == "li.ming"


def test_an_account_needs_a_hall_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "central.sqlite3"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Counter-Pass-2026!\n"))
    argv = ["staff", "add", "--hall", "", "--name", "li.ming", "--role", "clerk"]
    with pytest.raises(SystemExit) as usage:
        central_main([*argv, "--password-stdin", "--db", str(db)])
    assert usage.value.code == 2 and "大厅编码“”不合法" in capsys.readouterr().err
    assert not db.exists()
