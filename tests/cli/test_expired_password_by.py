"""A password older than ``security.password_max_age_days`` proves nobody with ``--by``: the
window has it changed at sign-in, and the command line must not be the way round that. The
same rule (``Accounts`` reading the account) shows it in ``user list``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.services.approval import approve
from counter_app.services.auth import Accounts, PasswordExpired
from counter_app.store.database import open_store
from counter_app.store.timestamps import utc_now
from tests.in_process import CliResult

PASSWORD = "Counter-Pass-2026!"
NEW_PASSWORD = "Counter-Pass-2027!"

Cli = Callable[..., CliResult]


def _as_at(home: Home, days_ago: int, step: Callable[[Accounts], object]) -> None:
    """``step`` on the home's accounts under a clock ``days_ago`` days back."""
    with open_store(home, load_config(home)) as store:
        step(Accounts(store, now=lambda: utc_now() - timedelta(days=days_ago)))


def _last_audit(home: Home) -> tuple[str, str, str]:
    with sqlite3.connect(home.db_path) as raw:
        row = raw.execute(
            "SELECT actor, action, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    return row[0], row[1], row[2]


def test_an_expired_password_proves_nobody_with_by_until_changed(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    _as_at(home, 100, lambda accounts: accounts.add_user("admin01", PASSWORD, "admin"))
    _as_at(home, 1, lambda accounts: accounts.add_user("admin02", PASSWORD, "admin"))
    (tmp_path / "safe").mkdir()
    key = tmp_path / "safe" / "p.key"

    def backup(by: str, name: str) -> CliResult:
        return cli(
            "backup", str(tmp_path / name), "--with-key", str(key), "--by", by,
            "--password-stdin", input=f"{PASSWORD}\n",
        )  # fmt: skip

    refused = backup("admin01", "b1.db")
    assert refused.returncode != 0 and refused.stdout == ""
    chinese, english = refused.stderr.splitlines()
    assert "admin01 的密码已使用超过 90 天，已过期" in chinese
    assert "请本人先登录窗口，按提示更换密码" in chinese
    assert "has expired" in english and "sign in at a window first" in english
    assert not (tmp_path / "b1.db").exists() and not key.exists()
    actor, action, detail = _last_audit(home)
    assert (actor, action) == ("admin01", "authorisation.refused")
    assert json.loads(detail)["reason"] == "password_expired"

    listed = json.loads(cli("user", "list", "--json").stdout)["users"]
    assert {user["username"]: user["password_expired"] for user in listed} == {
        "admin01": True,
        "admin02": False,
    }
    text = cli("user", "list").stdout
    (line,) = [line for line in text.splitlines() if line.startswith("admin01")]
    assert "密码已过期" in line
    assert "密码已过期" not in next(line for line in text.splitlines() if "admin02" in line)

    assert backup("admin02", "b2.db").returncode == 0  # the other's, changed a day ago

    # Its member signs in at a window and changes it, as the window asks.
    _as_at(
        home,
        0,
        lambda accounts: accounts.change_password(
            "admin01", NEW_PASSWORD, actor="admin01", old_password=PASSWORD
        ),
    )
    key.unlink()
    done = cli(
        "backup", str(tmp_path / "b3.db"), "--with-key", str(key), "--by", "admin01",
        "--password-stdin", input=f"{NEW_PASSWORD}\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli("user", "list", "--json").stdout)["users"]
    assert not any(user["password_expired"] for user in listed)


def test_a_fresh_password_is_not_expired_on_the_day_it_was_set(home: Home) -> None:
    """The rule at the boundary, on the account as read (not only at sign-in)."""
    moment = datetime(2026, 3, 1, 9, 0, tzinfo=utc_now().tzinfo)
    clock = {"now": moment}
    with open_store(home, load_config(home)) as store:
        accounts = Accounts(store, now=lambda: clock["now"])
        accounts.add_user("clerk01", PASSWORD, "clerk")
        days = accounts.security.password_max_age_days
        clock["now"] = moment + timedelta(days=days) - timedelta(seconds=1)
        assert not accounts.get("clerk01").password_expired
        clock["now"] = moment + timedelta(days=days)
        assert accounts.get("clerk01").password_expired
        assert [user.password_expired for user in accounts.list_users()] == [True]


def test_an_expired_password_approves_nothing(home: Home) -> None:
    """An approval proves its supervisor as ``--by`` does: not with an expired password."""
    _as_at(home, 100, lambda accounts: accounts.add_user("super01", PASSWORD, "supervisor"))
    with open_store(home, load_config(home)) as store, pytest.raises(PasswordExpired):
        approve(Accounts(store), "super01", PASSWORD, action="reprint", target="case-1")
    actor, action, detail = _last_audit(home)
    assert (actor, action, json.loads(detail)["reason"]) == (
        "super01",
        "authorisation.refused",
        "password_expired",
    )
