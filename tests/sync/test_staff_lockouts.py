"""Lockouts are local and reported: a clerk locked out at one window is not locked at another;
the lockout (its failed attempts, its lifting) reaches the platform with the window's next
sync, made offline too, exactly once; IT's unlock on the platform lifts it at the window at
its next sync through the ``staff`` feed; the window's ``user list`` shows it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import AccountLocked, Accounts, InvalidCredentials
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
WRONG = "Wrong-password-1"


def add_clerk(central: RunningCentral) -> None:
    central.cli(
        "staff",
        "add",
        "--hall",
        HALL,
        "--name",
        "li.ming",
        "--role",
        "clerk",
        "--password-stdin",
        input=PASSWORD + "\n",
    )


def lock_out(accounts: Accounts) -> None:
    for _ in range(accounts.security.max_login_failures - 1):
        with pytest.raises(InvalidCredentials):
            accounts.authenticate("li.ming", WRONG)
    with pytest.raises(AccountLocked):
        accounts.authenticate("li.ming", WRONG)


def platform_lockouts(central: RunningCentral) -> list[dict[str, Any]]:
    (account,) = central.cli("staff", "list", "--hall", HALL, "--json")["staff"]
    lockouts: list[dict[str, Any]] = account["lockouts"]
    return lockouts


def test_a_lockout_made_offline_reaches_the_platform_once_and_locks_no_other_window(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    add_clerk(central)
    engine = make_engine(home, enrolled, sync_store)
    engine.run_once()
    make_engine(*second_window).run_once()
    central.stop()  # offline from here

    accounts = Accounts(sync_store)
    lock_out(accounts)
    assert Accounts(second_window[2]).authenticate("li.ming", PASSWORD).username == "li.ming"
    offline = engine.run_once()
    assert not offline.reachable and offline.lockouts_reported == 0

    platform = central.restart()
    try:
        engine.config = replace(enrolled, sync=replace(enrolled.sync, url=platform.url))
        assert engine.run_once().lockouts_reported == 1
        assert engine.run_once().lockouts_reported == 0  # exactly once
        (kept,) = platform_lockouts(platform)
        assert (kept["window"], kept["failed_attempts"], kept["state"]) == (
            "W01",
            accounts.security.max_login_failures,
            "active",
        )
        # The answer lost: the window sends it again and the platform keeps it once.
        sync_store.db.execute("UPDATE lockouts SET reported_version = 0")
        assert engine.run_once().lockouts_reported == 1
        assert platform_lockouts(platform) == [kept]

        # Lifted at the window by its administrator: the lifting goes with the next sync.
        accounts.unlock("li.ming", actor="cli:zhang")
        assert accounts.authenticate("li.ming", PASSWORD).username == "li.ming"
        assert engine.run_once().lockouts_reported == 1
        (lifted,) = platform_lockouts(platform)
        assert (lifted["lockout_id"], lifted["state"], lifted["lifted_by"]) == (
            kept["lockout_id"],
            "lifted",
            "cli:zhang",
        )
        assert engine.run_once().lockouts_reported == 0
    finally:
        platform.stop()


def test_the_platform_s_unlock_reaches_the_window_at_its_next_sync(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Callable[..., CliResult],
) -> None:
    add_clerk(central)
    engine = make_engine(home, enrolled, sync_store)
    engine.run_once()
    accounts = Accounts(sync_store)
    lock_out(accounts)
    listed = json.loads(cli("user", "list", "--json").stdout)["users"]
    (clerk,) = [u for u in listed if u["username"] == "li.ming"]
    assert clerk["lockout"] | {"locked_at": None, "until": None} == {
        "locked_at": None,
        "until": None,
        "failed_attempts": accounts.security.max_login_failures,
        "reported": False,
    }
    assert engine.run_once().lockouts_reported == 1
    listed = json.loads(cli("user", "list", "--json").stdout)["users"]
    assert [u["lockout"]["reported"] for u in listed if u["username"] == "li.ming"] == [True]

    unlocked = central.cli("staff", "unlock", "--hall", HALL, "--name", "li.ming")
    assert [k["state"] for k in unlocked["lockouts"]] == ["lifted"]
    with pytest.raises(AccountLocked):  # not synced yet: still locked here
        accounts.authenticate("li.ming", PASSWORD)
    summary = engine.run_once()
    assert summary.error is None and summary.lockouts_reported == 0  # the platform lifted it
    assert accounts.authenticate("li.ming", PASSWORD).username == "li.ming"
    listed = json.loads(cli("user", "list", "--json").stdout)["users"]
    assert [u["lockout"] for u in listed if u["username"] == "li.ming"] == [None]
    actions = [
        row[0]
        for row in sync_store.db.execute(
            "SELECT action FROM audit_log WHERE target = 'li.ming' AND action = 'user.unlock'"
        )
    ]
    assert actions == ["user.unlock"]

    # A later lockout is not lifted by the old unlock, whatever the feed brings next.
    lock_out(accounts)
    central.cli("staff", "role", "--hall", HALL, "--name", "li.ming", "--role", "supervisor")
    assert engine.run_once().lockouts_reported == 1
    with pytest.raises(AccountLocked):
        accounts.authenticate("li.ming", PASSWORD)
    assert [k["state"] for k in platform_lockouts(central)] == ["active", "lifted"]
