"""A member of the staff changes their own password at the window (``sync.staff_passwords``):
a register account on the platform, which takes the new one to every window of the hall and
signs in with it here at once; never offline, never with a wrong current password; an
account made on this PC here. Neither password is stored or logged, on either side."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from counter_app.config import Config
from counter_app.errors import ValidationError
from counter_app.home import Home
from counter_app.services.auth import AccountLocked, Accounts, InvalidCredentials
from counter_app.store.database import Store
from sync.staff_passwords import PasswordNotChanged, change_own_password
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
NEW_PASSWORD = "Counter-2027-new"
LATER_PASSWORD = "Counter-2028-later"


def test_a_register_account_changes_its_password_for_every_window_of_the_hall(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    home2, config2, store2 = second_window
    central.cli(
        "staff", "add", "--hall", HALL, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    make_engine(home, enrolled, sync_store).run_once()
    make_engine(home2, config2, store2).run_once()
    accounts = Accounts(sync_store)
    clerk = accounts.authenticate("li.ming", PASSWORD)
    assert clerk.must_change_password  # the operator's password: li.ming changes it

    with pytest.raises(PasswordNotChanged) as wrong:
        change_own_password(sync_store, clerk, "Not-the-one-1", NEW_PASSWORD)
    assert wrong.value.field == "current_password" and "当前密码不正确" in wrong.value.zh
    with pytest.raises(ValidationError):  # the rule, checked before anything is sent
        change_own_password(sync_store, clerk, PASSWORD, "short")
    assert accounts.authenticate("li.ming", PASSWORD).username == "li.ming"

    change_own_password(sync_store, clerk, PASSWORD, NEW_PASSWORD)
    # This window signs in with the new password at once, offline too ...
    assert not accounts.authenticate("li.ming", NEW_PASSWORD).must_change_password
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("li.ming", PASSWORD)
    # ... the other window from its next sync.
    assert Accounts(store2).authenticate("li.ming", PASSWORD).username == "li.ming"
    make_engine(home2, config2, store2).run_once()
    assert not Accounts(store2).authenticate("li.ming", NEW_PASSWORD).must_change_password
    with sqlite3.connect(central.db) as platform:
        changes = platform.execute(
            "SELECT change FROM staff_changes WHERE username = 'li.ming' ORDER BY seq"
        ).fetchall()
    assert changes == [("add",), ("password",)]
    # A role change keeps the member's password theirs; the operator's reset does not.
    promoted = central.cli(
        "staff", "role", "--hall", HALL, "--name", "li.ming", "--role", "supervisor",
    )  # fmt: skip
    assert promoted["must_change_password"] is False
    reset = central.cli(
        "staff", "reset", "--hall", HALL, "--name", "li.ming", "--password-stdin",
        input=LATER_PASSWORD + "\n",
    )  # fmt: skip
    assert reset["must_change_password"] is True
    make_engine(home2, config2, store2).run_once()
    assert Accounts(store2).authenticate("li.ming", LATER_PASSWORD).must_change_password
    # This window has not synced the reset: the platform's register decides.
    with pytest.raises(PasswordNotChanged) as stale:
        change_own_password(sync_store, clerk, NEW_PASSWORD, "Counter-2029-stale")
    assert stale.value.field == "current_password"
    audited = sync_store.db.execute(
        "SELECT actor FROM audit_log WHERE action = 'user.password_change'"
    ).fetchall()
    assert audited == [("li.ming",)]

    central.stop()
    with pytest.raises(PasswordNotChanged) as offline:
        change_own_password(sync_store, clerk, NEW_PASSWORD, "Counter-2029-offline")
    assert "须在连接平台时更改密码" in offline.value.zh
    assert accounts.authenticate("li.ming", NEW_PASSWORD).username == "li.ming"
    logged = caplog.text + central.log_path.read_text(encoding="utf-8")
    typed = (PASSWORD, NEW_PASSWORD, LATER_PASSWORD, "Counter-2029-offline", "Counter-2029-stale")
    assert not [p for p in typed if p in logged]


def test_an_account_made_on_this_pc_changes_its_password_here(sync_store: Store) -> None:
    accounts = Accounts(sync_store)
    accounts.add_user("wang.local", PASSWORD, "clerk", "王小文")
    clerk = accounts.authenticate("wang.local", PASSWORD)
    assert not clerk.must_change_password  # made by the program (as the training hall's)
    with pytest.raises(PasswordNotChanged) as wrong:
        change_own_password(sync_store, clerk, "Not-the-one-1", NEW_PASSWORD)
    assert wrong.value.field == "current_password"
    with pytest.raises(ValidationError, match="不能与当前密码相同"):
        change_own_password(sync_store, clerk, PASSWORD, PASSWORD)
    # A wrong current password is a failed sign-in: guessing it at a window left signed in
    # locks the account, as at the login screen.
    for _ in range(accounts.security.max_login_failures - 2):
        with pytest.raises(PasswordNotChanged):
            change_own_password(sync_store, clerk, "Not-the-one-1", NEW_PASSWORD)
    with pytest.raises(AccountLocked):
        change_own_password(sync_store, clerk, "Not-the-one-1", NEW_PASSWORD)
    accounts.unlock("wang.local", actor="admin01")
    change_own_password(sync_store, clerk, PASSWORD, NEW_PASSWORD)
    assert accounts.authenticate("wang.local", NEW_PASSWORD).username == "wang.local"
    # An administrator's reset is theirs, not wang.local's: changed at the next sign-in.
    accounts.change_password("wang.local", LATER_PASSWORD, actor="admin01")
    assert accounts.authenticate("wang.local", LATER_PASSWORD).must_change_password
    accounts.add_user("zhao.new", PASSWORD, "clerk", initial=True, actor="admin01")
    assert accounts.authenticate("zhao.new", PASSWORD).must_change_password


def test_a_password_change_whose_answer_was_lost_holds_when_sent_again(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The platform took the new password, but its answer never reached the window (the
    connection reset): the window, still holding the old verifier, says it could not reach
    the platform. Its member tries the same change again, and the platform takes it as the
    same change (not as a wrong current password): the new one signs in here at once."""
    from dataclasses import replace

    from sync.staff_passwords import PasswordChangeOffline
    from tests.sync import fault_proxy as fp

    central.cli(
        "staff", "add", "--hall", HALL, "--name", "li.ming", "--role", "clerk",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    make_engine(home, enrolled, sync_store).run_once()
    clerk = Accounts(sync_store).authenticate("li.ming", PASSWORD)
    host, port = central.url.removeprefix("http://").split(":")
    proxy = fp.FaultProxy(
        host, int(port), fp.ScriptedFaults([fp.RESET_AFTER]), only="POST /v1/staff-passwords "
    ).start()
    try:
        through = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url))
        monkeypatch.setattr(sync_store, "config", through)
        with pytest.raises(PasswordChangeOffline):
            change_own_password(sync_store, clerk, PASSWORD, NEW_PASSWORD)
        change_own_password(sync_store, clerk, PASSWORD, NEW_PASSWORD)
    finally:
        proxy.stop()
    accounts = Accounts(sync_store)
    assert not accounts.authenticate("li.ming", NEW_PASSWORD).must_change_password
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("li.ming", PASSWORD)
    # The platform holds the member's own password.
    listed = central.cli("staff", "list", "--hall", HALL, "--json")["staff"]
    assert [a["must_change_password"] for a in listed] == [False]
