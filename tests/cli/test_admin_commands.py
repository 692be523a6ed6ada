"""Privileged commands - staff accounts, a backup with the PII key, a restore, reading the audit
log - need an administrator's ``--by USER --password-stdin`` once the workstation has one
(``user unlock``: a supervisor's too): the window's OS account is the clerks'
(docs/operations.md §1.1), so whoever sits at its shell proves nobody. Until the store has an
active administrator (a new or freshly restored PC) they run as the OS user, and say so."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.cli.context import os_actor
from counter_app.config import load_config
from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at
from counter_app.home import Home
from counter_app.services.auth import AccountLocked, Accounts, InvalidCredentials
from counter_app.store.database import open_store
from tests.conftest import SECOND_FACTOR_SETTING
from tests.in_process import CliResult

PASSWORD = "Counter-Pass-2026!"
INTRUDER = "Zq7#wLp2vX9k"
ADMIN_NEEDED = "需要管理员确认：本机已有管理员账号，此操作须由管理员本人证明身份。"
SUPERVISOR_NEEDED = (
    "需要值班长或管理员确认：本机已有管理员账号，此操作须由值班长或管理员本人证明身份。"
)
BOOTSTRAP_NOTE = "注意：本机还没有启用的管理员账号"

Cli = Callable[..., CliResult]


def _staff(home: Home, *accounts: tuple[str, str]) -> None:
    """Accounts made on this PC, each with a password of its own (not an initial one)."""
    with open_store(home, load_config(home)) as store:
        for username, role in accounts:
            Accounts(store).add_user(username, PASSWORD, role)


HALL_STAFF = (("admin1", "admin"), ("super1", "supervisor"), ("clerk1", "clerk"))


def _users(home: Home) -> list[tuple]:
    with sqlite3.connect(home.db_path) as raw:
        return raw.execute(
            "SELECT username, role, password_hash, disabled, failed_attempts, locked_until,"
            " second_factor FROM users ORDER BY username"
        ).fetchall()


def _audit(home: Home) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(home.db_path) as raw:
        return raw.execute("SELECT actor, action, target FROM audit_log ORDER BY seq").fetchall()


def _lock(home: Home, username: str) -> None:
    with open_store(home, load_config(home)) as store:
        accounts = Accounts(store)
        for _ in range(store.config.security.max_login_failures - 1):
            with pytest.raises(InvalidCredentials):
                accounts.authenticate(username, "not-the-password")
        with pytest.raises(AccountLocked):
            accounts.authenticate(username, "not-the-password")


def test_with_an_administrator_here_no_privileged_command_runs_without_by(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    """The probe's findings, each at a clerk's shell: refused before anything is read or
    changed, saying the way forward; the open and contracted commands still run."""
    _staff(home, *HALL_STAFF)
    _lock(home, "super1")
    usb, safe = tmp_path / "usb", tmp_path / "safe"
    usb.mkdir()
    safe.mkdir()
    assert cli("backup", str(usb / "plain.db")).returncode == 0  # no key: anyone's
    users, audit = _users(home), _audit(home)
    refusals = [
        (("user", "add", "mal", "--role", "admin", "--password-stdin"), ADMIN_NEEDED),
        (("user", "passwd", "super1", "--password-stdin"), ADMIN_NEEDED),
        (("user", "reset-code", "super1"), ADMIN_NEEDED),
        (("user", "disable", "admin1"), ADMIN_NEEDED),
        (("user", "enable", "clerk1"), ADMIN_NEEDED),
        (("user", "unlock", "super1"), SUPERVISOR_NEEDED),
        (("backup", str(usb / "p1.db"), "--with-key", str(safe / "p1.key")), ADMIN_NEEDED),
        (("restore", str(usb / "plain.db")), ADMIN_NEEDED),
        (("restore", str(usb / "plain.db"), "--discard-unsynced"), ADMIN_NEEDED),
        (("audit", "list"), ADMIN_NEEDED),
    ]
    for command, refusal in refusals:
        refused = cli(*command, input=f"{INTRUDER}\n")
        assert (refused.returncode, refused.stdout) == (2, ""), command
        chinese, english = refused.stderr.splitlines()
        assert chinese.startswith(refusal), command
        assert "请加 --by" in chinese and "--password-stdin" in chinese
        assert "Add --by USER --password-stdin" in english
    assert (_users(home), _audit(home)) == (users, audit)
    assert sorted(path.name for path in (*usb.iterdir(), *safe.iterdir())) == ["plain.db"]
    assert not list(home.backups_dir.glob("pre-restore-*"))
    assert cli("audit", "verify", "--json").returncode == 0  # hall IT's scripts (CONTRACTS.md)
    listed = cli("user", "list")
    assert listed.returncode == 0 and "super1" in listed.stdout and "锁定至" in listed.stdout


def test_an_administrator_does_each_with_by_and_the_audit_log_names_them(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    _staff(home, *HALL_STAFF)
    _lock(home, "super1")
    safe = tmp_path / "safe"
    safe.mkdir()

    def as_admin(*command: str, then: str = "") -> CliResult:
        done = cli(*command, "--by", "admin1", "--password-stdin", input=f"{PASSWORD}\n{then}")
        assert (done.returncode, done.stderr) == (0, ""), (command, done.stderr)
        return done

    # stdin: the administrator's password first, then the new account's.
    as_admin("user", "add", "li.ming", "--role", "clerk", then="Li-Ming-Pass-2026\n")
    as_admin("user", "passwd", "super1", then="Another-Pass-2026\n")
    as_admin("user", "unlock", "super1")
    as_admin("user", "reset-code", "super1")
    as_admin("user", "disable", "clerk1")
    as_admin("user", "enable", "clerk1")
    as_admin("backup", str(tmp_path / "p1.db"), "--with-key", str(safe / "p1.key"))
    assert "user.add" in as_admin("audit", "list").stdout
    acts = [(actor, action) for actor, action, _ in _audit(home) if actor == "admin1"]
    assert [action for _, action in acts if action != "login.success"] == [
        "user.add",
        "user.password_change",
        "user.unlock",
        "user.second_factor_reset",
        "user.disable",
        "user.enable",
        "backup.create",
    ]
    assert not [entry for entry in _audit(home) if entry[0].startswith("cli:")]

    as_admin("restore", str(tmp_path / "p1.db"))
    assert _audit(home)[-1] == ("admin1", "backup.restore", "p1.db")


def test_only_the_roles_that_may_and_never_on_ones_own_account(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    """A clerk's ``--by`` changes no account (refused and audited); a supervisor unlocks but
    makes no account; nobody unlocks, disables or resets the codes of their own."""
    _staff(home, *HALL_STAFF)

    def by(user: str, *command: str) -> CliResult:
        return cli(
            *command, "--by", user, "--password-stdin", input=f"{PASSWORD}\nNew-Pass-2026x\n"
        )

    clerk = by("clerk1", "user", "add", "mal", "--role", "admin")
    assert clerk.returncode == 2 and "clerk1 是受理员，不能执行此操作" in clerk.stderr
    assert ("clerk1", "authorisation.refused", "mal") in _audit(home)
    supervisor = by("super1", "user", "add", "mal", "--role", "admin")
    assert supervisor.returncode == 2 and "须由管理员本人" in supervisor.stderr
    assert "mal" not in [row[0] for row in _users(home)]

    _lock(home, "clerk1")
    assert by("super1", "user", "unlock", "clerk1").returncode == 0
    assert ("super1", "user.unlock", "clerk1") in _audit(home)

    # The locked member may not unlock themselves to guess on: refused before any sign-in.
    _lock(home, "super1")
    failures = [row[4] for row in _users(home) if row[0] == "super1"]
    for user, command in (
        ("super1", ("user", "unlock", "super1")),
        ("admin1", ("user", "disable", "admin1")),
        ("admin1", ("user", "reset-code", "admin1")),
    ):
        own = by(user, *command)
        assert own.returncode == 2, command
        assert own.stderr.startswith(f"{user} 不能对本人的账号执行此操作：请另一位有权限的工作人员")
    assert [row[4] for row in _users(home) if row[0] == "super1"] == failures
    assert [row[3] for row in _users(home) if row[0] == "admin1"] == [0]


def test_until_an_active_administrator_exists_they_run_as_the_os_user_and_say_so(
    cli: Cli, home: Home
) -> None:
    """A new PC before the platform's staff register arrives: the first administrator is made
    at the shell. A disabled administrator opens nothing."""
    _staff(home, ("old.admin", "admin"))
    with open_store(home, load_config(home)) as store:
        Accounts(store).set_disabled("old.admin", True, actor="platform")
    first = cli(
        "user", "add", "admin1", "--role", "admin", "--password-stdin", input=f"{PASSWORD}\n"
    )
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith(BOOTSTRAP_NOTE) and f"审计日志记为 {os_actor()}" in first.stderr
    assert (os_actor(), "user.add", "admin1") in _audit(home)
    again = cli("user", "add", "mal", "--role", "admin", "--password-stdin", input=f"{INTRUDER}\n")
    assert again.returncode == 2 and again.stderr.startswith(ADMIN_NEEDED)


def test_before_any_administrator_a_password_on_stdin_needs_by(cli: Cli, home: Home) -> None:
    """A script that meant to name someone does not act as the OS user instead."""
    _staff(home, ("super1", "supervisor"))
    refused = cli("user", "unlock", "super1", "--password-stdin", input=f"{PASSWORD}\n")
    assert refused.returncode == 2
    assert refused.stderr.startswith("--password-stdin 须与 --by USER 一起使用")
    assert ("cli", "user.unlock") not in [(a.split(":")[0], b) for a, b, _ in _audit(home)]


def test_an_administrator_with_one_time_codes_gives_the_code_after_the_password(
    cli: Cli, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECOND_FACTOR_SETTING, "privileged")
    _staff(home, *HALL_STAFF)
    secret, now = new_secret(), step_at(datetime.now(UTC))
    with open_store(home, load_config(home)) as store:
        Accounts(store).enrol_second_factor("admin1", secret, code_for_step(secret, now))

    def passwd(stdin: str) -> CliResult:
        command = ("user", "passwd", "super1", "--by", "admin1", "--password-stdin")
        return cli(*command, input=stdin)

    no_code = passwd(f"{PASSWORD}\n")
    assert no_code.returncode == 2 and no_code.stderr.startswith("标准输入没有动态口令")
    done = passwd(f"{PASSWORD}\n{code_for_step(secret, now + 1)}\nAnother-Pass-2026\n")
    assert done.returncode == 0, done.stderr
    assert ("admin1", "user.password_change", "super1") in _audit(home)


def test_a_database_this_pc_cannot_read_is_restored_as_the_os_user(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    """What a restore is for: the accounts that would prove an administrator are in the
    damaged database, so the restore runs as the OS user, saying why."""
    _staff(home, *HALL_STAFF)
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup)).returncode == 0
    home.db_path.write_bytes(b"\xff" * 8192)
    restored = cli("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert restored.stderr.startswith(
        "注意：本机没有可读取的数据库（新电脑，或数据库已损坏、密钥不符）"
    )
    assert _audit(home)[-1] == (os_actor(), "backup.restore", "b.db")
