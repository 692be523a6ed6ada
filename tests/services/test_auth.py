"""Staff accounts: hashing, complexity, lockout, unlock, password change - all audited."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.domain.staff import (
    ScryptCost,
    WeakPassword,
    check_password_rules,
    hash_password,
    verify_password,
)
from counter_app.errors import ValidationError
from counter_app.home import Home
from counter_app.services.auth import (
    AccountDisabled,
    AccountLocked,
    Accounts,
    InvalidCredentials,
    UnknownUser,
    UserExists,
)
from counter_app.store.audit import UNKNOWN_USER
from counter_app.store.database import Store
from counter_app.store.lockouts import unreported_lockouts
from tests.conftest import COUNTER_APP
from tests.services.one_time_codes_clock import Clock

GOOD = "Counter-2026-ok"


def _actions(store: Store) -> list[str]:
    return [e["action"] for e in store.audit.entries(limit=1000)]


def test_hash_carries_its_parameters_and_verifies() -> None:
    encoded = hash_password("Pässwort-123", ScryptCost(n=2**10, r=8, p=1))
    assert encoded.startswith("scrypt$n=1024,r=8,p=1$")
    assert verify_password("Pässwort-123", encoded)
    assert verify_password("Pa\u0308sswort-123", encoded)  # same text, decomposed input
    assert not verify_password("Pässwort-124", encoded)
    assert not verify_password("x", "md5$garbage")


def test_the_program_makes_verifiers_at_full_cost() -> None:
    """The suite lowers the cost in its own process (tests/conftest.py); the program never."""
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "from counter_app.domain.staff import hash_password; print(hash_password('Pw-12345678'))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert made.stdout.startswith("scrypt$n=32768,r=8,p=1$")
    assert verify_password("Pw-12345678", made.stdout.strip())


@pytest.mark.parametrize(
    "password", ["short-A1", "alllowercaseletters", "ALLUPPER12345", "abcdefghij12"]
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword) as caught:
        check_password_rules(password, "alice", 10)
    assert caught.value.field == "password" and "three" in caught.value.en


def test_password_must_not_contain_the_username() -> None:
    with pytest.raises(WeakPassword, match="username"):
        check_password_rules("Alice-2026-xyz", "alice", 10)
    check_password_rules("Zhang.San-88", "alice", 10)


def test_add_and_authenticate(clocked_accounts: Accounts, store: Store) -> None:
    user = clocked_accounts.add_user("alice", GOOD, "clerk", "王小丽")
    assert (user.username, user.role, user.display_name) == ("alice", "clerk", "王小丽")
    assert clocked_accounts.authenticate("alice", GOOD).username == "alice"
    stored = store.db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert GOOD not in stored
    assert _actions(store) == ["user.add", "login.success"]
    with pytest.raises(UserExists):
        clocked_accounts.add_user("alice", GOOD, "clerk")
    with pytest.raises(ValidationError, match="role"):
        clocked_accounts.add_user("bob", GOOD, "root")
    with pytest.raises(ValidationError, match="username"):
        clocked_accounts.add_user("Bob Smith", GOOD, "clerk")


def test_unknown_user_and_wrong_password_look_the_same(
    clocked_accounts: Accounts, store: Store
) -> None:
    clocked_accounts.add_user("alice", GOOD, "clerk")
    with pytest.raises(InvalidCredentials) as unknown:
        clocked_accounts.authenticate("mallory", GOOD)
    with pytest.raises(InvalidCredentials) as wrong:
        clocked_accounts.authenticate("alice", "Wrong-pass-123")
    assert unknown.value.en == wrong.value.en
    assert _actions(store)[-2:] == ["login.failure", "login.failure"]


def test_lockout_after_max_failures_then_expiry(
    clocked_accounts: Accounts, store: Store, clock: Clock
) -> None:
    clocked_accounts.add_user("alice", GOOD, "clerk")
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            clocked_accounts.authenticate("alice", "Wrong-pass-123")
    with pytest.raises(AccountLocked):
        clocked_accounts.authenticate("alice", "Wrong-pass-123")  # the fifth failure locks
    assert _actions(store)[-2:] == ["login.failure", "user.lockout"]
    with pytest.raises(AccountLocked) as locked:
        clocked_accounts.authenticate("alice", GOOD)  # even the right password, while locked
    assert _actions(store)[-1] == "login.refused_locked"
    locked_until = clocked_accounts.get("alice").locked_until
    assert locked_until is not None and locked_until > clock.now
    # The hall's clock, whatever zone the PC is set to.
    assert f"请在 {locked_until.astimezone(HALL_TIMEZONE):%H:%M} 后重试" in locked.value.zh

    clock.now += timedelta(minutes=14)
    with pytest.raises(AccountLocked):
        clocked_accounts.authenticate("alice", GOOD)
    clock.now += timedelta(minutes=2)
    assert clocked_accounts.authenticate("alice", GOOD).username == "alice"
    assert store.db.execute("SELECT failed_attempts, locked_until FROM users").fetchone() == (
        0,
        None,
    )


def test_after_an_expired_lockout_the_count_starts_again(
    clocked_accounts: Accounts, clock: Clock
) -> None:
    clocked_accounts.add_user("alice", GOOD, "clerk")
    for _ in range(5):
        with pytest.raises((InvalidCredentials, AccountLocked)):
            clocked_accounts.authenticate("alice", "Wrong-pass-123")
    clock.now += timedelta(minutes=16)
    with pytest.raises(InvalidCredentials):
        clocked_accounts.authenticate("alice", "Wrong-pass-123")


def test_each_lockout_is_kept_with_its_failures_and_lifting(
    clocked_accounts: Accounts, store: Store, clock: Clock
) -> None:
    clocked_accounts.add_user("alice", GOOD, "clerk")
    limit = clocked_accounts.security.max_login_failures
    for _ in range(limit):
        with pytest.raises((InvalidCredentials, AccountLocked)):
            clocked_accounts.authenticate("alice", "Wrong-2026-pw")
    lockout = clocked_accounts.running_lockout("alice")
    assert lockout is not None and lockout.failed_attempts == limit
    assert (lockout.lifted_at, lockout.version, lockout.reported) == (None, 1, False)
    # A lockout of an account made on this PC stays here: nothing goes to the platform.
    assert unreported_lockouts(store) == []
    clocked_accounts.unlock("alice", actor="cli:root")
    assert clocked_accounts.running_lockout("alice") is None
    lifted = store.db.execute("SELECT lifted_by, version FROM lockouts").fetchall()
    assert [tuple(row) for row in lifted] == [("cli:root", 2)]
    # An expired lockout is no longer running; unlocking after it lifts nothing.
    for _ in range(limit):
        with pytest.raises((InvalidCredentials, AccountLocked)):
            clocked_accounts.authenticate("alice", "Wrong-2026-pw")
    clock.now += timedelta(minutes=clocked_accounts.security.lockout_minutes + 1)
    assert clocked_accounts.running_lockout("alice") is None
    clocked_accounts.unlock("alice", actor="cli:root")
    states = store.db.execute("SELECT lifted_by FROM lockouts ORDER BY locked_at").fetchall()
    assert [row[0] for row in states] == ["cli:root", None]


def test_supervisor_unlock_and_password_change(clocked_accounts: Accounts, store: Store) -> None:
    clocked_accounts.add_user("alice", GOOD, "clerk")
    for _ in range(5):
        with pytest.raises((InvalidCredentials, AccountLocked)):
            clocked_accounts.authenticate("alice", "Wrong-pass-123")
    clocked_accounts.unlock("alice", actor="boss")
    assert clocked_accounts.authenticate("alice", GOOD)
    with pytest.raises(InvalidCredentials):
        clocked_accounts.change_password(
            "alice", "Brand-New-2027", actor="alice", old_password="not-it"
        )
    clocked_accounts.change_password("alice", "Brand-New-2027", actor="alice", old_password=GOOD)
    assert clocked_accounts.authenticate("alice", "Brand-New-2027")
    with pytest.raises(WeakPassword):
        clocked_accounts.change_password("alice", "weak", actor="boss")
    with pytest.raises(UnknownUser):
        clocked_accounts.unlock("nobody", actor="boss")
    assert {"user.unlock", "user.password_change", "user.password_change_refused"} <= set(
        _actions(store)
    )
    assert store.audit.verify() == []


def test_cli_user_commands(cli) -> None:
    added = cli(
        "user",
        "add",
        "zhangsan",
        "--role",
        "supervisor",
        "--display-name",
        "张三",
        "--password-stdin",
        input=GOOD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == (
        "已创建用户 zhangsan（值班长）。本人下次登录窗口时须改为自己的密码。"
    )
    weak = cli(
        "--lang", "en", "user", "add", "lisi", "--role", "clerk", "--password-stdin", input="weak\n"
    )
    assert weak.returncode != 0 and "three" in weak.stderr and "Traceback" not in weak.stderr
    no_tty = cli("user", "add", "lisi", "--role", "clerk", input="")
    assert no_tty.returncode != 0 and "--password-stdin" in no_tty.stderr
    listing = json.loads(cli("user", "list", "--json").stdout)
    assert listing == {
        "users": [
            {
                "username": "zhangsan",
                "display_name": "张三",
                "role": "supervisor",
                "locked_until": None,
                "disabled": False,
                "source": "local",
                "must_change_password": True,  # the administrator's password, not theirs
                "password_expired": False,
                "second_factor_required": False,  # off throughout the suite (conftest)
                "second_factor_enrolled": False,
                "last_signed_in_at": None,  # never signed in here
                "lockout": None,
            }
        ]
    }
    assert cli("user", "unlock", "zhangsan").returncode == 0
    assert (
        cli("user", "passwd", "zhangsan", "--password-stdin", input="Another-Pass-99\n").returncode
        == 0
    )
    missing = cli("--lang", "en", "user", "unlock", "nobody")
    assert missing.returncode != 0 and "no user nobody" in missing.stderr


def test_cli_disables_and_enables_a_local_account(cli, store: Store) -> None:
    accounts = Accounts(store)
    accounts.add_user("lisi", GOOD, "clerk", "李四")

    disabled = cli("user", "disable", "lisi")
    assert disabled.returncode == 0, disabled.stderr
    assert "已停用用户 lisi" in disabled.stdout
    with pytest.raises(AccountDisabled):
        accounts.authenticate("lisi", GOOD)
    [row] = json.loads(cli("user", "list", "--json").stdout)["users"]
    assert row["disabled"] is True
    assert "已停用" in cli("user", "list").stdout
    assert cli("user", "disable", "lisi").returncode == 0  # already so: nothing recorded again

    assert "从未登录" in cli("user", "list").stdout  # nobody has used it here yet
    assert cli("--lang", "en", "user", "enable", "lisi").stdout.strip() == "Enabled user lisi."
    assert accounts.authenticate("lisi", GOOD).username == "lisi"
    [row] = json.loads(cli("user", "list", "--json").stdout)["users"]
    assert row["last_signed_in_at"] is not None and "上次登录 20" in cli("user", "list").stdout
    assert [
        (entry["actor"].startswith("cli:"), entry["action"])
        for entry in store.audit.entries(limit=1000)
        if entry["action"] in ("user.disable", "user.enable")
    ] == [(True, "user.disable"), (True, "user.enable")]
    missing = cli("--lang", "en", "user", "disable", "nobody")
    assert missing.returncode != 0 and "no user nobody" in missing.stderr
    assert store.audit.verify() == []


NO_PASSWORD = (
    "标准输入没有密码（已读完或是空行）：请按 --password-stdin 的说明每行给出一项"
    "（密码之后是动态口令）。本次什么也没有做，不计入密码错误次数。"
)
NOT_UTF8 = "标准输入中的密码不是有效的 UTF-8 文字：请检查终端或脚本的编码。"


def _stdin_bytes(home: Path, stdin: bytes | None, *args: str) -> tuple[int, str]:
    """``counter-app ARGS`` given ``stdin`` as raw bytes, or (None) started with stdin closed,
    as ``<&-`` does in a shell: its exit status and its stderr."""
    command = [*COUNTER_APP, "--home", str(home), *args]
    if stdin is None:
        command = ["sh", "-c", 'exec "$@" <&-', "sh", *command]
    done = subprocess.run(command, input=stdin, capture_output=True, timeout=120, check=False)
    return done.returncode, done.stderr.decode("utf-8")


def test_no_password_on_stdin_is_its_own_refusal_never_a_wrong_password(
    cli, store: Store, home: Home
) -> None:
    """An empty stdin, an empty line, a closed stdin, a line that is not UTF-8: each refused
    in words before any sign-in, for every command that reads a password there, and however
    often, the account is neither counted against nor locked."""
    Accounts(store).add_user("chief1", GOOD, "supervisor")
    sign_off = ("eod", "--sign-off", "--by", "chief1", "--password-stdin")
    for stdin in ("", "\n") * store.config.security.max_login_failures:
        refused = cli(*sign_off, input=stdin)
        assert (refused.returncode, refused.stderr.splitlines()[0]) == (2, NO_PASSWORD)
    # Without an administrator account here, `user` says first that it runs as the OS user.
    english = cli("--lang", "en", "user", "passwd", "chief1", "--password-stdin", input="")
    assert english.stderr.splitlines()[1].startswith("No password on standard input (it ended")
    for args in (sign_off, ("user", "add", "lisi", "--role", "clerk", "--password-stdin")):
        closed, said = _stdin_bytes(home.root, None, *args)
        assert closed == 2 and NO_PASSWORD in said.splitlines()
        garbled, garbled_said = _stdin_bytes(home.root, b"\xff\xfe\n", *args)
        assert garbled == 2 and NOT_UTF8 in garbled_said
        assert "Traceback" not in said + garbled_said
    assert store.db.execute(
        "SELECT failed_attempts, locked_until FROM users WHERE username = 'chief1'"
    ).fetchone() == (0, None)
    assert [u.username for u in Accounts(store).list_users()] == ["chief1"]
    assert "login.failure" not in _actions(store)


def test_a_mistyped_username_never_reaches_the_audit_log(
    clocked_accounts: Accounts, store: Store
) -> None:
    # What lands in the username box may be a password or an ID number typed in the wrong field.
    typed = "Tr0ub4dor&3-Secret"
    with pytest.raises(InvalidCredentials):
        clocked_accounts.authenticate(typed, GOOD)
    rows = store.db.execute("SELECT * FROM audit_log").fetchall()
    assert rows and not any(typed.lower() in str(row).lower() for row in rows)
    entry = store.audit.entries(limit=1000)[-1]
    assert entry["actor"] == UNKNOWN_USER and entry["action"] == "login.failure"
    detail = json.loads(entry["detail"])
    # The keyed hash lets an auditor match repeated attempts without learning the text.
    assert detail["username_hash"] == store.pii.blind_index(typed, "audit.username")
    assert store.audit.verify() == []


def test_a_password_older_than_the_maximum_age_is_changed_at_sign_in(
    clocked_accounts: Accounts, clock: Clock
) -> None:
    assert clocked_accounts.security.password_max_age_days == 90  # 等保: changed regularly
    clocked_accounts.add_user("alice", GOOD, "clerk")
    clock.now += timedelta(days=90) - timedelta(seconds=1)
    assert not clocked_accounts.authenticate("alice", GOOD).password_expired
    clock.now += timedelta(seconds=1)
    assert clocked_accounts.authenticate("alice", GOOD).password_expired
    clocked_accounts.change_password("alice", "Counter-2027-new", actor="alice", old_password=GOOD)
    clock.now += timedelta(days=89)
    assert not clocked_accounts.authenticate("alice", "Counter-2027-new").password_expired
    clock.now += timedelta(days=365)
    clocked_accounts.security = replace(clocked_accounts.security, password_max_age_days=0)  # never
    assert not clocked_accounts.authenticate("alice", "Counter-2027-new").password_expired


def test_a_sign_in_tells_the_previous_one_and_the_failures_since(
    clocked_accounts: Accounts, clock: Clock
) -> None:
    clocked_accounts.add_user("zhao", GOOD, "clerk")
    first = clocked_accounts.authenticate("zhao", GOOD)
    assert (first.previous_sign_in_at, first.failures_since) == (None, 0)
    signed_in_at = clock.now
    clock.now += timedelta(hours=3)
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            clocked_accounts.authenticate("zhao", "Not-the-one-1")
    second = clocked_accounts.authenticate("zhao", GOOD)
    assert (second.previous_sign_in_at, second.failures_since) == (signed_in_at, 2)
    # Unlocking the idle lock or proving the password again is no sign-in.
    clocked_accounts.prove_password("zhao", GOOD)
    third = clocked_accounts.authenticate("zhao", GOOD)
    assert (third.previous_sign_in_at, third.failures_since) == (clock.now, 0)
