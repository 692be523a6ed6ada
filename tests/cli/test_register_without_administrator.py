"""A hall's staff register synced without an administrator (a supervisor and clerks only)
leaves nothing only an administrator may do open at the window's shell: the OS account's
stand-in is for a new PC before any register arrives. Each refusal says what to do: the
platform adds an administrator to the register. ``doctor`` warns the same."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.domain.staff import Role, hash_password
from counter_app.home import Home
from counter_app.services.auth import AccountLocked, Accounts, InvalidCredentials
from counter_app.store.database import open_store
from tests.in_process import CliResult

PASSWORD = "Counter-Pass-2026!"
INTRUDER = "Zq7#wLp2vX9k"
# The probe's register: a supervisor and three clerks, no administrator.
REGISTER: tuple[tuple[str, Role], ...] = (
    ("super1", "supervisor"),
    ("clerk1", "clerk"),
    ("clerk2", "clerk"),
    ("clerk3", "clerk"),
)
NOBODY_MAY = "需要管理员确认：平台的工作人员名册已同步到本机，但其中没有启用的管理员账号"

Cli = Callable[..., CliResult]


def _register(home: Home, *accounts: tuple[str, Role], disabled: bool = False) -> None:
    """Accounts of the hall's register as the ``staff`` feed takes them."""
    with open_store(home, load_config(home)) as store:
        for username, role in accounts:
            Accounts(store).apply_platform_account(
                username, username, role, disabled=disabled, verifier=hash_password(PASSWORD)
            )


def _hall(home: Home) -> str:
    return load_config(home).hall.hall_code


def _users(home: Home) -> list[tuple]:
    with sqlite3.connect(home.db_path) as raw:
        return raw.execute(
            "SELECT username, role, disabled FROM users ORDER BY username"
        ).fetchall()


def _audit(home: Home) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(home.db_path) as raw:
        return raw.execute("SELECT actor, action, target FROM audit_log ORDER BY seq").fetchall()


def _accounts_check(cli: Cli) -> dict[str, str]:
    checks = json.loads(cli("doctor", "--json").stdout)["checks"]
    (accounts,) = [check for check in checks if check["name"] == "accounts"]
    return dict(accounts)


@pytest.mark.parametrize("former_admin", [False, True], ids=["no-admin", "admin-disabled"])
def test_no_administrator_in_the_register_opens_nothing_admin_only(
    cli: Cli, home: Home, tmp_path: Path, former_admin: bool
) -> None:
    _register(home, *REGISTER)
    if former_admin:
        _register(home, ("old.admin", "admin"), disabled=True)
    hall = _hall(home)
    stick, safe = tmp_path / "stick", tmp_path / "safe"
    stick.mkdir()
    safe.mkdir()
    assert cli("backup", str(stick / "plain.db")).returncode == 0  # no key: anyone's
    users, audit = _users(home), _audit(home)
    for command in (
        ("backup", str(stick / "NEW.db"), "--with-key", str(safe / "NEW.key")),
        ("user", "add", "mallory", "--role", "admin", "--password-stdin"),
        ("user", "passwd", "clerk1", "--password-stdin"),
        ("restore", str(stick / "plain.db")),
        ("audit", "list"),
    ):
        refused = cli(*command, input=f"{INTRUDER}\n")
        assert (refused.returncode, refused.stdout) == (2, ""), command
        chinese, english = refused.stderr.splitlines()
        assert chinese.startswith(NOBODY_MAY), command
        assert (
            "请平台管理员在名册中添加一名管理员：counter-central staff add "
            f"--hall {hall} --name 用户名 --role admin --password-stdin"
        ) in chinese
        assert f"counter-central staff add --hall {hall} --name USER --role admin" in english
        assert "尚未同步" not in chinese
    assert (_users(home), _audit(home)) == (users, audit)
    assert sorted(path.name for path in (*stick.iterdir(), *safe.iterdir())) == ["plain.db"]
    assert not list(home.backups_dir.glob("pre-restore-*"))

    accounts = _accounts_check(cli)
    assert accounts["status"] == "warn"
    assert "平台的工作人员名册中没有启用的管理员账号" in accounts["detail"]
    assert (
        f"counter-central staff add --hall {hall} --name 用户名 --role admin"
        in (accounts["detail"])
    )


def test_what_a_supervisor_may_do_takes_the_register_s_supervisor(cli: Cli, home: Home) -> None:
    """``user unlock`` is a supervisor's too: the register has one, who proves who they are;
    the OS account does not stand in."""
    _register(home, *REGISTER)
    with open_store(home, load_config(home)) as store:
        accounts = Accounts(store)
        for _ in range(store.config.security.max_login_failures - 1):
            with pytest.raises(InvalidCredentials):
                accounts.authenticate("clerk1", "not-the-password")
        with pytest.raises(AccountLocked):
            accounts.authenticate("clerk1", "not-the-password")
    refused = cli("user", "unlock", "clerk1")
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        "需要值班长或管理员确认：本机已有平台的工作人员名册，此操作须由值班长或管理员本人证明身份。"
        "请加 --by 账号 --password-stdin 再执行"
    )
    assert "this PC has the platform's staff register" in refused.stderr
    done = cli(
        "user", "unlock", "clerk1", "--by", "super1", "--password-stdin", input=f"{PASSWORD}\n"
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert ("super1", "user.unlock", "clerk1") in _audit(home)
    assert not [entry for entry in _audit(home) if entry[0].startswith("cli:")]


def test_once_the_platform_adds_an_administrator_they_do_it(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    _register(home, *REGISTER)
    _register(home, ("admin1", "admin"))
    key = tmp_path / "safe" / "NEW.key"
    key.parent.mkdir()
    without = cli("backup", str(tmp_path / "NEW.db"), "--with-key", str(key))
    assert without.returncode == 2
    assert without.stderr.startswith("需要管理员确认：本机已有管理员账号")
    done = cli(
        "backup",
        str(tmp_path / "NEW.db"),
        "--with-key",
        str(key),
        "--by",
        "admin1",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert key.exists()
    assert ("admin1", "backup.create") in [(actor, action) for actor, action, _ in _audit(home)]
    assert "名册中没有启用的管理员" not in _accounts_check(cli)["detail"]
