"""Staff from the platform (``counter-central staff …`` and the ``staff`` feed): a clerk the
platform added signs in at any window of the hall, offline too; disabling, a role change and
a password reset hold at each window from its next sync; lockouts stay local; the password
never leaves the operator's terminal (only salted scrypt verifiers are stored and sent)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.domain.staff import hash_password
from counter_app.home import Home
from counter_app.services.auth import (
    AccountDisabled,
    AccountLocked,
    Accounts,
    InvalidCredentials,
    PlatformAccount,
)
from counter_app.store.database import Store
from counter_app.store.lockouts import unreported_lockouts
from sync.credential import load_identity
from sync.enrolment import record_enrolment
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
NEW_PASSWORD = "Counter-2027-new"


def staff(central: RunningCentral, action: str, *args: str, password: str | None = None) -> dict:
    extra = ["--password-stdin"] if password is not None else []
    input_text = None if password is None else password + "\n"
    answer: dict = central.cli(
        "staff", action, "--hall", HALL, "--name", "li.ming", *args, *extra, input=input_text
    )
    return answer


def test_a_clerk_of_the_register_signs_in_at_every_window_of_the_hall_offline_too(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    home2, config2, store2 = second_window
    added = staff(central, "add", "--role", "clerk", "--display-name", "李明", password=PASSWORD)
    assert added | {"changed_at": None} == {
        "hall": HALL,
        "username": "li.ming",
        "display_name": "李明",
        "role": "clerk",
        "disabled": False,
        "changed_at": None,
        "unlocked_at": None,
        "must_change_password": True,  # the operator's password: li.ming changes it
        "second_factor_enrolled": False,  # li.ming sets up one-time codes at a window
        "lockouts": [],
    }
    make_engine(home, enrolled, sync_store).run_once()
    make_engine(home2, config2, store2).run_once()
    central.stop()  # offline from here: the verifiers are in each store
    for store in (sync_store, store2):
        user = Accounts(store).authenticate("li.ming", PASSWORD)
        assert (user.display_name, user.role) == ("李明", "clerk")
        with pytest.raises(PlatformAccount, match="counter-central staff reset") as reset:
            Accounts(store).change_password("li.ming", NEW_PASSWORD, actor="li.ming")
        assert "本人可在窗口点击状态栏中自己的名字修改密码" in reset.value.zh
        with pytest.raises(PlatformAccount, match="counter-central staff disable"):
            Accounts(store).set_disabled("li.ming", True, actor="cli:root")
        assert Accounts(store).get("li.ming").source == "platform"

    # Lockouts are this PC's own: W01 locks, W02 still lets li.ming in.
    accounts = Accounts(sync_store)
    for _ in range(accounts.security.max_login_failures - 1):
        with pytest.raises(InvalidCredentials):
            accounts.authenticate("li.ming", "Wrong-password-1")
    with pytest.raises(AccountLocked):
        accounts.authenticate("li.ming", "Wrong-password-1")
    assert Accounts(store2).authenticate("li.ming", PASSWORD).username == "li.ming"


def test_disabling_a_role_change_and_a_reset_hold_from_the_next_sync(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    engine = make_engine(home, enrolled, sync_store)
    staff(central, "add", "--role", "clerk", password=PASSWORD)
    engine.run_once()
    accounts = Accounts(sync_store)
    assert accounts.authenticate("li.ming", PASSWORD).role == "clerk"

    assert staff(central, "role", "--role", "supervisor")["role"] == "supervisor"
    assert accounts.authenticate("li.ming", PASSWORD).role == "clerk"  # not synced yet
    engine.run_once()
    assert accounts.authenticate("li.ming", PASSWORD).role == "supervisor"

    staff(central, "reset", password=NEW_PASSWORD)
    engine.run_once()
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("li.ming", PASSWORD)
    assert accounts.authenticate("li.ming", NEW_PASSWORD).role == "supervisor"

    assert staff(central, "disable")["disabled"] is True
    engine.run_once()
    with pytest.raises(AccountDisabled):
        accounts.authenticate("li.ming", NEW_PASSWORD)
    staff(central, "enable")
    engine.run_once()
    assert accounts.authenticate("li.ming", NEW_PASSWORD).username == "li.ming"
    updates = [
        row[0]
        for row in sync_store.db.execute(
            "SELECT action FROM audit_log WHERE target = 'li.ming' AND action LIKE 'user.%'"
        )
    ]
    assert updates.count("user.platform_update") == 5


def test_enrolled_into_another_hall_the_old_hall_s_staff_are_gone(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    staff(central, "add", "--role", "clerk", password=PASSWORD)
    make_engine(home, enrolled, sync_store).run_once()
    accounts = Accounts(sync_store)
    for _ in range(accounts.security.max_login_failures):
        with pytest.raises((InvalidCredentials, AccountLocked)):
            accounts.authenticate("li.ming", "Wrong-password-1")
    identity = load_identity(home)
    assert identity is not None
    record_enrolment(sync_store, "it", replace(identity, hall="310105-0002"), previous_hall=HALL)
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("li.ming", PASSWORD)
    # The old hall's lockout is neither reported to the new hall nor shown for a namesake.
    accounts.apply_platform_account(
        "li.ming", "李明", "clerk", disabled=False, verifier=hash_password(NEW_PASSWORD)
    )
    assert unreported_lockouts(sync_store) == []
    assert accounts.running_lockout("li.ming") is None


def test_the_register_refuses_mistakes_and_keeps_no_password(central: RunningCentral) -> None:
    staff(central, "add", "--role", "clerk", password=PASSWORD)
    for args, words in (
        (("add", "--role", "clerk"), "already has an account"),
        (("reset",), "password"),
    ):
        with pytest.raises(RuntimeError, match=words):
            staff(central, *args, password="short" if args == ("reset",) else PASSWORD)
    with pytest.raises(RuntimeError, match=r"no account wang\.fang"):
        central.cli("staff", "disable", "--hall", HALL, "--name", "wang.fang")
    with pytest.raises(RuntimeError, match=r"no account li\.ming"):
        central.cli("staff", "disable", "--hall", "310105-0002", "--name", "li.ming")
    listing = central.cli("staff", "list", "--hall", HALL, "--json")["staff"]
    assert [(a["username"], a["role"]) for a in listing] == [("li.ming", "clerk")]
    assert "verifier" not in listing[0]
    with sqlite3.connect(central.db) as db:
        verifiers = [row[0] for row in db.execute("SELECT verifier FROM staff_changes")]
    assert verifiers and all(v.startswith("scrypt$") for v in verifiers)
    assert PASSWORD.encode() not in Path(central.db).read_bytes()
