"""``counter-app eod --sign-off`` shows the day as signed: in words, the report's 值班长签署
section names the supervisor instead of 尚未签署; with ``--json``, the object plain ``eod
--json`` prints (``sign_offs`` included) plus the sign-off's id and archive."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.services.auth import User
from tests.conftest import CliResult

PASSWORD = "correct-horse-9"  # the printing fixtures' accounts (clerk07, super01)


def sign_off(cli: Callable[..., CliResult], supervisor: User, *options: str) -> CliResult:
    return cli(
        "eod", "--sign-off", "--by", supervisor.username, "--password-stdin", *options,
        input=PASSWORD + "\n",
    )  # fmt: skip


def test_the_text_shows_the_report_signed(cli: Callable[..., CliResult], supervisor: User) -> None:
    signed = sign_off(cli, supervisor)
    assert signed.returncode == 0, signed.stderr
    lines = signed.stdout.splitlines()
    section = lines.index("值班长签署")
    assert lines[section + 1].startswith(f"  {supervisor.username} ")
    assert "尚未签署" not in signed.stdout
    assert lines[-1].startswith("已签署日结")


def test_the_json_keeps_every_field_of_plain_eod(
    cli: Callable[..., CliResult], supervisor: User
) -> None:
    signed = sign_off(cli, supervisor, "--json")
    assert signed.returncode == 0, signed.stderr
    answer = json.loads(signed.stdout)
    plain = json.loads(cli("eod", "--json").stdout)
    assert set(answer) == set(plain) | {"sign_off_id", "archived"}
    assert answer["sign_offs"] == plain["sign_offs"]
    [kept] = answer["sign_offs"]
    assert (kept["sign_off_id"], kept["signed_by"]) == (answer["sign_off_id"], supervisor.username)
